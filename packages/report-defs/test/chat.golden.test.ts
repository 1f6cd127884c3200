/**
 * Golden tests of the chat catalogue on hand-made canonical rows, in Europe/Amsterdam across the
 * DST change of Sunday 2026-03-29 (02:00 CET -> 03:00 CEST at 01:00 UTC). Every expected value is
 * worked out by hand from the rows below.
 *
 * Local days of the query (from 2026-03-28 to 2026-03-30) in UTC:
 *   Sat 03-28 [03-27 23:00Z, 03-28 23:00Z) | Sun 03-29 [03-28 23:00Z, 03-29 22:00Z) (23 h) | Mon 03-30 [03-29 22:00Z, 03-30 22:00Z)
 * Previous window 03-25..03-27 local = [03-24 23:00Z, 03-27 23:00Z).
 *
 * Conversations (contact, local start, intent/lang/flow, end, assignments):
 *   c1 u1 Sat 00:30  billing/nl/welcome  ended +600 s resolved   a1 alice (offered 00:31, accepted +30 s, first reply +60 s, closed 00:40)
 *   c2 u2 Sat 23:30  billing/en/welcome  ended +300 s bot_resolved, bot only
 *   c3 u1 Sun 01:30  delivery/nl/order  ended +7200 s resolved   a2 alice (offered 00:31Z, accepted 00:32Z, reply 00:33Z, closed 01:00Z)
 *                                                                 a3 bob, transfer (offered 01:00Z, accepted 01:01Z, reply 01:05Z, closed 02:30Z)
 *   c4 u3 Sun 23:30  -/de/-              open                    a4 missed (offered 21:31Z)
 *   c5 u3 Mon 00:15  billing/de/welcome  ended +60 s, bot only, campaign camp2
 *   c0 u4 Thu 03-26 (previous)  billing/en   ended +1200 s        a0 alice (offered 10:01Z, accepted 10:01:30Z, reply 10:02Z, closed 10:20Z)
 *   c9 u5 Tue 03-31 (after the period)
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultRegistry, planReport } from "../src/index";
import { goldenWarehouse, utc } from "./harness";

const TZ = "Europe/Amsterdam";
const Q = { from: "2026-03-28", to: "2026-03-30", timezone: TZ };
const EMPTY = { from: "2020-01-01", to: "2020-01-02", timezone: TZ };
const conv = (id: string, contact: string, start: string, rest: object = {}) => ({
  conversation_id: id,
  campaign_id: "camp1",
  contact_id: contact,
  started_at: utc(start),
  channel: "chat",
  ...rest,
});
const msg = (
  id: string,
  conversation: string,
  contact: string,
  at: string,
  sender: string,
  agent: string | null = null,
) => ({
  message_id: id,
  conversation_id: conversation,
  seq: Number(id.replace(/\D/g, "")) || 1,
  sent_at: utc(at),
  sender,
  agent_id: agent,
  campaign_id: conversation === "c5" ? "camp2" : "camp1",
  contact_id: sender === "contact" ? contact : null,
});
const asg = (
  id: string,
  conversation: string,
  seq: number,
  agent: string | null,
  times: Record<string, string | null>,
  missed = false,
) => ({
  assignment_id: id,
  conversation_id: conversation,
  seq,
  agent_id: agent,
  campaign_id: "camp1",
  assigned_at: utc(times.assigned as string),
  accepted_at: times.accepted ? utc(times.accepted) : null,
  first_response_at: times.reply ? utc(times.reply) : null,
  closed_at: times.closed ? utc(times.closed) : null,
  missed,
});
const rating = (id: string, conversation: string, at: string, scale: string, value: number) => ({
  rating_id: id,
  conversation_id: conversation,
  rated_at: utc(at),
  scale,
  value,
});
const state = (id: string, agent: string, start: string, end: string, st = "online", origin = "activity") => ({
  state_id: id,
  origin,
  agent_id: agent,
  campaign_id: "camp1",
  state: st,
  time_start: utc(start),
  time_end: utc(end),
});

let g: Awaited<ReturnType<typeof goldenWarehouse>>;
beforeAll(async () => {
  g = await goldenWarehouse({
    agents: [
      { agent_id: "A", username: "alice", disabled: false },
      { agent_id: "B", username: "bob", disabled: false },
    ],
    conversations: [
      conv("c1", "u1", "2026-03-27 23:30:00", {
        intent: "billing",
        language: "nl",
        start_flow: "welcome",
        ended_at: utc("2026-03-27 23:40:00"),
        closing_reason: "resolved",
      }),
      conv("c2", "u2", "2026-03-28 22:30:00", {
        intent: "billing",
        language: "en",
        start_flow: "welcome",
        ended_at: utc("2026-03-28 22:35:00"),
        closing_reason: "bot_resolved",
      }),
      conv("c3", "u1", "2026-03-29 00:30:00", {
        intent: "delivery",
        language: "nl",
        start_flow: "order",
        ended_at: utc("2026-03-29 02:30:00"),
        closing_reason: "resolved",
      }),
      conv("c4", "u3", "2026-03-29 21:30:00", { language: "de" }),
      conv("c5", "u3", "2026-03-29 22:15:00", {
        intent: "billing",
        language: "de",
        start_flow: "welcome",
        ended_at: utc("2026-03-29 22:16:00"),
        campaign_id: "camp2",
      }),
      conv("c0", "u4", "2026-03-26 10:00:00", {
        intent: "billing",
        language: "en",
        ended_at: utc("2026-03-26 10:20:00"),
        closing_reason: "resolved",
      }),
      conv("c9", "u5", "2026-03-31 10:00:00", { intent: "billing", language: "en" }),
    ],
    messages: [
      msg("m1", "c1", "u1", "2026-03-27 23:30:10", "contact"),
      msg("m2", "c1", "u1", "2026-03-27 23:30:20", "bot"),
      msg("m3", "c1", "u1", "2026-03-27 23:32:00", "agent", "A"),
      msg("m4", "c1", "u1", "2026-03-27 23:33:00", "contact"),
      msg("m5", "c2", "u2", "2026-03-28 22:30:10", "contact"),
      msg("m6", "c2", "u2", "2026-03-28 22:30:20", "bot"),
      msg("m7", "c2", "u2", "2026-03-28 22:30:40", "contact"),
      msg("m8", "c3", "u1", "2026-03-29 00:30:05", "contact"),
      msg("m9", "c3", "u1", "2026-03-29 00:33:00", "agent", "A"),
      msg("m10", "c3", "u1", "2026-03-29 01:05:00", "agent", "B"),
      msg("m11", "c3", "u1", "2026-03-29 01:05:30", "contact"),
      msg("m12", "c3", "u1", "2026-03-29 02:30:00", "system"),
      msg("m13", "c4", "u3", "2026-03-29 21:30:10", "contact"),
      msg("m14", "c5", "u3", "2026-03-29 22:15:10", "contact"),
      msg("m15", "c5", "u3", "2026-03-29 22:15:20", "bot"),
      msg("m90", "c0", "u4", "2026-03-26 10:00:10", "contact"),
      msg("m91", "c0", "u4", "2026-03-26 10:02:00", "agent", "A"),
    ],
    assignments: [
      asg("a1", "c1", 1, "A", {
        assigned: "2026-03-27 23:31:00",
        accepted: "2026-03-27 23:31:30",
        reply: "2026-03-27 23:32:00",
        closed: "2026-03-27 23:40:00",
      }),
      asg("a2", "c3", 1, "A", {
        assigned: "2026-03-29 00:31:00",
        accepted: "2026-03-29 00:32:00",
        reply: "2026-03-29 00:33:00",
        closed: "2026-03-29 01:00:00",
      }),
      asg("a3", "c3", 2, "B", {
        assigned: "2026-03-29 01:00:00",
        accepted: "2026-03-29 01:01:00",
        reply: "2026-03-29 01:05:00",
        closed: "2026-03-29 02:30:00",
      }),
      asg("a4", "c4", 1, null, { assigned: "2026-03-29 21:31:00" }, true),
      asg("a0", "c0", 1, "A", {
        assigned: "2026-03-26 10:01:00",
        accepted: "2026-03-26 10:01:30",
        reply: "2026-03-26 10:02:00",
        closed: "2026-03-26 10:20:00",
      }),
    ],
    ratings: [
      rating("r1", "c1", "2026-03-27 23:41:00", "thumbs", 1),
      rating("r2", "c2", "2026-03-28 22:36:00", "thumbs", 0),
      rating("r3", "c3", "2026-03-29 02:31:00", "face", 3),
      rating("r4", "c3", "2026-03-29 02:32:00", "1-5", 4),
      rating("r5", "c4", "2026-03-29 21:40:00", "1-5", 3),
      rating("r6", "c5", "2026-03-29 22:20:00", "face", 2),
      rating("r0", "c0", "2026-03-26 10:21:00", "thumbs", 1),
    ],
    agent_states: [
      state("s1", "A", "2026-03-28 08:00:00", "2026-03-28 12:00:00"),
      state("s2", "A", "2026-03-28 12:00:00", "2026-03-28 13:00:00", "offline"),
      state("s3", "A", "2026-03-29 07:00:00", "2026-03-29 09:30:00"),
      state("s4", "B", "2026-03-29 22:30:00", "2026-03-30 02:30:00"),
      state("s5", "A", "2026-03-28 08:00:00", "2026-03-28 12:00:00", "online", "slots"),
    ],
  });
});
afterAll(() => g.close());

const days = (a: number | null, b: number | null, c: number | null) => [
  { date: "2026-03-28", total: a },
  { date: "2026-03-29", total: b },
  { date: "2026-03-30", total: c },
];
/** The same days with the count of events beside an average (issue 16), worked out by hand per test. */
const counted = (points: { date: string; total: number | null }[], counts: number[]) =>
  points.map((p, i) => ({ ...p, count: counts[i] }));

