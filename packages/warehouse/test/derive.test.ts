import { describe, expect, it } from "vitest";
import { type CanonicalRow, deriveColumns, upsertRows, Warehouse } from "../src/index";

const t = (s: string) => new Date(`${s}Z`);
const conversation = (id: string, extra: CanonicalRow = {}): CanonicalRow => ({
  conversation_id: id,
  source: "t",
  import_id: "i",
  campaign_id: "k",
  contact_id: `contact-${id}`,
  started_at: t("2026-03-01T10:00:00"),
  channel: "chat",
  ...extra,
});
const assignment = (id: string, conversation: string, missed: boolean): CanonicalRow => ({
  assignment_id: id,
  source: "t",
  import_id: "i",
  conversation_id: conversation,
  seq: 1,
  assigned_at: t("2026-03-01T10:01:00"),
  missed,
});
const message = (id: string, conversation: string): CanonicalRow => ({
  message_id: id,
  source: "t",
  import_id: "i",
  conversation_id: conversation,
  seq: 1,
  sent_at: t("2026-03-01T10:02:00"),
  sender: "contact",
});

/** Writes rows per table in one transaction and derives what they change, as an import does. */
const writer = (wh: Warehouse) => (rows: Record<string, CanonicalRow[]>) =>
  wh.transaction(async (tx) => {
    for (const [table, list] of Object.entries(rows)) await upsertRows(tx, table as "messages", list);
    await deriveColumns(tx, Object.fromEntries(Object.entries(rows).map(([k, v]) => [k, v.length])), "i");
  });

