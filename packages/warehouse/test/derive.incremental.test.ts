/**
 * Incremental upkeep of the derived columns and tables (derive.ts) against two references, after
 * every step of long random sequences of small imports, replacements by natural key (through the
 * generic upsert and the canonical adapter's insert-then-replace-older pattern), deletions and
 * in-place changes:
 * - an oracle written here in independent SQL (date_trunc buckets, correlated "previous" subqueries,
 *   flags from EXISTS over assignments), compared with EXCEPT ALL both ways inside the database;
 * - a twin warehouse that goes through the same steps but rebuilds every derived table whole
 *   ({@link rebuildDerived}), compared row by row on every table (facts included: the keys filled
 *   from parents depend on the order rows arrived, and must match the whole rebuild's too).
 * Instants sit on and beside quarter-hour edges (1 ms either side), across both 2026 DST changes of
 * Europe/Amsterdam (01:00 UTC on 29 March and 25 October) and just before 1970.
 */
import { describe, expect, it } from "vitest";
import {
  type CanonicalRow,
  canonicalTables,
  DERIVED_TABLES,
  deleteRows,
  deriveColumns,
  keyList,
  noteChangedRows,
  rebuildDerived,
  refreshDerived,
  sameKey,
  type Transaction,
  upsertRows,
  Warehouse,
} from "../src/index";

type Fact = "conversations" | "messages" | "assignments" | "calls" | "call_check_results";

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
  const maybe = <T>(p: number, value: () => T): T | null => (next() < p ? value() : null);
  return { next, int, pick, maybe };
}
type Rng = ReturnType<typeof prng>;

const Q = 15 * 60_000;
/** Quarter-hour edges around both DST changes, a few ordinary ones, and the epoch. */
const EDGES = [
  "2026-03-29T00:45:00Z",
  "2026-03-29T01:00:00Z",
  "2026-03-29T01:15:00Z",
  "2026-03-29T02:00:00Z",
  "2026-10-25T00:45:00Z",
  "2026-10-25T01:00:00Z",
  "2026-10-25T01:15:00Z",
  "2026-10-25T02:00:00Z",
  "2026-10-26T09:30:00Z",
  "1970-01-01T00:00:00Z",
].map((s) => Date.parse(s));

/** An instant on a quarter-hour edge, 1 ms before or after one, or anywhere within two quarter-hours of one. */
function instant(r: Rng): Date {
  const edge = r.pick(EDGES);
  const offset = r.pick([0, -1, 1, r.int(2 * Q) - Q, r.int(Q), -60_000 * r.int(30)]);
  return new Date(edge + offset);
}

const IDS = {
  conversations: 14,
  messages: 60,
  assignments: 20,
  calls: 8,
  contacts: 5,
  checks: 3,
};

/** A fresh version of the row with key number `n` of `table`: every value drawn again. */
function row(r: Rng, table: Fact, n: number, importId: string): CanonicalRow {
  const base = { source: "t", import_id: importId };
  const conversation = () => `c${r.int(IDS.conversations)}`;
  const contact = () => `u${r.int(IDS.contacts)}`;
  switch (table) {
    case "conversations":
      return {
        ...base,
        conversation_id: `c${n}`,
        campaign_id: r.pick(["k1", "k2"]),
        contact_id: r.maybe(0.8, contact),
        started_at: instant(r),
        channel: "chat",
        // A file's own flags are replaced by the derived ones.
        assigned: r.maybe(0.3, () => true),
        served: r.maybe(0.3, () => r.next() < 0.5),
      };
    case "messages":
      return {
        ...base,
        message_id: `m${n}`,
        conversation_id: conversation(),
        seq: 1 + r.int(9),
        sent_at: r.next() < 0.08 ? null : instant(r),
        sender: r.pick(["contact", "contact", "bot", "agent", "system"]),
        contact_id: r.maybe(0.4, contact),
        campaign_id: r.maybe(0.4, () => r.pick(["k1", "k2"])),
        conversation_assigned: r.maybe(0.2, () => true),
      };
    case "assignments":
      return {
        ...base,
        assignment_id: `a${n}`,
        conversation_id: conversation(),
        seq: 1 + r.int(3),
        assigned_at: instant(r),
        missed: r.next() < 0.4,
        campaign_id: r.maybe(0.3, () => "k9"),
      };
    case "calls":
      return {
        ...base,
        call_id: `k${n}`,
        campaign_id: r.pick(["q1", "q2"]),
        agent_id: r.maybe(0.7, () => `ag${r.int(3)}`),
        started_at: instant(r),
        answered: true,
        abandoned: false,
      };
    case "call_check_results":
      return {
        ...base,
        call_id: `k${n % IDS.calls}`,
        check_id: `q${Math.floor(n / IDS.calls) % IDS.checks}`,
        passed: r.next() < 0.6,
        // Halves only: sums of them are exact in any order.
        score: r.maybe(0.8, () => r.int(201) / 2),
        call_started_at: r.maybe(0.3, () => instant(r)),
        agent_id: r.maybe(0.3, () => "ag-file"),
        campaign_id: r.maybe(0.3, () => "q-file"),
      };
  }
}

