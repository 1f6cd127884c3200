/**
 * Distinct counts read from the per-entity quarter-hour summaries (`countFirstSeen` over
 * conversation_quarters, contact_message_quarters and contact_conversation_quarters), on hand-made
 * rows in Europe/Amsterdam across the DST change of Sunday 2026-10-25 (03:00 CEST -> 02:00 CET at
 * 01:00 UTC, so the local hour 02:00-03:00 happens twice). Every expected value is worked out by hand.
 *
 * Local days of the query (2026-10-24 to 2026-10-26) in UTC:
 *   Sat 10-24 [10-23 22:00Z, 10-24 22:00Z) | Sun 10-25 [10-24 22:00Z, 10-25 23:00Z) (25 h) | Mon 10-26 [10-25 23:00Z, 10-26 23:00Z)
 * Previous window 10-21..10-23 local = [10-20 22:00Z, 10-23 22:00Z). ISO weeks: Sat and Sun belong
 * to the week of Monday 10-19 (which began before the window), Mon 10-26 starts the next.
 *
 * Conversations (contact, start UTC = local):
 *   c8 u3 10-19 09:00Z (before both windows)   c7 u4 10-21 12:00Z (previous)   c3 u2 10-22 10:00Z (previous)
 *   c1 u1 10-24 08:00Z Sat   c4 u2 10-24 21:59Z Sat 23:59   c2 u1 10-25 00:30Z Sun 02:30 CEST
 *   c5 u5 10-25 22:30Z Sun 23:30 CET   c9 u5 10-25 23:10Z Mon 00:10   c6 u3 10-26 22:50Z Mon 23:50
 * Messages (conversation, sender, UTC):
 *   m16 c8 u3 10-19 09:00 | m15 c7 u4 10-21 12:00 | m7 c3 u2 10-22 10:00
 *   m1 m2 m4 c1 u1 10-24 08:00, 08:05, 08:20; m3 c1 bot 08:06 (Sat)
 *   m8 c4 u2 10-24 21:59 (Sat); m9 c4 u2 22:00 and m10 c4 bot 22:01 (Sun)
 *   m5 c2 u1 10-25 00:30 (Sun 02:30 CEST), m6 c2 u1 01:30 (Sun 02:30 CET, the repeated hour)
 *   m11 c5 u5 10-25 22:30 (Sun) | m12 c9 u5 10-25 23:10 (Mon) | m13 m14 c6 u3 10-26 22:50, 22:59 (Mon)
 * Assignments: picked up in c3, c1, c4, c9; missed only in c2 and c5 (c6, c7, c8 never reach an agent).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultRegistry, planReport, runReport } from "../src/index";
import { goldenWarehouse, utc } from "./harness";

const TZ = "Europe/Amsterdam";
const Q = { from: "2026-10-24", to: "2026-10-26", timezone: TZ };
const SUMMARISED = [
  "contacts.active",
  "contacts.unique",
  "contacts.new",
  "performance.messages_per_conversation",
  "activity.messages_per_conversation",
  "contact_centre.unique_users",
];

const conv = (id: string, contact: string, start: string) => ({
  conversation_id: id,
  campaign_id: "camp1",
  contact_id: contact,
  started_at: utc(start),
  channel: "chat",
});
const msg = (id: string, conversation: string, contact: string | null, at: string) => ({
  message_id: id,
  conversation_id: conversation,
  seq: Number(id.slice(1)),
  sent_at: utc(at),
  sender: contact ? "contact" : "bot",
  contact_id: contact,
  campaign_id: "camp1",
});

const asg = (id: string, conversation: string, at: string, missed: boolean) => ({
  assignment_id: id,
  conversation_id: conversation,
  seq: 1,
  agent_id: missed ? null : "alice",
  campaign_id: "camp1",
  assigned_at: utc(at),
  accepted_at: missed ? null : utc(at),
  missed,
});

let g: Awaited<ReturnType<typeof goldenWarehouse>>;
beforeAll(async () => {
  g = await goldenWarehouse({
    conversations: [
      conv("c8", "u3", "2026-10-19 09:00:00"),
      conv("c7", "u4", "2026-10-21 12:00:00"),
      conv("c3", "u2", "2026-10-22 10:00:00"),
      conv("c1", "u1", "2026-10-24 08:00:00"),
      conv("c4", "u2", "2026-10-24 21:59:00"),
      conv("c2", "u1", "2026-10-25 00:30:00"),
      conv("c5", "u5", "2026-10-25 22:30:00"),
      conv("c9", "u5", "2026-10-25 23:10:00"),
      conv("c6", "u3", "2026-10-26 22:50:00"),
    ],
    messages: [
      msg("m16", "c8", "u3", "2026-10-19 09:00:00"),
      msg("m15", "c7", "u4", "2026-10-21 12:00:00"),
      msg("m7", "c3", "u2", "2026-10-22 10:00:00"),
      msg("m1", "c1", "u1", "2026-10-24 08:00:00"),
      msg("m2", "c1", "u1", "2026-10-24 08:05:00"),
      msg("m3", "c1", null, "2026-10-24 08:06:00"),
      msg("m4", "c1", "u1", "2026-10-24 08:20:00"),
      msg("m8", "c4", "u2", "2026-10-24 21:59:00"),
      msg("m9", "c4", "u2", "2026-10-24 22:00:00"),
      msg("m10", "c4", null, "2026-10-24 22:01:00"),
      msg("m5", "c2", "u1", "2026-10-25 00:30:00"),
      msg("m6", "c2", "u1", "2026-10-25 01:30:00"),
      msg("m11", "c5", "u5", "2026-10-25 22:30:00"),
      msg("m12", "c9", "u5", "2026-10-25 23:10:00"),
      msg("m13", "c6", "u3", "2026-10-26 22:50:00"),
      msg("m14", "c6", "u3", "2026-10-26 22:59:00"),
    ],
    assignments: [
      asg("a3", "c3", "2026-10-22 10:01:00", false),
      asg("a1", "c1", "2026-10-24 08:01:00", false),
      asg("a4", "c4", "2026-10-24 22:02:00", false),
      asg("a2", "c2", "2026-10-25 00:31:00", true),
      asg("a5", "c5", "2026-10-25 22:31:00", true),
      asg("a9", "c9", "2026-10-25 23:11:00", false),
    ],
  });
});
afterAll(() => g.close());

const days = (sat: number, sun: number, mon: number) => [
  { date: "2026-10-24", total: sat },
  { date: "2026-10-25", total: sun },
  { date: "2026-10-26", total: mon },
];

describe("distinct counts from the quarter-hour summaries, by hand", () => {
  it("every report here reads its summary without filters", () => {
    for (const id of SUMMARISED) expect(planReport(defaultRegistry().get(id), Q).summary, id).toBe(true);
  });

  it.each([
    // Sat {u1 u2}, Sun {u1 (both 02:30s) u2 (22:00Z) u5}, Mon {u5 u3}; period {u1 u2 u3 u5}; previous {u4 u2} (u3's 10-19 is earlier)
    ["contacts.active", 4, 2, days(2, 3, 2)],
    // conversation starts: Sat {u1 u2}, Sun {u1 u5}, Mon {u5 u3}; previous {u4 u2}
    ["contacts.unique", 4, 2, days(2, 2, 2)],
    // first conversations ever: u1 Sat, u5 Sun; u4 and u2 in the previous window, u3 before it
    ["contacts.new", 2, 2, days(1, 1, 0)],
    // served conversation starts: Sat c1 u1, c4 u2; Sun none (c2, c5 missed); Mon c9 u5 (its Sunday c5 was
    // not served, so u5 has no earlier served quarter-hour); previous c3 u2
    ["contact_centre.unique_users", 3, 1, days(2, 0, 1)],
  ])("%s = %d (previous %d) per local day", async (id, value, previous, breakdown) => {
    const r = await g.kpi(id, Q);
    expect(r.value).toBe(value);
    expect(r.previousValue).toBe(previous);
    expect(r.breakdown).toEqual(breakdown);
  });

  it("messages per conversation counts a conversation once per day and once in the period", async () => {
    const r = await g.kpi("performance.messages_per_conversation", Q);
    // Sat m1-m4 + m8 over {c1 c4}; Sun m9 m10 m5 m6 m11 over {c4 c2 c5}; Mon m12 m13 m14 over {c9 c6}
    expect(r.value).toBeCloseTo(13 / 6, 12);
    expect(r.previousValue).toBe(1); // m15 m7 over {c7 c3}
    expect(r.breakdown.map((b) => b.total)).toEqual([2.5, 5 / 3, 1.5]);
    const t = await g.timeseries("activity.messages_per_conversation", Q);
    expect(t.series[0]?.points.map((p) => p.value)).toEqual([2.5, 5 / 3, 1.5]);
  });

  it("weeks: the first week began before the window, and counts only the window's part", async () => {
    const q = { ...Q, grain: "week" };
    const active = await g.kpi("contacts.active", q);
    // week of 10-19: {u1 u2 u5} (u2 also on Thursday 10-22, before the window); week of 10-26: {u5 u3}
    expect(active.breakdown.map((b) => b.total)).toEqual([3, 2]);
    expect(active.value).toBe(4);
    const depth = await g.timeseries("activity.messages_per_conversation", q);
    expect(depth.series[0]?.points.map((p) => p.value)).toEqual([10 / 4, 3 / 2]);
  });

  it("hours: the repeated hour 02:00 holds both of u1's messages once", async () => {
    const r = await g.kpi("contacts.active", { ...Q, from: "2026-10-25", to: "2026-10-25", grain: "hour" });
    const nonZero = r.breakdown.filter((b) => b.total !== 0);
    // Sun 00:00 u2 (22:00Z), 02:00 u1 (00:30Z CEST and 01:30Z CET), 23:00 u5 (22:30Z)
    expect(nonZero.map((b) => [b.date.slice(11, 16), b.total])).toEqual([
      ["00:00", 1],
      ["02:00", 1],
      ["23:00", 1],
    ]);
    expect(r.value).toBe(3);
  });

  it("a period without data: counts are 0, a ratio has no value", async () => {
    const empty = { from: "2020-01-01", to: "2020-01-02", timezone: TZ };
    const active = await g.kpi("contacts.active", empty);
    expect([active.value, active.previousValue, active.breakdown.map((b) => b.total)]).toEqual([0, 0, [0, 0]]);
    const depth = await g.kpi("performance.messages_per_conversation", empty);
    expect([depth.value, depth.previousValue, depth.breakdown.map((b) => b.total)]).toEqual([null, null, [null, null]]);
  });

  it("months: one bucket holds the period's total", async () => {
    const r = await g.kpi("contacts.unique", { ...Q, grain: "month" });
    expect(r.breakdown.map((b) => b.total)).toEqual([4]);
    expect(r.value).toBe(4);
  });
});

describe("the summaries give what the facts give", () => {
  const zones = ["Europe/Amsterdam", "Asia/Kathmandu", "America/St_Johns", "Australia/Lord_Howe", "UTC"];
  const ranges = [
    Q,
    { from: "2026-10-01", to: "2026-10-31" },
    { from: "2026-10-19", to: "2026-10-27" },
    { from: "2020-01-01", to: "2020-01-02" }, // no data in either window
  ];
  it.each(SUMMARISED)("%s in every grain, over several zones and windows", async (id) => {
    const def = defaultRegistry().get(id);
    const { summary: _, ...raw } = def;
    const exec = (sql: string, params: readonly (string | number | boolean)[]) => g.wh.query(sql, params);
    for (const timezone of zones) {
      for (const range of ranges) {
        for (const grain of ["hour", "day", "week", "month"]) {
          const q = { ...range, timezone, grain };
          const label = `${timezone} ${range.from}..${range.to} ${grain}`;
          expect(planReport(def, q).summary, label).toBe(true);
          expect(planReport(raw, q).summary, label).toBe(false);
          expect(await runReport(def, q, exec), label).toEqual(await runReport(raw, q, exec));
        }
      }
    }
  });
});
