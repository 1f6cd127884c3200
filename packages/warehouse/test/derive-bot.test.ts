/**
 * The derived table conversation_bot (derive-bot.ts, issue 16) kept up to date by the import path
 * equals, after every step of random small imports, replacements by key and deletions of events,
 * messages and conversations: an oracle in independent SQL (correlated subqueries, written here),
 * and a twin warehouse that rebuilds it whole. Migration 27 fills it from an older file's rows.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  type CanonicalRow,
  deleteRows,
  deriveColumns,
  rebuildDerived,
  refreshDerived,
  upsertRows,
  Warehouse,
} from "../src/index";
import { migrations } from "../src/migrations";

/** A deterministic PRNG (mulberry32). */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)] as T;
  return { next, int, pick };
}
type Rng = ReturnType<typeof prng>;

type Table = "conversations" | "conversation_events" | "messages";
const CONVERSATIONS = 10;
const at = (r: Rng) => new Date(Date.UTC(2026, 11, 1) + r.int(3 * 86_400) * 1000);

function row(r: Rng, table: Table, importId: string): CanonicalRow {
  const base = { source: "t", import_id: importId };
  const c = `c${r.int(CONVERSATIONS)}`;
  switch (table) {
    case "conversations":
      return { ...base, conversation_id: c, campaign_id: r.pick(["k1", "k2"]), started_at: at(r), channel: "chat" };
    case "conversation_events": {
      const seq = 1 + r.int(4);
      return {
        ...base,
        conversation_id: c,
        seq,
        event:
          seq === 1
            ? r.pick(["pending", "pending", "opened"])
            : r.pick(["handoff", "resolved", "resolved", "reopened"]),
        occurred_at: at(r),
        actor_kind: "bot",
        campaign_id: r.next() < 0.5 ? null : r.pick(["k1", "k3"]),
      };
    }
    case "messages":
      return {
        ...base,
        message_id: `m${r.int(20)}`,
        conversation_id: c,
        seq: 1,
        sent_at: at(r),
        sender: r.pick(["agent", "contact", "contact", "bot"]),
        kind: r.pick([null, "message", "private", "template", "private"]),
      };
  }
}

const TABLES: readonly Table[] = ["conversations", "conversation_events", "messages"];

/** conversation_bot as the oracle computes it from the facts, written apart from derive-bot.ts. */
const ORACLE = `
WITH ids AS (SELECT DISTINCT conversation_id AS id FROM conversation_events),
x AS (
  SELECT id,
    (SELECT e.event FROM conversation_events AS e WHERE e.conversation_id = id ORDER BY e.seq LIMIT 1) AS first_event,
    (SELECT e.occurred_at FROM conversation_events AS e WHERE e.conversation_id = id ORDER BY e.seq LIMIT 1) AS began,
    (SELECT e.campaign_id FROM conversation_events AS e WHERE e.conversation_id = id AND e.campaign_id IS NOT NULL ORDER BY e.seq LIMIT 1) AS ev_campaign,
    (SELECT min(e.occurred_at) FROM conversation_events AS e WHERE e.conversation_id = id AND e.event = 'handoff') AS handoff,
    (SELECT min(e.occurred_at) FROM conversation_events AS e WHERE e.conversation_id = id AND e.event = 'resolved') AS resolved,
    EXISTS (SELECT 1 FROM messages AS m WHERE m.conversation_id = id AND m.sender = 'agent' AND (m.kind IS NULL OR m.kind = 'message')) AS human
  FROM ids
)
SELECT id, coalesce(ev_campaign, (SELECT c.campaign_id FROM conversations AS c WHERE c.conversation_id = id)), began, handoff, resolved,
  CASE WHEN first_event = 'pending' AND handoff IS NULL AND NOT human THEN resolved END
FROM x WHERE first_event = 'pending' OR handoff IS NOT NULL`;

const STORED =
  "SELECT conversation_id, campaign_id, began_at, handoff_at, resolved_at, bot_resolved_at FROM conversation_bot";

