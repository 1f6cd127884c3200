/**
 * The pieces of bench:peers that its smoke run cannot show alone: the result comparison fails on a
 * real difference (and names it), both peers' local-time functions are exact across the 2026 DST
 * changes of Europe/Amsterdam (golden values computed by hand from the calendar), and every chat and
 * call report has a peer query. PostgreSQL runs on a server started here (skipped with a visible
 * message when its programs are missing); ClickHouse in this process (chdb).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defaultRegistry } from "@tallyline/report-defs";
import { Session } from "chdb";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findPostgres, type PgServer, startPostgres } from "../peers/engines";
import { firstDifference } from "../peers/equal";
import { clickhouse, PEER_SPECS, type PeerDialect, postgres } from "../peers/sql";

const TZ = "Europe/Amsterdam";

describe("firstDifference", () => {
  it("accepts sums that differ only past 9 significant digits", () => {
    expect(firstDifference({ value: 0.1 + 0.2, rows: [1, 2] }, { value: 0.3, rows: [1, 2] })).toBeNull();
    // Either side of a 9-digit rounding boundary (seen on PostgreSQL's sum of scores).
    expect(firstDifference({ v: 84.77296874999996 }, { v: 84.77296875000009 })).toBeNull();
    expect(firstDifference({ v: 84.772968 }, { v: 84.772969 })).toBe("result.v: expected 84.772968, got 84.772969");
  });
  it("names the path and the row of the first real difference", () => {
    const d = firstDifference(
      {
        rows: [
          { key: "a", value: 1 },
          { key: "b", value: 2 },
        ],
      },
      {
        rows: [
          { key: "a", value: 1 },
          { key: "b", value: 3 },
        ],
      },
    );
    expect(d).toBe('result.rows[1].value: expected 2, got 3 (row {"key":"b","value":3})');
    expect(firstDifference({ rows: [1] }, { rows: [1, 2] })).toBe("result.rows[1]: unexpected row 2");
    expect(firstDifference({ label: "x" }, { label: null })).toBe('result.label: expected "x", got null');
  });
});

describe("peer queries", () => {
  it("cover every chat and call report", () => {
    const facts = new Set([
      "conversations",
      "messages",
      "assignments",
      "ratings",
      "agent_states",
      "calls",
      "call_check_results",
      "call_quality",
    ]);
    const ids = defaultRegistry()
      .list()
      .filter((def) => facts.has(def.derived?.from ?? def.table))
      .map((def) => def.id);
    expect(ids.length).toBeGreaterThan(60);
    expect(ids.filter((id) => !PEER_SPECS[id])).toEqual([]);
  });
});

/**
 * Instants (UTC) around the changes of 2026-03-29 (01:00 UTC, CET -> CEST) and 2026-10-25 (01:00
 * UTC, CEST -> CET), with their local day number (days from 1970-01-01: 2026-03-29 is 20541,
 * 2026-10-25 is 20751), ISO weekday (both are Sundays) and local hour.
 */
const INSTANTS: readonly [string, number, number, number][] = [
  ["2026-03-28 22:59:59", 20540, 6, 23],
  ["2026-03-28 23:00:00", 20541, 7, 0],
  ["2026-03-29 00:59:59", 20541, 7, 1],
  ["2026-03-29 01:00:00", 20541, 7, 3],
  ["2026-10-24 21:59:59", 20750, 6, 23],
  ["2026-10-24 22:00:00", 20751, 7, 0],
  ["2026-10-25 00:30:00", 20751, 7, 2],
  ["2026-10-25 01:30:00", 20751, 7, 2],
  ["2026-10-25 22:59:59", 20751, 7, 23],
  ["2026-10-25 23:00:00", 20752, 1, 0],
];

/** Checks `d`'s local-time functions through `one` (runs a SELECT of one row). */
async function checkDialect(
  d: PeerDialect,
  instant: (utc: string) => string,
  one: (sql: string) => Promise<Record<string, unknown>>,
): Promise<void> {
  for (const [utc, day, weekday, hour] of INSTANTS) {
    const t = instant(utc);
    const r = await one(`SELECT ${d.day(t, TZ)} AS day, ${d.weekday(t, TZ)} AS weekday, ${d.hour(t, TZ)} AS hour`);
    expect({ utc, day: Number(r.day), weekday: Number(r.weekday), hour: Number(r.hour) }).toEqual({
      utc,
      day,
      weekday,
      hour,
    });
  }
  // Local midnights of the change days: 23 and 25 hours long.
  const r = await one(
    `SELECT ${d.secs(d.midnight("2026-03-29", TZ), d.midnight("2026-03-30", TZ))} AS spring, ${d.secs(d.midnight("2026-10-25", TZ), d.midnight("2026-10-26", TZ))} AS autumn, ${d.secs(instant("2026-10-24 22:00:00"), d.midnight("2026-10-25", TZ))} AS at`,
  );
  expect([Number(r.spring), Number(r.autumn), Number(r.at)]).toEqual([23 * 3600, 25 * 3600, 0]);
}

describe("ClickHouse dialect (chdb)", () => {
  let dir: string;
  let session: Session;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "tl-peers-test-"));
    session = new Session(join(dir, "chdb"));
  });
  afterAll(() => {
    session.close();
    rmSync(dir, { recursive: true, force: true });
  });
  it("computes local days, weekdays and hours exactly across DST changes", async () => {
    await checkDialect(
      clickhouse,
      (utc) => `toDateTime64('${utc}', 6, 'UTC')`,
      async (sql) => JSON.parse(session.query(sql, "JSONEachRow").trim().split("\n")[0] as string),
    );
  });
});

const bin = findPostgres();
if (!bin) console.log("SKIPPED: postgres not found: the PostgreSQL dialect test does not run.");

describe.skipIf(!bin)("PostgreSQL dialect (a server started here)", () => {
  let dir: string;
  let server: PgServer;
  let client: pg.Client;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "tl-peers-test-pg-"));
    server = await startPostgres(bin as string, dir);
    client = new pg.Client({ host: "127.0.0.1", port: server.port, user: server.user, database: "postgres" });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  it("computes local days, weekdays and hours exactly across DST changes", async () => {
    await checkDialect(
      postgres,
      (utc) => `TIMESTAMPTZ '${utc}+00'`,
      async (sql) => (await client.query(sql)).rows[0] as Record<string, unknown>,
    );
  });
});
