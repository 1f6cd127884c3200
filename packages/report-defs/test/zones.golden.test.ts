/**
 * Time zones in reports (issue 10 point 7), on hand-made messages: the busiest minute, zone names in
 * any case, and summaries of UTC quarter-hours where a zone changes off them.
 *
 * The busiest minute is a real minute: on the day the clocks go back, a local
 * minute happens twice, and its two readings are two minutes, counted apart and labelled with their
 * UTC offset. Hand-made messages in Europe/Amsterdam around the autumn changes of 2025 and 2026,
 * read through the messages themselves (a campaign filter) and through the per-minute summary
 * `message_minutes` (no filter): both must give the figures worked out below.
 *
 * Amsterdam goes from CEST (UTC+2) to CET (UTC+1) at 01:00 UTC on Sunday 2026-10-25 (and 2025-10-26):
 * local 02:00-02:59 happens from 00:00Z to 00:59Z (+02:00) and again from 01:00Z to 01:59Z (+01:00).
 *
 * Messages (UTC -> local):
 *   p1            2026-10-22 08:00Z   Thu 10:00 +02:00   previous window
 *   a1-a3         2026-10-24 09:15Z   Sat 11:15 +02:00   3 in one minute
 *   b1-b3         2026-10-25 00:47Z   Sun 02:47 +02:00   3 (first reading of 02:47)
 *   c1-c4         2026-10-25 01:47Z   Sun 02:47 +01:00   4 (second reading of 02:47)
 *   e1-e2         2026-10-26 12:00Z   Mon 13:00 +01:00   2
 *   t1-t2         2025-10-26 00:05Z   Sun 02:05 +02:00   2 (first reading of 02:05)
 *   u1-u2         2025-10-26 01:05Z   Sun 02:05 +01:00   2 (second reading: a tie)
 *
 * Window 2026-10-24..26 (previous 10-21..23): the busiest minute is c1-c4, 4 messages at 02:47+01:00,
 * not 7 at 02:47 (what adding both readings gave). Per day: Sat 3 at 11:15, Sun 4 at 02:47+01:00, Mon
 * 2 at 13:00. Per hour on Sunday: the local hour 02:00 holds both readings, and its busiest minute is
 * still 4. Previous window: 1. On 2025-10-26 the two readings of 02:05 tie at 2: the earlier one,
 * 02:05+02:00, is named.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultRegistry, planReport } from "../src/index";
import { goldenWarehouse, utc } from "./harness";

const TZ = "Europe/Amsterdam";
const Q = { from: "2026-10-24", to: "2026-10-26", timezone: TZ };
const TIE = { from: "2025-10-26", to: "2025-10-26", timezone: TZ, compare: "none" };
/**
 * St John's went back from UTC-2:30 to UTC-3:30 at 02:31 UTC on 2010-11-07 (00:01 local, not a UTC
 * quarter-hour): the contact message s1 at 02:40 UTC is 23:10 on Saturday 11-06, though the UTC
 * quarter-hour it falls in starts at 02:30 UTC, 00:00 on Sunday 11-07.
 */
const SJ_AT = utc("2010-11-07 02:40:00");
const SJ = { from: "2010-11-06", to: "2010-11-07", timezone: "America/St_Johns", compare: "none" };
/** Every message is in campaign camp1: this filter reads the messages, no filter the summary. */
const FACTS = { filters: { campaign: ["camp1"] } };

const at = (prefix: string, n: number, time: string) =>
  Array.from({ length: n }, (_, i) => ({
    message_id: `${prefix}${i + 1}`,
    conversation_id: `conv-${prefix}`,
    seq: i + 1,
    sent_at: utc(time),
    sender: i % 2 === 0 ? "contact" : "agent",
    campaign_id: "camp1",
  }));

let g: Awaited<ReturnType<typeof goldenWarehouse>>;
beforeAll(async () => {
  g = await goldenWarehouse({
    conversations: [
      ...["p", "a", "b", "c", "e", "t", "u"].map((p) => ({
        conversation_id: `conv-${p}`,
        campaign_id: "camp1",
        started_at: utc(p < "t" ? "2026-10-22 08:00:00" : "2025-10-26 00:00:00"),
        channel: "chat",
      })),
      { conversation_id: "conv-s", campaign_id: "camp1", contact_id: "sj", started_at: SJ_AT, channel: "chat" },
    ],
    messages: [
      ...at("p", 1, "2026-10-22 08:00:00"),
      ...at("a", 3, "2026-10-24 09:15:10"),
      ...at("b", 3, "2026-10-25 00:47:30"),
      ...at("c", 4, "2026-10-25 01:47:05"),
      ...at("e", 2, "2026-10-26 12:00:59"),
      ...at("t", 2, "2025-10-26 00:05:00"),
      ...at("u", 2, "2025-10-26 01:05:00"),
      { ...at("s", 1, "2010-11-07 02:40:00")[0], contact_id: "sj" },
    ],
  });
});
afterAll(() => g.close());

