/**
 * Golden tests of the call operations, quality-check and Conversation24 reports on hand-made
 * canonical rows (UTC). Expected values are worked out by hand below.
 *
 * Calls, period Mon 2026-05-04 .. Tue 05-05 (previous Sat 05-02 .. Sun 05-03):
 *   k1 Mon 09:10 answered wait 10 talk 100 handle 130 csat 5 resolved    A Sales   billing
 *   k2 Mon 09:40 answered wait 25 talk 200 handle 260 csat 3 unresolved  A Sales   billing
 *   k3 Mon 10:05 abandoned wait 3 (short)                                  Support -
 *   k4 Mon 14:00 abandoned wait 40                                         Support delivery
 *   k5 Tue 09:00 answered wait 20 talk 300 handle 330 no csat resolved    B Support delivery
 *   k6 Tue 11:00 answered wait 0 talk 60 handle 90 csat 4 no flag         B Sales   billing
 *   k7 Tue 11:30 voice menu only                                           -       -
 *   k8 Sun 05-03 12:00 (previous) answered wait 30 talk 100 handle 100 csat 2 unresolved A Sales billing
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultRegistry, planReport } from "../src/index";
import { goldenWarehouse, utc } from "./harness";

const Q = { from: "2026-05-04", to: "2026-05-05", timezone: "UTC" };
const call = (id: string, at: string, o: Record<string, unknown>) => ({
  call_id: id,
  campaign_id: "camp",
  started_at: utc(at),
  answered: false,
  abandoned: false,
  wait_secs: 0,
  ...o,
});
const ans = (
  agent: string,
  wait: number,
  talk: number,
  handle: number,
  csat: number | null,
  resolved: boolean | null,
  queue: string,
  topic: string,
) => ({
  answered: true,
  agent_id: agent,
  wait_secs: wait,
  talk_secs: talk,
  handle_secs: handle,
  csat,
  resolved,
  queue,
  topic,
});
const result = (call: string, check: string, at: string, agent: string, passed: boolean, score: number | null) => ({
  call_id: call,
  check_id: check,
  call_started_at: utc(at),
  agent_id: agent,
  campaign_id: "camp",
  passed,
  score,
});

let g: Awaited<ReturnType<typeof goldenWarehouse>>;
beforeAll(async () => {
  g = await goldenWarehouse({
    agents: [
      { agent_id: "A", username: "ann", disabled: false },
      { agent_id: "B", username: "ben", disabled: false },
    ],
    calls: [
      call("k1", "2026-05-04 09:10:00", ans("A", 10, 100, 130, 5, true, "Sales", "billing")),
      call("k2", "2026-05-04 09:40:00", ans("A", 25, 200, 260, 3, false, "Sales", "billing")),
      call("k3", "2026-05-04 10:05:00", { abandoned: true, wait_secs: 3, queue: "Support" }),
      call("k4", "2026-05-04 14:00:00", { abandoned: true, wait_secs: 40, queue: "Support", topic: "delivery" }),
      call("k5", "2026-05-05 09:00:00", ans("B", 20, 300, 330, null, true, "Support", "delivery")),
      call("k6", "2026-05-05 11:00:00", ans("B", 0, 60, 90, 4, null, "Sales", "billing")),
      call("k7", "2026-05-05 11:30:00", {}),
      call("k8", "2026-05-03 12:00:00", ans("A", 30, 100, 100, 2, false, "Sales", "billing")),
    ],
    quality_checks: [
      { check_id: "greet", name: "Opening Greeting" },
      { check_id: "verify", name: "Customer Verification" },
    ],
    call_check_results: [
      result("k1", "greet", "2026-05-04 09:10:00", "A", true, 90),
      result("k1", "verify", "2026-05-04 09:10:00", "A", true, 80),
      result("k2", "greet", "2026-05-04 09:40:00", "A", true, 70),
      result("k2", "verify", "2026-05-04 09:40:00", "A", false, 40),
      result("k5", "greet", "2026-05-05 09:00:00", "B", false, 30),
      result("k5", "verify", "2026-05-05 09:00:00", "B", true, 100),
      result("k6", "greet", "2026-05-05 11:00:00", "B", true, null),
      result("k8", "greet", "2026-05-03 12:00:00", "A", false, 20),
    ],
    agent_shifts: [
      {
        workshift_id: "w1",
        campaign_id: "camp",
        agent_id: "A",
        workshift_start: utc("2026-05-04 08:00:00"),
        num_chats: 10,
        num_breaks: 1,
        num_ignored: 2,
        num_abandoned: 1,
        avg_concurrency: 2,
        online_duration: 3600,
        idle_duration: 600,
        survey_num_good: 3,
        survey_num_bad: 1,
      },
      {
        workshift_id: "w2",
        campaign_id: "camp",
        agent_id: "A",
        workshift_start: utc("2026-05-05 08:00:00"),
        num_chats: 5,
        num_breaks: 2,
        num_ignored: 0,
        num_abandoned: 0,
        avg_concurrency: 1,
        online_duration: 1800,
        idle_duration: 300,
        survey_num_good: 1,
        survey_num_bad: 0,
      },
      {
        workshift_id: "w3",
        campaign_id: "camp",
        agent_id: "B",
        workshift_start: utc("2026-05-05 12:00:00"),
        num_chats: 7,
        num_breaks: 0,
        num_ignored: 1,
        num_abandoned: 2,
        avg_concurrency: 3,
        online_duration: 7200,
        idle_duration: 0,
        survey_num_good: 0,
        survey_num_bad: 2,
      },
    ],
    invites_hourly: [
      ...[
        ["welcome", "Welcome", "2026-05-04 09:00:00", 100, 10],
        ["welcome", "Welcome", "2026-05-05 10:00:00", 50, 5],
        ["exit", "Exit intent", "2026-05-04 09:00:00", 0, 0],
      ].map(([id, name, at, shown, accepted]) => ({
        campaign_id: "camp",
        filter_id: id,
        filter_name: name,
        hour_begin_time: utc(at as string),
        num_proactive: shown,
        num_proactive_accepted: accepted,
        num_proactive_declined: 1,
        num_proactive_match: 0,
        num_proactive_cancelled: 0,
        num_proactive_no_availability: 0,
        num_proactive_expired: 2,
        num_proactive_ignored: 3,
      })),
    ],
    traffic_hourly: [
      {
        campaign_id: "camp",
        entrypoint_id: "b1",
        entrypoint: "Button",
        hour_begin_time: utc("2026-05-04 09:00:00"),
        visits: 1000,
        views: 200,
        clicks: 20,
        chats: 5,
      },
      {
        campaign_id: "camp",
        entrypoint_id: "b1",
        entrypoint: "Button",
        hour_begin_time: utc("2026-05-05 09:00:00"),
        visits: 500,
        views: 0,
        clicks: 0,
        chats: 0,
      },
    ],
  });
});
afterAll(() => g.close());

describe("operations", () => {
  it("calls.short_abandoned counts abandons under the threshold (default 5 s, settable)", async () => {
    const r = await g.kpi("calls.short_abandoned", Q);
    expect(r).toMatchObject({ value: 1, parameters: { shortAbandonSecs: 5 } }); // k3
    expect(r.breakdown.map((p) => p.total)).toEqual([1, 0]);
    expect((await g.kpi("calls.short_abandoned", { ...Q, parameters: { shortAbandonSecs: 2 } })).value).toBe(0);
  });

  it("calls.service_level = answered within T / (answered + abandoned - short abandons)", async () => {
    const r = await g.kpi("calls.service_level", Q);
    expect(r.value).toBe(60); // k1 k5 k6 of k1 k2 k5 k6 + k4
    expect(r.breakdown.map((p) => p.total)).toEqual([expect.closeTo(100 / 3, 10), 100]);
    expect(r.previousValue).toBe(0); // k8 waited 30 s
    expect((await g.kpi("calls.service_level", { ...Q, parameters: { serviceLevelSecs: 30 } })).value).toBe(80);
  });

  it("rejects parameters a report does not take, or out of bounds", async () => {
    await expect(g.kpi("calls.offered", { ...Q, parameters: { serviceLevelSecs: 30 } })).rejects.toMatchObject({
      code: "invalid_query",
    });
    await expect(g.kpi("calls.service_level", { ...Q, parameters: { serviceLevelSecs: 0 } })).rejects.toMatchObject({
      path: "parameters.serviceLevelSecs",
    });
  });

  it("talk time, AHT and ASA give mean, median and p90", async () => {
    const t = await g.kpi("calls.talk_time", Q);
    expect(t.stats).toEqual({ mean: 165, median: 150, p90: expect.closeTo(270, 9) }); // 60 100 200 300
    const h = await g.kpi("calls.aht", Q);
    expect(h.stats).toEqual({ mean: 202.5, median: 195, p90: expect.closeTo(309, 9) }); // 90 130 260 330
    const a = await g.kpi("calls.asa", Q);
    expect(a.stats).toEqual({ mean: 13.75, median: 15, p90: expect.closeTo(23.5, 9) }); // 0 10 20 25
  });

  it("CSAT, satisfied share and resolution rate skip calls without an answer or flag", async () => {
    expect((await g.kpi("calls.csat", Q)).value).toBe(4); // 5 3 4
    expect((await g.kpi("calls.csat_satisfied", Q)).value).toBeCloseTo(200 / 3, 10); // 5 4 of 5 3 4
    expect((await g.kpi("calls.resolution_rate", Q)).value).toBeCloseTo(200 / 3, 10); // k1 k5 of k1 k2 k5
  });

  it("calls by queue and topic", async () => {
    const q = await g.ranking("calls.by_queue", Q);
    expect(q.rows.map((r) => [r.label, r.value])).toEqual([
      ["Sales", 3],
      ["Support", 3],
      ["(not set)", 1],
    ]);
    const t = await g.ranking("calls.by_topic", Q);
    expect(t.rows.map((r) => [r.label, r.value])).toEqual([
      ["billing", 3],
      ["delivery", 2],
      ["(not set)", 2],
    ]);
  });

  it("calls.resolution_by_topic", async () => {
    const r = await g.table("calls.resolution_by_topic", Q);
    expect(r.rows.map((x) => [x.label, x.values.answered, x.values.resolution_rate])).toEqual([
      ["billing", 3, 50], // k1 resolved, k2 not, k6 unknown
      ["delivery", 1, 100], // k5
      ["(not set)", 0, null],
    ]);
  });

  it("calls.agents: calls, AHT, CSAT and resolution per agent with the previous period", async () => {
    const r = await g.table("calls.agents", Q);
    expect(r.rows.slice(0, 2).map((x) => [x.label, x.values])).toEqual([
      ["ann", { answered: 2, aht: 195, csat: 4, resolution_rate: 50 }],
      ["ben", { answered: 2, aht: 210, csat: 4, resolution_rate: 100 }],
    ]);
    expect(r.rows[0]?.previous).toEqual({ answered: 1, aht: 100, csat: 2, resolution_rate: 0 });
    expect(r.totals.values.answered).toBe(4);
  });

  it("calls.heatmap", async () => {
    const r = await g.heatmap("calls.heatmap", Q);
    expect(r.cells.filter((c) => c.value).map((c) => [c.weekday, c.hour, c.value])).toEqual([
      [1, 9, 2],
      [1, 10, 1],
      [1, 14, 1],
      [2, 9, 1],
      [2, 11, 2],
    ]);
  });
});

describe("quality checks (seed 000)", () => {
  it("total calls, average score and pass rate with bands and the sample-size rule", async () => {
    const c = await g.kpi("quality_checks.calls", Q);
    expect(c).toMatchObject({ value: 4, previousValue: 1 });
    const s = await g.kpi("quality_checks.average_score", Q);
    expect(s.value).toBeCloseTo(410 / 6, 10); // 90 80 70 40 30 100
    expect(s.sample).toEqual({ size: 4, label: "Insufficient" });
    const p = await g.kpi("quality_checks.pass_rate", Q);
    expect(p.value).toBeCloseTo(500 / 7, 10); // 5 of 7
    expect(p.previousValue).toBe(0);
    expect(p.thresholds?.map((t) => t.label)).toEqual(["Excellent", "Good", "Concerning", "Critical"]);
  });

  it("score distribution by the seed's ranges", async () => {
    const r = await g.distribution("quality_checks.score_distribution", Q);
    expect(r.rows.map((x) => [x.label, x.value])).toEqual([
      ["0-49", 2],
      ["50-69", 0],
      ["70-89", 2],
      ["90-100", 2],
    ]);
  });

  it("check performance with the previous period", async () => {
    const r = await g.table("quality_checks.checks", Q);
    expect(r.rows.map((x) => [x.label, x.values.pass_rate, x.values.average_score, x.values.calls])).toEqual([
      ["Opening Greeting", 75, expect.closeTo(190 / 3, 10), 4],
      ["Customer Verification", expect.closeTo(200 / 3, 10), expect.closeTo(220 / 3, 10), 3],
    ]);
    expect(r.rows[0]?.previous).toEqual({ pass_rate: 0, average_score: 20, calls: 1 });
    // Events beside the average score: greet k1 90, k2 70, k5 30 (k6 has no score) = 3; verify 80,
    // 40, 100 = 3; the totals 6. The other two measures are a rate and a count: no count beside.
    expect(r.rows.map((x) => x.counts)).toEqual([{ average_score: 3 }, { average_score: 3 }]);
    expect(r.totals.counts).toEqual({ average_score: 6 });
  });

  it("per-check table and score distribution: the quarter-hour summary gives what the results give", async () => {
    // Without filters the plan reads check_quality; a campaign filter (every row is in 'camp') reads
    // call_check_results. Same figures either way, in UTC and in a zone 5:45 from UTC.
    for (const timezone of ["UTC", "Asia/Kathmandu"]) {
      const q = { ...Q, timezone };
      const filtered = { ...q, filters: { campaign: ["camp"] } };
      expect(planReport(defaultRegistry().get("quality_checks.checks"), q).summary).toBe(true);
      expect(planReport(defaultRegistry().get("quality_checks.checks"), filtered).summary).toBe(false);
      for (const id of ["quality_checks.checks", "quality_checks.score_distribution"]) {
        const a = await g.run(id, q);
        const b = await g.run(id, filtered);
        expect(JSON.stringify({ ...a, filters: undefined })).toBe(JSON.stringify({ ...b, filters: undefined }));
      }
    }
  });

  it("a zone whose offset is not whole quarter-hours reads the results themselves", () => {
    // Monrovia was 44 min 30 s behind UTC until 1972: its local days do not start on UTC quarter-hours.
    const q = { from: "1971-05-03", to: "1971-05-04", timezone: "Africa/Monrovia" };
    expect(planReport(defaultRegistry().get("quality_checks.checks"), q).summary).toBe(false);
    expect(planReport(defaultRegistry().get("quality_checks.checks"), { ...q, timezone: "UTC" }).summary).toBe(true);
  });

  it("agent performance marks no top or bottom performer on insufficient samples", async () => {
    const r = await g.table("quality_checks.agents", Q);
    expect(r.rows.map((x) => [x.label, x.values, x.rank])).toEqual([
      ["ann", { calls: 2, average_score: 70, pass_rate: 75 }, null],
      ["ben", { calls: 2, average_score: 65, pass_rate: expect.closeTo(200 / 3, 10) }, null],
    ]);
  });
});

describe("quality agent ranking with enough calls", () => {
  it("marks top and bottom by average score among agents with 20+ calls", async () => {
    const rows = (agent: string, n: number, score: number) =>
      Array.from({ length: n }, (_, i) =>
        result(`${agent}${i}`, "greet", "2026-05-04 10:00:00", agent, score >= 70, score),
      );
    const h = await goldenWarehouse({
      agents: ["A", "B", "C"].map((a) => ({ agent_id: a, username: a.toLowerCase(), disabled: false })),
      call_check_results: [...rows("A", 20, 80), ...rows("B", 25, 60), ...rows("C", 5, 100)],
    });
    const r = await h.table("quality_checks.agents", Q);
    expect(r.rows.map((x) => [x.label, x.values.average_score, x.sample?.label, x.rank])).toEqual([
      ["b", 60, "Meaningful", "bottom"],
      ["a", 80, "Meaningful", "top"],
      ["c", 100, "Insufficient", null],
    ]);
    await h.close();
  });
});

describe("Conversation24 aggregates (seed 003)", () => {
  it("shifts.agents sums the work shifts that started in the period", async () => {
    const r = await g.table("shifts.agents", Q);
    expect(
      r.rows.map((x) => [
        x.label,
        x.values.chats,
        x.values.breaks,
        x.values.avg_concurrency,
        x.values.online,
        x.values.survey_bad,
      ]),
    ).toEqual([
      ["ann", 15, 3, 1.5, 5400, 1],
      ["ben", 7, 0, 3, 7200, 2],
    ]);
  });

  it("invites.funnel with conversion = accepted / shown", async () => {
    const r = await g.table("invites.funnel", Q);
    expect(
      r.rows.map((x) => [x.label, x.values.shown, x.values.accepted, x.values.expired, x.values.conversion]),
    ).toEqual([
      ["Welcome", 150, 15, 4, 10],
      ["Exit intent", 0, 0, 2, null],
    ]);
  });

  it("traffic.entrypoints with click-through and chat rates", async () => {
    const r = await g.table("traffic.entrypoints", Q);
    expect(r.rows.map((x) => x.values)).toEqual([
      { visits: 1500, views: 200, clicks: 20, chats: 5, click_through: 10, chat_rate: 25 },
    ]);
  });
});