const KEYS: Record<Fact, number> = {
  conversations: IDS.conversations,
  messages: IDS.messages,
  assignments: IDS.assignments,
  calls: IDS.calls,
  call_check_results: IDS.calls * IDS.checks,
};
const FACTS = Object.keys(KEYS) as Fact[];

/** One deletion: the rows of `table` matching `rows` (SQL after FROM table AS t), with `params`. */
interface Deletion {
  readonly table: Fact;
  readonly rows: string;
  readonly params: (string | number)[];
}

/** One step, applied in one transaction to both warehouses. */
type Step =
  | { kind: "upsert"; importId: string; rows: Partial<Record<Fact, CanonicalRow[]>>; deletions: Deletion[] }
  | { kind: "adapter"; importId: string; table: Fact; rows: CanonicalRow[] }
  | { kind: "delete"; deletions: Deletion[] }
  | { kind: "move"; messages: string[]; by: number };

function keyCondition(table: Fact, keys: number[]): { rows: string; params: string[] } {
  if (table === "call_check_results") {
    const params: string[] = [];
    const parts = keys.map((n) => {
      params.push(`k${n % IDS.calls}`, `q${Math.floor(n / IDS.calls) % IDS.checks}`);
      return `(t.call_id = $${params.length - 1} AND t.check_id = $${params.length})`;
    });
    return { rows: `WHERE ${parts.join(" OR ")}`, params };
  }
  const column = canonicalTables[table].key[0];
  const prefix = { conversations: "c", messages: "m", assignments: "a", calls: "k" }[table];
  const params = keys.map((n) => `${prefix}${n}`);
  return { rows: `WHERE t.${column} IN (${params.map((_, i) => `$${i + 1}`).join(", ")})`, params };
}

function steps(seed: number, count: number): Step[] {
  const r = prng(seed);
  const out: Step[] = [];
  const imports: string[] = [];
  const distinct = (table: Fact, n: number) => [...new Set(Array.from({ length: n }, () => r.int(KEYS[table])))];
  const deletion = (): Deletion => {
    const table = r.pick(FACTS);
    if (imports.length > 0 && r.next() < 0.3)
      return { table, rows: "WHERE t.import_id = $1", params: [r.pick(imports)] };
    return { table, ...keyCondition(table, distinct(table, 1 + r.int(4))) };
  };
  for (let i = 0; i < count; i++) {
    const importId = `i${seed}-${i}`;
    const kind = i < 3 ? "upsert" : r.pick(["upsert", "upsert", "adapter", "delete", "move"] as const);
    if (kind === "upsert") {
      const rows: Partial<Record<Fact, CanonicalRow[]>> = {};
      for (const table of FACTS) {
        if (i >= 3 && r.next() < 0.5) continue;
        rows[table] = distinct(table, i < 3 ? KEYS[table] / 2 : 1 + r.int(6)).map((n) => row(r, table, n, importId));
      }
      out.push({ kind, importId, rows, deletions: r.next() < 0.3 ? [deletion()] : [] });
      imports.push(importId);
    } else if (kind === "adapter") {
      const table = r.pick(FACTS);
      out.push({ kind, importId, table, rows: distinct(table, 1 + r.int(6)).map((n) => row(r, table, n, importId)) });
      imports.push(importId);
    } else if (kind === "delete") {
      out.push({ kind, deletions: [deletion(), ...(r.next() < 0.5 ? [deletion()] : [])] });
    } else {
      out.push({
        kind,
        messages: distinct("messages", 1 + r.int(3)).map((n) => `m${n}`),
        by: r.pick([1, -1, Q, -Q, 7 * 60_000]),
      });
    }
  }
  return out;
}

const sqlValue = (v: unknown) =>
  v instanceof Date ? v.toISOString().replace("T", " ").replace("Z", "") : (v as string | number | boolean | null);