async function differences(wh: Warehouse): Promise<unknown[]> {
  return wh.query(`WITH a AS (${STORED}), e AS (${ORACLE})
    SELECT 'extra' AS side, * FROM (FROM a EXCEPT ALL FROM e) UNION ALL SELECT 'missing', * FROM (FROM e EXCEPT ALL FROM a)`);
}

const keyOf: Record<Table, string> = {
  conversations: "t.conversation_id = $1",
  conversation_events: "t.conversation_id = $1",
  messages: "t.message_id = $1",
};

describe("conversation_bot", () => {
  for (const seed of [12, 13]) {
    it(`equals the oracle and a whole rebuild after every small import, replacement and deletion (seed ${seed})`, async () => {
      const r = prng(seed);
      const incremental = await Warehouse.open(":memory:");
      const whole = await Warehouse.open(":memory:");
      let botResolved = 0;
      try {
        for (let i = 0; i < 14; i++) {
          const importId = `i${i}`;
          const write: Partial<Record<Table, CanonicalRow[]>> = {};
          for (const t of TABLES)
            if (i < 2 || r.next() < 0.5)
              write[t] = Array.from({ length: i < 2 ? 12 : 1 + r.int(4) }, () => row(r, t, importId));
          const deletion =
            i >= 2 && r.next() < 0.4
              ? r.next() < 0.5
                ? { table: r.pick(TABLES), rows: "WHERE t.import_id = $1", params: [`i${r.int(i)}`] }
                : (() => {
                    const table = r.pick(TABLES);
                    const id = table === "messages" ? `m${r.int(20)}` : `c${r.int(CONVERSATIONS)}`;
                    return { table, rows: `WHERE ${keyOf[table]}`, params: [id] };
                  })()
              : null;
          for (const [wh, isWhole] of [
            [incremental, false],
            [whole, true],
          ] as const) {
            await wh.transaction(async (tx) => {
              if (deletion) await deleteRows(tx, deletion.table, deletion.rows, deletion.params);
              const written: Record<string, number> = {};
              for (const [t, rows] of Object.entries(write) as [Table, CanonicalRow[]][])
                written[t] = await upsertRows(tx, t, rows);
              if (isWhole) await rebuildDerived(tx);
              else if (Object.keys(written).length) await deriveColumns(tx, written, importId);
              else await refreshDerived(tx);
            });
          }
          const where = `seed ${seed}, step ${i}`;
          expect({ where, d: await differences(incremental) }).toEqual({ where, d: [] });
          expect({ where, rows: await incremental.query(`${STORED} ORDER BY ALL`) }).toEqual({
            where,
            rows: await whole.query(`${STORED} ORDER BY ALL`),
          });
          const [n] = await incremental.query<{ n: number }>(
            "SELECT count(*) AS n FROM conversation_bot WHERE bot_resolved_at IS NOT NULL",
          );
          botResolved += n?.n ?? 0;
        }
      } finally {
        await incremental.close();
        await whole.close();
      }
      // The sequence reaches bot resolutions (a comparison of empty tables proves nothing).
      expect(botResolved).toBeGreaterThan(2);
    }, 60_000);
  }
});

