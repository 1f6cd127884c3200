/**
 * The agent responses of issue 16: the derived table `replies` (schema.ts), one row per agent message
 * that answered a waiting customer, with the wait it ended in elapsed and in business seconds. The
 * reports `lifecycle.first_response_time*` and `lifecycle.reply_time*` read it
 * (packages/report-defs/src/defs/lifecycle/replies.ts; docs/reports.md "Reply time and first response
 * time from messages").
 *
 * The waiting clock, per conversation, over its messages of kind 'message' (NULL kind read as
 * schema.ts says) and its status events, in time order (at one instant: a handoff or reopen first,
 * then messages by their seq, then a resolve):
 * - it starts at a customer message (sender 'contact') when it is not running: several customer
 *   messages in a row start it at the first;
 * - an agent message (sender 'agent') while it runs is a response: one row, waited from the clock's
 *   start (moved to the conversation's latest 'handoff' before the reply when that is later: time
 *   the customer spent with the bot is not a wait for a person, Chatwoot's rule), replied at the
 *   agent message; the clock stops. An agent message while it is stopped (a second agent message, an
 *   outbound opener) is no response;
 * - a 'resolved' event stops it without a response (nobody waits on a resolved conversation; a
 *   customer message after it starts a new wait);
 * - bot messages, private notes, templates, automated messages and activity lines neither start nor
 *   stop it (a template does not answer the customer: issue 16 excludes templates from response times).
 * The first response of a conversation (`is_first`) is its first row, at most one per conversation
 * (Chatwoot's first_response fires once per conversation); every later row is a reply time, also the
 * first reply after a reopen (flagged `after_reopen`). The row's team is the team of the
 * conversation's latest assignment offered at or before the reply (the highest seq on a tie).
 * Business seconds are the overlap of [waited_from, replied_at) with the campaign's
 * `business_open_intervals`; NULL for a campaign without business hours.
 */
import type { Transaction } from "./warehouse";

/** Order of a conversation's items: instant, then handoff/reopen (0), messages (1), resolve (2), then seq. */
const ORDER = "ORDER BY ts, ord, seq";

/**
 * The SELECT of `replies` rows (in its column order, business_seconds NULL) for the conversations
 * whose id satisfies SQL condition `scope` (on a bare `conversation_id`; `TRUE` for all).
 */
export function replyRows(scope: string): string {
  return `WITH items AS (
  SELECT conversation_id, sent_at AS ts, 1 AS ord, seq, CASE WHEN sender = 'contact' THEN 'c' ELSE 'a' END AS what,
         message_id, agent_id, campaign_id
  FROM messages
  WHERE sent_at IS NOT NULL AND sender IN ('contact', 'agent') AND coalesce(kind, 'message') = 'message' AND ${scope}
  UNION ALL
  SELECT conversation_id, occurred_at, CASE WHEN event = 'resolved' THEN 2 ELSE 0 END, seq,
         CASE event WHEN 'resolved' THEN 'r' WHEN 'handoff' THEN 'h' ELSE 'o' END, NULL, NULL, NULL
  FROM conversation_events WHERE event IN ('resolved', 'handoff', 'reopened') AND ${scope}
),
marked AS (
  SELECT *,
    coalesce(sum(CASE WHEN what IN ('a', 'r') THEN 1 ELSE 0 END) OVER (PARTITION BY conversation_id ${ORDER} ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS segment,
    max(CASE WHEN what = 'h' THEN ts END) OVER (PARTITION BY conversation_id ${ORDER} ROWS UNBOUNDED PRECEDING) AS handoff_at,
    bool_or(what = 'o') OVER (PARTITION BY conversation_id ${ORDER} ROWS UNBOUNDED PRECEDING) AS reopened
  FROM items
),
clocked AS (
  SELECT *, min(CASE WHEN what = 'c' THEN ts END) OVER (PARTITION BY conversation_id, segment) AS clock FROM marked
),
responses AS (
  SELECT message_id, conversation_id, campaign_id, agent_id, ts AS replied_at,
         CASE WHEN handoff_at > clock THEN handoff_at ELSE clock END AS waited_from,
         handoff_at IS NOT NULL AS after_handoff, reopened AS after_reopen,
         row_number() OVER (PARTITION BY conversation_id ${ORDER}) = 1 AS is_first
  FROM clocked WHERE what = 'a' AND clock IS NOT NULL
),
teams AS (
  SELECT conversation_id, assigned_at, team_id FROM assignments WHERE ${scope}
  QUALIFY row_number() OVER (PARTITION BY conversation_id, assigned_at ORDER BY seq DESC, assignment_id DESC) = 1
)
SELECT r.message_id, r.conversation_id, r.campaign_id, r.agent_id, t.team_id, r.replied_at, r.waited_from,
       (epoch_ms(r.replied_at) - epoch_ms(r.waited_from)) / 1000.0 AS seconds, NULL::DOUBLE AS business_seconds,
       r.is_first, r.after_handoff, r.after_reopen
FROM responses AS r ASOF LEFT JOIN teams AS t ON t.conversation_id = r.conversation_id AND r.replied_at >= t.assigned_at`;
}

