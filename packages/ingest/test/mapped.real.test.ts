/**
 * The shipped mappings on the real files in ../shared/data/real (skipped, visibly, when absent):
 * - the PwC workbook through pwc-callcenter.json, checked against independent counts made here by
 *   reading the workbook with exceljs directly (not through the adapter);
 * - the anonbank February log through anonbank.json, compared call by call with the dedicated anonbank
 *   adapter: two imports into two DuckDB files, compared with SQL.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Warehouse } from "@tallyline/warehouse";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ImportSummary, importFile } from "../src/index";

const real = join(import.meta.dirname, "../../../../shared/data/real");
const pwcFile = join(real, "pwc-callcenter/call-center-dataset.xlsx");
const anonbankFile = join(real, "anonbank-feb1999/data_anonymous_bank_february.txt");
const mappings = join(import.meta.dirname, "../mappings");
const hasPwc = existsSync(pwcFile);
const hasAnonbank = existsSync(anonbankFile);
if (!hasPwc) console.warn(`SKIPPED: mapped PwC tests need ${pwcFile} (../shared/data/real is absent)`);
if (!hasAnonbank) console.warn(`SKIPPED: mapped anonbank tests need ${anonbankFile} (../shared/data/real is absent)`);

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "tl-mapped-real-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Figures counted straight from the workbook's cells. */
async function pwcByHand() {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(pwcFile);
  const ws = wb.worksheets[0] as ExcelJS.Worksheet;
  const col: Record<string, number> = {};
  ws.getRow(1).eachCell((cell, i) => {
    col[String(cell.value)] = i;
  });
  const f = { calls: 0, answered: 0, unanswered: 0, speedSum: 0, talkSum: 0, resolved: 0, csatSum: 0, csatN: 0 };
  const agents = new Set<string>();
  const perDay: Record<string, number> = {};
  ws.eachRow((row, n) => {
    if (n === 1) return;
    const v = (h: string) => row.getCell(col[h] ?? 0).value;
    f.calls++;
    agents.add(String(v("Agent")));
    const day = String(v("Date"));
    perDay[day] = (perDay[day] ?? 0) + 1;
    if (v("Resolved") === "Y") f.resolved++;
    if (v("Answered (Y/N)") !== "Y") {
      f.unanswered++;
      return;
    }
    f.answered++;
    f.speedSum += v("Speed of answer in seconds") as number;
    // Talk time is a time-formatted cell: a Date on 1899-12-30 whose UTC clock is the duration.
    f.talkSum += ((v("AvgTalkDuration") as Date).getTime() - Date.UTC(1899, 11, 30)) / 1000;
    f.csatSum += v("Satisfaction rating") as number;
    f.csatN++;
  });
  return { ...f, agents: agents.size, perDay };
}

describe.skipIf(!hasPwc)("PwC workbook through pwc-callcenter.json", () => {
  let wh: Warehouse;
  let byHand: Awaited<ReturnType<typeof pwcByHand>>;
  beforeAll(async () => {
    byHand = await pwcByHand();
    wh = await Warehouse.open(join(dir, "pwc.duckdb"));
    const s = await importFile(wh, pwcFile, { source: "mapped", mapping: join(mappings, "pwc-callcenter.json") });
    expect(s).toMatchObject({ status: "imported", rowsByTable: { calls: 5000, agents: 8, campaigns: 1 } });
  }, 120_000);
  afterAll(() => wh?.close());

  it("the workbook itself has 5,000 calls, 4,054 answered, 946 unanswered, 8 agents", () => {
    expect(byHand).toMatchObject({ calls: 5000, answered: 4054, unanswered: 946, agents: 8 });
  });

  it("the import has the same calls, answered, abandoned (= unanswered) and agents", async () => {
    const [r] = await wh.query(`SELECT count(*) AS calls, count(*) FILTER (answered) AS answered,
      count(*) FILTER (NOT answered) AS unanswered, count(*) FILTER (abandoned) AS abandoned,
      count(*) FILTER (answered AND abandoned) AS both, count(DISTINCT agent_id) AS agents,
      count(*) FILTER (resolved) AS resolved FROM calls WHERE source = 'pwc'`);
    expect(r).toEqual({
      calls: byHand.calls,
      answered: byHand.answered,
      unanswered: byHand.unanswered,
      abandoned: byHand.unanswered,
      both: 0,
      agents: byHand.agents,
      resolved: byHand.resolved,
    });
    expect(await wh.query("SELECT count(*) AS n FROM agents")).toEqual([{ n: byHand.agents }]);
  });

  it("speed of answer, talk time and satisfaction of answered calls equal the cells; unanswered calls have none", async () => {
    const [r] = await wh.query(`SELECT sum(wait_secs) AS speed, sum(talk_secs) AS talk, sum(handle_secs) AS handle,
      sum(csat) AS csat, count(csat) AS csat_n,
      count(*) FILTER (NOT answered AND (wait_secs IS NOT NULL OR talk_secs IS NOT NULL OR csat IS NOT NULL OR agent_id IS NOT NULL)) AS leaks
      FROM calls`);
    expect(r).toEqual({
      speed: byHand.speedSum,
      talk: byHand.talkSum,
      handle: byHand.talkSum,
      csat: byHand.csatSum,
      csat_n: byHand.csatN,
      leaks: 0,
    });
  });

  it("times are Zurich wall clock: CET until 28 March 2021, CEST after; every call on its own day", async () => {
    const ends = await wh.query(`SELECT strftime(min(started_at), '%Y-%m-%d %H:%M:%S') AS first,
      strftime(max(started_at), '%Y-%m-%d %H:%M:%S') AS last FROM calls`);
    // First call: 2021-01-01 09:12:58 CET (UTC+1); last: 2021-03-31 17:39:50 CEST (UTC+2).
    expect(ends).toEqual([{ first: "2021-01-01 08:12:58", last: "2021-03-31 15:39:50" }]);
    // 09:00-18:00 in Zurich is 07:00-17:00 UTC: the UTC date is the local date.
    const days = await wh.query(
      "SELECT strftime(started_at::DATE, '%Y-%m-%d') AS day, count(*) AS n FROM calls GROUP BY 1",
    );
    expect(Object.fromEntries(days.map((d) => [d.day, d.n]))).toEqual(byHand.perDay);
  });
});

