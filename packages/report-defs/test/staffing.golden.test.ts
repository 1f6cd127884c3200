/**
 * Golden test of staffing.agents_vs_chats and staffing.chats_per_agent_hour on hand-made canonical rows in Europe/Amsterdam, over the
 * two DST changes of 2026: Sunday 03-29 (02:00 CET -> 03:00 CEST at 01:00 UTC: a 23-hour day without
 * a local 02:00 hour) and Sunday 10-25 (03:00 CEST -> 02:00 CET at 01:00 UTC: a 25-hour day whose
 * local 02:00 hour happens twice). Every expected value is worked out by hand below.
 *
 * Local days in UTC: Sat 03-28 [03-27 23:00Z, 03-28 23:00Z) (24 h); Sun 03-29 [03-28 23:00Z,
 * 03-29 22:00Z) (23 h: local 00:00-02:00 is 23:00Z-01:00Z, then 03:00 CEST is 01:00Z).
 *
 * Online states (campaign camp1 unless said; local times):
 *   F activity  Fri 23:00 -> Sat 00:30 (03-27 22:00Z-23:30Z): starts before the period; Sat 00h 1800 s
 *   A activity  Sat 22:30 -> Sun 03:30 CEST (03-28 21:30Z-03-29 01:30Z, 4 h): Sat 22h 1800, Sat 23h 3600,
 *               Sun 00h 3600, Sun 01h 3600, (02h skipped), Sun 03h 1800
 *   A offline   Sun 03:30 -> 04:00 (excluded: not online)
 *   B activity  camp1 Sun 09:00 -> 11:00 and camp2 Sun 10:00 -> 12:00 (07:00Z-09:00Z, 08:00Z-10:00Z):
 *               merged 09:00 -> 12:00 (09h, 10h, 11h 3600 each; online twice at 10h, counted once)
 *   C slots     Sun 09:30 -> 10:15, written once per entry-point type (button, invite): 09h 1800, 10h 900
 *   D activity  Sun 10:00 -> 10:30 and slots Sun 10:00 -> 11:00: Agent activity wins, 10h 1800 only
 *   E activity  Sun 12:00, open (no end): excluded
 *   H activity  Mon 03-30 09:00 -> 10:00: after the period
 * Conversations (with an assignment unless said; local start):
 *   k1 Sat 23:10, k2 Sat 23:50 (missed), k3 Sun 00:20 bot-only (excluded), k4 Sun 09:40 transferred
 *   (two assignments, counted once), k5 Sun 10:05 camp2, k6 Sun 14:00 (nobody online).
 *
 * Fall back, Sun 10-25 [10-24 22:00Z, 10-25 23:00Z) (25 h): G online 02:30 CEST -> 02:30 CET
 * (00:30Z-01:30Z): 1800 s in each reading of local 02h, whose bucket lasts 7200 s; m1 starts 02:10
 * CET (01:10Z, the second reading).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRegistry, defaultRegistry, runReport, type TimeseriesResult } from "../src/index";
import { goldenWarehouse, utc } from "./harness";

const TZ = "Europe/Amsterdam";
const SPRING = { from: "2026-03-28", to: "2026-03-29", timezone: TZ };
const ID = "staffing.agents_vs_chats";
const RATIO = "staffing.chats_per_agent_hour";

const state = (id: string, agent: string, start: string, end: string | null, rest: object = {}) => ({
  state_id: id,
  origin: "activity",
  agent_id: agent,
  campaign_id: "camp1",
  state: "online",
  time_start: utc(start),
  time_end: end === null ? null : utc(end),
  ...rest,
});
const conv = (id: string, start: string, campaign = "camp1") => ({
  conversation_id: id,
  campaign_id: campaign,
  started_at: utc(start),
  channel: "chat",
});
const asg = (id: string, conversation: string, seq: number, at: string, missed = false) => ({
  assignment_id: id,
  conversation_id: conversation,
  seq,
  agent_id: missed ? null : "A",
  assigned_at: utc(at),
  missed,
});

let g: Awaited<ReturnType<typeof goldenWarehouse>>;
beforeAll(async () => {
  g = await goldenWarehouse({
    agent_states: [
      state("f", "F", "2026-03-27 22:00:00", "2026-03-27 23:30:00"),
      state("a1", "A", "2026-03-28 21:30:00", "2026-03-29 01:30:00"),
      state("a2", "A", "2026-03-29 01:30:00", "2026-03-29 02:00:00", { state: "offline" }),
      state("b1", "B", "2026-03-29 07:00:00", "2026-03-29 09:00:00"),
      state("b2", "B", "2026-03-29 08:00:00", "2026-03-29 10:00:00", { campaign_id: "camp2" }),
      state("c1", "C", "2026-03-29 07:30:00", "2026-03-29 08:15:00", { origin: "slots", entrypoint_type: "button" }),
      state("c2", "C", "2026-03-29 07:30:00", "2026-03-29 08:15:00", { origin: "slots", entrypoint_type: "invite" }),
      state("d1", "D", "2026-03-29 08:00:00", "2026-03-29 08:30:00"),
      state("d2", "D", "2026-03-29 08:00:00", "2026-03-29 09:00:00", { origin: "slots", entrypoint_type: "button" }),
      state("e", "E", "2026-03-29 10:00:00", null),
      state("h", "H", "2026-03-30 07:00:00", "2026-03-30 08:00:00"),
      state("g", "G", "2026-10-25 00:30:00", "2026-10-25 01:30:00"),
    ],
    conversations: [
      conv("k1", "2026-03-28 22:10:00"),
      conv("k2", "2026-03-28 22:50:00"),
      conv("k3", "2026-03-28 23:20:00"),
      conv("k4", "2026-03-29 07:40:00"),
      conv("k5", "2026-03-29 08:05:00", "camp2"),
      conv("k6", "2026-03-29 12:00:00"),
      conv("m1", "2026-10-25 01:10:00"),
    ],
    assignments: [
      asg("x1", "k1", 1, "2026-03-28 22:11:00"),
      asg("x2", "k2", 1, "2026-03-28 22:51:00", true),
      asg("x4", "k4", 1, "2026-03-29 07:41:00"),
      asg("x4b", "k4", 2, "2026-03-29 07:50:00"),
      asg("x5", "k5", 1, "2026-03-29 08:06:00"),
      asg("x6", "k6", 1, "2026-03-29 12:01:00"),
      asg("y1", "m1", 1, "2026-10-25 01:11:00"),
    ],
  });
});
afterAll(() => g.close());

type Row = [chats: number, mean: number | null, any: number, perAgentHour: number | null];

/** Both reports over `query`: the four series (incoming chats, agents online (mean) and at any moment, chats per agent-hour) and the main report's grain. */
async function staffing(query: object) {
  const main = await g.timeseries(ID, query);
  const series = [...main.series, ...(await g.timeseries(RATIO, query)).series];
  expect(series.map((s) => s.id)).toEqual([
    "incoming_chats",
    "agents_online",
    "agents_online_any",
    "chats_per_agent_hour",
  ]);
  return { series, grain: main.grain };
}

