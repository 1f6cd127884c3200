/**
 * Golden tests of the six call KPIs on a hand-made anonbank-format file (fixtures/calls-small.tsv),
 * ingested through the real adapter into a real DuckDB file. Expected values are worked out by hand
 * below from the fixture's rows, not from the code's output.
 *
 * Fixture (times UTC; ingested with --timezone UTC):
 *   current window 1999-02-01..1999-02-03
 *     02-01  #1 AGENT wait 30 handle 300 | #2 AGENT wait 0 (never queued) handle 120 | #3 HANG after 90 s in queue
 *            #4 HANG in the voice menu (never queued) | AA0103#1 AGENT wait 60 handle 60 (negative vru_time)
 *     02-02  #5 AGENT wait 60 handle 200 | #6 PHANTOM | #7 HANG after 20 s in queue
 *            #8 AGENT arrived 23:59:50, queue wait 50 crossing midnight, handle 100
 *     02-03  no calls
 *   previous window 1999-01-29..1999-01-31
 *     01-31  #10 AGENT wait 20 handle 180 | 01-29 #11 HANG after 120 s in queue
 *   outside both: #12 on 01-28, #13 on 02-04
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { importFile } from "@tallyline/ingest";
import { Warehouse } from "@tallyline/warehouse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultRegistry, type KpiResult, runReport } from "../src/index";

const fixture = join(import.meta.dirname, "fixtures", "calls-small.tsv");
let dir: string;
let wh: Warehouse;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tl-golden-"));
  wh = await Warehouse.open(join(dir, "golden.duckdb"));
  await importFile(wh, fixture, { timezone: "UTC" });
});
afterAll(async () => {
  await wh.close();
  rmSync(dir, { recursive: true, force: true });
});

const run = async (id: string, query: object = {}): Promise<KpiResult> =>
  (await runReport(defaultRegistry().get(id), { from: "1999-02-01", to: "1999-02-03", ...query }, (sql, params) =>
    wh.query(sql, params),
  )) as KpiResult;

const days = (a: number | null, b: number | null, c: number | null) => [
  { date: "1999-02-01", total: a },
  { date: "1999-02-02", total: b },
  { date: "1999-02-03", total: c },
];
/** The same days with the count of events beside an average (issue 16), worked out by hand per test. */
const counted = (points: { date: string; total: number | null }[], counts: number[]) =>
  points.map((p, i) => ({ ...p, count: counts[i] }));

describe("call KPIs on the hand-made file", () => {
  it("calls.offered counts every call: 5 + 4 + 0 = 9 against 2", async () => {
    const r = await run("calls.offered");
    expect(r).toMatchObject({ value: 9, previousValue: 2, change: 7, changePercent: 350 });
    expect(r.breakdown).toEqual(days(5, 4, 0));
    expect(r).toMatchObject({
      from: "1999-02-01",
      to: "1999-02-03",
      previousFrom: "1999-01-29",
      previousTo: "1999-01-31",
    });
    expect(r.period).toBe("1999-02-01 to 1999-02-03");
  });

  it("calls.answered counts AGENT outcomes: #1 #2 AA0103#1 | #5 #8 = 5 against 1", async () => {
    const r = await run("calls.answered");
    expect(r).toMatchObject({ value: 5, previousValue: 1, change: 4, changePercent: 400 });
    expect(r.breakdown).toEqual(days(3, 2, 0));
  });

  it("calls.abandoned counts queue hang-ups only (#3, #7), not the voice-menu hang-up #4", async () => {
    const r = await run("calls.abandoned");
    expect(r).toMatchObject({ value: 2, previousValue: 1, change: 1, changePercent: 100 });
    expect(r.breakdown).toEqual(days(1, 1, 0));
  });

  it("calls.abandonment_rate = abandoned / (answered + abandoned) x 100 = 2/7 against 1/2", async () => {
    const r = await run("calls.abandonment_rate");
    expect(r.value).toBeCloseTo((2 / 7) * 100, 10);
    expect(r.previousValue).toBe(50);
    expect(r.change).toBeCloseTo((2 / 7) * 100 - 50, 10);
    expect(r.changePercent).toBeCloseTo((((2 / 7) * 100 - 50) / 50) * 100, 10);
    expect(r.breakdown.map((p) => p.total)).toEqual([25, expect.closeTo(100 / 3, 10), null]);
  });

  it("calls.asa averages queue wait of answered calls: (30+0+60+60+50)/5 = 40 against 20", async () => {
    const r = await run("calls.asa");
    expect(r).toMatchObject({ value: 40, previousValue: 20, change: 20, changePercent: 100 });
    // Answered calls averaged: #1 #2 AA0103#1 on 02-01, #5 #8 on 02-02; previous #10.
    expect(r.breakdown).toEqual(counted(days(30, 55, null), [3, 2, 0]));
    expect(r).toMatchObject({ count: 5, previousCount: 1 });
  });

  it("calls.aht averages handle time of answered calls: (300+120+60+200+100)/5 = 156 against 180", async () => {
    const r = await run("calls.aht");
    expect(r.value).toBe(156);
    expect(r.previousValue).toBe(180);
    expect(r.change).toBe(-24);
    expect(r.changePercent).toBeCloseTo((-24 / 180) * 100, 10);
    expect(r.breakdown).toEqual(counted(days(160, 150, null), [3, 2, 0]));
    expect(r).toMatchObject({ count: 5, previousCount: 1 });
  });

  it("puts calls on local days of the query's time zone (Asia/Jerusalem, UTC+2 in February)", async () => {
    // #8 arrived 1999-02-02 23:59:50 UTC = 02-03 01:59:50 local; all others stay on their day.
    const r = await run("calls.offered", { timezone: "Asia/Jerusalem" });
    expect(r.breakdown).toEqual(days(5, 3, 1));
    expect(r.timezone).toBe("Asia/Jerusalem");
  });

  it("applies filters: queue NW has only #3", async () => {
    const r = await run("calls.offered", { filters: { queue: ["NW"] } });
    expect(r.value).toBe(1);
    expect(r.previousValue).toBe(0);
    expect(r.changePercent).toBeNull();
  });

  it("gives zero counts and null averages for a period with no data", async () => {
    const offered = await run("calls.offered", { from: "2001-01-01", to: "2001-01-02" });
    expect(offered).toMatchObject({ value: 0, previousValue: 0, change: 0, changePercent: null });
    expect(offered.breakdown).toEqual([
      { date: "2001-01-01", total: 0 },
      { date: "2001-01-02", total: 0 },
    ]);
    const asa = await run("calls.asa", { from: "2001-01-01", to: "2001-01-02" });
    expect(asa).toMatchObject({ value: null, previousValue: null, change: null });
  });

  it("omits the previous period with compare none", async () => {
    const r = await run("calls.offered", { compare: "none" });
    expect(r).toMatchObject({ value: 9, previousValue: null, change: null, previousFrom: null });
  });
});