describe.skipIf(!hasAnonbank)("anonbank February log: anonbank.json gives the dedicated adapter's rows", () => {
  const a = () => join(dir, "dedicated.duckdb");
  const b = () => join(dir, "mapped.duckdb");
  let cmp: Warehouse;
  let dedicated: ImportSummary;
  let mapped: ImportSummary;
  beforeAll(async () => {
    // A zone other than UTC, so that both read local times the same way.
    const timezone = "Asia/Jerusalem";
    const wa = await Warehouse.open(a());
    dedicated = await importFile(wa, anonbankFile, { source: "anonbank", timezone });
    await wa.close();
    const wb = await Warehouse.open(b());
    mapped = await importFile(wb, anonbankFile, {
      source: "mapped",
      mapping: join(mappings, "anonbank.json"),
      timezone,
    });
    await wb.close();
    cmp = await Warehouse.open(":memory:", { migrate: false });
    await cmp.run(`ATTACH '${a()}' AS a (READ_ONLY)`);
    await cmp.run(`ATTACH '${b()}' AS b (READ_ONLY)`);
  }, 120_000);
  afterAll(() => cmp?.close());

  it("33,344 calls in both, with the same answered, abandoned, wait and talk per call", async () => {
    const [r] = await cmp.query(`SELECT count(x.call_id) AS dedicated, count(y.call_id) AS mapped,
      count(*) FILTER (WHERE x.answered IS DISTINCT FROM y.answered OR x.abandoned IS DISTINCT FROM y.abandoned
        OR x.wait_secs IS DISTINCT FROM y.wait_secs OR x.talk_secs IS DISTINCT FROM y.talk_secs) AS differ,
      count(*) FILTER (WHERE y.answered) AS answered, count(*) FILTER (WHERE y.abandoned) AS abandoned
      FROM a.calls x FULL JOIN b.calls y USING (call_id)`);
    expect(r).toEqual({ dedicated: 33344, mapped: 33344, differ: 0, answered: 27162, abandoned: 3963 });
  });

  it("every column of calls, agents and campaigns is identical, except import_id", async () => {
    for (const table of ["calls", "agents", "campaigns"]) {
      const [r] = await cmp.query(`SELECT
        (SELECT count(*) FROM a.${table}) AS rows,
        (SELECT count(*) FROM (FROM a.${table} SELECT * EXCLUDE (import_id) EXCEPT ALL FROM b.${table} SELECT * EXCLUDE (import_id))) AS only_dedicated,
        (SELECT count(*) FROM (FROM b.${table} SELECT * EXCLUDE (import_id) EXCEPT ALL FROM a.${table} SELECT * EXCLUDE (import_id))) AS only_mapped`);
      expect({ table, ...r }).toEqual({
        table,
        rows: { calls: 33344, agents: 24, campaigns: 1 }[table],
        only_dedicated: 0,
        only_mapped: 0,
      });
    }
  });

  it("warns for each negative vru_time (clamped) and each served call without service times, counted from the raw file", async () => {
    const [raw] = await cmp.query<{ negative: number; unrecorded: number }>(`
      SELECT count(*) FILTER (WHERE CAST(vru_time AS INTEGER) < 0) AS negative,
             count(*) FILTER (WHERE outcome = 'AGENT' AND ser_start = '0:00:00' AND ser_exit = '0:00:00') AS unrecorded
      FROM read_csv('${anonbankFile}', delim = '\t', header = true, all_varchar = true)`);
    expect(raw).toEqual({ negative: 25, unrecorded: 50 });
    const byColumn = (s: ImportSummary) => {
      const n: Record<string, number> = {};
      for (const w of s.warnings.first) n[w.column] = (n[w.column] ?? 0) + 1;
      return n;
    };
    expect(dedicated.warnings.total).toBe(75);
    expect(byColumn(dedicated)).toEqual({ vru_time: 25, ser_start: 50 });
    // The mapping clamps vru_time too; service times of 0:00:00 are its rule, not a warning.
    expect(mapped.warnings.total).toBe(25);
    expect(byColumn(mapped)).toEqual({ vru_time: 25 });
  });

  it("no call ends before it starts; the 50 served calls without service times have no answered_at", async () => {
    const [r] = await cmp.query(`SELECT count(*) FILTER (WHERE ended_at < started_at) AS backwards,
      count(*) FILTER (WHERE answered AND answered_at IS NULL) AS unrecorded,
      count(*) FILTER (WHERE answered AND answered_at IS NULL AND ended_at - started_at > INTERVAL 1 HOUR) AS long
      FROM a.calls`);
    expect(r).toEqual({ backwards: 0, unrecorded: 50, long: 0 });
  });
});