describe("conversation_bot follows each change of one conversation", () => {
  it("an agent message written, moved away by a replacement, and its events deleted", async () => {
    const wh = await Warehouse.open(":memory:");
    const step = async (
      importId: string,
      rows: Partial<Record<Table, CanonicalRow[]>>,
      del?: [Table, string, string],
    ) =>
      wh.transaction(async (tx) => {
        if (del) await deleteRows(tx, del[0], `WHERE ${del[1]}`, [del[2]]);
        const written: Record<string, number> = {};
        for (const [t, list] of Object.entries(rows) as [Table, CanonicalRow[]][])
          written[t] = await upsertRows(
            tx,
            t,
            list.map((x) => ({ source: "t", import_id: importId, ...x })),
          );
        if (Object.keys(written).length) await deriveColumns(tx, written, importId);
        else await refreshDerived(tx);
      });
    const botResolved = async () =>
      (
        await wh.query<{ id: string }>(
          "SELECT conversation_id AS id FROM conversation_bot WHERE bot_resolved_at IS NOT NULL ORDER BY 1",
        )
      ).map((x) => x.id);
    const ev = (c: string, seq: number, event: string, t: string): CanonicalRow => ({
      conversation_id: c,
      seq,
      event,
      occurred_at: new Date(`2026-12-01T${t}Z`),
      actor_kind: "bot",
    });
    const agentMsg = (c: string): CanonicalRow => ({
      message_id: "m1",
      conversation_id: c,
      seq: 1,
      sent_at: new Date("2026-12-01T09:03:00Z"),
      sender: "agent",
      kind: "message",
    });
    try {
      await step("e", {
        conversation_events: [
          ev("c1", 1, "pending", "09:00:00"),
          ev("c1", 2, "resolved", "09:05:00"),
          ev("c2", 1, "pending", "09:00:00"),
          ev("c2", 2, "resolved", "09:06:00"),
        ],
      });
      expect(await botResolved()).toEqual(["c1", "c2"]);
      await step("m", { messages: [agentMsg("c1")] }); // a person wrote to c1
      expect(await botResolved()).toEqual(["c2"]);
      await step("m2", { messages: [agentMsg("c2")] }); // the same message key now belongs to c2
      expect(await botResolved()).toEqual(["c1"]);
      await step("d", {}, ["messages", "t.message_id = $1", "m1"]); // deleted: both are the bot's again
      expect(await botResolved()).toEqual(["c1", "c2"]);
      await step("d2", {}, ["conversation_events", "t.conversation_id = $1", "c1"]); // c1 has no events left
      expect(await botResolved()).toEqual(["c2"]);
    } finally {
      await wh.close();
    }
  });
});

describe("migration 27", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "tl-bot-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("creates conversation_bot in a version-24 file and fills it from the events and messages already there", async () => {
    const path = join(dir, "v24.duckdb");
    const v24 = await Warehouse.open(path, { migrations: migrations.filter((m) => m.version <= 24) });
    await v24.run(`INSERT INTO conversation_events (conversation_id, seq, source, import_id, event, occurred_at, actor_kind, campaign_id) VALUES
      ('c1', 1, 's', 'i', 'pending', '2026-12-01 09:00:00', 'bot', 'k1'), ('c1', 2, 's', 'i', 'resolved', '2026-12-01 09:05:00', 'bot', 'k1'),
      ('c2', 1, 's', 'i', 'pending', '2026-12-01 10:00:00', 'bot', 'k1'), ('c2', 2, 's', 'i', 'resolved', '2026-12-01 10:05:00', 'agent', 'k1'),
      ('c3', 1, 's', 'i', 'opened', '2026-12-01 11:00:00', 'customer', 'k1')`);
    await v24.run(`INSERT INTO messages (message_id, source, import_id, conversation_id, seq, sent_at, sender, kind)
      VALUES ('m1', 's', 'i', 'c2', 1, '2026-12-01 10:01:00', 'agent', 'message')`);
    const tables = async (wh: Warehouse) =>
      (await wh.query<{ t: string }>("SELECT table_name AS t FROM duckdb_tables()")).map((x) => x.t);
    expect(await tables(v24)).not.toContain("conversation_bot");
    await v24.close();
    const now = await Warehouse.open(path);
    // c1 the bot resolved; c2 an agent wrote to; c3 began with a person (no row).
    expect(await now.query(`${STORED} ORDER BY conversation_id`)).toEqual([
      {
        conversation_id: "c1",
        campaign_id: "k1",
        began_at: "2026-12-01T09:00:00.000Z",
        handoff_at: null,
        resolved_at: "2026-12-01T09:05:00.000Z",
        bot_resolved_at: "2026-12-01T09:05:00.000Z",
      },
      {
        conversation_id: "c2",
        campaign_id: "k1",
        began_at: "2026-12-01T10:00:00.000Z",
        handoff_at: null,
        resolved_at: "2026-12-01T10:05:00.000Z",
        bot_resolved_at: null,
      },
    ]);
    expect(await now.query("SELECT max(version) AS v FROM schema_migrations")).toEqual([
      { v: migrations.at(-1)?.version },
    ]);
    await now.close();
  });
});