describe("message counts and peak minutes from the per-minute summary", () => {
  it("give what the messages give, per local day across the DST change", async () => {
    // Without filters the plan reads message_minutes; a filter on both campaigns (every message is
    // in one) reads the messages themselves.
    const ids = [
      "engagement.messages",
      "performance.bot_responses",
      "performance.agent_actions",
      "activity.incoming_messages",
      "contact_centre.messages",
      "activity.peak_volume",
      "activity.max_messages_per_minute",
    ];
    const filtered = { ...Q, filters: { campaign: ["camp1", "camp2"] } };
    for (const id of ids) {
      expect(planReport(defaultRegistry().get(id), Q).summary, id).toBe(true);
      const a = await g.run(id, Q);
      const b = await g.run(id, filtered);
      expect(JSON.stringify({ ...a, filters: undefined }), id).toBe(JSON.stringify({ ...b, filters: undefined }));
    }
  });
});

describe("KPIs on local days across the DST change", () => {
  it.each([
    // id, total, previous, breakdown Sat/Sun/Mon
    ["engagement.conversations", 5, 1, [2, 2, 1]], // c1 c2 | c3 c4 | c5 ; c0
    ["engagement.messages", 15, 2, [7, 6, 2]], // m1-m7 | m8-m13 | m14 m15 ; m90 m91
    ["performance.bot_responses", 3, 0, [2, 0, 1]], // m2 m6 | - | m15
    ["performance.agent_actions", 3, 1, [1, 2, 0]], // m3 | m9 m10 | - ; m91
    ["quality.ratings", 6, 1, [2, 3, 1]], // r1 r2 | r3 r4 r5 | r6 ; r0
    ["quality.thumbs_up", 1, 1, [1, 0, 0]],
    ["quality.thumbs_down", 1, 0, [1, 0, 0]],
    ["contacts.unique", 3, 1, [2, 2, 1]], // {u1 u2} {u1 u3} {u3}, period {u1 u2 u3}
    ["contacts.active", 3, 1, [2, 2, 1]], // contact messages: {u1 u2} {u1 u3} {u3}
    ["contacts.new", 3, 1, [2, 1, 0]], // first conversations: u1 u2 Sat, u3 Sun; u4 Thu
    ["contact_centre.conversations", 4, 1, [1, 3, 0]], // a1 | a2 a3 a4 ; a0
    ["contact_centre.missed", 1, 0, [0, 1, 0]], // a4
    ["contact_centre.messages", 8, 2, [3, 5, 0]], // c1: m1 m3 m4 | c3: m8 m9 m10 m11, c4: m13 ; m90 m91
    ["contact_centre.unique_users", 1, 1, [1, 1, 0]], // u1 (c1, c3); c4 only missed
  ])("%s = %d (previous %d)", async (id, value, previous, breakdown) => {
    const r = await g.kpi(id, Q);
    expect(r.value).toBe(value);
    expect(r.previousValue).toBe(previous);
    expect(r.breakdown).toEqual(days(...(breakdown as [number, number, number])));
  });

  it("performance.messages_per_conversation = messages / distinct conversations", async () => {
    const r = await g.kpi("performance.messages_per_conversation", Q);
    expect(r.value).toBe(3); // 15 / 5
    expect(r.previousValue).toBe(2); // 2 / 1
    expect(r.breakdown).toEqual(days(3.5, 3, 2)); // 7/2, 6/2, 2/1
  });

  it("quality.positive_share counts thumbs up, good faces and 4-5", async () => {
    const r = await g.kpi("quality.positive_share", Q);
    expect(r.value).toBe(50); // r1 r3 r4 of 6
    expect(r.previousValue).toBe(100);
    expect(r.breakdown.map((p) => p.total)).toEqual([50, expect.closeTo(200 / 3, 10), 0]); // 1/2, 2/3, 0/1
  });

  it("activity.peak_volume finds the busiest local minute", async () => {
    const r = await g.kpi("activity.peak_volume", Q);
    expect(r.value).toBe(3); // m5 m6 m7 at 22:30Z = Sat 23:30 local
    expect(r.peakAt).toBe("2026-03-28T23:30");
    expect(r.previousValue).toBe(1);
    expect(r.breakdown).toEqual(days(3, 2, 2)); // Sun: m10 m11 at 03:05 CEST; Mon: m14 m15
  });

  it("contact_centre.avg_wait_time is the first response time with median and p90", async () => {
    const r = await g.kpi("contact_centre.avg_wait_time", Q);
    // a1 60 s, a2 120 s, a3 300 s; a4 has no reply
    expect(r.value).toBe(160);
    expect(r.stats).toEqual({ mean: 160, median: 120, p90: 264 }); // p90 = 120 + 0.8 x 180
    expect(r.previousValue).toBe(60);
    // Events beside the average: a1 on Sat; a2, a3 on Sun; none on Mon (a4 never replied). Previous: a0.
    expect(r.breakdown).toEqual(counted(days(60, 210, null), [1, 2, 0]));
    expect({ count: r.count, previousCount: r.previousCount }).toEqual({ count: 3, previousCount: 1 });
  });

  it("contact_centre.avg_conversation_time runs from acceptance to close", async () => {
    const r = await g.kpi("contact_centre.avg_conversation_time", Q);
    // a1 510 s, a2 1680 s, a3 5340 s
    expect(r.value).toBe(2510);
    expect(r.stats).toEqual({ mean: 2510, median: 1680, p90: 4608 }); // 1680 + 0.8 x 3660
    // a1 on Sat; a2, a3 on Sun; a4 missed (excluded). Previous: a0 (10:01:30 to 10:20 = 1110 s).
    expect(r.breakdown).toEqual(counted(days(510, 3510, null), [1, 2, 0]));
    expect(r.previousValue).toBe(1110);
    expect({ count: r.count, previousCount: r.previousCount }).toEqual({ count: 3, previousCount: 1 });
  });

  it("contact_centre.resolution_time over ended conversations", async () => {
    const r = await g.kpi("contact_centre.resolution_time", Q);
    // c1 600, c2 300, c3 7200, c5 60; c4 open
    expect(r.value).toBe(2040);
    expect(r.stats).toEqual({ mean: 2040, median: 450, p90: expect.closeTo(5220, 9) }); // p90 = 600 + 0.7 x 6600
  });

  it("filters by campaign", async () => {
    const r = await g.kpi("engagement.conversations", { ...Q, filters: { campaign: ["camp1"] } });
    expect(r.breakdown).toEqual(days(2, 2, 0)); // c5 is camp2
    const m = await g.kpi("engagement.messages", { ...Q, filters: { campaign: ["camp2"] } });
    expect(m.value).toBe(2); // m14 m15
  });

  it("buckets by local hour on the 23-hour day", async () => {
    const r = await g.kpi("engagement.messages", { from: "2026-03-29", to: "2026-03-29", timezone: TZ, grain: "hour" });
    expect(r.breakdown).toHaveLength(24);
    const nonZero = r.breakdown.filter((p) => p.total !== 0);
    // m8 m9 01:3x CET; m10 m11 03:05 CEST; m12 04:30 CEST; m13 23:30 CEST; 02:00 does not exist
    expect(nonZero).toEqual([
      { date: "2026-03-29T01:00", total: 2 },
      { date: "2026-03-29T03:00", total: 2 },
      { date: "2026-03-29T04:00", total: 1 },
      { date: "2026-03-29T23:00", total: 1 },
    ]);
  });

  it("buckets by ISO week (Monday) and by month", async () => {
    const w = await g.kpi("engagement.conversations", { ...Q, grain: "week" });
    expect(w.breakdown).toEqual([
      { date: "2026-03-23", total: 4 }, // Sat c1 c2, Sun c3 c4
      { date: "2026-03-30", total: 1 }, // Mon c5
    ]);
    const m = await g.kpi("engagement.conversations", { ...Q, grain: "month" });
    expect(m.breakdown).toEqual([{ date: "2026-03", total: 5 }]);
  });

  it("puts the same rows on UTC days when asked in UTC", async () => {
    const r = await g.kpi("engagement.conversations", { from: "2026-03-27", to: "2026-03-29", timezone: "UTC" });
    expect(r.breakdown.map((p) => p.total)).toEqual([1, 1, 3]); // c1 | c2 | c3 c4 c5
  });
});

