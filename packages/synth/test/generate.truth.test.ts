/**
 * A small generation (5 days across the end of summer time in Europe/Amsterdam on 2026-10-25, 60
 * calls and conversations on a weekday) written to a temp folder, then imported three ways into
 * real DuckDB files, each compared with `ground-truth.json` by independent SQL (./generate.sql.ts:
 * local days from DuckDB's own time zones):
 * - the eight Conversation24 exports through `importFile` (detected by header) -> the truth's `c24`
 *   and `aggregates`;
 * - the canonical files through `importFile` (canonical adapter) -> the truth's `canonical` and
 *   `aggregates`;
 * - the demo path (`loadDemo`: the same rows through `writeImport`) -> the truth's `canonical`.
 * What both sets carry alike (agents' online time, missed chats, agent ratings) is also checked
 * equal between the truth's two sections.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { adapterById, importFile } from "@tallyline/ingest";
import { type CanonicalTableName, keyList, Warehouse } from "@tallyline/warehouse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GENERATED_TABLES, type GroundTruth, generate, loadDemo, writeGenerated } from "../src/index";
import { inCents, sqlAggregates, sqlFigures, sqlLifecycle } from "./generate.sql";

const OPTIONS = { seed: 7, days: 5, end: "2026-10-27", timezone: "Europe/Amsterdam", scale: 60 };
/** Conversation24 exports in import order: Agent performance last, as it names the campaigns (docs/ingest.md). */
const C24_FILES = [
  "agents.csv",
  "hosts.csv",
  "agent-activity.csv",
  "slots.csv",
  "conversations.csv",
  "invites.csv",
  "traffic.csv",
  "agent-performance.csv",
];

