/**
 * Golden tests of the bot and CSAT reports of issue 16 (lifecycle.bot_*, quality.csat_*) on a
 * hand-made dataset in a real DuckDB file, the derived conversation_bot kept by the import path
 * (upsertRows + deriveColumns) and a re-rating loaded through the real importer (a canonical file).
 * Every expected figure is worked out by hand below, never copied from the code's output.
 *
 * Query: 2026-12-01..2026-12-03 in UTC (previous window 11-28..11-30). Conversations (campaign k1
 * unless said; events in seq order):
 *   b0  pending 11-30 10:00, resolved 10:05 (bot)                      -> previous bot resolution
 *   b1  pending 12-01 09:00, resolved 09:05 (bot)                      -> bot resolution 12-01
 *   b2  pending 12-01 10:00, handoff 10:02, resolved 10:30, a 2nd handoff 12-02 11:00; agent wrote
 *                                                                      -> one handoff, at 12-01
 *   b3  pending 12-02 08:00, resolved 08:10; agent's private note and template only
 *                                                                      -> bot resolution 12-02
 *   b4  pending 12-02 09:00, resolved 09:05, reopened 12:00, an agent message (kind unset) 12:05,
 *       resolved 12:30; no handoff event                               -> not a bot resolution
 *   b5  (campaign k2 on the conversation only) pending 12-02 23:00, resolved 12-03 00:10, reopened
 *       05:00, resolved 05:10, no person ever                          -> bot resolution, once, 12-03
 *   b6  opened 12-01 11:00 by the customer, an agent wrote, resolved    -> not with the bot
 *   b7  pending 12-03 14:00, handoff 14:01, nobody wrote, resolved 15:00 by the system
 *                                                                      -> handoff 12-03, not a bot resolution
 *   b9  pending 12-03 20:00, still open                                -> began with the bot only
 * Began with the bot, by the first event's day: 12-01 b1 b2 | 12-02 b3 b4 b5 | 12-03 b7 b9 = 7;
 * previous b0. Resolved by the bot among them: b1 | b3 b5 | - ; handed off: b2 | - | b7.
 *
 * Surveys (sent) and ratings (rating_id = survey_id answers it):
 *   s0 b0 sent 11-30 10:05, rated 1 (1-5) 10:06                        -> previous, answered
 *   s1 b1 sent 12-01 09:05, thumbs up 09:06                            -> answered
 *   s2 b2 sent 12-01 10:30, rated 2 at 10:31, re-rated 5 at 11:00 (a second import)
 *                                                                      -> answered once, score 5
 *   s3 b3 sent 12-02 08:10, never answered
 *   s4 b4 sent 12-02 12:30, rated 4 at 12:31                           -> answered
 *   s5 b6 sent 12-03 23:00, rated 3 on 12-04 08:00 (after the period)  -> answered (by the day sent)
 *   r9 b6: a rating without a survey, 5 at 12-03 12:00                 -> in score shares only
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { importFile } from "@tallyline/ingest";
import type { CanonicalRow } from "@tallyline/warehouse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { goldenWarehouse, utc } from "./harness";

type G = Awaited<ReturnType<typeof goldenWarehouse>>;
let g: G;
let dir: string;

const Q = { from: "2026-12-01", to: "2026-12-03", timezone: "UTC" };
const DAYS = ["2026-12-01", "2026-12-02", "2026-12-03"];

const conv = (id: string, campaign: string, started: string): CanonicalRow => ({
  conversation_id: id,
  campaign_id: campaign,
  started_at: utc(started),
  channel: "chat",
});
/** Events of one conversation in seq order: [event, 'YYYY-MM-DD HH:MM:SS', actor]. */
const events = (id: string, list: [string, string, string][], campaign: string | null = "k1"): CanonicalRow[] =>
  list.map(([event, at, actor], i) => ({
    conversation_id: id,
    seq: i + 1,
    event,
    occurred_at: utc(at),
    actor_kind: actor,
    campaign_id: campaign,
  }));
let mid = 0;
const msg = (conversation: string, at: string, sender: string, kind: string | null): CanonicalRow => ({
  message_id: `m${++mid}`,
  conversation_id: conversation,
  seq: mid,
  sent_at: utc(at),
  sender,
  agent_id: sender === "agent" ? "a1" : null,
  kind,
});
const survey = (id: string, conversation: string, sent: string): CanonicalRow => ({
  survey_id: id,
  conversation_id: conversation,
  sent_at: utc(sent),
  channel: "chat",
  campaign_id: "k1",
});
const rating = (id: string, conversation: string, at: string, scale: string, value: number): CanonicalRow => ({
  rating_id: id,
  conversation_id: conversation,
  rated_at: utc(at),
  scale,
  value,
});