/** Inserts `rows` as they are (no key handling), as the canonical adapter's fast path does. */
async function insertRaw(tx: Transaction, table: Fact, rows: readonly CanonicalRow[]): Promise<void> {
  const columns = Object.entries(canonicalTables[table].columns);
  for (const row of rows) {
    await tx.run(
      `INSERT INTO ${table} (${columns.map(([c]) => c).join(", ")}) VALUES (${columns.map(([, s], i) => `CAST($${i + 1} AS ${s.type})`).join(", ")})`,
      columns.map(([c]) => sqlValue(row[c] ?? null)),
    );
  }
}

/** Applies `step` in one transaction; `whole` rebuilds every derived table instead of keeping them up to date. */
async function apply(wh: Warehouse, step: Step, whole: boolean): Promise<void> {
  await wh.transaction(async (tx) => {
    let written: Record<string, number> | undefined;
    if (step.kind === "upsert" || step.kind === "delete") {
      for (const d of step.deletions) await deleteRows(tx, d.table, d.rows, d.params);
    }
    if (step.kind === "upsert") {
      written = {};
      for (const [table, rows] of Object.entries(step.rows) as [Fact, CanonicalRow[]][]) {
        written[table] = await upsertRows(tx, table, rows);
      }
    }
    if (step.kind === "adapter") {
      // The canonical adapter: insert the file's rows, then delete older rows with their keys.
      await insertRaw(tx, step.table, step.rows);
      await deleteRows(
        tx,
        step.table,
        `SEMI JOIN (SELECT ${keyList(step.table)} FROM ${step.table} WHERE import_id = $1) AS n ON ${sameKey(step.table, "t", "n")} WHERE t.import_id <> $1`,
        [step.importId],
      );
      written = { [step.table]: step.rows.length };
    }
    if (step.kind === "move") {
      const which = `WHERE t.message_id IN (${step.messages.map((_, i) => `$${i + 1}`).join(", ")})`;
      await noteChangedRows(tx, "messages", which, step.messages);
      await tx.run(
        `UPDATE messages SET sent_at = sent_at + to_milliseconds(${step.by}) WHERE message_id IN (${step.messages.map((_, i) => `$${i + 1}`).join(", ")})`,
        step.messages,
      );
      await noteChangedRows(tx, "messages", which, step.messages);
    }
    if (whole) await rebuildDerived(tx);
    else if (written && "importId" in step) await deriveColumns(tx, written, step.importId);
    else await refreshDerived(tx);
  });
}

/** Quarter-hour and minute of a TIMESTAMP, computed here independently of derive.ts. */
const quarter = (ts: string) => `(date_trunc('hour', ${ts}) + to_minutes(15 * (minute(${ts}) // 15)))`;
const minute = (ts: string) => `date_trunc('minute', ${ts})`;