/** Checks that a report reads the summary without filters and the messages with FACTS. */
function plans(id: string, query: object) {
  const def = defaultRegistry().get(id);
  expect(planReport(def, query).summary, `${id} reads the summary`).toBe(true);
  expect(planReport(def, { ...query, ...FACTS }).summary, `${id} reads the facts`).toBe(false);
}
/** A kpi through the summary (no filter) and through the messages (filter); both must agree. */
async function kpis(id: string, query: object) {
  plans(id, query);
  return [await g.kpi(id, query), await g.kpi(id, { ...query, ...FACTS })];
}
/** A timeseries read both ways, as {@link kpis}. */
async function series(id: string, query: object) {
  plans(id, query);
  return [await g.timeseries(id, query), await g.timeseries(id, { ...query, ...FACTS })];
}

describe("the busiest minute on the day the clocks go back", () => {
  it("activity.peak_volume counts the two readings of 02:47 apart", async () => {
    for (const r of await kpis("activity.peak_volume", Q)) {
      expect(r.value).toBe(4);
      expect(r.peakAt).toBe("2026-10-25T02:47+01:00");
      expect(r.previousValue).toBe(1);
      expect(r.breakdown).toEqual([
        { date: "2026-10-24", total: 3 },
        { date: "2026-10-25", total: 4 },
        { date: "2026-10-26", total: 2 },
      ]);
    }
  });

  it("activity.max_messages_per_minute names each day's real minute", async () => {
    for (const r of await series("activity.max_messages_per_minute", Q)) {
      expect(r.series[0]?.points).toEqual([
        { date: "2026-10-24", value: 3, peakAt: "2026-10-24T11:15" },
        { date: "2026-10-25", value: 4, peakAt: "2026-10-25T02:47+01:00" },
        { date: "2026-10-26", value: 2, peakAt: "2026-10-26T13:00" },
      ]);
    }
  });

  it("per local hour: the repeated hour 02:00 holds both readings, its peak is still one minute", async () => {
    const query = { ...Q, from: "2026-10-25", to: "2026-10-25", grain: "hour" };
    for (const r of await series("activity.max_messages_per_minute", query)) {
      const points = r.series[0]?.points.filter((p) => p.value !== null);
      expect(points).toEqual([{ date: "2026-10-25T02:00", value: 4, peakAt: "2026-10-25T02:47+01:00" }]);
    }
    for (const r of await kpis("activity.peak_volume", query)) {
      expect(r.value).toBe(4);
      expect(r.breakdown.filter((p) => p.total !== null)).toEqual([{ date: "2026-10-25T02:00", total: 4 }]);
    }
  });

  it("a tie between the two readings names the earlier one", async () => {
    for (const r of await kpis("activity.peak_volume", TIE)) {
      expect(r.value).toBe(2);
      expect(r.peakAt).toBe("2025-10-26T02:05+02:00");
    }
  });

  it("a zone name in any case gives the same result, with the canonical name echoed", async () => {
    const canonical = await g.run("activity.peak_volume", Q);
    const variant = await g.run("activity.peak_volume", { ...Q, timezone: "eUrOpe/AmsTerdam" });
    expect(variant.timezone).toBe("Europe/Amsterdam");
    expect(variant).toEqual(canonical);
  });
});

describe("summaries of UTC quarter-hours only where local hours and days are whole quarter-hours", () => {
  it("a change off the UTC quarter-hours reads the facts, and s1 stays on Saturday", async () => {
    const def = defaultRegistry().get("contacts.active");
    expect(planReport(def, SJ).summary).toBe(false);
    // From 2011 St John's changes at 02:00 local (04:30 UTC in November 2012): the summary serves.
    expect(planReport(def, { ...SJ, from: "2012-11-03", to: "2012-11-05" }).summary).toBe(true);
    for (const id of ["contacts.active", "engagement.messages"]) {
      const r = await g.kpi(id, SJ);
      expect(r.breakdown, id).toEqual([
        { date: "2010-11-06", total: 1 },
        { date: "2010-11-07", total: 0 },
      ]);
    }
  });
});
