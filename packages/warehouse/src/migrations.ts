import { CHECK_QUALITY_REBUILD, ENTITY_QUARTERS_REBUILD, MESSAGE_MINUTES_REBUILD } from "./derive";
import { CONVERSATION_BOT_REBUILD } from "./derive-bot";
import { CONVERSATION_LIVE_REBUILD } from "./derive-live";
import { REPLIES_REBUILD } from "./derive-replies";
import { RESOLUTIONS_REBUILD } from "./derive-resolutions";

/**
 * Versioned migrations of the canonical schema. Append only: a released migration never changes;
 * a model change is a new entry. `schema.ts` describes the result and a test keeps the two equal.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  /** The statements, run in one transaction. */
  readonly sql: string;
  /**
   * Statements computed from the database as it is before the migration (`query` reads it), for
   * changes SQL cannot say directly; their result is run after `sql`, in the same transaction.
   */
  readonly derive?: (query: (sql: string) => Promise<Record<string, unknown>[]>) => Promise<string>;
}

/**
 * Tables whose natural key the import pipeline enforces instead of a PRIMARY KEY constraint (every
 * canonical data table). DuckDB maintains a PRIMARY KEY as an ART index, which costs about a
 * microsecond per row on insert (10 s of a 34 s load of 11M rows, docs/benchmarks.md "Ingest") and
 * deletes from it row by row; the pipeline instead deletes older rows with the same key by a join.
 */
const keyedByImport = [
  "campaigns",
  "agents",
  "calls",
  "contacts",
  "hosts",
  "quality_checks",
  "call_check_results",
  "conversations",
  "messages",
  "assignments",
  "ratings",
  "agent_states",
  "agent_shifts",
  "invites_hourly",
  "traffic_hourly",
] as const;

/**
 * The statements that re-create `table` without its PRIMARY KEY (DuckDB cannot drop a constraint):
 * its DDL as DuckDB prints it, minus the key clause, with NOT NULL on the key columns (which the key
 * implied), filled from the old table. Columns, their order, types and other NOT NULLs stay as they
 * were. Throws when the DDL still names a key afterwards.
 */
async function withoutPrimaryKey(
  query: (sql: string) => Promise<Record<string, unknown>[]>,
  table: string,
): Promise<string> {
  const [row] = await query(`SELECT sql FROM duckdb_tables() WHERE table_name = '${table}' AND schema_name = 'main'`);
  const ddl = String(row?.sql ?? "");
  const keys =
    /PRIMARY KEY\s*\(([^)]*)\)/i
      .exec(ddl)?.[1]
      ?.split(",")
      .map((k) => k.trim().replaceAll('"', "")) ?? [];
  let bare = ddl.replace(/,\s*PRIMARY KEY\s*\([^)]*\)/i, "").replace(/ PRIMARY KEY(?=[,)])/i, " NOT NULL");
  for (const k of keys) bare = bare.replace(new RegExp(`([(,]\\s*"?${k}"?\\s+[A-Z]+)(?=[,)])`), "$1 NOT NULL");
  bare = bare.replace(/^CREATE TABLE\s+"?\w+"?\s*\(/i, `CREATE TABLE _v5_${table}(`);
  if (!bare.startsWith(`CREATE TABLE _v5_${table}(`) || /PRIMARY KEY/i.test(bare)) {
    throw new Error(`Cannot remove the primary key of ${table} from: ${ddl}`);
  }
  return `${bare}
INSERT INTO _v5_${table} SELECT * FROM ${table};
DROP TABLE ${table};
ALTER TABLE _v5_${table} RENAME TO ${table};`;
}

/**
 * Migration 21: the statements that re-create `app_snapshots` with `narrative` allowed in its
 * `kind` CHECK (DuckDB cannot alter a constraint): its DDL as DuckDB prints it (so columns a
 * migration added since 16 stay), the kind list widened, filled from the old table. Throws when the
 * DDL has no kind CHECK to widen.
 */