/** Each derived table (or derived columns) as stored, and as the oracle computes it from the facts. */
const ORACLE: Record<string, readonly [string, string]> = {
  message_minutes: [
    "SELECT minute_start, messages, contact_messages, bot_messages, agent_messages, cc_messages FROM message_minutes",
    `SELECT ${minute("sent_at")}, count(*), count(*) FILTER (WHERE sender = 'contact'), count(*) FILTER (WHERE sender = 'bot'),
            count(*) FILTER (WHERE sender = 'agent'),
            count(*) FILTER (WHERE sender IN ('contact', 'agent') AND conversation_id IN (SELECT conversation_id FROM assignments))
     FROM messages WHERE sent_at IS NOT NULL GROUP BY 1`,
  ],
  conversation_quarters: [
    "SELECT conversation_id, quarter_start, previous_quarter, messages FROM conversation_quarters",
    `WITH g AS (SELECT conversation_id AS e, ${quarter("sent_at")} AS q, count(*) AS n FROM messages WHERE sent_at IS NOT NULL GROUP BY ALL)
     SELECT e, q, (SELECT max(p.q) FROM g AS p WHERE p.e = g.e AND p.q < g.q), n FROM g`,
  ],
  contact_message_quarters: [
    "SELECT contact_id, quarter_start, previous_quarter FROM contact_message_quarters",
    `WITH g AS (SELECT DISTINCT contact_id AS e, ${quarter("sent_at")} AS q FROM messages
                WHERE sent_at IS NOT NULL AND sender = 'contact' AND contact_id IS NOT NULL)
     SELECT e, q, (SELECT max(p.q) FROM g AS p WHERE p.e = g.e AND p.q < g.q) FROM g`,
  ],
  contact_conversation_quarters: [
    "SELECT contact_id, quarter_start, previous_quarter, conversations, served_conversations, previous_served_quarter FROM contact_conversation_quarters",
    `WITH served AS (SELECT conversation_id FROM assignments GROUP BY 1 HAVING bool_or(NOT missed)),
          g AS (SELECT contact_id AS e, ${quarter("started_at")} AS q, count(*) AS n,
                       count(*) FILTER (WHERE conversation_id IN (SELECT conversation_id FROM served)) AS s
                FROM conversations WHERE contact_id IS NOT NULL GROUP BY ALL)
     SELECT e, q, (SELECT max(p.q) FROM g AS p WHERE p.e = g.e AND p.q < g.q), n, s,
            (SELECT max(p.q) FROM g AS p WHERE p.e = g.e AND p.q < g.q AND p.s > 0) FROM g`,
  ],
  check_quality: [
    "SELECT check_id, quarter_start, score_floor, results, passed, scored, score_sum FROM check_quality",
    `SELECT check_id, ${quarter("call_started_at")},
            CASE WHEN score >= 90 THEN 90 WHEN score >= 70 THEN 70 WHEN score >= 50 THEN 50 WHEN score IS NOT NULL THEN 0 END,
            count(*), count(*) FILTER (WHERE passed), count(score), sum(score)
     FROM call_check_results WHERE call_started_at IS NOT NULL GROUP BY ALL`,
  ],
  call_quality: [
    "SELECT call_id, call_started_at, agent_id, campaign_id, results, passed, scored, score_sum FROM call_quality",
    `SELECT call_id, min(call_started_at), min(agent_id), min(campaign_id), count(*), count(*) FILTER (WHERE passed), count(score), sum(score)
     FROM call_check_results GROUP BY call_id`,
  ],
  "conversations.assigned/served": [
    "SELECT conversation_id, assigned, served FROM conversations",
    `SELECT conversation_id, CASE WHEN conversation_id IN (SELECT conversation_id FROM assignments) THEN true END,
            (SELECT bool_or(NOT a.missed) FROM assignments AS a WHERE a.conversation_id = c.conversation_id)
     FROM conversations AS c`,
  ],
  "messages.conversation_assigned": [
    "SELECT message_id, conversation_assigned FROM messages",
    "SELECT message_id, CASE WHEN conversation_id IN (SELECT conversation_id FROM assignments) THEN true END FROM messages",
  ],
  "results follow their call's start": [
    "SELECT call_id, check_id, call_started_at FROM call_check_results WHERE call_id IN (SELECT call_id FROM calls)",
    "SELECT r.call_id, r.check_id, c.started_at FROM call_check_results AS r JOIN calls AS c USING (call_id)",
  ],
};

/** Rows of `actual` and `expected` that the other lacks (EXCEPT ALL both ways), labelled. */
async function differences(wh: Warehouse): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const [name, [actual, expected]] of Object.entries(ORACLE)) {
    const rows = await wh.query(
      `WITH a AS (${actual}), e AS (${expected})
       SELECT 'extra' AS side, * FROM (FROM a EXCEPT ALL FROM e) UNION ALL SELECT 'missing', * FROM (FROM e EXCEPT ALL FROM a)`,
    );
    if (rows.length > 0) out[name] = rows;
  }
  return out;
}

/** Every table with rows, in a stable order (for the comparison with the twin). */
async function snapshot(wh: Warehouse): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of [...FACTS, ...DERIVED_TABLES]) {
    out[table] = await wh.query(`SELECT * FROM ${table} ORDER BY ALL`);
  }
  return out;
}

async function run(seed: number, count: number): Promise<{ checked: number; summaryRows: number }> {
  const incremental = await Warehouse.open(":memory:");
  const whole = await Warehouse.open(":memory:");
  let summaryRows = 0;
  try {
    for (const [i, step] of steps(seed, count).entries()) {
      await apply(incremental, step, false);
      await apply(whole, step, true);
      const where = `seed ${seed}, step ${i} (${step.kind})`;
      expect({ where, differences: await differences(incremental) }).toEqual({ where, differences: {} });
      expect({ where, tables: await snapshot(incremental) }).toEqual({ where, tables: await snapshot(whole) });
    }
    const [row] = await incremental.query<{ n: number }>(
      "SELECT (SELECT count(*) FROM conversation_quarters) + (SELECT count(*) FROM contact_message_quarters) + (SELECT count(*) FROM contact_conversation_quarters) + (SELECT count(*) FROM message_minutes) + (SELECT count(*) FROM check_quality) AS n",
    );
    summaryRows = row?.n ?? 0;
  } finally {
    await incremental.close();
    await whole.close();
  }
  return { checked: count, summaryRows };
}

