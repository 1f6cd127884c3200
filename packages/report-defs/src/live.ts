/**
 * The live view (issue 16): the conversations that are open, unattended, unassigned, pending (with
 * the bot) and snoozed right now, by campaign and team, as the latest import left the data.
 *
 * Definitions (docs/reports.md "Live view"):
 * - **Now** is the data's as-of instant `asOf`: the newest instant in the data, the latest
 *   `conversation_events.occurred_at` or `messages.sent_at`, whichever is later. Not the import's
 *   clock time: an export taken on Monday and imported on Wednesday knows nothing of Tuesday, and
 *   calling its open conversations "open on Wednesday" would be a guess. Not the newest instant of
 *   the latest import alone: an older file imported last (a backfill) must not move "now" back.
 *   `importedAt` is when the latest import that wrote chat rows (conversations, messages,
 *   assignments or conversation events) committed, so a reader sees both how new the data is and
 *   how long ago it arrived.
 * - A conversation's **state** at `asOf` is its latest `conversation_events` row (highest `seq`):
 *   'opened', 'handoff' and 'reopened' make it **open**; 'pending' **pending** (with the bot: no
 *   person is needed yet); 'snoozed' **snoozed**; 'resolved' ends it (not in the view).
 *   Conversations without any status event (sources that export none) have no known state and are
 *   not counted.
 * - **Snoozed does not count as open** (as Chatwoot lists open, pending and snoozed apart): snoozed
 *   conversations are their own column and are never unattended or unassigned.
 * - **Unattended**: open, and no agent message of kind 'message' (notes, templates, automated
 *   messages and activity lines are not replies; bot messages are not agent messages) sent at or
 *   after the start of the current open stretch: the first of the trailing run of 'opened',
 *   'handoff' and 'reopened' events (after a reopen, the reopen; after the bot's handoff, the
 *   handoff; after a snooze ends, the return to open).
 * - **Unassigned**: open, and the conversation's latest assignment (highest `seq`) is missing, was
 *   missed, has no agent, or ended (`closed_at`) after the conversation's last resolve (an agent
 *   let go of it while it stayed open). An assignment that ended at or before the last resolve was
 *   ended by that resolve, and a reopen gives the conversation back to the same agent (Chatwoot
 *   and Zendesk keep the assignee through a resolve and a reopen).
 * - **Campaign**: the conversation's `campaign_id` (else its latest event's). **Team**: the team
 *   of its latest assignment, else of its latest event that names one, else none (a transfer
 *   between teams moves it to the new team).
 *
 * Speed: the states are kept by every import in the derived table `conversation_live`
 * (packages/warehouse/src/derive-live.ts, which holds the SQL of these definitions): the view is a
 * GROUP BY over the conversations not resolved. Computing the latest status of every conversation
 * at query time took about a second at 1M conversations. The result is computed once per data
 * version (ReportRunner.memo) and filtered by campaign and team in memory.
 *
 * The definition sentence, the result's types and the words of the freshness line live here too, so
 * the API, the CLI and the dashboard say the same.
 */
/**
 * What runs the two statements: the API's read pool (ReportRunner.memo's reader), a Warehouse or a
 * Transaction. Rows come back JSON-safe (counts as numbers, TIMESTAMP as ISO-8601 UTC text).
 */
export interface LiveReader {
  // biome-ignore lint/suspicious/noExplicitAny: the warehouse's row type is not imported into report-defs (browser bundle)
  query(sql: string): Promise<any[]>;
}

/** Counts of one campaign and team (or of all of them: `totals`). Counts are conversations. */
export interface LiveCounts {
  /** Open: latest status 'opened', 'handoff' or 'reopened'. */
  readonly open: number;
  /** Open with no agent message of kind 'message' since the current open stretch began. */
  readonly unattended: number;
  /** Open without a current assignment to an agent. */
  readonly unassigned: number;
  /** Latest status 'pending': with the bot. */
  readonly pending: number;
  /** Latest status 'snoozed' (not counted as open). */
  readonly snoozed: number;
}

/** One row of the live table: a campaign and a team (ids and names; null team: no team known). */
export interface LiveRow extends LiveCounts {
  readonly campaignId: string | null;
  readonly campaignName: string | null;
  readonly teamId: string | null;
  readonly teamName: string | null;
}

