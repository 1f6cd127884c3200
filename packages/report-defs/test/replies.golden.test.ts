/**
 * Reply time and first response time from messages (issue 16), golden by hand: the derived table
 * `replies` (packages/warehouse/src/derive-replies.ts) and the lifecycle reports over it, on
 * hand-made conversations whose every wait is worked out below. Times are UTC unless said.
 *
 * Campaign n (no business hours), Wednesday 2026-03-11:
 * - A, cycles with a bot reply, a note, a template and an automated line in between:
 *   10:00:00 customer, 10:00:30 customer, 10:01 bot, 10:02 agent note (private), 10:03 agent template,
 *   10:05 agent A1 -> first response 300 s (from the first of the two customer messages; the bot, the
 *   note and the template did not stop the clock); 10:06 A1 again: nobody waits, no row;
 *   10:10 customer, 10:11 bot, 10:12 customer, 10:20 A2 -> reply 600 s;
 *   10:30 customer, 10:30:10 automated away message, 10:45 A1 -> reply 900 s.
 *   Assignments: T1 at 10:04 (A1), transfer to T2 at 10:15 (A2): teams T1, T2, T2.
 * - B, began with the bot: pending 11:00, customer 11:00, bot 11:00:10, customer 11:02, bot 11:02:10,
 *   handoff 11:04, A2 11:07 -> first response 180 s from the handoff (420 s from the first customer
 *   message would charge the bot's time to people); customer 11:08, A2 11:09 -> reply 60 s. Team T1.
 * - C, reopened after a person answered: customer 12:00, A1 12:01:40 -> first response 100 s;
 *   customer "thanks" 12:02, resolved 12:03 (the wait stops without a reply); reopened 15:00 with a
 *   customer message at 15:00, A1 15:02 -> reply 120 s (not 3 h from the "thanks"), after_reopen;
 *   not a second first response. No assignment: no team.
 * - D, resolved by the bot, then reopened: pending 13:00, customer 13:00, bot 13:00:05, resolved by the
 *   bot 13:01; reopened 16:00 with a customer message at 16:00, A2 16:03 -> first response 180 s
 *   (from the reopen's message, not 3 h 3 min from 13:00). Team T2 (assigned 16:00).
 * Campaign k (Mon-Fri 09:00-17:00 Europe/Amsterdam; Monday 2026-03-30 a holiday, closed), E across a
 * weekend, the holiday and the start of summer time (Sunday 29 March, 02:00 -> 03:00 local):
 * - customer Friday 27 March 16:00 local (15:00 UTC), A4 Tuesday 31 March 10:00 local (08:00 UTC):
 *   first response 89 h = 320,400 s elapsed (96 h less 7 h; the wall clock says 90 h, summer time
 *   took one); business: Friday 16:00-17:00 3,600 + Tuesday 09:00-10:00 3,600 = 7,200 s;
 * - customer Tuesday 31 March 16:30 local (14:30 UTC), A4 Wednesday 1 April 09:30 local (07:30 UTC):
 *   reply 17 h = 61,200 s; business 1,800 + 1,800 = 3,600 s.
 * Agents: A1 alice, A2 bob, A3 carol (idle: listed with 0), A4 dave.
 * Figures: first responses 300, 180, 100, 180, 320,400 -> mean 321,160 / 5 = 64,232, median 180;
 * replies 600, 900, 60, 120, 61,200 -> mean 62,880 / 5 = 12,576, median 600. Business (campaign k
 * only): first response 7,200 (1), reply 3,600 (1).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { goldenWarehouse, utc } from "./harness";

const Q = { from: "2026-03-01", to: "2026-04-30", timezone: "Europe/Amsterdam", compare: "none" };

type Msg = [at: string, sender: string, agent?: string | null, kind?: string | null];
const messages: Record<string, Msg[]> = {
  A: [
    ["2026-03-11 10:00:00", "contact"],
    ["2026-03-11 10:00:30", "contact"],
    ["2026-03-11 10:01:00", "bot"],
    ["2026-03-11 10:02:00", "agent", "A1", "private"],
    ["2026-03-11 10:03:00", "agent", "A1", "template"],
    ["2026-03-11 10:05:00", "agent", "A1"],
    ["2026-03-11 10:06:00", "agent", "A1", "message"],
    ["2026-03-11 10:10:00", "contact"],
    ["2026-03-11 10:11:00", "bot"],
    ["2026-03-11 10:12:00", "contact"],
    ["2026-03-11 10:20:00", "agent", "A2"],
    ["2026-03-11 10:30:00", "contact"],
    ["2026-03-11 10:30:10", "system", null, "automated"],
    ["2026-03-11 10:45:00", "agent", "A1"],
  ],
  B: [
    ["2026-03-11 11:00:00", "contact"],
    ["2026-03-11 11:00:10", "bot"],
    ["2026-03-11 11:02:00", "contact"],
    ["2026-03-11 11:02:10", "bot"],
    ["2026-03-11 11:07:00", "agent", "A2"],
    ["2026-03-11 11:08:00", "contact"],
    ["2026-03-11 11:09:00", "agent", "A2"],
  ],
  C: [
    ["2026-03-11 12:00:00", "contact"],
    ["2026-03-11 12:01:40", "agent", "A1"],
    ["2026-03-11 12:02:00", "contact"],
    ["2026-03-11 15:00:00", "contact"],
    ["2026-03-11 15:02:00", "agent", "A1"],
  ],
  D: [
    ["2026-03-11 13:00:00", "contact"],
    ["2026-03-11 13:00:05", "bot"],
    ["2026-03-11 16:00:00", "contact"],
    ["2026-03-11 16:03:00", "agent", "A2"],
  ],
  E: [
    ["2026-03-27 15:00:00", "contact"],
    ["2026-03-31 08:00:00", "agent", "A4"],
    ["2026-03-31 14:30:00", "contact"],
    ["2026-04-01 07:30:00", "agent", "A4"],
  ],
};
type Ev = [at: string, event: string, actor: string];
const events: Record<string, Ev[]> = {
  B: [
    ["2026-03-11 11:00:00", "pending", "bot"],
    ["2026-03-11 11:04:00", "handoff", "bot"],
  ],
  C: [
    ["2026-03-11 12:00:00", "opened", "customer"],
    ["2026-03-11 12:03:00", "resolved", "agent"],
    ["2026-03-11 15:00:00", "reopened", "customer"],
  ],
  D: [
    ["2026-03-11 13:00:00", "pending", "bot"],
    ["2026-03-11 13:01:00", "resolved", "bot"],
    ["2026-03-11 16:00:00", "reopened", "customer"],
  ],
};
const assignments = [
  { assignment_id: "a1", conversation_id: "A", seq: 1, agent_id: "A1", team_id: "T1", at: "2026-03-11 10:04:00" },
  { assignment_id: "a2", conversation_id: "A", seq: 2, agent_id: "A2", team_id: "T2", at: "2026-03-11 10:15:00" },
  { assignment_id: "b1", conversation_id: "B", seq: 1, agent_id: "A2", team_id: "T1", at: "2026-03-11 11:04:00" },
  { assignment_id: "d1", conversation_id: "D", seq: 1, agent_id: "A2", team_id: "T2", at: "2026-03-11 16:00:00" },
];

let g: Awaited<ReturnType<typeof goldenWarehouse>>;
beforeAll(async () => {
  g = await goldenWarehouse({
    agents: [
      { agent_id: "A1", username: "alice", disabled: false },
      { agent_id: "A2", username: "bob", disabled: false },
      { agent_id: "A3", username: "carol", disabled: false },
      { agent_id: "A4", username: "dave", disabled: false },
    ],
    teams: [
      { team_id: "T1", name: "First line" },
      { team_id: "T2", name: "Technical" },
    ],
    campaigns: [
      { campaign_id: "n", name: "No schedule", channel: "chat" },
      { campaign_id: "k", name: "Scheduled", channel: "chat" },
    ],
    conversations: Object.entries(messages).map(([id, list]) => ({
      conversation_id: id,
      campaign_id: id === "E" ? "k" : "n",
      started_at: utc((list[0] as Msg)[0]),
      channel: "chat",
    })),
    messages: Object.entries(messages).flatMap(([id, list]) =>
      list.map(([at, sender, agent, kind], i) => ({
        message_id: `${id}${i + 1}`,
        conversation_id: id,
        seq: i + 1,
        sent_at: utc(at),
        sender,
        agent_id: agent ?? null,
        kind: kind ?? null,
      })),
    ),
    conversation_events: Object.entries(events).flatMap(([id, list]) =>
      list.map(([at, event, actor], i) => ({
        conversation_id: id,
        seq: i + 1,
        event,
        occurred_at: utc(at),
        actor_kind: actor,
        campaign_id: "n",
      })),
    ),
    assignments: assignments.map(({ at, ...a }) => ({
      ...a,
      campaign_id: "n",
      assigned_at: utc(at),
      accepted_at: utc(at),
      missed: false,
    })),
    business_hours: [1, 2, 3, 4, 5].map((weekday) => ({
      campaign_id: "k",
      weekday,
      opens: "09:00",
      closes: "17:00",
      timezone: "Europe/Amsterdam",
    })),
    business_holidays: [{ campaign_id: "k", date: "2026-03-30", name: "Holiday", opens: null, closes: null }],
  });
}, 60_000);
afterAll(async () => g?.close());

describe("the replies table (derive-replies.ts)", () => {
  it("has one row per agent reply to a waiting customer, with the waits worked out by hand", async () => {
    const rows = await g.wh.query(
      `SELECT message_id, agent_id, team_id, seconds, business_seconds, is_first, after_handoff, after_reopen
       FROM replies ORDER BY replied_at`,
    );
    expect(rows).toEqual([
      {
        message_id: "A6",
        agent_id: "A1",
        team_id: "T1",
        seconds: 300,
        business_seconds: null,
        is_first: true,
        after_handoff: false,
        after_reopen: false,
      },
      {
        message_id: "A11",
        agent_id: "A2",
        team_id: "T2",
        seconds: 600,
        business_seconds: null,
        is_first: false,
        after_handoff: false,
        after_reopen: false,
      },
      {
        message_id: "A14",
        agent_id: "A1",
        team_id: "T2",
        seconds: 900,
        business_seconds: null,
        is_first: false,
        after_handoff: false,
        after_reopen: false,
      },
      {
        message_id: "B5",
        agent_id: "A2",
        team_id: "T1",
        seconds: 180,
        business_seconds: null,
        is_first: true,
        after_handoff: true,
        after_reopen: false,
      },
      {
        message_id: "B7",
        agent_id: "A2",
        team_id: "T1",
        seconds: 60,
        business_seconds: null,
        is_first: false,
        after_handoff: true,
        after_reopen: false,
      },
      {
        message_id: "C2",
        agent_id: "A1",
        team_id: null,
        seconds: 100,
        business_seconds: null,
        is_first: true,
        after_handoff: false,
        after_reopen: false,
      },
      {
        message_id: "C5",
        agent_id: "A1",
        team_id: null,
        seconds: 120,
        business_seconds: null,
        is_first: false,
        after_handoff: false,
        after_reopen: true,
      },
      {
        message_id: "D4",
        agent_id: "A2",
        team_id: "T2",
        seconds: 180,
        business_seconds: null,
        is_first: true,
        after_handoff: false,
        after_reopen: true,
      },
      {
        message_id: "E2",
        agent_id: "A4",
        team_id: null,
        seconds: 320_400,
        business_seconds: 7_200,
        is_first: true,
        after_handoff: false,
        after_reopen: false,
      },
      {
        message_id: "E4",
        agent_id: "A4",
        team_id: null,
        seconds: 61_200,
        business_seconds: 3_600,
        is_first: false,
        after_handoff: false,
        after_reopen: false,
      },
    ]);
  });

  it("a notes-and-templates-only conversation has no first response", async () => {
    // A's note (A4) and template (A5) at 10:02 and 10:03 are no rows; its first response is A6.
    const [row] = await g.wh.query<{ n: number }>(
      "SELECT count(*) AS n FROM replies WHERE message_id IN ('A4', 'A5', 'A7', 'A13')",
    );
    expect(row?.n).toBe(0);
  });
});

describe("lifecycle reports over replies", () => {
  it("lifecycle.first_response_time: mean 64,232 s, median 180 s, 5 first responses", async () => {
    const r = await g.kpi("lifecycle.first_response_time", Q);
    expect(r.value).toBe(64_232);
    expect(r.stats?.median).toBe(180);
    expect(r.sample?.size).toBe(5);
  });

  it("lifecycle.reply_time: mean 12,576 s, median 600 s, 5 replies after the first", async () => {
    const r = await g.kpi("lifecycle.reply_time", Q);
    expect(r.value).toBe(12_576);
    expect(r.stats?.median).toBe(600);
    expect(r.sample?.size).toBe(5);
  });

  it("business hours: only the scheduled campaign's waits, across the weekend, the holiday and summer time", async () => {
    const f = await g.kpi("lifecycle.first_response_time_business", Q);
    expect([f.value, f.sample?.size]).toEqual([7_200, 1]);
    const r = await g.kpi("lifecycle.reply_time_business", Q);
    expect([r.value, r.sample?.size]).toEqual([3_600, 1]);
  });

  it("per agent: the roster with the idle agent at 0 and no average", async () => {
    const f = await g.table("lifecycle.first_response_time_by_agent", Q);
    const pick = (t: typeof f, a: string, c: string) => t.rows.map((x) => [x.label, x.values[a], x.values[c]]);
    expect(pick(f, "first_response_from_messages", "first_responses")).toEqual(
      expect.arrayContaining([
        ["alice", 200, 2],
        ["bob", 180, 2],
        ["carol", null, 0],
        ["dave", 320_400, 1],
      ]),
    );
    expect(f.rows).toHaveLength(4);
    const r = await g.table("lifecycle.reply_time_by_agent", Q);
    expect(pick(r, "reply_time", "replies")).toEqual(
      expect.arrayContaining([
        ["alice", 510, 2],
        ["bob", 330, 2],
        ["carol", null, 0],
        ["dave", 61_200, 1],
      ]),
    );
  });

  it("per team: the team of the latest assignment at the reply (a transfer moves the later replies)", async () => {
    const f = await g.table("lifecycle.first_response_time_by_team", Q);
    const pick = (t: typeof f, a: string, c: string) =>
      t.rows
        .map((x) => [x.key, x.values[a], x.values[c]])
        .sort((p, q) => String(p[0] ?? "zz").localeCompare(String(q[0] ?? "zz")));
    expect(pick(f, "first_response_from_messages", "first_responses")).toEqual([
      ["T1", 240, 2],
      ["T2", 180, 1],
      [null, 320_500 / 2, 2],
    ]);
    const r = await g.table("lifecycle.reply_time_by_team", Q);
    expect(pick(r, "reply_time", "replies")).toEqual([
      ["T1", 60, 1],
      ["T2", 750, 2],
      [null, 61_320 / 2, 2],
    ]);
  });

  it("over time: the average and the count per local day", async () => {
    const r = await g.timeseries("lifecycle.first_response_time_over_time", Q);
    const series = (id: string) =>
      Object.fromEntries(
        (r.series.find((s) => s.measureId === id)?.points ?? [])
          .filter((p) => p.value !== null && p.value !== 0)
          .map((p) => [p.date, p.value]),
      );
    expect(series("first_response_from_messages")).toEqual({ "2026-03-11": 190, "2026-03-31": 320_400 });
    expect(series("first_responses")).toEqual({ "2026-03-11": 4, "2026-03-31": 1 });
    const t = await g.timeseries("lifecycle.reply_time_over_time", Q);
    const replies = t.series.find((s) => s.measureId === "replies");
    expect(replies?.total).toBe(5);
    expect(replies?.points.find((p) => p.date === "2026-04-01")?.value).toBe(1);
  });

  it("filters: a campaign keeps its replies; an agent keeps the agent's", async () => {
    const k = await g.kpi("lifecycle.first_response_time", { ...Q, filters: { campaign: ["k"] } });
    expect([k.value, k.sample?.size]).toEqual([320_400, 1]);
    const a = await g.kpi("lifecycle.reply_time", { ...Q, filters: { agent: ["A2"] } });
    expect([a.value, a.sample?.size]).toEqual([330, 2]);
  });
});