describe("series, rankings, distributions, heatmap", () => {
  it("contact_centre.handled_vs_missed", async () => {
    const r = await g.timeseries("contact_centre.handled_vs_missed", Q);
    expect(r.series.map((s) => [s.id, s.points.map((p) => p.value), s.total])).toEqual([
      ["handled", [1, 2, 0], 3],
      ["missed", [0, 1, 0], 1],
    ]);
  });

  it("activity.conversations_vs_contacts keeps distinct counts per day and no false total", async () => {
    const r = await g.timeseries("activity.conversations_vs_contacts", Q);
    expect(r.series.map((s) => [s.id, s.points.map((p) => p.value), s.total])).toEqual([
      ["conversations", [2, 2, 1], 5],
      ["unique_contacts", [2, 2, 1], null],
    ]);
  });

  it("activity.max_messages_per_minute gives each day's busiest minute", async () => {
    const r = await g.timeseries("activity.max_messages_per_minute", Q);
    expect(r.series[0]?.points).toEqual([
      { date: "2026-03-28", value: 3, peakAt: "2026-03-28T23:30" },
      { date: "2026-03-29", value: 2, peakAt: "2026-03-29T03:05" },
      { date: "2026-03-30", value: 2, peakAt: "2026-03-30T00:15" },
    ]);
  });

  it("agents.conversations ranks agents with shares and the previous period", async () => {
    const r = await g.ranking("agents.conversations", Q);
    expect(r.total).toBe(3);
    expect(r.rows).toEqual([
      { key: "A", label: "alice", value: 2, share: expect.closeTo(200 / 3, 10), previousValue: 1, change: 1 },
      { key: "B", label: "bob", value: 1, share: expect.closeTo(100 / 3, 10), previousValue: 0, change: 1 },
    ]);
    expect(r.others).toBeNull();
  });

  it("agents.conversation_time and agents.connection_time sum seconds per agent", async () => {
    const t = await g.ranking("agents.conversation_time", Q);
    expect(t.rows.map((x) => [x.label, x.value])).toEqual([
      ["bob", 5340],
      ["alice", 2190],
    ]);
    const c = await g.ranking("agents.connection_time", Q);
    // alice 4 h Sat + 2.5 h Sun (offline and slots rows excluded); bob 4 h from Mon 00:30 local
    expect(c.rows.map((x) => [x.label, x.value])).toEqual([
      ["alice", 23400],
      ["bob", 14400],
    ]);
    const daily = await g.timeseries("agents.connection_time_daily", Q);
    expect(daily.series.map((s) => [s.label, s.points.map((p) => p.value)])).toEqual([
      ["alice", [14400, 9000, 0]],
      ["bob", [0, 0, 14400]],
    ]);
  });

  it("agents.conversations_daily splits per agent and drops the missed (no agent) series", async () => {
    const r = await g.timeseries("agents.conversations_daily", Q);
    expect(r.series.map((s) => [s.label, s.points.map((p) => p.value), s.total])).toEqual([
      ["alice", [1, 1, 0], 2],
      ["bob", [0, 1, 0], 1],
    ]);
  });

  it("chatbot.top_intents, chatbot.languages and chatbot.start_flows", async () => {
    const i = await g.ranking("chatbot.top_intents", Q);
    expect(i.rows.map((x) => [x.label, x.value, x.share])).toEqual([
      ["billing", 3, 60],
      ["delivery", 1, 20],
      ["(not set)", 1, 20],
    ]);
    const l = await g.distribution("chatbot.languages", Q);
    expect(l.rows.map((x) => [x.label, x.value, x.share])).toEqual([
      ["de", 2, 40],
      ["nl", 2, 40],
      ["en", 1, 20],
    ]);
    expect(l.rows.find((x) => x.key === "en")?.previousValue).toBe(1); // c0
    const f = await g.distribution("chatbot.start_flows", Q);
    expect(f.rows.map((x) => [x.label, x.value])).toEqual([
      ["welcome", 3],
      ["order", 1],
      ["(not set)", 1],
    ]);
  });

  it("contact_centre.closing_reasons counts only conversations that reached agents", async () => {
    const r = await g.distribution("contact_centre.closing_reasons", Q);
    expect(r.rows.map((x) => [x.label, x.value])).toEqual([
      ["resolved", 2], // c1 c3
      ["(not set)", 1], // c4
    ]);
  });

  it("histograms keep every bucket in order", async () => {
    const frt = await g.distribution("contact_centre.first_response_histogram", Q);
    expect(frt.rows.map((x) => [x.label, x.value])).toEqual([
      ["under 1 min", 0],
      ["1-5 min", 2], // 60 s, 120 s
      ["5-15 min", 1], // 300 s
      ["15-60 min", 0],
      ["over 60 min", 0],
    ]);
    const res = await g.distribution("contact_centre.resolution_histogram", Q);
    expect(res.rows.map((x) => x.value)).toEqual([0, 1, 2, 0, 1]); // 60 | 300 600 | 7200
  });

  it("activity.conversations_heatmap places starts on local weekday and hour", async () => {
    const r = await g.heatmap("activity.conversations_heatmap", Q);
    expect(r.cells).toHaveLength(168);
    const hot = r.cells.filter((c) => c.value !== 0).map((c) => [c.weekday, c.hour, c.value]);
    // c5 Mon 00:15 | c1 Sat 00:30, c2 Sat 23:30 | c3 Sun 01:30, c4 Sun 23:30
    expect(hot).toEqual([
      [1, 0, 1],
      [6, 0, 1],
      [6, 23, 1],
      [7, 1, 1],
      [7, 23, 1],
    ]);
  });
});

