/**
 * The resolution facts of issue 16 (schema.ts `resolution_events`, `resolution_labels`): one row per
 * 'resolved' event of conversation_events, with who and which team it counts for and how long it
 * took, in elapsed and business seconds; and the same rows times the conversation's labels. The
 * resolution reports (report-defs defs/lifecycle/resolutions.ts) read them, so no report runs a
 * window over events at query time.
 *
 * Rules (docs/resolutions.md):
 * - every resolve event is a row: a conversation resolved, reopened and resolved again has two;
 * - the clock of a resolve starts at the latest 'reopened' event before it (a re-resolution measures
 *   its own cycle), or for a first resolve at the conversation's `started_at` (its first event when
 *   the conversation row is missing); seconds are NULL when that start is after the resolve;
 * - business seconds are the overlap of [start, resolve) with the campaign's
 *   business_open_intervals (derive.ts); NULL for a campaign without business_hours rows;
 * - agent: the assignee at the resolve (the latest assignment picked up at or before it, with an
 *   agent), else the agent who resolved it, else NULL; team: the event's own team_id, else the team
 *   of the latest assignment offered at or before the resolve; campaign: the event's, else the
 *   conversation's.
 *
 * Rebuilt whole ({@link rebuildResolutions}) inside every import or delete that changes one of
 * {@link RESOLUTION_INPUTS}: one pass over the events (one row per status change: a few per
 * conversation), skipped while there are no events and no rows.
 */
import type { CanonicalTableName } from "./schema";
import type { Transaction } from "./warehouse";

/** Tables whose rows the resolution facts are computed from: a write or delete of any rebuilds them. */
export const RESOLUTION_INPUTS = [
  "conversation_events",
  "assignments",
  "conversations",
  "conversation_labels",
  "business_hours",
  "business_holidays",
] as const satisfies readonly CanonicalTableName[];

/** Columns shared by both tables, in their DDL order after the table's own leading columns. */
const SHARED = [
  "campaign_id",
  "agent_id",
  "team_id",
  "resolved_by",
  "is_reopen_resolution",
  "clock_from",
  "seconds",
  "business_seconds",
] as const;

/**
 * SQL that rebuilds resolution_events and resolution_labels whole from conversation_events,
 * assignments, conversations, conversation_labels, business_hours and business_open_intervals
 * (which must be current: derive.ts rebuilds the calendar first). Two ASOF joins find the
 * assignment holding the conversation at each resolve; business seconds are a range join on the
 * campaign's open intervals. Rows are written in time order, so that a report's window reads only
 * the row groups it covers (DuckDB's zone maps).
 */
export const RESOLUTIONS_REBUILD = `DELETE FROM resolution_events;
DELETE FROM resolution_labels;
INSERT INTO resolution_events (conversation_id, seq, resolved_at, ${SHARED.join(", ")})
WITH ev AS (
  SELECT conversation_id, seq, event, occurred_at, actor_kind, actor_id, team_id, campaign_id,
    max(CASE WHEN event = 'reopened' THEN occurred_at END)
      OVER (PARTITION BY conversation_id ORDER BY seq ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS reopened_at,
    first(occurred_at ORDER BY seq) OVER (PARTITION BY conversation_id) AS first_at
  FROM conversation_events
),
res AS (
  SELECT ev.*, c.started_at, c.campaign_id AS conversation_campaign
  FROM ev LEFT JOIN conversations AS c ON c.conversation_id = ev.conversation_id
  WHERE ev.event = 'resolved'
),
picked AS (SELECT conversation_id, assigned_at, agent_id FROM assignments WHERE agent_id IS NOT NULL AND NOT missed),
teamed AS (SELECT conversation_id, assigned_at, team_id FROM assignments WHERE team_id IS NOT NULL),
held AS (
  SELECT r.conversation_id, r.seq, r.occurred_at AS resolved_at,
    coalesce(r.campaign_id, r.conversation_campaign) AS campaign_id,
    coalesce(p.agent_id, CASE WHEN r.actor_kind = 'agent' THEN r.actor_id END) AS agent_id,
    coalesce(r.team_id, t.team_id) AS team_id,
    r.actor_kind AS resolved_by,
    r.reopened_at IS NOT NULL AS is_reopen_resolution,
    coalesce(r.reopened_at, r.started_at, r.first_at) AS clock_from
  FROM res AS r
  ASOF LEFT JOIN picked AS p ON p.conversation_id = r.conversation_id AND p.assigned_at <= r.occurred_at
  ASOF LEFT JOIN teamed AS t ON t.conversation_id = r.conversation_id AND t.assigned_at <= r.occurred_at
),
timed AS (
  SELECT *, CASE WHEN clock_from <= resolved_at THEN (epoch_us(resolved_at) - epoch_us(clock_from)) / 1e6 END AS seconds
  FROM held
),
business AS (
  SELECT t.conversation_id, t.seq,
    sum(epoch_us(least(o.open_end, t.resolved_at)) - epoch_us(greatest(o.open_start, t.clock_from))) / 1e6 AS secs
  FROM timed AS t JOIN business_open_intervals AS o
    ON o.campaign_id = t.campaign_id AND o.open_start < t.resolved_at AND o.open_end > t.clock_from
  WHERE t.seconds IS NOT NULL
  GROUP BY ALL
)
SELECT t.conversation_id, t.seq, t.resolved_at, t.campaign_id, t.agent_id, t.team_id, t.resolved_by,
  t.is_reopen_resolution, t.clock_from, t.seconds,
  CASE WHEN t.seconds IS NOT NULL AND t.campaign_id IN (SELECT campaign_id FROM business_hours)
    THEN coalesce(b.secs, 0) END AS business_seconds
FROM timed AS t LEFT JOIN business AS b ON b.conversation_id = t.conversation_id AND b.seq = t.seq
ORDER BY t.resolved_at;
INSERT INTO resolution_labels (conversation_id, seq, label, resolved_at, ${SHARED.join(", ")})
SELECT r.conversation_id, r.seq, l.label, r.resolved_at, ${SHARED.map((c) => `r.${c}`).join(", ")}
FROM resolution_events AS r JOIN conversation_labels AS l ON l.conversation_id = r.conversation_id
ORDER BY r.resolved_at;`;

/**
 * Runs {@link RESOLUTIONS_REBUILD} inside the caller's transaction, unless there are no events and
 * no resolution rows (a database without status histories: one probe of two tables). Throws
 * WarehouseError 'query_failed' (the caller's transaction then rolls back).
 */
export async function rebuildResolutions(tx: Transaction): Promise<void> {
  const [row] = await tx.query<{ any: boolean }>(
    "SELECT EXISTS (SELECT 1 FROM conversation_events) OR EXISTS (SELECT 1 FROM resolution_events) AS any",
  );
  if (row?.any) await tx.run(RESOLUTIONS_REBUILD);
}