/** The four series as rows by bucket. */
function rows(series: TimeseriesResult["series"]): Map<string, Row> {
  const [chats, mean, any, ratio] = series;
  return new Map(
    (chats?.points ?? []).map((p, i) => [
      p.date,
      [
        p.value ?? Number.NaN,
        mean?.points[i]?.value ?? null,
        any?.points[i]?.value ?? Number.NaN,
        ratio?.points[i]?.value ?? null,
      ],
    ]),
  );
}

/** Compares the rows of `buckets` (others must be empty: no chats, 0 agents, no ratio; `gaps` have no mean at all). */
function expectRows(
  r: { series: TimeseriesResult["series"] },
  buckets: Record<string, Row>,
  gaps: readonly string[] = [],
) {
  for (const [date, [chats, mean, any, ratio]] of rows(r.series)) {
    const [c, m, a, q] = buckets[date] ?? [0, gaps.includes(date) ? null : 0, 0, null];
    expect(chats, `${date} chats`).toBe(c);
    if (m === null) expect(mean, `${date} mean`).toBeNull();
    else expect(mean, `${date} mean`).toBeCloseTo(m, 12);
    expect(any, `${date} any`).toBe(a);
    if (q === null) expect(ratio, `${date} ratio`).toBeNull();
    else expect(ratio, `${date} ratio`).toBeCloseTo(q, 12);
  }
}