beforeAll(async () => {
  g = await goldenWarehouse({
    conversations: [
      conv("b0", "k1", "2026-11-30 10:00:00"),
      conv("b1", "k1", "2026-12-01 09:00:00"),
      conv("b2", "k1", "2026-12-01 10:00:00"),
      conv("b3", "k1", "2026-12-02 08:00:00"),
      conv("b4", "k1", "2026-12-02 09:00:00"),
      conv("b5", "k2", "2026-12-02 23:00:00"),
      conv("b6", "k1", "2026-12-01 11:00:00"),
      conv("b7", "k1", "2026-12-03 14:00:00"),
      conv("b9", "k1", "2026-12-03 20:00:00"),
    ],
    conversation_events: [
      ...events("b0", [
        ["pending", "2026-11-30 10:00:00", "bot"],
        ["resolved", "2026-11-30 10:05:00", "bot"],
      ]),
      ...events("b1", [
        ["pending", "2026-12-01 09:00:00", "bot"],
        ["resolved", "2026-12-01 09:05:00", "bot"],
      ]),
      ...events("b2", [
        ["pending", "2026-12-01 10:00:00", "bot"],
        ["handoff", "2026-12-01 10:02:00", "bot"],
        ["resolved", "2026-12-01 10:30:00", "agent"],
        ["handoff", "2026-12-02 11:00:00", "bot"],
      ]),
      ...events("b3", [
        ["pending", "2026-12-02 08:00:00", "bot"],
        ["resolved", "2026-12-02 08:10:00", "bot"],
      ]),
      ...events("b4", [
        ["pending", "2026-12-02 09:00:00", "bot"],
        ["resolved", "2026-12-02 09:05:00", "bot"],
        ["reopened", "2026-12-02 12:00:00", "customer"],
        ["resolved", "2026-12-02 12:30:00", "agent"],
      ]),
      ...events(
        "b5",
        [
          ["pending", "2026-12-02 23:00:00", "bot"],
          ["resolved", "2026-12-03 00:10:00", "bot"],
          ["reopened", "2026-12-03 05:00:00", "customer"],
          ["resolved", "2026-12-03 05:10:00", "bot"],
        ],
        null,
      ),
      ...events("b6", [
        ["opened", "2026-12-01 11:00:00", "customer"],
        ["resolved", "2026-12-01 11:30:00", "agent"],
      ]),
      ...events("b7", [
        ["pending", "2026-12-03 14:00:00", "bot"],
        ["handoff", "2026-12-03 14:01:00", "bot"],
        ["resolved", "2026-12-03 15:00:00", "system"],
      ]),
      ...events("b9", [["pending", "2026-12-03 20:00:00", "bot"]]),
    ],
    messages: [
      msg("b1", "2026-12-01 09:00:00", "contact", "message"),
      msg("b1", "2026-12-01 09:01:00", "bot", "message"),
      msg("b2", "2026-12-01 10:00:00", "contact", "message"),
      msg("b2", "2026-12-01 10:05:00", "agent", "message"),
      msg("b3", "2026-12-02 08:00:00", "contact", "message"),
      msg("b3", "2026-12-02 08:05:00", "agent", "private"),
      msg("b3", "2026-12-02 08:06:00", "agent", "template"),
      msg("b4", "2026-12-02 12:00:00", "contact", null),
      msg("b4", "2026-12-02 12:05:00", "agent", null),
      msg("b5", "2026-12-03 05:00:00", "contact", "message"),
      msg("b5", "2026-12-03 05:01:00", "bot", "message"),
      msg("b6", "2026-12-01 11:05:00", "agent", "message"),
      msg("b7", "2026-12-03 14:02:00", "system", "automated"),
    ],
    surveys: [
      survey("s0", "b0", "2026-11-30 10:05:00"),
      survey("s1", "b1", "2026-12-01 09:05:00"),
      survey("s2", "b2", "2026-12-01 10:30:00"),
      survey("s3", "b3", "2026-12-02 08:10:00"),
      survey("s4", "b4", "2026-12-02 12:30:00"),
      survey("s5", "b6", "2026-12-03 23:00:00"),
    ],
    ratings: [
      rating("s0", "b0", "2026-11-30 10:06:00", "1-5", 1),
      rating("s1", "b1", "2026-12-01 09:06:00", "thumbs", 1),
      rating("s2", "b2", "2026-12-01 10:31:00", "1-5", 2),
      rating("s4", "b4", "2026-12-02 12:31:00", "1-5", 4),
      rating("s5", "b6", "2026-12-04 08:00:00", "1-5", 3),
      rating("r9", "b6", "2026-12-03 12:00:00", "1-5", 5),
    ],
  });
  // The customer of b2 changes the answer: a later canonical file with the same key (rating_id = survey_id).
  dir = mkdtempSync(join(tmpdir(), "tl-rerate-"));
  const path = join(dir, "ratings.csv");
  writeFileSync(path, ["rating_id,conversation_id,rated_at,scale,value", "s2,b2,2026-12-01 11:00:00,1-5,5"].join("\n"));
  await importFile(g.wh, path, { source: "canonical" });
});
afterAll(async () => {
  await g.close();
  rmSync(dir, { recursive: true, force: true });
});