/**
 * Sets `business_seconds` of the `replies` rows satisfying `scope` (SQL condition on the table's
 * columns, `TRUE` for all) from `business_open_intervals`, touching only rows whose value changes.
 */
export function businessUpdate(scope: string): string {
  return `UPDATE replies AS r SET business_seconds = x.b
FROM (
  SELECT p.message_id,
         CASE WHEN p.campaign_id IN (SELECT campaign_id FROM business_hours)
              THEN coalesce(sum(CASE WHEN o.campaign_id IS NOT NULL
                  THEN epoch_ms(least(o.open_end, p.replied_at)) - epoch_ms(greatest(o.open_start, p.waited_from)) END), 0) / 1000.0
         END AS b
  FROM (SELECT message_id, campaign_id, waited_from, replied_at FROM replies WHERE ${scope}) AS p
  LEFT JOIN business_open_intervals AS o
    ON o.campaign_id = p.campaign_id AND o.open_start < p.replied_at AND o.open_end > p.waited_from
  GROUP BY p.message_id, p.campaign_id
) AS x
WHERE r.message_id = x.message_id AND r.business_seconds IS DISTINCT FROM x.b`;
}

/** Rebuilds `replies` whole from messages, events, assignments and the business calendar (migration 26, repairs). */
export const REPLIES_REBUILD = `DELETE FROM replies;
INSERT INTO replies ${replyRows("TRUE")};
${businessUpdate("TRUE")};`;

/** Above this many conversations touched, `replies` is rebuilt whole (cheaper than the scoped rewrite). */
const WHOLE_MIN_CONVERSATIONS = 50_000;

/** What changed since the last refresh, for {@link refreshReplies}. */
export interface ReplyInputs {
  /** The import whose rows are new (NULL: only noted footprints). */
  readonly importId: string | null;
  /** Tables the import wrote (messages, conversations, assignments, conversation_events). */
  readonly written: ReadonlySet<string>;
  /** Temporary table of footprints (kind = fact table, parent = conversation id) noted by deleteRows / noteChangedRows. */
  readonly touched: string;
  /** True when the business calendar was rebuilt (schedules, holidays, conversations, events or messages changed). */
  readonly calendarChanged: boolean;
}

const INPUTS = ["messages", "conversations", "assignments", "conversation_events"] as const;

/**
 * Brings `replies` up to date inside the import's transaction (derive.ts calls it after the chat
 * side and the calendar): the rows of every conversation whose messages, events, assignments or own
 * row changed are recomputed (all of them, whole, past 50,000 conversations), and after a calendar
 * change the business seconds of every row. Same result as {@link REPLIES_REBUILD}. Throws
 * WarehouseError 'query_failed' (the caller's transaction then rolls back).
 */
export async function refreshReplies(tx: Transaction, inputs: ReplyInputs): Promise<void> {
  const params = inputs.importId === null ? [] : [inputs.importId];
  const parts = [
    ...INPUTS.filter((t) => inputs.importId !== null && inputs.written.has(t)).map(
      (t) => `SELECT conversation_id FROM ${t} WHERE import_id = $1`,
    ),
    `SELECT parent FROM ${inputs.touched} WHERE kind IN (${INPUTS.map((t) => `'${t}'`).join(", ")}) AND parent IS NOT NULL`,
  ];
  const sql = `CREATE OR REPLACE TEMP TABLE _d_reply_conv AS SELECT DISTINCT conversation_id FROM (${parts.join(" UNION ALL ")}) AS u(conversation_id)`;
  const [made] = await tx.query<{ Count: number }>(sql, sql.includes("$1") ? params : []);
  const n = Number(made?.Count ?? 0);
  if (n > WHOLE_MIN_CONVERSATIONS) {
    await tx.run(REPLIES_REBUILD);
  } else {
    if (n > 0) {
      const scope = "conversation_id IN (SELECT conversation_id FROM _d_reply_conv)";
      await tx.run(`DELETE FROM replies WHERE ${scope}`);
      await tx.run(`INSERT INTO replies ${replyRows(scope)}`);
      if (!inputs.calendarChanged) await tx.run(businessUpdate(scope));
    }
    if (inputs.calendarChanged && (await anyBusiness(tx))) await tx.run(businessUpdate("TRUE"));
  }
  await tx.run("DROP TABLE IF EXISTS _d_reply_conv");
}

/** True when some campaign has business hours or some reply has business seconds (else nothing to update). */
async function anyBusiness(tx: Transaction): Promise<boolean> {
  const [row] = await tx.query<{ any: boolean }>(
    "SELECT EXISTS (SELECT 1 FROM business_hours) OR EXISTS (SELECT 1 FROM replies WHERE business_seconds IS NOT NULL) AS any",
  );
  return row?.any === true;
}

/**
 * `replies` rebuilt whole after {@link rebuildDerived}'s other tables (derive.ts): rows again when
 * chat facts changed (`rows`), else only the business seconds (the calendar was rebuilt).
 */
export async function rebuildReplies(tx: Transaction, rows: boolean): Promise<void> {
  if (rows) await tx.run(REPLIES_REBUILD);
  else if (await anyBusiness(tx)) await tx.run(businessUpdate("TRUE"));
}