/** The live view: rows by campaign and team, totals, and how fresh the data is. */
export interface LiveView {
  /** The data's as-of instant (ISO-8601 UTC): the newest status event or message; null without chat data. */
  readonly asOf: string | null;
  /** When the latest import that wrote chat rows committed (ISO-8601 UTC); null when none did. */
  readonly importedAt: string | null;
  /** Rows with at least one conversation counted, by campaign name then team name (no team last). */
  readonly rows: readonly LiveRow[];
  /** Sums over `rows` (each conversation is in exactly one row). */
  readonly totals: LiveCounts;
}

/**
 * The live table as SQL (no parameters): one row per campaign and team with counts, from the derived
 * table `conversation_live` (packages/warehouse/src/derive-live.ts: one row per conversation not
 * resolved, with its state, campaign, team and flags, kept up to date by every import).
 */
export const LIVE_SQL = `
SELECT l.campaign_id, any_value(cp.name) AS campaign_name, l.team_id, any_value(t.name) AS team_name,
       count(*) FILTER (WHERE l.state = 'open') AS open,
       count(*) FILTER (WHERE l.unattended) AS unattended,
       count(*) FILTER (WHERE l.unassigned) AS unassigned,
       count(*) FILTER (WHERE l.state = 'pending') AS pending,
       count(*) FILTER (WHERE l.state = 'snoozed') AS snoozed
FROM conversation_live l
LEFT JOIN (SELECT DISTINCT ON (campaign_id) campaign_id, name FROM campaigns) cp ON cp.campaign_id = l.campaign_id
LEFT JOIN (SELECT DISTINCT ON (team_id) team_id, name FROM teams) t ON t.team_id = l.team_id
GROUP BY l.campaign_id, l.team_id`;

/**
 * The freshness of the data as SQL: `as_of` (newest status event or message) and `imported_at`
 * (latest import that wrote chat rows). The newest message is found from the newest minute of the
 * `message_minutes` summary, so only the messages of that minute's row groups are read.
 */
export const FRESHNESS_SQL = `
SELECT greatest(
         (SELECT max(occurred_at) FROM conversation_events),
         (SELECT max(sent_at) FROM messages
           WHERE sent_at >= coalesce((SELECT max(minute_start) FROM message_minutes), TIMESTAMP '1970-01-01'))
       ) AS as_of,
       (SELECT max(finished_at) FROM imports
         WHERE coalesce(TRY_CAST(rows_by_table->>'conversations' AS BIGINT), 0)
             + coalesce(TRY_CAST(rows_by_table->>'messages' AS BIGINT), 0)
             + coalesce(TRY_CAST(rows_by_table->>'assignments' AS BIGINT), 0)
             + coalesce(TRY_CAST(rows_by_table->>'conversation_events' AS BIGINT), 0) > 0) AS imported_at`;

type LiveSqlRow = {
  campaign_id: string | null;
  campaign_name: string | null;
  team_id: string | null;
  team_name: string | null;
  open: number;
  unattended: number;
  unassigned: number;
  pending: number;
  snoozed: number;
};

const ZERO: LiveCounts = { open: 0, unattended: 0, unassigned: 0, pending: 0, snoozed: 0 };
const KEYS = ["open", "unattended", "unassigned", "pending", "snoozed"] as const;

/** ISO-8601 UTC of a warehouse TIMESTAMP value (the warehouse returns ISO text already); null stays null. */
function iso(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  const s = String(v);
  const d = new Date(s.includes("T") || s.endsWith("Z") ? s : `${s.replace(" ", "T")}Z`);
  return Number.isNaN(d.getTime()) ? s : d.toISOString();
}

/** Sums the counts of `rows`. */
export function sumCounts(rows: readonly LiveCounts[]): LiveCounts {
  const t: Record<(typeof KEYS)[number], number> = { ...ZERO };
  for (const r of rows) for (const k of KEYS) t[k] += r[k];
  return t;
}