describe("a period with no data", () => {
  it("gives zero counts, null averages, empty rankings and zero cells", async () => {
    const k = await g.kpi("engagement.conversations", EMPTY);
    expect(k).toMatchObject({ value: 0, previousValue: 0, change: 0, changePercent: null });
    const a = await g.kpi("contact_centre.avg_wait_time", EMPTY);
    expect(a).toMatchObject({ value: null, stats: { mean: null, median: null, p90: null } });
    const p = await g.kpi("activity.peak_volume", EMPTY);
    expect(p).toMatchObject({ value: null, peakAt: null });
    const r = await g.ranking("agents.conversations", EMPTY);
    // The roster (agents A alice and B bob) is listed with 0 (issue 16), not omitted.
    expect(r).toMatchObject({ total: 0, others: null });
    expect(r.rows.map((x) => [x.label, x.value, x.share])).toEqual([
      ["alice", 0, null],
      ["bob", 0, null],
    ]);
    const h = await g.heatmap("activity.conversations_heatmap", EMPTY);
    expect(h.cells.every((c) => c.value === 0)).toBe(true);
    const t = await g.timeseries("contact_centre.handled_vs_missed", EMPTY);
    expect(t.series.map((s) => s.points.map((x) => x.value))).toEqual([
      [0, 0],
      [0, 0],
    ]);
  });
});
