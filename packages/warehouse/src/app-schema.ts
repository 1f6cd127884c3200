/**
 * The application's own state as data: accounts, sessions, API keys and segments (later snapshots,
 * links...). These tables live in the same DuckDB file as the canonical model but apart from it:
 * their names start with `app_`, imports never write them, and removing demo data or an import
 * never touches them (docs/architecture.md "Application state"). Migration 14 creates them; a test
 * keeps the migrated database equal to this description.
 *
 * Instants are UTC in plain `TIMESTAMP`, like the canonical model. Secrets are never stored: only
 * SHA-256 hashes of random tokens and argon2id hashes of passwords.
 */
import type { ColumnSpec, ColumnType, TableSpec } from "./schema";

const req = (type: ColumnType, doc: string): ColumnSpec => ({ type, nullable: false, doc });
const opt = (type: ColumnType, doc: string): ColumnSpec => ({ type, nullable: true, doc });

/** Prefix of every application-state table. */
export const APP_TABLE_PREFIX = "app_";

/** Every application-state table, by name (DDL order of columns). */
export const appTables = {
  app_users: {
    doc: "A person who signs in to the dashboard (seed 000: admins and members view reports).",
    key: ["user_id"],
    columns: {
      user_id: req("VARCHAR", "Random id of the user (not secret)."),
      email: req("VARCHAR", "E-mail address, lower-cased and NFC-normalised; unique."),
      name: opt("VARCHAR", "Display name, or NULL."),
      role: req("VARCHAR", "'admin' (manages users and keys) or 'member' (views reports)."),
      password_hash: req("VARCHAR", "argon2id hash of the password (PHC string)."),
      disabled: req("BOOLEAN", "True when the user may not sign in (their sessions are ended)."),
      created_at: req("TIMESTAMP", "UTC instant the user was created."),
      updated_at: req("TIMESTAMP", "UTC instant of the last change to role, name, password or disabled."),
      last_sign_in_at: opt("TIMESTAMP", "UTC instant of the last successful sign-in, or NULL."),
    },
  },
  app_sessions: {
    doc: "A dashboard session: the cookie holds `<session_id>.<secret>`; only the secret's SHA-256 is stored.",
    key: ["session_id"],
    columns: {
      session_id: req("VARCHAR", "Random id of the session (the cookie's first part; not secret on its own)."),
      secret_hash: req("VARCHAR", "SHA-256 (hex) of the cookie's secret part."),
      user_id: req("VARCHAR", "The `app_users.user_id` signed in."),
      created_at: req("TIMESTAMP", "UTC instant of sign-in."),
      last_seen_at: req("TIMESTAMP", "UTC instant of the last request (written at most once a minute)."),
      expires_at: req("TIMESTAMP", "UTC instant the session ends whatever its use (absolute expiry)."),
    },
  },
  app_api_keys: {
    doc: "An API key for programs: `tl_<key_id>_<secret>`, shown once; only the secret's SHA-256 is stored.",
    key: ["key_id"],
    columns: {
      key_id: req("VARCHAR", "Short random id shown in lists and used to revoke (not secret)."),
      name: req("VARCHAR", "What the key is for, as its creator named it."),
      role: req("VARCHAR", "'admin' or 'member': what the key may do."),
      secret_hash: req("VARCHAR", "SHA-256 (hex) of the key's secret part."),
      created_by: opt("VARCHAR", "The `app_users.user_id` who created it; NULL when created on the command line."),
      created_at: req("TIMESTAMP", "UTC instant the key was created."),
      last_used_at: opt("TIMESTAMP", "UTC instant of its last accepted use (written at most once a minute), or NULL."),
      expires_at: opt("TIMESTAMP", "UTC instant after which it is refused, or NULL for no expiry."),
      revoked_at: opt("TIMESTAMP", "UTC instant it was revoked, or NULL."),
    },
  },
  app_setup_tokens: {
    doc: "A one-time link to create the first admin, printed by a server that starts with no user.",
    key: ["token_hash"],
    columns: {
      token_hash: req("VARCHAR", "SHA-256 (hex) of the token in the link."),
      created_at: req("TIMESTAMP", "UTC instant the link was printed."),
      expires_at: req("TIMESTAMP", "UTC instant after which the link is refused."),
      used_at: opt("TIMESTAMP", "UTC instant the link created the first admin, or NULL."),
    },
  },
  app_segments: {
    doc: "A segment (seed 000: saved filter combinations): a named set of report filters, visible to every member; only its owner or an admin changes it.",
    key: ["segment_id"],
    columns: {
      segment_id: req("VARCHAR", "Random id of the segment (a UUID; not secret)."),
      name: req("VARCHAR", "Name shown in the Segments picker (1-100 characters)."),
      description: opt("VARCHAR", "What the segment is for, or NULL."),
      filters: req(
        "JSON",
        "The filters, as a report query's `filters` (report-defs filters.ts), checked by report-defs' parseSegmentFilters.",
      ),
      owner_kind: req("VARCHAR", "'user' (made in the dashboard or with a session) or 'key' (made by a program)."),
      owner_id: req(
        "VARCHAR",
        "The `app_users.user_id` or `app_api_keys.key_id` that made it: it may change or delete it.",
      ),
      created_at: req("TIMESTAMP", "UTC instant the segment was created."),
      updated_at: req("TIMESTAMP", "UTC instant of its last change (name, description or filters)."),
    },
  },
  app_snapshots: {
    doc: "What a public link shows (migration 16): one report or one dashboard page, frozen (results kept) or live (the frozen query re-run on current data). Never changed after creation.",
    key: ["snapshot_id"],
    columns: {
      snapshot_id: req("VARCHAR", "Random id of the snapshot (a UUID; not secret, never in a public answer)."),
      kind: req("VARCHAR", "'report' (one report) or 'page' (a dashboard page of several); narrative reports later."),
      mode: req("VARCHAR", "'snapshot' (results frozen in `document`) or 'live' (queries re-run at each view)."),
      title: req("VARCHAR", "Title shown on the public page (the report's title or the page's name)."),
      queries: req(
        "JSON",
        "The frozen queries: a list of { reportId, query } (report-defs ReportQuery, no segment id).",
      ),
      segment: opt("JSON", "The segment applied when it was made, frozen: { name, filters }; NULL for none."),
      options: req("JSON", "{ showAgentNames, hideFilters }: what the creator chose to publish."),
      document: opt(
        "JSON",
        "The public document (already redacted: links/public.ts) of a frozen snapshot; NULL for live.",
      ),
      creator_kind: req("VARCHAR", "'user' or 'key': who made it."),
      creator_id: req("VARCHAR", "The `app_users.user_id` or `app_api_keys.key_id` that made it."),
      creator_role: req("VARCHAR", "The creator's role then ('admin' or 'member')."),
      created_at: req("TIMESTAMP", "UTC instant it was taken."),
    },
  },
  app_links: {
    doc: "A public link: `/r/<token>`, the token shown once; only its SHA-256 is stored. Points to one snapshot.",
    key: ["link_id"],
    columns: {
      link_id: req("VARCHAR", "Random id used to list, revoke and rotate (a UUID; not the token)."),
      token_hash: req("VARCHAR", "SHA-256 (hex) of the current token (a rotation replaces it)."),
      snapshot_id: req("VARCHAR", "The `app_snapshots.snapshot_id` it shows."),
      label: req("VARCHAR", "What the link is for, as its creator named it."),
      passcode_hash: opt("VARCHAR", "argon2id hash (PHC string) of the passcode, or NULL for none."),
      creator_kind: req("VARCHAR", "'user' or 'key'."),
      creator_id: req("VARCHAR", "The user or key that made it: it (or an admin) may revoke or rotate it."),
      created_at: req("TIMESTAMP", "UTC instant it was made."),
      expires_at: opt("TIMESTAMP", "UTC instant from which it answers 404, or NULL for never."),
      revoked_at: opt("TIMESTAMP", "UTC instant it was revoked, or NULL."),
      rotated_at: opt("TIMESTAMP", "UTC instant of the last rotation (new token, old one dead), or NULL."),
      views: req("BIGINT", "Views served (successful public answers)."),
      last_view_at: opt("TIMESTAMP", "UTC instant of the last view, or NULL."),
    },
  },
  app_link_views: {
    doc: "Views of a public link per UTC day (no address, no client identifier).",
    key: ["link_id", "day"],
    columns: {
      link_id: req("VARCHAR", "The `app_links.link_id`."),
      day: req("VARCHAR", "UTC calendar day, YYYY-MM-DD."),
      views: req("BIGINT", "Views served that day."),
    },
  },
  app_narratives: {
    doc: "A generated narrative report (seed 000 Reports, migration 18): a snapshot of its facts and prose, kept until deleted; deleting it leaves the call data untouched.",
    key: ["narrative_id"],
    columns: {
      narrative_id: req("VARCHAR", "Random id of the report (a UUID; not secret)."),
      name: req("VARCHAR", "Display name, e.g. 'Campaign report: Support (2026-11-01 to 2026-11-30)'."),
      scope_kind: req(
        "VARCHAR",
        "'campaign', 'segment', 'check', 'calls', 'chat_campaign', 'chat_segment' or 'conversations'.",
      ),
      scope_key: req(
        "VARCHAR",
        "The scope as text ('campaign:c1', 'calls:a,b'): reports of one scope share it (compare).",
      ),
      scope: req("JSON", "The scope: kind, ids, and for segments the name and filters used."),
      period_from: req("VARCHAR", "First local day of the period (inclusive), YYYY-MM-DD."),
      period_to: req("VARCHAR", "Last local day of the period (inclusive), YYYY-MM-DD."),
      timezone: req("VARCHAR", "IANA zone of the period's days."),
      status: req("VARCHAR", "'running' (being generated), 'done' or 'failed'."),
      narrator: opt(
        "VARCHAR",
        "Who wrote the prose: 'ai' (a model, validated) or 'rules' (the deterministic narrator).",
      ),
      author_kind: req("VARCHAR", "'user', 'key' (an API key) or 'cli' (the command line)."),
      author_id: opt("VARCHAR", "The user id or key id that asked for it; NULL from the command line."),
      regenerated_from: opt("VARCHAR", "The report this one regenerates (that one is kept), or NULL."),
      facts: opt(
        "JSON",
        "The fact sheet: every figure with id, value, unit, formatted value, definition, sample and bands.",
      ),
      sections: opt("JSON", "The prose: executive summary, common issues, recommendations (three horizons)."),
      usage: opt("JSON", "Tokens used: prompt and completion, per model call and in total (0 for the rules narrator)."),
      failure: opt("VARCHAR", "Why generation failed or why the model's answer was not used, or NULL."),
      created_at: req("TIMESTAMP", "UTC instant generation was asked for."),
      generated_at: opt("TIMESTAMP", "UTC instant generation finished, or NULL while running."),
      progress: opt(
        "JSON",
        "Migration 23: where a running generation is: step, label (words), percent 0-100; NULL before the first step.",
      ),
    },
  },
  app_narrative_usage: {
    doc: "Tokens of one model call for a narrative report (seed 000 'Report costs'); kept when the report is deleted so the monthly usage stays true.",
    key: ["usage_id"],
    columns: {
      usage_id: req("VARCHAR", "Random id of the row."),
      narrative_id: req("VARCHAR", "The report the call was for (may since be deleted)."),
      model: req("VARCHAR", "Model name sent to the server (TALLYLINE_AI_MODEL)."),
      prompt_tokens: req("INTEGER", "Prompt tokens, from the server's usage answer."),
      completion_tokens: req("INTEGER", "Completion tokens, from the server's usage answer."),
      created_at: req("TIMESTAMP", "UTC instant of the call."),
    },
  },
  app_schedules: {
    doc: "A scheduled report e-mail (issue 15, seeds 002 and 000 'Scheduled Reports', migration 19): a bundle, a local schedule in an IANA zone, recipients and an owner.",
    key: ["schedule_id"],
    columns: {
      schedule_id: req("VARCHAR", "Random id of the schedule (a UUID; not secret)."),
      name: req("VARCHAR", "Name shown in lists and the mail's subject (1-100 characters)."),
      bundle: req(
        "JSON",
        "What the mail reports: {kind:'seed002'} (Activity, Chatbot, Contact Center) or {kind:'category', category}.",
      ),
      frequency: req(
        "VARCHAR",
        "'daily', 'weekly', 'biweekly' (every two weeks), 'twice_monthly' (1st and 16th), 'monthly', 'every_two_months' or 'quarterly'.",
      ),
      weekday: opt("INTEGER", "ISO weekday of a weekly or biweekly send (1 Monday .. 7 Sunday), else NULL."),
      month_day: opt(
        "INTEGER",
        "Day of the month of a monthly, two-monthly or quarterly send (1-31; past the month's end: its last day), else NULL.",
      ),
      send_time: req("VARCHAR", "Local wall-clock send time, HH:MM, in `timezone`."),
      timezone: req("VARCHAR", "IANA zone of the send time and of the reported period's days."),
      recipients: req("JSON", "E-mail addresses (lower-cased), 1-50."),
      filters: req("JSON", "Report filters applied to every report of the bundle (a report query's `filters`)."),
      enabled: req("BOOLEAN", "False when paused: no run is due."),
      signing_secret: req(
        "VARCHAR",
        "Random 256-bit key (hex) that signs the schedule's unsubscribe tokens; never shown.",
      ),
      owner_kind: req("VARCHAR", "'user' or 'key'."),
      owner_id: req("VARCHAR", "The user or API key that made it: it (or an admin) may change or delete it."),
      created_at: req("TIMESTAMP", "UTC instant the schedule was created; no run is due before it."),
      updated_at: req("TIMESTAMP", "UTC instant of its last change."),
      options: opt(
        "JSON",
        "Migration 24: {attachments: {pdf, csv, xlsx}, narrativeSummary} (booleans); NULL (a schedule made before): all off.",
      ),
    },
  },
  app_schedule_runs: {
    doc: "One run of a schedule for one period (migration 19): claimed once per (schedule, period), then sent, failed or skipped; every attempt counted.",
    key: ["run_id"],
    columns: {
      run_id: req("VARCHAR", "Random id of the run."),
      schedule_id: req("VARCHAR", "The schedule."),
      period_key: req(
        "VARCHAR",
        "Idempotency key: '<from>..<to>' of the period (unique per schedule), or 'manual:<run id>' for a run-now.",
      ),
      period_from: req("VARCHAR", "First local day of the reported period, YYYY-MM-DD."),
      period_to: req("VARCHAR", "Last local day of the reported period, YYYY-MM-DD."),
      due_at: req("TIMESTAMP", "UTC instant the run was due (the schedule's local send time)."),
      trigger: req("VARCHAR", "'schedule' or 'manual' (run-now)."),
      status: req(
        "VARCHAR",
        "'sending', 'sent', 'failed' (with the server's answer) or 'skipped' (older than the catch-up window).",
      ),
      late: req("BOOLEAN", "True when sent after downtime, past its due time (the mail says so)."),
      attempts: req("INTEGER", "SMTP attempts made."),
      recipients: req("JSON", "The addresses the mail went (or was to go) to."),
      answer: opt("VARCHAR", "The SMTP server's last answer (or the failure), or NULL."),
      message_id: opt("VARCHAR", "Message-ID of the mail sent, or NULL."),
      created_at: req("TIMESTAMP", "UTC instant the run was claimed."),
      finished_at: opt("TIMESTAMP", "UTC instant it was sent, failed or skipped, or NULL while sending."),
      warnings: opt(
        "JSON",
        "Migration 24: what the run left out and why (a PDF that could not be printed, a summary that could not be written), a list of strings; NULL: none.",
      ),
    },
  },
  app_unsubscribes: {
    doc: "A recipient who left a schedule with the one-click link of a mail (migration 19): never mailed by it again.",
    key: ["schedule_id", "email"],
    columns: {
      schedule_id: req("VARCHAR", "The schedule."),
      email: req("VARCHAR", "The address, lower-cased."),
      token_hash: req("VARCHAR", "SHA-256 (hex) of the token that was used (a token works once)."),
      created_at: req("TIMESTAMP", "UTC instant of the unsubscribe."),
    },
  },
} as const satisfies Record<string, TableSpec>;

/** Name of an application-state table. */
export type AppTableName = keyof typeof appTables;