/** Orders rows by campaign name (or id), then team name (or id), rows without a team last. */
function compareRows(a: LiveRow, b: LiveRow): number {
  const name = (n: string | null, id: string | null) => n ?? id ?? "";
  const byCampaign = name(a.campaignName, a.campaignId).localeCompare(name(b.campaignName, b.campaignId));
  if (byCampaign !== 0) return byCampaign;
  if ((a.teamId === null) !== (b.teamId === null)) return a.teamId === null ? 1 : -1;
  return name(a.teamName, a.teamId).localeCompare(name(b.teamName, b.teamId));
}

/**
 * Computes the whole live view (every campaign and team) with `reader`. Two statements on the read
 * pool. Errors: those of the reader (a failed statement).
 */
export async function computeLive(reader: LiveReader): Promise<LiveView> {
  const [fresh] = (await reader.query(FRESHNESS_SQL)) as { as_of: string | null; imported_at: string | null }[];
  const raw = (await reader.query(LIVE_SQL)) as LiveSqlRow[];
  const rows = raw
    .map(
      (r): LiveRow => ({
        campaignId: r.campaign_id ?? null,
        campaignName: r.campaign_name ?? null,
        teamId: r.team_id ?? null,
        teamName: r.team_name ?? null,
        open: Number(r.open),
        unattended: Number(r.unattended),
        unassigned: Number(r.unassigned),
        pending: Number(r.pending),
        snoozed: Number(r.snoozed),
      }),
    )
    .sort(compareRows);
  return { asOf: iso(fresh?.as_of), importedAt: iso(fresh?.imported_at), rows, totals: sumCounts(rows) };
}

/** Which campaigns and teams a caller sees (absent: all). */
export interface LiveScope {
  readonly campaigns?: readonly string[];
  readonly teams?: readonly string[];
}

/**
 * `view` narrowed to `scope`: rows of the listed campaigns and teams only (both lists apply when
 * both are given; an empty list keeps nothing), totals summed again over the kept rows. The value
 * `(none)` in `teams` keeps the rows without a team.
 */
export function scopeLive(view: LiveView, scope: LiveScope): LiveView {
  const campaigns = scope.campaigns ? new Set(scope.campaigns) : null;
  const teams = scope.teams ? new Set(scope.teams) : null;
  if (!campaigns && !teams) return view;
  const rows = view.rows.filter(
    (r) =>
      (!campaigns || (r.campaignId !== null && campaigns.has(r.campaignId))) &&
      (!teams || teams.has(r.teamId ?? NO_TEAM)),
  );
  return { ...view, rows, totals: sumCounts(rows) };
}

/** The team filter value that selects conversations without a team. */
export const NO_TEAM = "(none)";

/** The definition sentence every answer carries (docs/reports.md "Live view"). */
export const LIVE_DEFINITION =
  "Conversations by their latest status event at the data's as-of instant (the newest status event or message in the data, not the clock): open = latest 'opened', 'handoff' or 'reopened'; pending = with the bot; snoozed apart (not open); resolved ones are not shown. Unattended: open with no agent message (kind 'message') since it was last (re)opened. Unassigned: open with no current assignment to an agent. Conversations without status events are not counted. Team: of the latest assignment, else of the latest event naming one.";

/**
 * "just now", "5 min ago", "3 h ago", "2 days ago" for the time from ISO instant `iso` to `nowMs`
 * (epoch ms), rounded down; a time in the future reads "just now".
 */
export function timeAgo(iso: string, nowMs: number): string {
  const secs = Math.max(0, Math.floor((nowMs - Date.parse(iso)) / 1000));
  if (secs < 60) return "just now";
  const mins = Math.floor(secs / 60);
  if (mins < 60) return `${mins} min ago`;
  const hours = Math.floor(mins / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} days ago`;
}

/** "2026-12-01 11:45 UTC" of an ISO-8601 UTC instant. */
export function utcStamp(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** The freshness line: "Data as of <time>, imported <time ago>." (or what is missing), at `nowMs`. */
export function freshnessLine(view: Pick<LiveView, "asOf" | "importedAt">, nowMs: number): string {
  if (!view.asOf) return "No conversation data yet: import conversations with their status events.";
  const imported = view.importedAt ? `imported ${timeAgo(view.importedAt, nowMs)}` : "import time unknown";
  return `Data as of ${utcStamp(view.asOf)}, ${imported}.`;
}
