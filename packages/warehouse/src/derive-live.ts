/**
 * The derived table `conversation_live` (issue 16, the live view; migration 28): one row per
 * conversation that is not resolved, with its state, campaign, team, the start of its current open
 * stretch and whether it is unattended and unassigned. The live view (report-defs live.ts) counts
 * its rows: a few thousand, where computing the latest status of every conversation at query time
 * took about a second at 1M conversations.
 *
 * Definitions (docs/reports.md "Live view"):
 * - A conversation's **state** is its latest `conversation_events` row (highest `seq`): 'opened',
 *   'handoff' and 'reopened' make it 'open'; 'pending' 'pending' (with the bot); 'snoozed'
 *   'snoozed'; 'resolved' leaves it out. Conversations without status events are left out.
 * - **since**: the start of the current open stretch, the first of the trailing run of 'opened',
 *   'handoff' and 'reopened' events (after a reopen, the reopen; after the bot's handoff, the
 *   handoff; after a snooze ends, the return to open). NULL unless open.
 * - **unattended**: open, and no agent message of kind 'message' (NULL kind reads as 'message')
 *   sent at or after `since`.
 * - **unassigned**: open, and the latest assignment (highest `seq`) is missing, missed, has no agent,
 *   or ended (`closed_at`) after the conversation's last resolve (or with none). An assignment that
 *   ended at or before the last resolve was ended by it, and a reopen gives the conversation back to
 *   the same agent (Chatwoot and Zendesk keep the assignee through a resolve and a reopen).
 * - **campaign**: `conversations.campaign_id`, else the latest event's; **team**: the latest
 *   assignment's, else the latest event's that names one.
 *
 * Upkeep ({@link refreshLive}): a conversation's row depends only on its own events, messages,
 * assignments and conversation row. After an import or a delete, the conversations with rows of
 * that import in any of those tables and those whose rows deleteRows deleted (or noteChangedRows
 * noted) are computed again, and only they: derive.ts notes the conversation of every deleted
 * status event, message, assignment and conversation row. rebuildDerived rebuilds the table whole.
 */
import type { Transaction } from "./warehouse";

/** Events that leave a conversation open. */
const OPEN_EVENTS = "('opened', 'handoff', 'reopened')";

/** The temporary table of the conversation ids to compute again. */
const IDS = "_d_live_ids";

/**
 * The rows of conversation_live (in its column order) for every conversation, or with `only` for
 * those in the temporary table {@link IDS}.
 */