const breakdown = (totals: (number | null)[]) => DAYS.map((date, i) => ({ date, total: totals[i] }));

describe("bot resolutions and handoffs", () => {
  it("lifecycle.bot_resolutions: b1 | b3 (notes and templates are not human) | b5 once at its first resolve; not b4 (an agent wrote), not b7 (handed off)", async () => {
    const r = await g.kpi("lifecycle.bot_resolutions", Q);
    expect(r).toMatchObject({ value: 3, previousValue: 1 });
    expect(r.breakdown).toEqual(breakdown([1, 1, 1]));
  });

  it("lifecycle.bot_handoffs: b2 once at its first handoff (12-01), b7 on 12-03", async () => {
    const r = await g.kpi("lifecycle.bot_handoffs", Q);
    expect(r).toMatchObject({ value: 2, previousValue: 0 });
    expect(r.breakdown).toEqual(breakdown([1, 0, 1]));
  });

  it("lifecycle.bot_resolution_rate: 3 of the 7 begun with the bot; per day 1/2, 2/3, 0/2; previous 1/1", async () => {
    const r = await g.kpi("lifecycle.bot_resolution_rate", Q);
    expect(r.value).toBeCloseTo((3 / 7) * 100, 10);
    expect(r.previousValue).toBe(100);
    expect(r.breakdown.map((p) => p.total)).toEqual([50, expect.closeTo(200 / 3, 10), 0]);
  });

  it("lifecycle.bot_handoff_rate: 2 of 7; per day 1/2, 0/3, 1/2", async () => {
    const r = await g.kpi("lifecycle.bot_handoff_rate", Q);
    expect(r.value).toBeCloseTo((2 / 7) * 100, 10);
    expect(r.previousValue).toBe(0);
    expect(r.breakdown.map((p) => p.total)).toEqual([50, 0, 50]);
  });

  it("lifecycle.bot_outcomes gives the counts beside the rates, per day", async () => {
    const r = await g.timeseries("lifecycle.bot_outcomes", Q);
    const series = Object.fromEntries(r.series.map((s) => [s.id, s.points.map((p) => p.value)]));
    expect(series).toEqual({
      bot_conversations: [2, 3, 2],
      bot_resolved: [1, 2, 0],
      bot_handed_off: [1, 0, 1],
      bot_resolution_rate: [50, expect.closeTo(200 / 3, 10), 0],
      bot_handoff_rate: [50, 0, 50],
    });
  });

  it("a campaign filter reads the events' campaign, else the conversation's: k1 loses b5 (k2)", async () => {
    const k1 = await g.kpi("lifecycle.bot_resolutions", { ...Q, filters: { campaign: ["k1"] } });
    expect(k1.breakdown).toEqual(breakdown([1, 1, 0]));
    const k2 = await g.kpi("lifecycle.bot_resolutions", { ...Q, filters: { campaign: ["k2"] } });
    expect(k2.value).toBe(1);
  });
});

describe("CSAT response rate and score shares", () => {
  it("quality.csat_response_rate: s1 s2 s4 s5 answered of 5 sent = 80%, s5 answered after the period counts by the day sent; r9 has no survey", async () => {
    const r = await g.kpi("quality.csat_response_rate", Q);
    expect(r.value).toBe(80);
    expect(r.previousValue).toBe(100);
    expect(r.breakdown).toEqual(breakdown([100, 50, 100]));
  });

  it("quality.csat_responses: sent and answered per day beside the rate; the re-rated s2 counts once", async () => {
    const r = await g.timeseries("quality.csat_responses", Q);
    const series = Object.fromEntries(r.series.map((s) => [s.id, s.points.map((p) => p.value)]));
    expect(series).toEqual({
      surveys_sent: [2, 2, 1],
      surveys_answered: [2, 1, 1],
      csat_response_rate: [100, 50, 100],
    });
  });

  it("quality.csat_score_shares: s2's re-rating replaces its 2 with a 5 (counted once); s4 4, r9 5; s5 rated after the period", async () => {
    const r = await g.distribution("quality.csat_score_shares", Q);
    expect(r.total).toBe(3);
    expect(r.rows.map((row) => [row.label, row.value, row.share])).toEqual([
      ["1", 0, 0],
      ["2", 0, 0],
      ["3", 0, 0],
      ["4", 1, expect.closeTo(100 / 3, 10)],
      ["5", 2, expect.closeTo(200 / 3, 10)],
    ]);
    expect(r.previousTotal).toBe(1); // s0, a 1
  });

  it("quality.ratings counts the re-rated answer once: s1 s2 s4 r9 in the period", async () => {
    const r = await g.kpi("quality.ratings", Q);
    expect(r.value).toBe(4);
    expect(r.breakdown).toEqual(breakdown([2, 1, 1]));
  });
});
