/**
 * The canonical model as data: every table and column that adapters write and reports read.
 *
 * This module has no I/O and no DuckDB import, so report-defs (and the browser bundle) can use it
 * to validate definitions. The DDL that creates these tables lives in `migrations.ts`; a test checks
 * that the migrated database has exactly the columns declared here.
 *
 * Conventions (DESIGN.md "Canonical model"): instants are UTC in plain `TIMESTAMP`; durations are
 * seconds in `DOUBLE`; every data row carries `source` (adapter id) and `import_id`.
 */

/** A DuckDB column type used by the canonical model. */
export type ColumnType = "VARCHAR" | "TIMESTAMP" | "DOUBLE" | "BOOLEAN" | "INTEGER" | "BIGINT" | "JSON";

/** One column: its SQL type, whether NULL is allowed, and what it holds (with unit). */
export interface ColumnSpec {
  readonly type: ColumnType;
  readonly nullable: boolean;
  readonly doc: string;
}

/** One canonical table: its natural key and its columns in DDL order. */
export interface TableSpec {
  readonly doc: string;
  readonly key: readonly string[];
  readonly columns: Readonly<Record<string, ColumnSpec>>;
}

const req = (type: ColumnType, doc: string): ColumnSpec => ({ type, nullable: false, doc });
const opt = (type: ColumnType, doc: string): ColumnSpec => ({ type, nullable: true, doc });

const provenance = {
  source: req("VARCHAR", "Adapter id that wrote the row, e.g. 'anonbank'."),
  import_id: req("VARCHAR", "The `imports.import_id` of the import that last wrote the row."),
} as const;

/** All canonical tables, by name. */
export const canonicalTables = {
  imports: {
    doc: "One import run of one file.",
    key: ["import_id"],
    columns: {
      import_id: req("VARCHAR", "Random id of the import."),
      source: req("VARCHAR", "Adapter id."),
      file_name: req("VARCHAR", "Base name of the imported file."),
      sha256: req("VARCHAR", "SHA-256 of the file's bytes, hex; a file with a known hash is not imported again."),
      started_at: req("TIMESTAMP", "UTC instant the import began."),
      finished_at: req("TIMESTAMP", "UTC instant the import committed."),
      rows_by_table: req("JSON", 'Rows written per canonical table, e.g. {"calls": 1567}.'),
      status: req("VARCHAR", "'succeeded' (rejected imports write nothing, not even this row)."),
      errors: opt("JSON", "Row errors kept by a partial import; NULL when none."),
    },
  },
  campaigns: {
    doc: "A chat campaign, call campaign, queue owner or company account.",
    key: ["campaign_id"],
    columns: {
      campaign_id: req("VARCHAR", "Natural key, prefixed by source."),
      ...provenance,
      name: req("VARCHAR", "Display name."),
      channel: req("VARCHAR", "'call' or 'chat'."),
      account_id: opt("VARCHAR", "Owning account, when the source has one."),
    },
  },
  agents: {
    doc: "A human agent.",
    key: ["agent_id"],
    columns: {
      agent_id: req("VARCHAR", "Natural key, prefixed by source."),
      ...provenance,
      username: req("VARCHAR", "Login or short name as the source gives it."),
      first_name: opt("VARCHAR", "Given name."),
      last_name: opt("VARCHAR", "Family name."),
      email: opt("VARCHAR", "E-mail address (personal data: never in a public link)."),
      account_id: opt("VARCHAR", "Owning account."),
      disabled: req("BOOLEAN", "True when the source marks the agent disabled."),
    },
  },
  calls: {
    doc: "One call that reached the system (IVR or queue), answered or not.",
    key: ["call_id"],
    columns: {
      call_id: req("VARCHAR", "Natural key, prefixed by source (anonbank: 'anonbank:{vru+line}:{call_id}')."),
      ...provenance,
      campaign_id: req("VARCHAR", "Campaign (call centre) the call belongs to."),
      agent_id: opt("VARCHAR", "Agent who served the call; NULL when no named agent."),
      contact_id: opt("VARCHAR", "Caller id when identified; NULL for anonymous callers."),
      queue: opt("VARCHAR", "Queue / service type the call was routed to."),
      priority: opt("INTEGER", "Source priority code."),
      started_at: req("TIMESTAMP", "UTC instant the call reached the system (IVR entry, or queue entry without IVR)."),
      queued_at: opt("TIMESTAMP", "UTC instant the call entered the agent queue; NULL when it never queued."),
      answered_at: opt("TIMESTAMP", "UTC instant an agent picked up; NULL when unanswered."),
      ended_at: opt("TIMESTAMP", "UTC instant the call ended."),
      ivr_secs: opt("DOUBLE", "Seconds in the voice-response unit (IVR), >= 0."),
      wait_secs: opt(
        "DOUBLE",
        "Seconds waiting in queue before answer or hang-up, >= 0; 0 when answered without queueing.",
      ),
      talk_secs: opt("DOUBLE", "Seconds of conversation with the agent, >= 0; NULL when unanswered."),
      handle_secs: opt(
        "DOUBLE",
        "Seconds of agent handling: talk + hold + after-call work where the source has them, >= 0; NULL when unanswered.",
      ),
      answered: req("BOOLEAN", "True when an agent answered (served) the call."),
      abandoned: req("BOOLEAN", "True when the caller hung up while waiting in the agent queue, before an answer."),
      outcome: opt("VARCHAR", "The source's own outcome code, kept verbatim (anonbank: AGENT, HANG, PHANTOM)."),
      resolved: opt("BOOLEAN", "First-contact resolution as the source reports it; NULL when unknown."),
      csat: opt("INTEGER", "Customer satisfaction answer on a 1-5 scale; NULL when not asked/answered."),
      topic: opt("VARCHAR", "Call topic / reason as the source reports it."),
    },
  },
} as const satisfies Record<string, TableSpec>;

/** Name of a canonical table. */
export type CanonicalTableName = keyof typeof canonicalTables;

/** Column names of canonical table `T`. */
export type ColumnName<T extends CanonicalTableName> = keyof (typeof canonicalTables)[T]["columns"] & string;

/** True when `name` is a canonical table. */
export function isCanonicalTable(name: string): name is CanonicalTableName {
  return Object.hasOwn(canonicalTables, name);
}

/** The spec of `column` in `table`, or undefined when the table has no such column. */
export function columnSpec(table: string, column: string): ColumnSpec | undefined {
  if (!isCanonicalTable(table)) return undefined;
  const cols = canonicalTables[table].columns as Record<string, ColumnSpec>;
  return Object.hasOwn(cols, column) ? cols[column] : undefined;
}
