/**
 * Agent rows with no activity (issue 16): per-agent rankings and tables list every agent of the
 * roster (the `agents` rows not disabled; with a campaign filter, those with a fact row in the
 * campaign at any time), an idle one with counts 0 and averages null, not omitted. Hand-made data,
 * figures worked out by hand:
 * - agents A alice, B bob, C carol (idle in the period), D dave (disabled, never listed);
 * - assignments in March 2026 (UTC): A picks up two (camp1), B one (camp2), one missed (camp1);
 *   C had one assignment in camp1 in January (outside the period: roster of camp1, idle now);
 * - calls on 2026-03-10: A answers two (handle 100 s and 300 s), B one (200 s) -> AHT A 200, B 200.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultRegistry, planRecords } from "../src/index";
import { goldenWarehouse, utc } from "./harness";

const Q = { from: "2026-03-01", to: "2026-03-31", timezone: "UTC", compare: "none" };

const asg = (id: string, agent: string | null, campaign: string, at: string, missed = false) => ({
  assignment_id: id,
  conversation_id: `conv-${id}`,
  seq: 1,
  agent_id: agent,
  campaign_id: campaign,
  assigned_at: utc(at),
  accepted_at: missed ? null : utc(at),
  first_response_at: null,
  closed_at: missed ? null : new Date(utc(at).getTime() + 600_000),
  missed,
});
const conv = (id: string, campaign: string, at: Date) => ({
  conversation_id: `conv-${id}`,
  campaign_id: campaign,
  started_at: at,
  channel: "chat",
});
const call = (id: string, agent: string, handle: number) => ({
  call_id: id,
  campaign_id: "calls1",
  started_at: utc("2026-03-10 10:00:00"),
  answered: true,
  abandoned: false,
  wait_secs: 5,
  agent_id: agent,
  handle_secs: handle,
  talk_secs: handle,
});

let g: Awaited<ReturnType<typeof goldenWarehouse>>;
beforeAll(async () => {
  const assignments = [
    asg("1", "A", "camp1", "2026-03-02 09:00:00"),
    asg("2", "A", "camp1", "2026-03-03 09:00:00"),
    asg("3", "B", "camp2", "2026-03-04 09:00:00"),
    asg("4", null, "camp1", "2026-03-05 09:00:00", true),
    asg("5", "C", "camp1", "2026-01-15 09:00:00"),
  ];
  g = await goldenWarehouse({
    agents: [
      { agent_id: "A", username: "alice", disabled: false },
      { agent_id: "B", username: "bob", disabled: false },
      { agent_id: "C", username: "carol", disabled: false },
      { agent_id: "D", username: "dave", disabled: true },
    ],
    campaigns: [
      { campaign_id: "camp1", name: "One", channel: "chat" },
      { campaign_id: "camp2", name: "Two", channel: "chat" },
      { campaign_id: "calls1", name: "Calls", channel: "call" },
    ],
    conversations: assignments.map((a) => conv(a.assignment_id, a.campaign_id, a.assigned_at)),
    assignments,
    calls: [call("k1", "A", 100), call("k2", "A", 300), call("k3", "B", 200)],
  });
}, 60_000);
afterAll(async () => g?.close());

const rowsOf = (r: { rows: { label: string; value: number | null }[] }) => r.rows.map((x) => [x.label, x.value]);

describe("per-agent reports list the roster", () => {
  it("agents.conversations: 3 agents on the roster, carol idle with 0; dave (disabled) not listed", async () => {
    const r = await g.ranking("agents.conversations", Q);
    expect(rowsOf(r)).toEqual([
      ["alice", 2],
      ["bob", 1],
      ["carol", 0],
    ]);
    expect(r.total).toBe(3);
    expect(r.rows[2]?.share).toBe(0);
  });

  it("agents.conversation_time: the idle agent's sum is 0 seconds", async () => {
    const r = await g.ranking("agents.conversation_time", Q);
    expect(rowsOf(r)).toEqual([
      ["alice", 1200],
      ["bob", 600],
      ["carol", 0],
    ]);
  });

  it("calls.agents: an idle agent has 0 calls and no AHT (null, shown —); totals unchanged", async () => {
    const t = await g.table("calls.agents", Q);
    expect(t.rows.map((r) => [r.label, r.values.answered, r.values.aht])).toEqual([
      ["alice", 2, 200],
      ["bob", 1, 200],
      ["carol", 0, null],
    ]);
    expect(t.totals.values).toMatchObject({ answered: 3, aht: 200 });
  });

  it("a campaign filter keeps the agents who ever worked in the campaign (carol in January), not bob", async () => {
    const r = await g.ranking("agents.conversations", { ...Q, filters: { campaign: ["camp1"] } });
    expect(rowsOf(r)).toEqual([
      ["alice", 2],
      ["carol", 0],
    ]);
    const two = await g.ranking("agents.conversations", { ...Q, filters: { campaign: ["camp2"] } });
    expect(rowsOf(two)).toEqual([["bob", 1]]);
  });

  it("an agent filter keeps those agents; another filter (a selection of conversations) lists agents with rows only", async () => {
    const r = await g.ranking("agents.conversations", { ...Q, filters: { agent: ["C", "B"] } });
    expect(rowsOf(r)).toEqual([
      ["bob", 1],
      ["carol", 0],
    ]);
    const chat = await g.ranking("agents.conversations", { ...Q, filters: { channel: ["chat"] } });
    expect(rowsOf(chat)).toEqual([
      ["alice", 2],
      ["bob", 1],
    ]);
  });

  it("the records of an idle agent's row: none, and no error", async () => {
    const def = defaultRegistry().get("agents.conversations");
    const plan = planRecords(def, { query: Q, selector: { key: "C" }, limit: 50 });
    const [count] = await g.wh.query<{ total: number }>(plan.count.sql, plan.count.params);
    expect(Number(count?.total)).toBe(0);
    expect(await g.wh.query(plan.page.sql, plan.page.params)).toEqual([]);
  });
});

describe("without a roster (no agents rows), as before", () => {
  let bare: Awaited<ReturnType<typeof goldenWarehouse>>;
  beforeAll(async () => {
    bare = await goldenWarehouse({ calls: [call("k1", "A", 100), call("k3", "B", 200)] });
  });
  afterAll(async () => bare?.close());

  it("calls.agents lists the agents with calls only", async () => {
    const t = await bare.table("calls.agents", Q);
    expect(t.rows.map((r) => [r.key, r.values.answered])).toEqual([
      ["A", 1],
      ["B", 1],
    ]);
  });
});
