/**
 * The derived table `conversation_bot` (schema.ts; issue 16: bot resolutions and bot handoffs): one
 * row per conversation that began with the bot, with the instants the bot reports count at. Kept up
 * to date inside every import for the conversations it touched (their events, agent messages or
 * conversation rows written, replaced or deleted), or rebuilt whole when that is most of them.
 *
 * Rules (the report definitions in packages/report-defs/src/defs/lifecycle/bot.ts state them):
 * - a conversation began with the bot when its first event (lowest `seq`) is 'pending', or when it
 *   has a 'handoff' (a hand-over from the bot implies the bot had it); `began_at` is its first
 *   event's instant;
 * - `handoff_at`: its first 'handoff' (at most one per conversation counts);
 * - `resolved_at`: its first 'resolved';
 * - `bot_resolved_at`: `resolved_at` when it began 'pending', was never handed off and no human
 *   ever wrote to the customer: no message with sender 'agent' and kind 'message' (a NULL kind
 *   reads as 'message'; private notes, templates, automated and activity lines are not human
 *   messages) at any time, also after the resolve; else NULL.
 */
import type { Transaction } from "./warehouse";

/** The footprint kind (derive.ts `_derive_touched`) of a conversation whose events were deleted. */
export const EVENTS_FOOTPRINT = "conversation_events";

/** A change touching more conversations than this rebuilds the table whole (one scan, then cheaper). */
const WHOLE_MIN = 50_000;

/**
 * The rows of `conversation_bot` (in its column order) for the conversations `only` lists (SQL
 * selecting one column `conversation_id`), or for all when `only` is undefined.
 */
function botRows(only?: string): string {
  const inOnly = (col: string) => (only ? ` AND ${col} IN (${only})` : "");
  return `WITH ev AS (
  SELECT conversation_id,
    arg_min(event, seq) AS first_event,
    arg_min(occurred_at, seq) AS began_at,
    min(occurred_at) FILTER (WHERE event = 'handoff') AS handoff_at,
    min(occurred_at) FILTER (WHERE event = 'resolved') AS resolved_at,
    arg_min(campaign_id, seq) FILTER (WHERE campaign_id IS NOT NULL) AS campaign_id
  FROM conversation_events WHERE TRUE${inOnly("conversation_id")}
  GROUP BY conversation_id
),
bot AS (SELECT * FROM ev WHERE first_event = 'pending' OR handoff_at IS NOT NULL),
human AS (
  SELECT DISTINCT conversation_id FROM messages
  WHERE sender = 'agent' AND coalesce(kind, 'message') = 'message'${inOnly("conversation_id")}
    AND conversation_id IN (SELECT conversation_id FROM bot)
)
SELECT b.conversation_id, coalesce(b.campaign_id, c.campaign_id), b.began_at, b.handoff_at, b.resolved_at,
  CASE WHEN b.first_event = 'pending' AND b.handoff_at IS NULL AND h.conversation_id IS NULL THEN b.resolved_at END
FROM bot AS b
LEFT JOIN human AS h ON h.conversation_id = b.conversation_id
LEFT JOIN conversations AS c ON c.conversation_id = b.conversation_id`;
}

/** Rebuilds conversation_bot whole from conversation_events, messages and conversations (migration 27, repairs). */
export const CONVERSATION_BOT_REBUILD = `DELETE FROM conversation_bot;\nINSERT INTO conversation_bot ${botRows()};`;

/**
 * Brings conversation_bot up to date for the conversations an import (`importId`, null when none)
 * wrote events, agent messages or conversation rows of, and for those whose footprints
 * (`touched`: the temporary table of derive.ts, with `kind` and `parent`) say they lost events,
 * messages or their row. Does nothing, cheaply, while the warehouse has no events and no rows here.
 */
export async function refreshConversationBot(tx: Transaction, importId: string | null, touched: string): Promise<void> {
  const [any] = await tx.query<{ any: boolean }>(
    "SELECT EXISTS (SELECT 1 FROM conversation_events) OR EXISTS (SELECT 1 FROM conversation_bot) AS any",
  );
  if (!any?.any) return;
  const written =
    importId === null
      ? []
      : [
          "SELECT conversation_id FROM conversation_events WHERE import_id = $1",
          "SELECT conversation_id FROM messages WHERE import_id = $1 AND sender = 'agent'",
          "SELECT conversation_id FROM conversations WHERE import_id = $1",
        ];
  const noted = `SELECT parent AS conversation_id FROM ${touched} WHERE kind IN ('${EVENTS_FOOTPRINT}', 'messages', 'conversations') AND parent IS NOT NULL`;
  const [row] = await tx.query<{ Count: number }>(
    `CREATE OR REPLACE TEMP TABLE _bot_touched AS ${[...written, noted].join(" UNION ")}`,
    importId === null ? [] : [importId],
  );
  const n = Number(row?.Count ?? 0);
  if (n > WHOLE_MIN) await tx.run(CONVERSATION_BOT_REBUILD);
  else if (n > 0) {
    const only = "SELECT conversation_id FROM _bot_touched";
    await tx.run(`DELETE FROM conversation_bot WHERE conversation_id IN (${only});
INSERT INTO conversation_bot ${botRows(only)};`);
  }
  await tx.run("DROP TABLE IF EXISTS _bot_touched");
}