describe("staffing.agents_vs_chats and staffing.chats_per_agent_hour", () => {
  it("is hourly by default, with 24 + 23 real hours over the spring change and no value for the skipped hour", async () => {
    const r = await staffing(SPRING);
    expect(r.grain).toBe("hour");
    expect(r.series[0]?.points).toHaveLength(48); // every local label, 2026-03-29T02:00 included
    expectRows(
      r,
      {
        "2026-03-28T00:00": [0, 1800 / 3600, 1, 0], // F, from before the period
        "2026-03-28T22:00": [0, 1800 / 3600, 1, 0],
        "2026-03-28T23:00": [2, 1, 1, (2 * 3600) / 3600], // k1, k2 (missed counts); A
        "2026-03-29T00:00": [0, 1, 1, 0], // k3 is bot-only
        "2026-03-29T01:00": [0, 1, 1, 0],
        "2026-03-29T03:00": [0, 1800 / 3600, 1, 0],
        "2026-03-29T09:00": [1, (3600 + 1800) / 3600, 2, 3600 / 5400], // k4 once; B + C (slots once)
        "2026-03-29T10:00": [1, (3600 + 900 + 1800) / 3600, 3, 3600 / 6300], // k5; B once, C, D activity only
        "2026-03-29T11:00": [0, 1, 1, 0], // B's camp2 interval
        "2026-03-29T14:00": [1, 0, 0, null], // k6, nobody online
      },
      ["2026-03-29T02:00"],
    );
    expect(r.series[0]?.total).toBe(5);
    expect(r.series.slice(1).map((s) => s.total)).toEqual([null, null, null]);
  });

  it("gives days as means over 24 and 23 hours, and distinct agents per day", async () => {
    const r = await staffing({ ...SPRING, grain: "day" });
    // Sat: F 1800 + A 1800 + 3600 = 7200 s of 86,400; agents A, F; chats k1, k2.
    // Sun: A 9000 + B 10,800 + C 2700 + D 1800 = 24,300 s of 82,800 (23 h); agents A, B, C, D; chats k4, k5, k6.
    expectRows(r, {
      "2026-03-28": [2, 7200 / 86_400, 2, (2 * 3600) / 7200],
      "2026-03-29": [3, 24_300 / 82_800, 4, (3 * 3600) / 24_300],
    });
  });

  it("gives a week as the mean over its 47 hours inside the period, each agent counted once", async () => {
    const r = await staffing({ ...SPRING, grain: "week" });
    // Week of Mon 03-23: only Sat and Sun are in the period: 86,400 + 82,800 = 169,200 s; A, B, C, D, F.
    expectRows(r, { "2026-03-23": [5, 31_500 / 169_200, 5, (5 * 3600) / 31_500] });
  });

  it("adds both readings of the repeated hour of the autumn change into one 7200-second bucket", async () => {
    const hourly = await staffing({ from: "2026-10-25", to: "2026-10-25", timezone: TZ });
    // G: 1800 s in 02:30-03:00 CEST and 1800 s in 02:00-02:30 CET; m1 in the second reading.
    expectRows(hourly, { "2026-10-25T02:00": [1, 3600 / 7200, 1, 3600 / 3600] });
    const daily = await staffing({ from: "2026-10-25", to: "2026-10-25", timezone: TZ, grain: "day" });
    expectRows(daily, { "2026-10-25": [1, 3600 / 90_000, 1, 1] }); // a 25-hour day
  });

  it("filters both facts by campaign", async () => {
    const r = await staffing({ ...SPRING, filters: { campaign: ["camp2"] } });
    // Only B's camp2 interval (Sun 10:00-12:00) and k5.
    expectRows(r, { "2026-03-29T10:00": [1, 1, 1, 1], "2026-03-29T11:00": [0, 1, 1, 0] }, ["2026-03-29T02:00"]);
  });

  it("reads Slots for an agent without Agent activity, and never both origins of one agent", async () => {
    const r = await staffing({ ...SPRING, filters: { campaign: ["camp1"] } });
    // camp1: B 09:00-11:00 only; C (Slots); D from Agent activity (10:00-10:30), not its Slots hour.
    const ten = rows(r.series).get("2026-03-29T10:00");
    expect(ten?.[1]).toBeCloseTo((3600 + 900 + 1800) / 3600, 12);
    expect(ten?.[2]).toBe(3);
    expect(rows(r.series).get("2026-03-29T11:00")?.[1]).toBe(0);
  });

  it("gives zero counts and means and no ratio over a period without data", async () => {
    const r = await staffing({ from: "2020-01-01", to: "2020-01-01", timezone: TZ });
    expect(r.series[0]?.points).toHaveLength(24);
    expectRows(r, {});
    expect(r.series[0]?.total).toBe(0);
  });

  it("reads an interval fact on its own, with a distinct count's condition on its pieces", async () => {
    const staffing = defaultRegistry().get(ID);
    const def = createRegistry([
      {
        ...staffing,
        id: "test.agents_online",
        table: "agent_states",
        timeColumn: "time_start",
        intervals: staffing.facts?.online?.intervals,
        facts: undefined,
        grain: undefined,
        filters: ["agent"],
        measures: [
          {
            id: "agents",
            label: "Agents",
            aggregate: { fn: "countDistinct", column: "agent_id", where: { column: "agent_id", in: ["B", "C"] } },
            format: "count",
            goodDirection: "neutral",
            definition: "Counts agents B and C when online at any moment of the bucket (a test's report).",
          },
        ],
      },
    ]).get("test.agents_online");
    const r = await runReport(def, { ...SPRING, filters: { agent: ["B", "D"] } }, (sql, params) =>
      g.wh.query(sql, params),
    );
    // Agents B and D pass the filter, B and C the condition: B alone, on Sunday.
    expect((r as TimeseriesResult).series[0]?.points).toEqual([
      { date: "2026-03-28", value: 0 },
      { date: "2026-03-29", value: 1 },
    ]);
  });

  it("follows a day grain over long windows when the query names no grain, and an hourly grain when asked", async () => {
    expect((await staffing({ from: "2026-01-01", to: "2026-04-30", timezone: TZ })).grain).toBe("day");
    expect((await staffing({ periodDays: 7, asOf: "2026-03-29", timezone: TZ })).grain).toBe("hour");
    expect((await staffing({ ...SPRING, grain: "month" })).series[0]?.points).toEqual([{ date: "2026-03", value: 5 }]);
  });
});
