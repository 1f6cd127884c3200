/**
 * Resolutions, reopens and resolution time (issue 16 "Must show"), on hand-made rows in a real
 * DuckDB file (the derived resolution facts built by the import's own derive step). Figures worked
 * out by hand:
 *
 * - c1 (campaign camp, no schedule; labels billing and vip; assigned to A of team T1 at 09:05):
 *   opened 2026-03-02 09:00 UTC, resolved 10:00 (3600 s), reopened by the customer 2026-03-03 08:00,
 *   resolved again 08:30 by B, a supervisor (1800 s, measured from the reopen; it counts for A, the assignee). -> 2 resolutions, 1 conversation
 *   resolved, 1 reopen, reopen rate 1 / 2 = 50 %, mean and median 2700 s.
 * - c2 (camp; no assignment, no label): opened 2026-03-10 14:00 UTC, resolved 15:30 UTC by agent C
 *   (5400 s) = 2026-03-11 00:30 in Asia/Tokyo (+09:00): the next local day there, the same day in UTC.
 *   Without an assignment the resolver (C) gets it.
 * - c3 (camp; label billing): opened 2026-03-16 09:00 UTC, assigned to A of team T1 at 09:01,
 *   transferred to B of team T2 at 09:20, resolved by the system at 10:00 (3600 s): counts for B and
 *   T2 (the assignee and the team holding it at the resolve), not A or T1.
 * - c4 (campaign biz: Mon-Fri 09:00-17:00 Europe/Amsterdam, Easter Monday 2026-04-06 closed):
 *   opened Friday 2026-04-03 16:00 local (14:00 UTC), resolved Tuesday 2026-04-07 10:00 local
 *   (08:00 UTC): elapsed 90 h = 324000 s; business time Fri 16-17 (3600) + Tue 09-10 (3600) = 7200 s,
 *   the weekend and the holiday closed.
 * - c5 (biz) across the start of summer time (Sunday 2026-03-29, 02:00 -> 03:00): opened Friday
 *   2026-03-27 16:00 local (CET, 15:00 UTC), resolved Monday 2026-03-30 10:00 local (CEST, 08:00
 *   UTC): elapsed 65 h = 234000 s (the lost hour is not counted), business 3600 + 3600 = 7200 s.
 *
 * 1-20 March (UTC): per agent A 2 resolves (mean 2700), B 1 (3600), C 1 (5400), D (idle, on the roster)
 * 0; per team T1 2 (2700), T2 1 (3600), none 1 (5400); per label billing 3 (c1 twice and c3: mean
 * (3600 + 1800 + 3600) / 3 = 3000), vip 2 (2700). Business time then: no value (camp has no
 * schedule, so every resolve of those days is excluded).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KpiResult, TableResult } from "../src/index";
import { goldenWarehouse, utc } from "./harness";

const MARCH = { from: "2026-03-01", to: "2026-03-20", timezone: "UTC", compare: "none" };

type Ev = [seq: number, event: string, at: string, actor: string, actorId: string | null];
const events = (conversation: string, campaign: string, list: Ev[]) =>
  list.map(([seq, event, at, actor_kind, actor_id]) => ({
    conversation_id: conversation,
    seq,
    event,
    occurred_at: utc(at),
    actor_kind,
    actor_id,
    team_id: null,
    campaign_id: campaign,
  }));
const conv = (id: string, campaign: string, at: string) => ({
  conversation_id: id,
  campaign_id: campaign,
  started_at: utc(at),
  channel: "chat",
});
const asg = (id: string, conversation: string, seq: number, agent: string, team: string, at: string) => ({
  assignment_id: id,
  conversation_id: conversation,
  seq,
  agent_id: agent,
  team_id: team,
  campaign_id: "camp",
  assigned_at: utc(at),
  accepted_at: utc(at),
  missed: false,
});

let g: Awaited<ReturnType<typeof goldenWarehouse>>;
beforeAll(async () => {
  g = await goldenWarehouse({
    agents: ["A", "B", "C", "D"].map((a) => ({ agent_id: a, username: a.toLowerCase(), disabled: false })),
    teams: [
      { team_id: "T1", name: "First line" },
      { team_id: "T2", name: "Second line" },
    ],
    conversations: [
      conv("c1", "camp", "2026-03-02 09:00:00"),
      conv("c2", "camp", "2026-03-10 14:00:00"),
      conv("c3", "camp", "2026-03-16 09:00:00"),
      conv("c4", "biz", "2026-04-03 14:00:00"),
      conv("c5", "biz", "2026-03-27 15:00:00"),
    ],
    assignments: [
      asg("a1", "c1", 1, "A", "T1", "2026-03-02 09:05:00"),
      asg("a3", "c3", 1, "A", "T1", "2026-03-16 09:01:00"),
      asg("a4", "c3", 2, "B", "T2", "2026-03-16 09:20:00"),
    ],
    conversation_events: [
      ...events("c1", "camp", [
        [1, "opened", "2026-03-02 09:00:00", "customer", null],
        [2, "resolved", "2026-03-02 10:00:00", "agent", "A"],
        [3, "reopened", "2026-03-03 08:00:00", "customer", null],
        [4, "resolved", "2026-03-03 08:30:00", "agent", "B"],
      ]),
      ...events("c2", "camp", [
        [1, "opened", "2026-03-10 14:00:00", "customer", null],
        [2, "resolved", "2026-03-10 15:30:00", "agent", "C"],
      ]),
      ...events("c3", "camp", [
        [1, "opened", "2026-03-16 09:00:00", "customer", null],
        [2, "resolved", "2026-03-16 10:00:00", "system", null],
      ]),
      ...events("c4", "biz", [
        [1, "opened", "2026-04-03 14:00:00", "customer", null],
        [2, "resolved", "2026-04-07 08:00:00", "agent", "D"],
      ]),
      ...events("c5", "biz", [
        [1, "opened", "2026-03-27 15:00:00", "customer", null],
        [2, "resolved", "2026-03-30 08:00:00", "agent", "D"],
      ]),
    ],
    conversation_labels: [
      { conversation_id: "c1", label: "billing" },
      { conversation_id: "c1", label: "vip" },
      { conversation_id: "c3", label: "billing" },
    ],
    business_hours: [1, 2, 3, 4, 5].map((weekday) => ({
      campaign_id: "biz",
      weekday,
      opens: "09:00",
      closes: "17:00",
      timezone: "Europe/Amsterdam",
    })),
    business_holidays: [{ campaign_id: "biz", date: "2026-04-06", name: "Easter Monday" }],
  });
});
afterAll(() => g?.close());

const values = (t: TableResult) =>
  Object.fromEntries(
    t.rows.map((r) => [
      r.key ?? "(none)",
      [r.values.resolutions, r.values.resolution_time, r.values.resolution_time_business],
    ]),
  );

describe("a conversation resolved, reopened and resolved again", () => {
  const DAYS = { ...MARCH, from: "2026-03-02", to: "2026-03-03" };
  it("counts two resolutions, one conversation resolved and one reopen (50 %)", async () => {
    const res = await g.kpi("lifecycle.resolutions", DAYS);
    expect(res.value).toBe(2);
    expect(res.breakdown).toEqual([
      { date: "2026-03-02", total: 1 },
      { date: "2026-03-03", total: 1 },
    ]);
    const unique = await g.kpi("lifecycle.conversations_resolved", DAYS);
    expect(unique.value).toBe(1);
    expect(unique.breakdown.map((b) => b.total)).toEqual([1, 1]);
    expect((await g.kpi("lifecycle.reopen_rate", DAYS)).value).toBe(50);
    const counts = await g.timeseries("lifecycle.reopens", DAYS);
    expect(counts.series.map((s) => [s.measureId, s.points.map((p) => p.value)])).toEqual([
      ["reopen_rate", [0, 100]],
      ["reopens", [0, 1]],
      ["resolutions", [1, 1]],
    ]);
  });

  it("times the re-resolution from the reopen: 3600 s and 1800 s, mean and median 2700 s", async () => {
    const t = await g.kpi("lifecycle.resolution_time", DAYS);
    expect(t.value).toBe(2700);
    expect(t.stats?.median).toBe(2700);
    expect(t.breakdown).toEqual([
      { date: "2026-03-02", total: 3600, count: 1 },
      { date: "2026-03-03", total: 1800, count: 1 },
    ]);
    const daily = await g.timeseries("lifecycle.resolution_time_daily", DAYS);
    expect(daily.series.map((s) => s.points.map((p) => p.value))).toEqual([
      [3600, 1800],
      [1, 1],
    ]);
  });
});

describe("a resolve on the other side of midnight in a +09:00 zone", () => {
  it("lands on the next local day in Asia/Tokyo, the same day in UTC", async () => {
    const tokyo = await g.kpi("lifecycle.resolutions", {
      from: "2026-03-10",
      to: "2026-03-11",
      timezone: "Asia/Tokyo",
      compare: "none",
    });
    expect(tokyo.breakdown).toEqual([
      { date: "2026-03-10", total: 0 },
      { date: "2026-03-11", total: 1 },
    ]);
    const utcDays = await g.kpi("lifecycle.resolutions", { ...MARCH, from: "2026-03-10", to: "2026-03-11" });
    expect(utcDays.breakdown.map((b) => b.total)).toEqual([1, 0]);
  });
});

describe("a transfer between teams", () => {
  it("counts the resolve for the receiving team and the agent holding it (B, T2)", async () => {
    const day = { ...MARCH, from: "2026-03-16", to: "2026-03-16" };
    expect(values(await g.table("lifecycle.resolution_time_by_team", day))).toEqual({ T2: [1, 3600, null] });
    const agents = values(await g.table("lifecycle.resolution_time_by_agent", day));
    expect(agents.b).toBeUndefined(); // keys are agent ids
    expect(agents.B).toEqual([1, 3600, null]);
    expect(agents.A).toEqual([0, null, null]);
    const byTeam = async (team: string) =>
      (await g.kpi("lifecycle.resolutions", { ...day, filters: { team: [team] } })).value;
    expect([await byTeam("T1"), await byTeam("T2")]).toEqual([0, 1]);
    // On conversations, a team filter keeps those with an assignment to the team: c3 passes both.
    const conversations = async (team: string) =>
      (await g.kpi("engagement.conversations", { ...day, filters: { team: [team] } })).value;
    expect([await conversations("T1"), await conversations("T2"), await conversations("T9")]).toEqual([1, 1, 0]);
  });
});

describe("per agent, team and label over 1-20 March", () => {
  it("lists every roster agent (D idle with 0), the assignee at the resolve, else the resolver", async () => {
    const t = await g.table("lifecycle.resolution_time_by_agent", MARCH);
    expect(values(t)).toEqual({
      A: [2, 2700, null],
      B: [1, 3600, null],
      C: [1, 5400, null],
      D: [0, null, null],
    });
  });
  it("per team, with the resolve without a team apart", async () => {
    expect(values(await g.table("lifecycle.resolution_time_by_team", MARCH))).toEqual({
      T1: [2, 2700, null],
      T2: [1, 3600, null],
      "(none)": [1, 5400, null],
    });
  });
  it("per label, a conversation with two labels under each", async () => {
    expect(values(await g.table("lifecycle.resolution_time_by_label", MARCH))).toEqual({
      billing: [3, 3000, null],
      vip: [2, 2700, null],
    });
    const byLabel = async (label: string) =>
      (await g.kpi("lifecycle.resolutions", { ...MARCH, filters: { label: [label] } })).value;
    expect([await byLabel("vip"), await byLabel("billing"), await byLabel("none")]).toEqual([2, 3, 0]);
  });
});

describe("business-hours resolution time across a weekend and a holiday", () => {
  const APRIL = { from: "2026-04-03", to: "2026-04-07", timezone: "Europe/Amsterdam", compare: "none" };
  it("counts Friday 16-17 and Tuesday 9-10 only: 7200 s of 324000 s elapsed", async () => {
    const business = (await g.run("lifecycle.resolution_time_business", APRIL)) as KpiResult;
    expect(business.value).toBe(7200);
    expect((await g.kpi("lifecycle.resolution_time", APRIL)).value).toBe(324000);
  });
  it("across the start of summer time: 7200 business seconds of 234000 s (a 23-hour Sunday)", async () => {
    const DST = { from: "2026-03-30", to: "2026-03-30", timezone: "Europe/Amsterdam", compare: "none" };
    expect((await g.kpi("lifecycle.resolution_time_business", DST)).value).toBe(7200);
    expect((await g.kpi("lifecycle.resolution_time", DST)).value).toBe(234000);
  });
  it("excludes campaigns without a schedule (no value on 1-20 March)", async () => {
    expect((await g.kpi("lifecycle.resolution_time_business", MARCH)).value).toBeNull();
    expect((await g.kpi("lifecycle.resolution_time", MARCH)).value).not.toBeNull();
  });
});
