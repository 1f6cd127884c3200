/**
 * The real anonbank February log through the CLI, checked against independent SQL over the raw
 * file (DuckDB's read_csv, not our adapter). Skips with a visible message when ../shared is absent.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { Warehouse } from "@tallyline/warehouse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { realAnonbank } from "./harness";
import { cliArgs } from "./testutil/process";

const run = promisify(execFile);
const repo = join(import.meta.dirname, "../../..");
const present = existsSync(realAnonbank);
if (!present) console.warn(`SKIPPED: real-data CLI tests need ${realAnonbank} (../shared/data/real is absent)`);

const cli = async (...args: string[]) =>
  (await run(process.execPath, [...cliArgs(), ...args], { cwd: repo, maxBuffer: 1 << 24 })).stdout;

/** Independent figures: plain SQL over the raw TSV with our documented semantics, no adapter involved. */
async function rawFigures() {
  const wh = await Warehouse.open(":memory:", { migrate: false });
  const raw = `read_csv('${realAnonbank}', delim='\t', header=true, all_varchar=true)`;
  type Figures = { offered: number; feb1: number; answered: number; abandoned: number; asa: number; aht: number };
  const [r] = await wh.query<Figures>(`
    SELECT count(*) AS offered,
           count(*) FILTER (WHERE "date" = '990201') AS feb1,
           count(*) FILTER (WHERE outcome = 'AGENT') AS answered,
           count(*) FILTER (WHERE outcome = 'HANG' AND (q_time::INT > 0 OR q_start <> '0:00:00')) AS abandoned,
           avg(q_time::INT) FILTER (WHERE outcome = 'AGENT') AS asa,
           avg(ser_time::INT) FILTER (WHERE outcome = 'AGENT') AS aht
    FROM ${raw} WHERE "date" BETWEEN '990201' AND '990228'`);
  const perDay = await wh.query(
    `SELECT '19' || substr("date",1,2) || '-' || substr("date",3,2) || '-' || substr("date",5,2) AS date, count(*) AS total FROM ${raw} GROUP BY 1 ORDER BY 1`,
  );
  await wh.close();
  if (!r) throw new Error("no figures from the raw file");
  return { ...r, perDay };
}

describe.skipIf(!present)("real anonbank February 1999 log through the CLI", () => {
  let dir: string;
  let db: string;
  let raw: Awaited<ReturnType<typeof rawFigures>>;
  const report = async (id: string, ...extra: string[]) =>
    JSON.parse(
      await cli("report", "run", id, "--from", "1999-02-01", "--to", "1999-02-28", "--json", "--db", db, ...extra),
    );

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "tl-real-"));
    db = join(dir, "real.duckdb");
    raw = await rawFigures();
    const out = JSON.parse(await cli("ingest", realAnonbank, "--json", "--db", db));
    expect(out).toMatchObject([{ ok: true, status: "imported", rowsByTable: { calls: 33344, agents: 24 } }]);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("independent SQL on the raw file gives 33,344 calls, 1,567 on 1999-02-01", () => {
    expect(raw.offered).toBe(33344);
    expect(raw.feb1).toBe(1567);
  });

  it("calls.offered equals the raw file: 33,344 in February, 1,567 on the 1st, every day equal", async () => {
    const r = await report("calls.offered");
    expect(r.value).toBe(raw.offered);
    expect(r.breakdown[0]).toEqual({ date: "1999-02-01", total: raw.feb1 });
    expect(r.breakdown).toEqual(raw.perDay);
  });

  it("answered, abandoned, ASA and AHT equal the raw file under the documented mapping", async () => {
    expect((await report("calls.answered")).value).toBe(raw.answered);
    expect((await report("calls.abandoned")).value).toBe(raw.abandoned);
    expect((await report("calls.asa")).value).toBeCloseTo(raw.asa, 9);
    expect((await report("calls.aht")).value).toBeCloseTo(raw.aht, 9);
    expect((await report("calls.abandonment_rate")).value).toBeCloseTo(
      (100 * raw.abandoned) / (raw.abandoned + raw.answered),
      9,
    );
  });

  it("calls.agents gives each named agent's answered calls and AHT as the raw file (26,671 calls by named agents)", async () => {
    const wh = await Warehouse.open(":memory:", { migrate: false });
    const perAgent = await wh.query<{ agent: string; calls: number; aht: number }>(
      `SELECT trim(server) AS agent, count(*) AS calls, avg(ser_time::INT) AS aht
       FROM read_csv('${realAnonbank}', delim='\t', header=true, all_varchar=true)
       WHERE outcome = 'AGENT' AND trim(server) <> 'NO_SERVER' GROUP BY 1`,
    );
    await wh.close();
    const table = await report("calls.agents");
    const rows = new Map<string, { answered: number; aht: number }>(
      table.rows
        .filter((r: { key: string | null }) => r.key !== null)
        .map((r: { label: string; values: { answered: number; aht: number } }) => [r.label, r.values]),
    );
    expect(perAgent.reduce((a, r) => a + r.calls, 0)).toBe(26671);
    expect(rows.size).toBe(24);
    for (const { agent, calls, aht } of perAgent) {
      expect(rows.get(agent)?.answered).toBe(calls);
      expect(rows.get(agent)?.aht).toBeCloseTo(aht, 9);
    }
  });

  it("importing the file again changes nothing", async () => {
    const out = JSON.parse(await cli("ingest", realAnonbank, "--json", "--db", db));
    expect(out).toMatchObject([{ ok: true, status: "unchanged" }]);
    expect((await report("calls.offered")).value).toBe(33344);
  });

  it("lists reports", async () => {
    const { items } = JSON.parse(await cli("report", "list", "--json"));
    expect(items.map((i: { id: string }) => i.id)).toEqual(
      expect.arrayContaining(["calls.offered", "calls.asa", "calls.aht"]),
    );
  });
});
