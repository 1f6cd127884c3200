/**
 * The derived table `replies` (derive-replies.ts): migration 26 fills it from the rows an older file
 * holds; imports keep it up to date (a customer message and its reply in separate imports, a deleted
 * reply, business hours that arrive after the messages) with the same rows as a whole rebuild.
 * Waits worked out by hand in each test.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { deleteRows, deriveColumns, migrations, rebuildDerived, type Transaction, Warehouse } from "../src/index";

const dir = mkdtempSync(join(tmpdir(), "tl-replies-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const conversation = (id: string, campaign: string, at: string) =>
  `INSERT INTO conversations (conversation_id, source, import_id, campaign_id, started_at, channel) VALUES ('${id}', 's', 'i', '${campaign}', '${at}', 'chat')`;
const message = (id: string, conv: string, seq: number, at: string, sender: string, importId = "i", kind = "NULL") =>
  `INSERT INTO messages (message_id, source, import_id, conversation_id, seq, sent_at, sender, agent_id, kind)
   VALUES ('${id}', 's', '${importId}', '${conv}', ${seq}, '${at}', '${sender}', ${sender === "agent" ? "'a1'" : "NULL"}, ${kind})`;
const rows = (wh: Warehouse) =>
  wh.query("SELECT message_id, seconds, business_seconds, is_first FROM replies ORDER BY replied_at");

describe("migration 26", () => {
  it("creates replies on a version-24 file and fills it from its messages", async () => {
    const path = join(dir, "v24.duckdb");
    const old = await Warehouse.open(path, { migrations: migrations.filter((m) => m.version <= 24) });
    await old.run(conversation("c1", "k", "2026-03-02 09:00:00"));
    // Customer at 09:00, a template at 09:01 (no reply), the agent at 09:04 (240 s), customer 09:10,
    // agent 09:12 (120 s).
    await old.run(message("m1", "c1", 1, "2026-03-02 09:00:00", "contact"));
    await old.run(message("m2", "c1", 2, "2026-03-02 09:01:00", "agent", "i", "'template'"));
    await old.run(message("m3", "c1", 3, "2026-03-02 09:04:00", "agent"));
    await old.run(message("m4", "c1", 4, "2026-03-02 09:10:00", "contact"));
    await old.run(message("m5", "c1", 5, "2026-03-02 09:12:00", "agent"));
    await old.close();
    const now = await Warehouse.open(path);
    expect(await rows(now)).toEqual([
      { message_id: "m3", seconds: 240, business_seconds: null, is_first: true },
      { message_id: "m5", seconds: 120, business_seconds: null, is_first: false },
    ]);
    await now.close();
  });
});

describe("upkeep inside imports", () => {
  it("a reply in a later import, a deleted reply and business hours arriving later: each time equal to a whole rebuild", async () => {
    const wh = await Warehouse.open(join(dir, "upkeep.duckdb"));
    const whole = async () => {
      const before = await rows(wh);
      await wh.transaction((tx) => rebuildDerived(tx));
      expect(await rows(wh)).toEqual(before);
      return before;
    };
    const step = (importId: string, sql: string[], written: Record<string, number>) =>
      wh.transaction(async (tx: Transaction) => {
        for (const s of sql) await tx.run(s);
        await deriveColumns(tx, written, importId);
      });
    // Monday 2 March 2026: the customer writes at 16:30 local (15:30 UTC, CET).
    await step(
      "i1",
      [conversation("c1", "k", "2026-03-02 15:30:00"), message("m1", "c1", 1, "2026-03-02 15:30:00", "contact", "i1")],
      {
        conversations: 1,
        messages: 1,
      },
    );
    expect(await whole()).toEqual([]);
    // The reply on Tuesday 08:00 UTC (09:00 local): 16.5 h = 59,400 s; no schedule yet.
    await step("i2", [message("m2", "c1", 2, "2026-03-03 08:00:00", "agent", "i2")], { messages: 1 });
    expect(await whole()).toEqual([{ message_id: "m2", seconds: 59_400, business_seconds: null, is_first: true }]);
    // Business hours Mon-Fri 09:00-17:00 Europe/Amsterdam arrive: 16:30-17:00 and 09:00 = 1,800 s.
    const hours = [1, 2, 3, 4, 5].map(
      (d) =>
        `INSERT INTO business_hours (campaign_id, weekday, opens, source, import_id, closes, timezone) VALUES ('k', ${d}, '09:00', 's', 'i3', '17:00', 'Europe/Amsterdam')`,
    );
    await step("i3", hours, { business_hours: 5 });
    expect(await whole()).toEqual([{ message_id: "m2", seconds: 59_400, business_seconds: 1_800, is_first: true }]);
    // A second agent message before m2 (Tuesday 07:00 UTC) becomes the first response: 15.5 h, 1,800 s
    // of business time (16:30-17:00 only; Tuesday opens at 08:00 UTC); m2 then answers nobody.
    await step("i4", [message("m0", "c1", 3, "2026-03-03 07:00:00", "agent", "i4")], { messages: 1 });
    expect(await whole()).toEqual([{ message_id: "m0", seconds: 55_800, business_seconds: 1_800, is_first: true }]);
    // Deleting it brings m2 back.
    await wh.transaction(async (tx) => {
      await deleteRows(tx, "messages", "WHERE t.message_id = $1", ["m0"]);
      await deriveColumns(tx, {}, "none");
    });
    expect(await whole()).toEqual([{ message_id: "m2", seconds: 59_400, business_seconds: 1_800, is_first: true }]);
    // Deleting the schedule: no business time again.
    await wh.transaction(async (tx) => {
      await deleteRows(tx, "business_hours", "WHERE t.campaign_id = $1", ["k"]);
      await deriveColumns(tx, {}, "none");
    });
    expect(await whole()).toEqual([{ message_id: "m2", seconds: 59_400, business_seconds: null, is_first: true }]);
    await wh.close();
  });
});