async function snapshotsWithNarrativeKind(query: (sql: string) => Promise<Record<string, unknown>[]>): Promise<string> {
  const [row] = await query(
    "SELECT sql FROM duckdb_tables() WHERE table_name = 'app_snapshots' AND schema_name = 'main'",
  );
  const ddl = String(row?.sql ?? "");
  const check = /CHECK\s*\(\s*\(?\s*"?kind"?\s+IN\s*\(([^)]*)\)\s*\)?\s*\)/i;
  const list = check.exec(ddl)?.[1];
  if (list === undefined) throw new Error(`Cannot widen the kind of app_snapshots from: ${ddl}`);
  if (/'narrative'/.test(list)) return "SELECT 1;";
  const widened = ddl
    .replace(check, (whole) => whole.replace(list, `${list}, 'narrative'`))
    .replace(/^CREATE TABLE\s+"?\w+"?\s*\(/i, "CREATE TABLE _v21_app_snapshots(");
  return `${widened}
INSERT INTO _v21_app_snapshots SELECT * FROM app_snapshots;
DROP TABLE app_snapshots;
ALTER TABLE _v21_app_snapshots RENAME TO app_snapshots;`;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: "imports, campaigns, agents, calls",
    sql: `
CREATE TABLE imports (
  import_id VARCHAR PRIMARY KEY,
  source VARCHAR NOT NULL,
  file_name VARCHAR NOT NULL,
  sha256 VARCHAR NOT NULL,
  started_at TIMESTAMP NOT NULL,
  finished_at TIMESTAMP NOT NULL,
  rows_by_table JSON NOT NULL,
  status VARCHAR NOT NULL,
  errors JSON
);
CREATE TABLE campaigns (
  campaign_id VARCHAR PRIMARY KEY,
  source VARCHAR NOT NULL,
  import_id VARCHAR NOT NULL,
  name VARCHAR NOT NULL,
  channel VARCHAR NOT NULL,
  account_id VARCHAR
);
CREATE TABLE agents (
  agent_id VARCHAR PRIMARY KEY,
  source VARCHAR NOT NULL,
  import_id VARCHAR NOT NULL,
  username VARCHAR NOT NULL,
  first_name VARCHAR,
  last_name VARCHAR,
  email VARCHAR,
  account_id VARCHAR,
  disabled BOOLEAN NOT NULL
);
CREATE TABLE calls (
  call_id VARCHAR PRIMARY KEY,
  source VARCHAR NOT NULL,
  import_id VARCHAR NOT NULL,
  campaign_id VARCHAR NOT NULL,
  agent_id VARCHAR,
  contact_id VARCHAR,
  queue VARCHAR,
  priority INTEGER,
  started_at TIMESTAMP NOT NULL,
  queued_at TIMESTAMP,
  answered_at TIMESTAMP,
  ended_at TIMESTAMP,
  ivr_secs DOUBLE,
  wait_secs DOUBLE,
  talk_secs DOUBLE,
  handle_secs DOUBLE,
  answered BOOLEAN NOT NULL,
  abandoned BOOLEAN NOT NULL,
  outcome VARCHAR,
  resolved BOOLEAN,
  csat INTEGER,
  topic VARCHAR
);`,
  },
  {
    version: 2,
    name: "chat, quality-check, rating, agent-state, shift, invite, traffic and host tables",
    sql: `
CREATE TABLE contacts (
  contact_id VARCHAR NOT NULL,
  source VARCHAR NOT NULL,
  import_id VARCHAR NOT NULL,
  campaign_id VARCHAR,
  first_seen_at TIMESTAMP,
  display_name VARCHAR,
  PRIMARY KEY (contact_id)
);
CREATE TABLE hosts (
  host_id VARCHAR NOT NULL,
  source VARCHAR NOT NULL,
  import_id VARCHAR NOT NULL,
  account_id VARCHAR,
  hostname VARCHAR NOT NULL,
  multiple_acc_id VARCHAR,
  PRIMARY KEY (host_id)
);
CREATE TABLE quality_checks (
  check_id VARCHAR NOT NULL,
  source VARCHAR NOT NULL,
  import_id VARCHAR NOT NULL,
  campaign_id VARCHAR,
  name VARCHAR NOT NULL,
  description VARCHAR,
  PRIMARY KEY (check_id)
);
CREATE TABLE call_check_results (
  call_id VARCHAR NOT NULL,
  check_id VARCHAR NOT NULL,
  source VARCHAR NOT NULL,
  import_id VARCHAR NOT NULL,
  passed BOOLEAN NOT NULL,
  score DOUBLE,
  reason VARCHAR,
  evaluated_at TIMESTAMP,
  PRIMARY KEY (call_id, check_id)
);
CREATE TABLE conversations (
  conversation_id VARCHAR NOT NULL,
  source VARCHAR NOT NULL,
  import_id VARCHAR NOT NULL,
  campaign_id VARCHAR NOT NULL,
  contact_id VARCHAR,
  account_id VARCHAR,
  host_id VARCHAR,
  started_at TIMESTAMP NOT NULL,
  ended_at TIMESTAMP,
  channel VARCHAR NOT NULL,
  language VARCHAR,
  intent VARCHAR,
  start_flow VARCHAR,
  closing_reason VARCHAR,
  handled_by VARCHAR,
  handling_type VARCHAR,
  entrypoint VARCHAR,
  entrypoint_type VARCHAR,
  success_code VARCHAR,
  first_agent_id VARCHAR,
  last_agent_id VARCHAR,
  message_count INTEGER,
  duration_secs DOUBLE,
  conversation_secs DOUBLE,
  afterclose_secs DOUBLE,
  first_response_secs DOUBLE,
  first_reply_secs DOUBLE,
  avg_response_secs DOUBLE,
  max_response_secs DOUBLE,
  decision_secs DOUBLE,
  avg_message_length DOUBLE,
  max_message_length INTEGER,
  goals VARCHAR,
  total_goal_value DOUBLE,
  blocked BOOLEAN,
  block_reason VARCHAR,
  visitor_identifier VARCHAR,
  transcript_url VARCHAR,
  accept_url VARCHAR,
  PRIMARY KEY (conversation_id)
);
CREATE TABLE messages (
  message_id VARCHAR NOT NULL,
  source VARCHAR NOT NULL,
  import_id VARCHAR NOT NULL,
  conversation_id VARCHAR NOT NULL,
  seq INTEGER NOT NULL,
  sent_at TIMESTAMP,
  sender VARCHAR NOT NULL,
  agent_id VARCHAR,
  length_chars INTEGER,
  text VARCHAR,
  intent VARCHAR,
  language VARCHAR,
  PRIMARY KEY (message_id)
);
CREATE TABLE assignments (
  assignment_id VARCHAR NOT NULL,
  source VARCHAR NOT NULL,
  import_id VARCHAR NOT NULL,
  conversation_id VARCHAR NOT NULL,
  seq INTEGER NOT NULL,
  agent_id VARCHAR,
  role VARCHAR,
  assigned_at TIMESTAMP NOT NULL,
  accepted_at TIMESTAMP,
  first_response_at TIMESTAMP,
  closed_at TIMESTAMP,
  missed BOOLEAN NOT NULL,
  PRIMARY KEY (assignment_id)
);
CREATE TABLE ratings (
  rating_id VARCHAR NOT NULL,
  source VARCHAR NOT NULL,
  import_id VARCHAR NOT NULL,
  conversation_id VARCHAR,
  call_id VARCHAR,
  agent_id VARCHAR,
  rated_at TIMESTAMP,
  scale VARCHAR NOT NULL,
  value DOUBLE NOT NULL,
  comment VARCHAR,
  PRIMARY KEY (rating_id)
);
CREATE TABLE agent_states (
  state_id VARCHAR NOT NULL,
  source VARCHAR NOT NULL,
  import_id VARCHAR NOT NULL,
  origin VARCHAR NOT NULL,
  agent_id VARCHAR NOT NULL,
  campaign_id VARCHAR,
  account_id VARCHAR,
  state VARCHAR NOT NULL,
  time_start TIMESTAMP NOT NULL,
  time_end TIMESTAMP,
  duration_secs DOUBLE,
  entrypoint_type VARCHAR,
  PRIMARY KEY (state_id)
);
CREATE TABLE agent_shifts (
  workshift_id VARCHAR NOT NULL,
  campaign_id VARCHAR NOT NULL,
  agent_id VARCHAR NOT NULL,
  source VARCHAR NOT NULL,
  import_id VARCHAR NOT NULL,
  account_id VARCHAR,
  campaign_name VARCHAR,
  workshift_start TIMESTAMP NOT NULL,
  workshift_end TIMESTAMP,
  num_chats INTEGER,
  num_breaks INTEGER,
  num_ignored INTEGER,
  num_abandoned INTEGER,
  avg_concurrency DOUBLE,
  first_response_duration DOUBLE,
  open_duration DOUBLE,
  closed_duration DOUBLE,
  online_duration DOUBLE,
  offline_duration DOUBLE,
  available_duration DOUBLE,
  idle_duration DOUBLE,
  session_duration DOUBLE,
  survey_num_good INTEGER,
  survey_num_bad INTEGER,
  survey_num_moderate INTEGER,
  PRIMARY KEY (workshift_id, campaign_id, agent_id)
);
CREATE TABLE invites_hourly (
  campaign_id VARCHAR NOT NULL,
  filter_id VARCHAR NOT NULL,
  hour_begin_time TIMESTAMP NOT NULL,
  source VARCHAR NOT NULL,
  import_id VARCHAR NOT NULL,
  account_id VARCHAR,
  filter_name VARCHAR,
  num_proactive INTEGER NOT NULL,
  num_proactive_accepted INTEGER NOT NULL,
  num_proactive_declined INTEGER NOT NULL,
  num_proactive_match INTEGER NOT NULL,
  num_proactive_cancelled INTEGER NOT NULL,
  num_proactive_no_availability INTEGER NOT NULL,
  num_proactive_expired INTEGER NOT NULL,
  num_proactive_ignored INTEGER NOT NULL,
  PRIMARY KEY (campaign_id, filter_id, hour_begin_time)
);
CREATE TABLE traffic_hourly (
  campaign_id VARCHAR NOT NULL,
  entrypoint_id VARCHAR NOT NULL,
  hour_begin_time TIMESTAMP NOT NULL,
  source VARCHAR NOT NULL,
  import_id VARCHAR NOT NULL,
  entrypoint VARCHAR,
  visits INTEGER NOT NULL,
  views INTEGER NOT NULL,
  clicks INTEGER NOT NULL,
  chats INTEGER NOT NULL,
  PRIMARY KEY (campaign_id, entrypoint_id, hour_begin_time)
);
`,
  },
  {
    version: 3,
    name: "campaign and contact keys on messages and assignments",
    sql: `
ALTER TABLE messages ADD COLUMN campaign_id VARCHAR;
ALTER TABLE messages ADD COLUMN contact_id VARCHAR;
ALTER TABLE assignments ADD COLUMN campaign_id VARCHAR;`,
  },
  {
    version: 4,
    name: "call time, agent and campaign on quality-check results",
    sql: `
ALTER TABLE call_check_results ADD COLUMN call_started_at TIMESTAMP;
ALTER TABLE call_check_results ADD COLUMN agent_id VARCHAR;
ALTER TABLE call_check_results ADD COLUMN campaign_id VARCHAR;`,
  },
  {
    version: 5,
    name: "natural keys enforced by the import pipeline, not by PRIMARY KEY indexes",
    sql: "",
    derive: async (query) => {
      const parts: string[] = [];
      for (const table of keyedByImport) parts.push(await withoutPrimaryKey(query, table));
      return parts.join("\n");
    },
  },
  {
    version: 6,
    name: "contact-centre flags on conversations and messages, derived at import",
    sql: `
ALTER TABLE conversations ADD COLUMN assigned BOOLEAN;
ALTER TABLE conversations ADD COLUMN served BOOLEAN;
ALTER TABLE messages ADD COLUMN conversation_assigned BOOLEAN;`,
  },
  {
    version: 7,
    name: "call_quality: quality-check results summed per call, derived at import",
    sql: `
CREATE TABLE call_quality (
  call_id VARCHAR NOT NULL,
  call_started_at TIMESTAMP,
  agent_id VARCHAR,
  campaign_id VARCHAR,
  results INTEGER NOT NULL,
  passed INTEGER NOT NULL,
  scored INTEGER NOT NULL,
  score_sum DOUBLE
);
INSERT INTO call_quality
SELECT call_id, min(call_started_at), min(agent_id), min(campaign_id), count(*), count(*) FILTER (WHERE passed),
       count(score), sum(score)
FROM call_check_results GROUP BY call_id;`,
  },
  {
    version: 8,
    name: "check_quality: quality-check results per check, quarter-hour and score band, derived at import",
    sql: `
CREATE TABLE check_quality (
  check_id VARCHAR NOT NULL,
  quarter_start TIMESTAMP NOT NULL,
  score_floor INTEGER,
  results INTEGER NOT NULL,
  passed INTEGER NOT NULL,
  scored INTEGER NOT NULL,
  score_sum DOUBLE
);`,
    derive: async () => CHECK_QUALITY_REBUILD,
  },
  {
    version: 9,
    name: "message_quarters: messages per quarter-hour, sender and contact-centre flag, derived at import",
    sql: `
CREATE TABLE message_quarters (
  quarter_start TIMESTAMP NOT NULL,
  messages INTEGER NOT NULL,
  contact_messages INTEGER NOT NULL,
  bot_messages INTEGER NOT NULL,
  agent_messages INTEGER NOT NULL,
  cc_messages INTEGER NOT NULL
);`,
  },
  {
    version: 10,
    name: "message_minutes replaces message_quarters: per-minute counts also serve the peak-minute reports",
    sql: `
DROP TABLE message_quarters;
CREATE TABLE message_minutes (
  minute_start TIMESTAMP NOT NULL,
  messages INTEGER NOT NULL,
  contact_messages INTEGER NOT NULL,
  bot_messages INTEGER NOT NULL,
  agent_messages INTEGER NOT NULL,
  cc_messages INTEGER NOT NULL
);`,
    derive: async () => MESSAGE_MINUTES_REBUILD,
  },
  {
    version: 11,
    name: "per-entity quarter-hour summaries with each entity's previous quarter-hour, for distinct counts of conversations and contacts",
    sql: `
CREATE TABLE conversation_quarters (
  quarter_start TIMESTAMP NOT NULL,
  previous_quarter TIMESTAMP,
  messages INTEGER NOT NULL
);
CREATE TABLE contact_message_quarters (
  quarter_start TIMESTAMP NOT NULL,
  previous_quarter TIMESTAMP
);
CREATE TABLE contact_conversation_quarters (
  quarter_start TIMESTAMP NOT NULL,
  previous_quarter TIMESTAMP,
  conversations INTEGER NOT NULL,
  served_conversations INTEGER NOT NULL,
  previous_served_quarter TIMESTAMP
);`,
    // These tables were filled here until migration 13 re-created them with their entity (and fills them).
  },
  {
    version: 12,
    name: "imports.warnings: values an import did not use as written, its rows kept",
    sql: "ALTER TABLE imports ADD COLUMN warnings JSON;",
  },
  {
    version: 13,
    name: "per-entity quarter-hour summaries store their entity (for incremental upkeep); summaries use whole units rounded down",
    sql: `
DROP TABLE conversation_quarters;
DROP TABLE contact_message_quarters;
DROP TABLE contact_conversation_quarters;
CREATE TABLE conversation_quarters (
  conversation_id VARCHAR NOT NULL,
  quarter_start TIMESTAMP NOT NULL,
  previous_quarter TIMESTAMP,
  messages INTEGER NOT NULL
);
CREATE TABLE contact_message_quarters (
  contact_id VARCHAR NOT NULL,
  quarter_start TIMESTAMP NOT NULL,
  previous_quarter TIMESTAMP
);
CREATE TABLE contact_conversation_quarters (
  contact_id VARCHAR NOT NULL,
  quarter_start TIMESTAMP NOT NULL,
  previous_quarter TIMESTAMP,
  conversations INTEGER NOT NULL,
  served_conversations INTEGER NOT NULL,
  previous_served_quarter TIMESTAMP
);`,
    // Every summary rebuilt: an instant before 1970 used to fall in the unit after it.
    derive: async () => [ENTITY_QUARTERS_REBUILD, MESSAGE_MINUTES_REBUILD, CHECK_QUALITY_REBUILD].join("\n"),
  },
  {
    version: 14,
    name: "application state: users, sessions, API keys and setup links (app_ tables, never written by imports)",
    sql: `
CREATE TABLE app_users (
  user_id VARCHAR PRIMARY KEY,
  email VARCHAR NOT NULL UNIQUE,
  name VARCHAR,
  role VARCHAR NOT NULL CHECK (role IN ('admin', 'member')),
  password_hash VARCHAR NOT NULL,
  disabled BOOLEAN NOT NULL,
  created_at TIMESTAMP NOT NULL,
  updated_at TIMESTAMP NOT NULL,
  last_sign_in_at TIMESTAMP
);
CREATE TABLE app_sessions (
  session_id VARCHAR PRIMARY KEY,
  secret_hash VARCHAR NOT NULL,
  user_id VARCHAR NOT NULL,
  created_at TIMESTAMP NOT NULL,
  last_seen_at TIMESTAMP NOT NULL,
  expires_at TIMESTAMP NOT NULL
);
CREATE TABLE app_api_keys (
  key_id VARCHAR PRIMARY KEY,
  name VARCHAR NOT NULL,
  role VARCHAR NOT NULL CHECK (role IN ('admin', 'member')),
  secret_hash VARCHAR NOT NULL,
  created_by VARCHAR,
  created_at TIMESTAMP NOT NULL,
  last_used_at TIMESTAMP,
  expires_at TIMESTAMP,
  revoked_at TIMESTAMP
);
CREATE TABLE app_setup_tokens (
  token_hash VARCHAR PRIMARY KEY,
  created_at TIMESTAMP NOT NULL,
  expires_at TIMESTAMP NOT NULL,
  used_at TIMESTAMP
);`,
  },
  {
    version: 15,
    name: "segments: saved filter combinations, shared with the workspace (app_segments)",
    sql: `
CREATE TABLE app_segments (
  segment_id VARCHAR PRIMARY KEY,
  name VARCHAR NOT NULL,
  description VARCHAR,
  filters JSON NOT NULL,
  owner_kind VARCHAR NOT NULL CHECK (owner_kind IN ('user', 'key')),
  owner_id VARCHAR NOT NULL,
  created_at TIMESTAMP NOT NULL,
  updated_at TIMESTAMP NOT NULL
);`,
  },
  {
    version: 16,
    name: "public links: frozen snapshots, tokenised links (hash only) and their per-day view counts (app_snapshots, app_links, app_link_views)",
    sql: `
CREATE TABLE app_snapshots (
  snapshot_id VARCHAR PRIMARY KEY,
  kind VARCHAR NOT NULL CHECK (kind IN ('report', 'page')),
  mode VARCHAR NOT NULL CHECK (mode IN ('snapshot', 'live')),
  title VARCHAR NOT NULL,
  queries JSON NOT NULL,
  segment JSON,
  options JSON NOT NULL,
  document JSON,
  creator_kind VARCHAR NOT NULL CHECK (creator_kind IN ('user', 'key')),
  creator_id VARCHAR NOT NULL,
  creator_role VARCHAR NOT NULL CHECK (creator_role IN ('admin', 'member')),
  created_at TIMESTAMP NOT NULL
);
CREATE TABLE app_links (
  link_id VARCHAR PRIMARY KEY,
  token_hash VARCHAR NOT NULL UNIQUE,
  snapshot_id VARCHAR NOT NULL,
  label VARCHAR NOT NULL,
  passcode_hash VARCHAR,
  creator_kind VARCHAR NOT NULL CHECK (creator_kind IN ('user', 'key')),
  creator_id VARCHAR NOT NULL,
  created_at TIMESTAMP NOT NULL,
  expires_at TIMESTAMP,
  revoked_at TIMESTAMP,
  rotated_at TIMESTAMP,
  views BIGINT NOT NULL,
  last_view_at TIMESTAMP
);
CREATE TABLE app_link_views (
  link_id VARCHAR NOT NULL,
  day VARCHAR NOT NULL,
  views BIGINT NOT NULL,
  PRIMARY KEY (link_id, day)
);`,
  },
  {
    version: 18,
    name: "narrative reports (seed 000): every generated report kept (app_narratives), tokens used per model call (app_narrative_usage)",
    sql: `
CREATE TABLE app_narratives (
  narrative_id VARCHAR PRIMARY KEY,
  name VARCHAR NOT NULL,
  scope_kind VARCHAR NOT NULL CHECK (scope_kind IN ('campaign', 'segment', 'check', 'calls', 'chat_campaign', 'chat_segment', 'conversations')),
  scope_key VARCHAR NOT NULL,
  scope JSON NOT NULL,
  period_from VARCHAR NOT NULL,
  period_to VARCHAR NOT NULL,
  timezone VARCHAR NOT NULL,
  status VARCHAR NOT NULL CHECK (status IN ('running', 'done', 'failed')),
  narrator VARCHAR CHECK (narrator IN ('ai', 'rules')),
  author_kind VARCHAR NOT NULL CHECK (author_kind IN ('user', 'key', 'cli')),
  author_id VARCHAR,
  regenerated_from VARCHAR,
  facts JSON,
  sections JSON,
  usage JSON,
  failure VARCHAR,
  created_at TIMESTAMP NOT NULL,
  generated_at TIMESTAMP
);
CREATE TABLE app_narrative_usage (
  usage_id VARCHAR PRIMARY KEY,
  narrative_id VARCHAR NOT NULL,
  model VARCHAR NOT NULL,
  prompt_tokens INTEGER NOT NULL,
  completion_tokens INTEGER NOT NULL,
  created_at TIMESTAMP NOT NULL
);`,
  },
  {
    version: 19,
    name: "scheduled report e-mails: schedules, their runs (one per schedule and period) and unsubscribed recipients (app_schedules, app_schedule_runs, app_unsubscribes)",
    sql: `
CREATE TABLE app_schedules (
  schedule_id VARCHAR PRIMARY KEY,
  name VARCHAR NOT NULL,
  bundle JSON NOT NULL,
  frequency VARCHAR NOT NULL CHECK (frequency IN ('daily', 'weekly', 'biweekly', 'twice_monthly', 'monthly', 'every_two_months', 'quarterly')),
  weekday INTEGER CHECK (weekday BETWEEN 1 AND 7),
  month_day INTEGER CHECK (month_day BETWEEN 1 AND 31),
  send_time VARCHAR NOT NULL,
  timezone VARCHAR NOT NULL,
  recipients JSON NOT NULL,
  filters JSON NOT NULL,
  enabled BOOLEAN NOT NULL,
  signing_secret VARCHAR NOT NULL,
  owner_kind VARCHAR NOT NULL CHECK (owner_kind IN ('user', 'key')),
  owner_id VARCHAR NOT NULL,
  created_at TIMESTAMP NOT NULL,
  updated_at TIMESTAMP NOT NULL
);
CREATE TABLE app_schedule_runs (
  run_id VARCHAR PRIMARY KEY,
  schedule_id VARCHAR NOT NULL,
  period_key VARCHAR NOT NULL,
  period_from VARCHAR NOT NULL,
  period_to VARCHAR NOT NULL,
  due_at TIMESTAMP NOT NULL,
  trigger VARCHAR NOT NULL CHECK (trigger IN ('schedule', 'manual')),
  status VARCHAR NOT NULL CHECK (status IN ('sending', 'sent', 'failed', 'skipped')),
  late BOOLEAN NOT NULL,
  attempts INTEGER NOT NULL,
  recipients JSON NOT NULL,
  answer VARCHAR,
  message_id VARCHAR,
  created_at TIMESTAMP NOT NULL,
  finished_at TIMESTAMP,
  UNIQUE (schedule_id, period_key)
);
CREATE TABLE app_unsubscribes (
  schedule_id VARCHAR NOT NULL,
  email VARCHAR NOT NULL,
  token_hash VARCHAR NOT NULL,
  created_at TIMESTAMP NOT NULL,
  PRIMARY KEY (schedule_id, email)
);`,
  },
  {
    version: 21,
    name: "public links of narrative reports: app_snapshots.kind also 'narrative' (issue 14)",
    sql: "",
    derive: snapshotsWithNarrativeKind,
  },
  {
    version: 22,
    name: "the conversation's life (issue 16): status events, message kinds, labels, teams and memberships, team on assignments, business hours and holidays with their derived open intervals, surveys sent",
    sql: `
ALTER TABLE messages ADD COLUMN kind VARCHAR;
ALTER TABLE assignments ADD COLUMN team_id VARCHAR;
CREATE TABLE conversation_events (
  conversation_id VARCHAR NOT NULL,
  seq INTEGER NOT NULL,
  source VARCHAR NOT NULL,
  import_id VARCHAR NOT NULL,
  event VARCHAR NOT NULL,
  occurred_at TIMESTAMP NOT NULL,
  actor_kind VARCHAR NOT NULL,
  actor_id VARCHAR,
  team_id VARCHAR,
  campaign_id VARCHAR
);
CREATE TABLE conversation_labels (
  conversation_id VARCHAR NOT NULL,
  label VARCHAR NOT NULL,
  source VARCHAR NOT NULL,
  import_id VARCHAR NOT NULL,
  added_at TIMESTAMP,
  added_by_kind VARCHAR,
  added_by VARCHAR
);
CREATE TABLE teams (
  team_id VARCHAR NOT NULL,
  source VARCHAR NOT NULL,
  import_id VARCHAR NOT NULL,
  name VARCHAR NOT NULL,
  campaign_id VARCHAR
);
CREATE TABLE team_members (
  team_id VARCHAR NOT NULL,
  agent_id VARCHAR NOT NULL,
  member_from TIMESTAMP NOT NULL,
  source VARCHAR NOT NULL,
  import_id VARCHAR NOT NULL,
  member_to TIMESTAMP
);
CREATE TABLE business_hours (
  campaign_id VARCHAR NOT NULL,
  weekday INTEGER NOT NULL,
  opens VARCHAR NOT NULL,
  source VARCHAR NOT NULL,
  import_id VARCHAR NOT NULL,
  closes VARCHAR NOT NULL,
  timezone VARCHAR NOT NULL
);
CREATE TABLE business_holidays (
  campaign_id VARCHAR NOT NULL,
  date VARCHAR NOT NULL,
  source VARCHAR NOT NULL,
  import_id VARCHAR NOT NULL,
  name VARCHAR,
  opens VARCHAR,
  closes VARCHAR
);
CREATE TABLE surveys (
  survey_id VARCHAR NOT NULL,
  source VARCHAR NOT NULL,
  import_id VARCHAR NOT NULL,
  conversation_id VARCHAR NOT NULL,
  sent_at TIMESTAMP NOT NULL,
  channel VARCHAR,
  campaign_id VARCHAR
);
CREATE TABLE business_open_intervals (
  campaign_id VARCHAR NOT NULL,
  open_start TIMESTAMP NOT NULL,
  open_end TIMESTAMP NOT NULL
);`,
  },
  {
    version: 23,
    name: "progress of a narrative report being generated: app_narratives.progress (step, words, percent 0-100; issue 14)",
    sql: "ALTER TABLE app_narratives ADD COLUMN progress JSON;",
  },
  {
    version: 24,
    name: "scheduled mail options and run warnings: app_schedules.options (attachments, narrative summary), app_schedule_runs.warnings (issue 15)",
    sql: `
ALTER TABLE app_schedules ADD COLUMN options JSON;
ALTER TABLE app_schedule_runs ADD COLUMN warnings JSON;`,
  },
  {
    version: 25,
    name: "resolution facts (issue 16): resolution_events (one row per resolve, with agent, team, elapsed and business seconds) and resolution_labels (the same per label), derived from the conversations' status events",
    sql: `
CREATE TABLE resolution_events (
  conversation_id VARCHAR NOT NULL,
  seq INTEGER NOT NULL,
  resolved_at TIMESTAMP NOT NULL,
  campaign_id VARCHAR,
  agent_id VARCHAR,
  team_id VARCHAR,
  resolved_by VARCHAR NOT NULL,
  is_reopen_resolution BOOLEAN NOT NULL,
  clock_from TIMESTAMP,
  seconds DOUBLE,
  business_seconds DOUBLE
);
CREATE TABLE resolution_labels (
  conversation_id VARCHAR NOT NULL,
  seq INTEGER NOT NULL,
  label VARCHAR NOT NULL,
  resolved_at TIMESTAMP NOT NULL,
  campaign_id VARCHAR,
  agent_id VARCHAR,
  team_id VARCHAR,
  resolved_by VARCHAR NOT NULL,
  is_reopen_resolution BOOLEAN NOT NULL,
  clock_from TIMESTAMP,
  seconds DOUBLE,
  business_seconds DOUBLE
);`,
    derive: async () => RESOLUTIONS_REBUILD,
  },
  {
    version: 26,
    name: "agent responses derived from messages (issue 16): replies, with the wait each ended in elapsed and business seconds, filled from the rows an older file holds",
    sql: `
CREATE TABLE replies (
  message_id VARCHAR NOT NULL,
  conversation_id VARCHAR NOT NULL,
  campaign_id VARCHAR,
  agent_id VARCHAR,
  team_id VARCHAR,
  replied_at TIMESTAMP NOT NULL,
  waited_from TIMESTAMP NOT NULL,
  seconds DOUBLE NOT NULL,
  business_seconds DOUBLE,
  is_first BOOLEAN NOT NULL,
  after_handoff BOOLEAN NOT NULL,
  after_reopen BOOLEAN NOT NULL
);`,
    derive: async () => REPLIES_REBUILD,
  },
  {
    version: 27,
    name: "conversations that began with the bot, with their first handoff, first resolve and bot resolution (issue 16): derived conversation_bot, filled from the events and messages already loaded",
    sql: `
CREATE TABLE conversation_bot (
  conversation_id VARCHAR NOT NULL,
  campaign_id VARCHAR,
  began_at TIMESTAMP NOT NULL,
  handoff_at TIMESTAMP,
  resolved_at TIMESTAMP,
  bot_resolved_at TIMESTAMP
);
${CONVERSATION_BOT_REBUILD}`,
  },
  {
    version: 28,
    name: "the live view's derived table conversation_live (issue 16): one row per conversation not resolved, filled from the data already there",
    sql: `
CREATE TABLE conversation_live (
  conversation_id VARCHAR NOT NULL,
  campaign_id VARCHAR,
  team_id VARCHAR,
  state VARCHAR NOT NULL,
  since TIMESTAMP,
  unattended BOOLEAN NOT NULL,
  unassigned BOOLEAN NOT NULL
);
${CONVERSATION_LIVE_REBUILD}`,
  },
];
