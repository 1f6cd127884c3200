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

describe("deriveColumns", () => {
  it("sets assigned/served on conversations and conversation_assigned on messages from the assignments as they are", async () => {
    const wh = await Warehouse.open(":memory:");
    const write = (rows: Record<string, CanonicalRow[]>) =>
      wh.transaction(async (tx) => {
        for (const [table, list] of Object.entries(rows)) await upsertRows(tx, table as "messages", list);
        await deriveColumns(tx, Object.fromEntries(Object.entries(rows).map(([k, v]) => [k, v.length])));
      });
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
});