function liveRows(only: boolean): string {
  const restrict = (alias: string) =>
    only ? `SEMI JOIN ${IDS} i ON i.conversation_id = ${alias}.conversation_id` : "";
  return `
WITH last AS (
  SELECT e.conversation_id, arg_max(e.event, e.seq) AS event
  FROM conversation_events e ${restrict("e")} GROUP BY e.conversation_id
), live AS (
  SELECT conversation_id,
         CASE WHEN event IN ${OPEN_EVENTS} THEN 'open' WHEN event = 'pending' THEN 'pending' ELSE 'snoozed' END AS state
  FROM last WHERE event IN ('opened', 'handoff', 'reopened', 'pending', 'snoozed')
), ev AS (
  SELECT e.conversation_id, e.seq, e.event, e.occurred_at, e.team_id, e.campaign_id
  FROM conversation_events e SEMI JOIN live l ON l.conversation_id = e.conversation_id
), facts AS (
  SELECT conversation_id,
         max(seq) FILTER (WHERE event NOT IN ${OPEN_EVENTS}) AS break_seq,
         max(occurred_at) FILTER (WHERE event = 'resolved') AS last_resolved_at,
         arg_max(team_id, seq) FILTER (WHERE team_id IS NOT NULL) AS event_team,
         arg_max(campaign_id, seq) FILTER (WHERE campaign_id IS NOT NULL) AS event_campaign
  FROM ev GROUP BY conversation_id
), since AS (
  SELECT ev.conversation_id, min(ev.occurred_at) AS since
  FROM ev JOIN facts f USING (conversation_id) JOIN live l USING (conversation_id)
  WHERE l.state = 'open' AND (f.break_seq IS NULL OR ev.seq > f.break_seq)
  GROUP BY ev.conversation_id
), replied AS (
  SELECT DISTINCT m.conversation_id
  FROM messages m JOIN since s USING (conversation_id)
  WHERE m.sender = 'agent' AND coalesce(m.kind, 'message') = 'message' AND m.sent_at >= s.since
), asg AS (
  SELECT a.conversation_id, a.agent_id, a.missed, a.closed_at, a.team_id
  FROM assignments a SEMI JOIN live l ON l.conversation_id = a.conversation_id
  QUALIFY row_number() OVER (PARTITION BY a.conversation_id ORDER BY a.seq DESC) = 1
), conv AS (
  SELECT c.conversation_id, any_value(c.campaign_id) AS campaign_id
  FROM conversations c SEMI JOIN live l ON l.conversation_id = c.conversation_id GROUP BY c.conversation_id
)
SELECT l.conversation_id,
       coalesce(c.campaign_id, f.event_campaign) AS campaign_id,
       coalesce(a.team_id, f.event_team) AS team_id,
       l.state,
       s.since,
       l.state = 'open' AND r.conversation_id IS NULL AS unattended,
       l.state = 'open' AND NOT coalesce(
         a.agent_id IS NOT NULL AND NOT a.missed
           AND (a.closed_at IS NULL OR a.closed_at <= f.last_resolved_at), false) AS unassigned
FROM live l
JOIN facts f USING (conversation_id)
LEFT JOIN since s USING (conversation_id)
LEFT JOIN conv c USING (conversation_id)
LEFT JOIN asg a USING (conversation_id)
LEFT JOIN replied r USING (conversation_id)`;
}

const COLUMNS = "conversation_id, campaign_id, team_id, state, since, unattended, unassigned";

/** Rebuilds conversation_live whole from the facts (migration 28, large changes, repairs). */
export const CONVERSATION_LIVE_REBUILD = `DELETE FROM conversation_live;
INSERT INTO conversation_live (${COLUMNS}) ${liveRows(false)};`;

/** The footprint kinds (derive.ts) whose parents are conversations whose rows were deleted or changed in place. */
const NOTED = "('messages', 'assignments', 'conversations', 'conversation_events')";

/** Chat tables whose rows feed a conversation's live row. */
const INPUTS = ["conversation_events", "messages", "assignments", "conversations"] as const;

/**
 * Brings conversation_live up to date inside the caller's transaction (see the module doc):
 * `importId` names the import that wrote rows (null after deletes only); `touched` is the SQL name
 * of derive.ts's footprints table, whose chat kinds' parents are the conversations deleted or
 * changed rows belonged to; `whole` rebuilds the table whole instead. Throws WarehouseError
 * 'query_failed' (the transaction then rolls back).
 */
export async function refreshLive(
  tx: Transaction,
  importId: string | null,
  touched: string,
  whole: boolean,
): Promise<void> {
  if (whole) {
    await tx.run(CONVERSATION_LIVE_REBUILD);
    return;
  }
  const written = importId === null ? [] : INPUTS.map((t) => `SELECT conversation_id FROM ${t} WHERE import_id = $1`);
  await tx.run(
    `CREATE OR REPLACE TEMP TABLE ${IDS} AS SELECT DISTINCT conversation_id FROM (
       ${[...written, `SELECT parent FROM ${touched} WHERE kind IN ${NOTED} AND parent IS NOT NULL`].join("\nUNION ALL ")}
     ) t(conversation_id)`,
    importId === null ? [] : [importId],
  );
  await tx.run(`DELETE FROM conversation_live WHERE conversation_id IN (SELECT conversation_id FROM ${IDS});
INSERT INTO conversation_live (${COLUMNS}) ${liveRows(true)};
DROP TABLE ${IDS};`);
}
