import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { migrations, Warehouse } from "../src/index";

const dir = mkdtempSync(join(tmpdir(), "tl-derive-migration-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("migration 13", () => {
  it("re-creates the per-entity summaries with their entity, and rebuilds every summary, from the rows an older file holds", async () => {
    const path = join(dir, "v12.duckdb");
    const old = await Warehouse.open(path, { migrations: migrations.filter((m) => m.version < 13) });
    await old.run(`INSERT INTO conversations (conversation_id, source, import_id, campaign_id, contact_id, started_at, channel, served)
      VALUES ('c1', 's', 'i', 'k', 'u1', '2026-03-01 10:05:00', 'chat', true), ('c2', 's', 'i', 'k', 'u1', '2026-03-01 12:40:00', 'chat', NULL)`);
    // m3 was sent 30 seconds before 1970: its minute is 1969-12-31 23:59 and its quarter-hour 23:45.
    await old.run(`INSERT INTO messages (message_id, source, import_id, conversation_id, seq, sent_at, sender, contact_id)
      VALUES ('m1', 's', 'i', 'c1', 1, '2026-03-01 10:06:00', 'contact', 'u1'), ('m2', 's', 'i', 'c1', 2, '2026-03-01 10:31:00', 'bot', NULL),
             ('m3', 's', 'i', 'c2', 1, '1969-12-31 23:59:30', 'contact', 'u1')`);
    await old.run(`INSERT INTO call_check_results (call_id, check_id, source, import_id, passed, score, call_started_at)
      VALUES ('k1', 'q1', 's', 'i', true, 95, '1969-12-31 23:50:00'), ('k2', 'q1', 's', 'i', false, 40, '2026-03-01 10:14:59')`);
    // The summaries as an older version left them: no entity, and the 1969 instants filed under 1970.
    await old.run("INSERT INTO conversation_quarters VALUES ('1970-01-01 00:00:00', NULL, 1)");
    await old.run("INSERT INTO message_minutes VALUES ('1970-01-01 00:00:00', 1, 1, 0, 0, 0)");
    await old.close();

    const now = await Warehouse.open(path);
    expect(await now.query("SELECT * FROM conversation_quarters ORDER BY ALL")).toEqual([
      { conversation_id: "c1", quarter_start: "2026-03-01T10:00:00.000Z", previous_quarter: null, messages: 1 },
      {
        conversation_id: "c1",
        quarter_start: "2026-03-01T10:30:00.000Z",
        previous_quarter: "2026-03-01T10:00:00.000Z",
        messages: 1,
      },
      { conversation_id: "c2", quarter_start: "1969-12-31T23:45:00.000Z", previous_quarter: null, messages: 1 },
    ]);
    expect(await now.query("SELECT * FROM contact_message_quarters ORDER BY ALL")).toEqual([
      { contact_id: "u1", quarter_start: "1969-12-31T23:45:00.000Z", previous_quarter: null },
      { contact_id: "u1", quarter_start: "2026-03-01T10:00:00.000Z", previous_quarter: "1969-12-31T23:45:00.000Z" },
    ]);
    expect(await now.query("SELECT * FROM contact_conversation_quarters ORDER BY ALL")).toEqual([
      {
        contact_id: "u1",
        quarter_start: "2026-03-01T10:00:00.000Z",
        previous_quarter: null,
        conversations: 1,
        served_conversations: 1,
        previous_served_quarter: null,
      },
      {
        contact_id: "u1",
        quarter_start: "2026-03-01T12:30:00.000Z",
        previous_quarter: "2026-03-01T10:00:00.000Z",
        conversations: 1,
        served_conversations: 0,
        previous_served_quarter: "2026-03-01T10:00:00.000Z",
      },
    ]);
    expect(
      await now.query(
        "SELECT minute_start, messages, contact_messages, bot_messages FROM message_minutes ORDER BY ALL",
      ),
    ).toEqual([
      { minute_start: "1969-12-31T23:59:00.000Z", messages: 1, contact_messages: 1, bot_messages: 0 },
      { minute_start: "2026-03-01T10:06:00.000Z", messages: 1, contact_messages: 1, bot_messages: 0 },
      { minute_start: "2026-03-01T10:31:00.000Z", messages: 1, contact_messages: 0, bot_messages: 1 },
    ]);
    expect(
      await now.query("SELECT check_id, quarter_start, score_floor, results FROM check_quality ORDER BY ALL"),
    ).toEqual([
      { check_id: "q1", quarter_start: "1969-12-31T23:45:00.000Z", score_floor: 90, results: 1 },
      { check_id: "q1", quarter_start: "2026-03-01T10:00:00.000Z", score_floor: 0, results: 1 },
    ]);
    await now.close();
  });
});