describe("deriveColumns", () => {
  it("sets assigned/served on conversations and conversation_assigned on messages from the assignments as they are", async () => {
    const wh = await Warehouse.open(":memory:");
    const write = writer(wh);
    // c1: one missed assignment; c2: a missed one then a transfer picked up; c3: none, but the
    // file claims assigned (a derived column's file value is replaced).
    await write({
      conversations: [conversation("c1"), conversation("c2"), conversation("c3", { assigned: true, served: true })],
      assignments: [assignment("a1", "c1", true), assignment("a2", "c2", true), assignment("a3", "c2", false)],
      messages: [message("m1", "c1"), message("m2", "c2"), message("m3", "c3")],
    });
    const flags = () =>
      wh.query(
        "SELECT c.conversation_id AS id, c.assigned, c.served, m.conversation_assigned AS message FROM conversations c JOIN messages m USING (conversation_id) ORDER BY id",
      );
    expect(await flags()).toEqual([
      { id: "c1", assigned: true, served: false, message: true },
      { id: "c2", assigned: true, served: true, message: true },
      { id: "c3", assigned: null, served: null, message: null },
    ]);
    // A later export says c1's assignment was picked up after all; c3 gets its first assignment.
    await write({ assignments: [assignment("a1", "c1", false), assignment("a4", "c3", true)] });
    expect(await flags()).toEqual([
      { id: "c1", assigned: true, served: true, message: true },
      { id: "c2", assigned: true, served: true, message: true },
      { id: "c3", assigned: true, served: false, message: true },
    ]);
    await wh.close();
  });

  it("keeps the per-entity quarter-hour summaries in step with imports in any order", async () => {
    const wh = await Warehouse.open(":memory:");
    const write = writer(wh);
    const at = (id: string, conversation: string, time: string, sender: string): CanonicalRow => ({
      ...message(id, conversation),
      sent_at: t(`2026-03-01T${time}`),
      sender,
    });
    const rows = (table: string) => wh.query(`SELECT * FROM ${table} ORDER BY ALL`);
    // Messages first, their contacts unknown: c1 at 10:02 (contact) and 10:20 (bot), c2 at 11:00.
    await write({
      messages: [
        at("m1", "c1", "10:02:00", "contact"),
        at("m2", "c1", "10:20:00", "bot"),
        at("m3", "c2", "11:00:00", "contact"),
      ],
    });
    expect(await rows("conversation_quarters")).toEqual([
      { conversation_id: "c1", quarter_start: "2026-03-01T10:00:00.000Z", previous_quarter: null, messages: 1 },
      {
        conversation_id: "c1",
        quarter_start: "2026-03-01T10:15:00.000Z",
        previous_quarter: "2026-03-01T10:00:00.000Z",
        messages: 1,
      },
      { conversation_id: "c2", quarter_start: "2026-03-01T11:00:00.000Z", previous_quarter: null, messages: 1 },
    ]);
    expect(await rows("contact_message_quarters")).toEqual([]);
    // The conversations give both the contact u1: its messages now count, and its conversation starts.
    await write({
      conversations: [
        conversation("c1", { contact_id: "u1", started_at: t("2026-03-01T10:00:00") }),
        conversation("c2", { contact_id: "u1", started_at: t("2026-03-01T10:50:00") }),
      ],
    });
    expect(await rows("contact_message_quarters")).toEqual([
      { contact_id: "u1", quarter_start: "2026-03-01T10:00:00.000Z", previous_quarter: null },
      { contact_id: "u1", quarter_start: "2026-03-01T11:00:00.000Z", previous_quarter: "2026-03-01T10:00:00.000Z" },
    ]);
    const starts = (served: [number, number], previousServed: string | null) => [
      {
        contact_id: "u1",
        quarter_start: "2026-03-01T10:00:00.000Z",
        previous_quarter: null,
        conversations: 1,
        served_conversations: served[0],
        previous_served_quarter: null,
      },
      {
        contact_id: "u1",
        quarter_start: "2026-03-01T10:45:00.000Z",
        previous_quarter: "2026-03-01T10:00:00.000Z",
        conversations: 1,
        served_conversations: served[1],
        previous_served_quarter: previousServed,
      },
    ];
    expect(await rows("contact_conversation_quarters")).toEqual(starts([0, 0], null));
    // c2 is picked up: its quarter-hour is served, with no served one before it; then c1 is too.
    await write({ assignments: [assignment("a1", "c2", false)] });
    expect(await rows("contact_conversation_quarters")).toEqual(starts([0, 1], null));
    await write({ assignments: [assignment("a2", "c1", false)] });
    expect(await rows("contact_conversation_quarters")).toEqual(starts([1, 1], "2026-03-01T10:00:00.000Z"));
    await wh.close();
  });

  it("sums each call's quality-check results into call_quality, again for the calls a later import touches", async () => {
    const wh = await Warehouse.open(":memory:");
    const write = (importId: string, rows: Record<string, CanonicalRow[]>) =>
      wh.transaction(async (tx) => {
        for (const [table, list] of Object.entries(rows)) {
          await upsertRows(
            tx,
            table as "calls",
            list.map((r) => ({ source: "t", import_id: importId, ...r })),
          );
        }
        await deriveColumns(tx, Object.fromEntries(Object.entries(rows).map(([k, v]) => [k, v.length])), importId);
      });
    const call = (id: string, agent: string): CanonicalRow => ({
      call_id: id,
      campaign_id: "k",
      agent_id: agent,
      started_at: t("2026-03-01T10:00:00"),
      answered: true,
      abandoned: false,
    });
    const result = (callId: string, check: string, passed: boolean, score: number | null): CanonicalRow => ({
      call_id: callId,
      check_id: check,
      passed,
      score,
    });
    // Results first (their call unknown yet), then the calls: the summary follows both imports.
    await write("i1", {
      call_check_results: [result("k1", "a", true, 90), result("k1", "b", false, 40), result("k1", "c", true, null)],
    });
    await write("i2", { calls: [call("k1", "ann"), call("k2", "bob")] });
    await write("i3", { call_check_results: [result("k2", "a", false, null)] });
    const summary = () =>
      wh.query(
        "SELECT call_id, call_started_at, agent_id, results, passed, scored, score_sum FROM call_quality ORDER BY 1",
      );
    // k1: 3 results, 2 passed, 2 scored (90 + 40 = 130); k2: 1 result, none passed, none scored.
    expect(await summary()).toEqual([
      {
        call_id: "k1",
        call_started_at: "2026-03-01T10:00:00.000Z",
        agent_id: "ann",
        results: 3,
        passed: 2,
        scored: 2,
        score_sum: 130,
      },
      {
        call_id: "k2",
        call_started_at: "2026-03-01T10:00:00.000Z",
        agent_id: "bob",
        results: 1,
        passed: 0,
        scored: 0,
        score_sum: null,
      },
    ]);
    // A re-run of check b on k1 now passes with 70: k1 becomes 3 passed, 90 + 70 = 160.
    await write("i4", { call_check_results: [result("k1", "b", true, 70)] });
    expect((await summary())[0]).toMatchObject({ call_id: "k1", passed: 3, scored: 2, score_sum: 160 });
    await wh.close();
  });
});