describe("incremental upkeep of the derived tables", () => {
  for (const seed of [1, 2]) {
    it(`equals the oracle and a whole rebuild after every small import, replacement, deletion and move (seed ${seed})`, async () => {
      const { summaryRows } = await run(seed, 24);
      // The sequence keeps real data in the summaries (a test over empty tables proves nothing).
      expect(summaryRows).toBeGreaterThan(40);
    }, 60_000);
  }

  it("a large import rebuilds whole (over 50,000 rows and a tenth of the table), with the same result", async () => {
    const wh = await Warehouse.open(":memory:");
    const at = (i: string) => `TIMESTAMP '2026-10-24 22:00:00' + to_seconds(${i})`;
    // A small import of conversations (kept up to date), then 60,000 messages (rebuilt whole), then a
    // few replaced messages (kept up to date again).
    await wh.transaction(async (tx) => {
      await tx.run(`INSERT INTO conversations (conversation_id, source, import_id, campaign_id, contact_id, started_at, channel)
        SELECT 'c' || i, 't', 'small', 'k', CASE WHEN i % 7 > 0 THEN 'u' || (i % 90) END, ${at("i * 37")}, 'chat' FROM range(600) t(i)`);
      await tx.run(`INSERT INTO assignments (assignment_id, source, import_id, conversation_id, seq, assigned_at, missed)
        SELECT 'a' || i, 't', 'small', 'c' || (i * 2), 1, ${at("i * 74")}, i % 3 = 0 FROM range(300) t(i)`);
      await deriveColumns(tx, { conversations: 600, assignments: 300 }, "small");
    });
    await wh.transaction(async (tx) => {
      await tx.run(`INSERT INTO messages (message_id, source, import_id, conversation_id, seq, sent_at, sender)
        SELECT 'm' || j, 't', 'big', 'c' || (j // 100), 1 + j % 100, ${at("(j // 100) * 37 + (j % 100) * 45")},
               ['contact', 'agent', 'bot'][1 + j % 3] FROM range(60000) t(j)`);
      await deriveColumns(tx, { messages: 60_000 }, "big");
    });
    expect(await differences(wh)).toEqual({});
    await apply(
      wh,
      {
        kind: "upsert",
        importId: "late",
        rows: { messages: [0, 1, 5_000].map((j) => ({ ...row(prng(j), "messages", j, "late") })) },
        deletions: [{ table: "assignments", ...keyCondition("assignments", [0, 2]) }],
      },
      false,
    );
    expect(await differences(wh)).toEqual({});
    const [n] = await wh.query<{ n: number }>("SELECT count(*) AS n FROM contact_message_quarters");
    expect(n?.n).toBeGreaterThan(1_000);
    await wh.close();
  }, 30_000);

  it("the same final rows in other orders give the same derived tables", async () => {
    const r = prng(7);
    const rows = Object.fromEntries(
      FACTS.map((t) => [t, Array.from({ length: KEYS[t] }, (_, n) => row(r, t, n, "final"))]),
    ) as Record<Fact, CanonicalRow[]>;
    const derived = async (order: Fact[][]) => {
      const wh = await Warehouse.open(":memory:");
      for (const [i, tables] of order.entries()) {
        const importId = `o${i}`;
        const written = Object.fromEntries(tables.map((t) => [t, rows[t].map((x) => ({ ...x, import_id: importId }))]));
        await apply(wh, { kind: "upsert", importId, rows: written, deletions: [] }, false);
      }
      expect(await differences(wh)).toEqual({});
      const out = await wh.query(
        "SELECT 'cq' AS t, conversation_id AS e, quarter_start, previous_quarter FROM conversation_quarters UNION ALL SELECT 'cmq', contact_id, quarter_start, previous_quarter FROM contact_message_quarters UNION ALL SELECT 'ccq', contact_id, quarter_start, previous_served_quarter FROM contact_conversation_quarters ORDER BY ALL",
      );
      await wh.close();
      return out;
    };
    const children = await derived([
      ["messages", "assignments", "call_check_results"],
      ["conversations", "calls"],
    ]);
    expect(children.length).toBeGreaterThan(20);
    expect(await derived([["conversations", "calls"], ["assignments"], ["messages", "call_check_results"]])).toEqual(
      children,
    );
    expect(
      await derived([["assignments"], ["messages"], ["calls"], ["conversations"], ["call_check_results"]]),
    ).toEqual(children);
  }, 30_000);
});