let dir: string;
let out: string;
let truth: GroundTruth;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tl-generate-"));
  out = join(dir, "out");
  await writeGenerated(out, generate(OPTIONS));
  truth = JSON.parse(readFileSync(join(out, "ground-truth.json"), "utf8"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function withWarehouse<T>(name: string, fn: (wh: Warehouse) => Promise<T>): Promise<T> {
  const wh = await Warehouse.open(join(dir, `${name}.duckdb`));
  try {
    return await fn(wh);
  } finally {
    await wh.close();
  }
}

const count = async (wh: Warehouse, table: string) =>
  Number((await wh.query<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))[0]?.n);

describe("the generation", () => {
  it("covers the DST change and has every kind of event", () => {
    expect(truth.generator).toMatchObject({ from: "2026-10-23", to: "2026-10-27", timezone: "Europe/Amsterdam" });
    expect(Object.keys(truth.canonical.days)).toContain("2026-10-25");
    const t = truth.canonical.total;
    expect(t.conversations).toBeGreaterThan(100);
    expect(t.missedAssignments).toBeGreaterThan(0);
    expect(t.transfers).toBeGreaterThan(0);
    expect(t.thumbsUp + t.thumbsDown).toBeGreaterThan(0);
    expect(t.calls?.abandoned).toBeGreaterThan(0);
    expect(t.conversations).toBeGreaterThan(truth.c24.total.conversations); // bot-only ones are not exported
    // The conversations' life (issue 16): every event and message kind occurs.
    const life = truth.lifecycle.total;
    for (const n of Object.values(life)) expect(n).toBeGreaterThan(0);
    expect(life.resolutions).toBe(life.uniqueResolved + life.reopens);
    expect(Object.keys(truth.lifecycle.messagesByKind)).toEqual([
      "activity",
      "automated",
      "message",
      "private",
      "template",
    ]);
    expect(truth.rows.teams).toBe(4);
  });
});

describe("the Conversation24 exports", () => {
  it("import with exactly the figures of the truth's c24 section", async () => {
    await withWarehouse("c24", async (wh) => {
      for (const f of C24_FILES) {
        const s = await importFile(wh, join(out, "c24", f), { timezone: OPTIONS.timezone });
        expect(s.source, f).toBe(`c24-${f.replace(".csv", "")}`);
      }
      const { total, days } = truth.c24;
      expect(await sqlFigures(wh, OPTIONS.timezone, { messages: false, calls: false, categories: false })).toEqual({
        total,
        days,
      });
      expect(inCents(await sqlAggregates(wh, OPTIONS.timezone))).toEqual(inCents(truth.aggregates));
      const records = truth.c24Records;
      expect({
        conversations: await count(wh, "conversations"),
        agent_states: await count(wh, "agent_states"),
        agent_shifts: await count(wh, "agent_shifts"),
        agents: await count(wh, "agents"),
        hosts: await count(wh, "hosts"),
        invites_hourly: await count(wh, "invites_hourly"),
        traffic_hourly: await count(wh, "traffic_hourly"),
        messages: await count(wh, "messages"),
        calls: await count(wh, "calls"),
      }).toEqual({
        conversations: records["conversations.csv"],
        agent_states: (records["agent-activity.csv"] ?? 0) + (records["slots.csv"] ?? 0),
        agent_shifts: records["agent-performance.csv"],
        agents: records["agents.csv"],
        hosts: records["hosts.csv"],
        invites_hourly: records["invites.csv"],
        traffic_hourly: records["traffic.csv"],
        messages: 0,
        calls: 0,
      });
      // Same agents, shifts, states, hosts and hourly rows as the canonical files.
      for (const t of ["agents", "agent_states", "agent_shifts", "hosts", "invites_hourly", "traffic_hourly"]) {
        expect(await count(wh, t), t).toBe(truth.rows[t]);
      }
    });
  });
});

describe("what the exports carry equals the canonical files", () => {
  it("online time, missed chats and agent ratings, in total and per day", () => {
    const pick = (f: GroundTruth["canonical"]["total"]) => ({
      online: f.onlineSecsByAgent,
      onlineByHour: f.onlineSecsByHour,
      missed: f.missedAssignments,
      agentRatings: { face: f.ratingsByScale.face, "1-5": f.ratingsByScale["1-5"] },
    });
    expect(pick(truth.c24.total)).toEqual(pick(truth.canonical.total));
    for (const [date, day] of Object.entries(truth.c24.days)) {
      const canonical = truth.canonical.days[date];
      expect(canonical, date).toBeDefined();
      if (canonical) expect(pick(day), date).toEqual(pick(canonical));
    }
  });
});

describe("the canonical files", () => {
  it("import with exactly the figures of the truth's canonical section", async (ctx) => {
    if (!adapterById("canonical")) {
      console.warn("SKIPPED: the canonical adapter is not registered");
      ctx.skip();
    }
    await withWarehouse("canonical", async (wh) => {
      for (const t of GENERATED_TABLES) {
        expect((await importFile(wh, join(out, `${t}.csv`))).source).toBe("canonical");
      }
      expect(await sqlFigures(wh, OPTIONS.timezone, { messages: true, calls: true, categories: true })).toEqual(
        truth.canonical,
      );
      expect(inCents(await sqlAggregates(wh, OPTIONS.timezone))).toEqual(inCents(truth.aggregates));
      expect(await sqlLifecycle(wh, OPTIONS.timezone)).toEqual(truth.lifecycle);
      for (const t of GENERATED_TABLES) expect(await count(wh, t), t).toBe(truth.rows[t]);
      // The same records again in other files (other bytes, so not skipped by SHA-256): every row is
      // replaced by itself. The tables have no PRIMARY KEY, so this checks the import's own key rule.
      for (const t of GENERATED_TABLES) {
        const again = join(dir, `again-${t}.csv`);
        writeFileSync(again, `${readFileSync(join(out, `${t}.csv`), "utf8")}\n`);
        expect((await importFile(wh, again, { source: "canonical" })).status, t).toBe("imported");
      }
      for (const t of GENERATED_TABLES) {
        const key = keyList(t as CanonicalTableName);
        const [row] = await wh.query<{ n: number; keys: number }>(
          `SELECT count(*) AS n, (SELECT count(*) FROM (SELECT DISTINCT ${key} FROM ${t})) AS keys FROM ${t}`,
        );
        expect(row, t).toEqual({ n: truth.rows[t], keys: truth.rows[t] });
      }
      expect(await sqlFigures(wh, OPTIONS.timezone, { messages: true, calls: true, categories: true })).toEqual(
        truth.canonical,
      );
    });
  });
});

describe("the demo path", () => {
  it("loads the same rows in one import, with the truth's canonical figures, and only once", async () => {
    await withWarehouse("demo", async (wh) => {
      const first = await loadDemo(wh, OPTIONS);
      expect(first.status).toBe("imported");
      expect(first.rowsByTable).toEqual(truth.rows);
      expect(await sqlFigures(wh, OPTIONS.timezone, { messages: true, calls: true, categories: true })).toEqual(
        truth.canonical,
      );
      expect((await loadDemo(wh, OPTIONS)).status).toBe("unchanged");
      expect(await wh.query("SELECT DISTINCT source FROM conversations")).toEqual([{ source: "demo" }]);
    });
  });
});
