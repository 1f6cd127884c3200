/**
 * Columns and tables of the canonical model that are derived from other rows (schema.ts says which),
 * kept up to date inside the transaction that changes the rows they come from: by the import
 * pipeline ({@link deriveColumns}), by anything that deletes canonical rows ({@link deleteRows}, then
 * {@link refreshDerived}), and by the golden-test harness.
 *
 * Small changes are applied incrementally (docs/architecture.md "Derived tables and summaries"):
 * every change to a fact row leaves a footprint (the row's parent conversation or call and its
 * instant: its old values when it is deleted or replaced, its new ones when it is written), and only
 * what those footprints reach is recomputed from the facts: the flags of the conversations whose
 * assignments changed, the per-call quality of the touched calls, and the summaries' rows of the
 * UTC minutes and quarter-hours that the footprints fall in (for the per-entity summaries, every row
 * of each entity active in those quarter-hours, since each row carries the entity's previous one).
 * A change that touches more than a tenth of a fact table (and over 50,000 rows) rebuilds whole,
 * which is then cheaper.
 */

import { CONVERSATION_BOT_REBUILD, EVENTS_FOOTPRINT, refreshConversationBot } from "./derive-bot";
import { CONVERSATION_LIVE_REBUILD, refreshLive } from "./derive-live";
import { rebuildReplies, refreshReplies } from "./derive-replies";
import { RESOLUTION_INPUTS, rebuildResolutions } from "./derive-resolutions";
import type { CanonicalTableName } from "./schema";
import type { Param, Transaction } from "./warehouse";

/** Fact tables whose rows feed derived columns or tables, with what a row's footprint records. */
const FOOTPRINTS = {
  messages: { parent: "conversation_id", time: "sent_at" },
  conversations: { parent: "conversation_id", time: "started_at" },
  assignments: { parent: "conversation_id", time: null },
  calls: { parent: "call_id", time: null },
  call_check_results: { parent: "call_id", time: "call_started_at" },
  // Feeds `replies` only (derive-replies.ts): in no side's fact list.
  conversation_events: { parent: "conversation_id", time: "occurred_at" },
} as const;
type Fact = keyof typeof FOOTPRINTS;
const CHAT_FACTS = ["conversations", "messages", "assignments"] as const satisfies readonly Fact[];
const CALL_FACTS = ["calls", "call_check_results"] as const satisfies readonly Fact[];

/**
 * Tables the business calendar (`business_open_intervals`) is built from: the schedules, and the
 * conversations, events and messages whose dates give its range (messages: a reply's wait may end
 * after its conversation's recorded end, derive-replies.ts). A write of schedules or a delete of any
 * rebuilds it whole; rows added to the dated tables rebuild it only when they widen its range
 * ({@link refreshCalendar}).
 */
const CALENDAR_SCHEDULES = ["business_hours", "business_holidays"] as const satisfies readonly CanonicalTableName[];
const CALENDAR_DATED = [
  "conversations",
  "conversation_events",
  "messages",
] as const satisfies readonly CanonicalTableName[];
const CALENDAR_INPUTS = [...CALENDAR_SCHEDULES, ...CALENDAR_DATED] as const;
/** The footprint kind that says a calendar input lost rows. */
const CALENDAR = "calendar";
/** The footprint kind that says an input of the resolution facts (derive-resolutions.ts) lost or changed rows. */
const RESOLUTIONS = "resolutions";

/** A change above both limits (rows touched in one fact table) rebuilds that side's derived data whole. */
const WHOLE_SHARE = 0.1;
const WHOLE_MIN_ROWS = 50_000;

const isFact = (table: string): table is Fact => Object.hasOwn(FOOTPRINTS, table);

/** Temporary table of the footprints noted since the last refresh (kind = fact table name). */
const TOUCHED = "_derive_touched";
const ensureTouched = (tx: Transaction) =>
  tx.run(`CREATE TEMP TABLE IF NOT EXISTS ${TOUCHED} (kind VARCHAR, parent VARCHAR, ts TIMESTAMP)`);

/**
 * Deletes rows of canonical `table`, first noting the footprints of fact rows (their conversation or
 * call and their instant) so that the next {@link refreshDerived} or {@link deriveColumns} in the
 * same transaction updates what they fed. Every delete of canonical rows should go through here
 * (upserts replacing rows by key, an adapter replacing older rows, removing an import); a row
 * deleted behind its back leaves the derived tables stale until {@link rebuildDerived}.
 *
 * `rows` is the SQL that follows `FROM <table> AS t` and selects the rows to delete: joins (e.g.
 * `SEMI JOIN _stage AS s ON ...`) and/or a `WHERE` on `t`, with `params` bound positionally.
 * Identifiers in it must come from the schema, values only through `params`. Returns the number of
 * rows deleted. Throws WarehouseError 'query_failed' (the caller's transaction then rolls back).
 */
export async function deleteRows(
  tx: Transaction,
  table: CanonicalTableName,
  rows: string,
  params: readonly Param[] = [],
): Promise<number> {
  const leaving = "_derive_leaving";
  const footprint = isFact(table) ? FOOTPRINTS[table] : undefined;
  const kept = footprint
    ? `, t.${footprint.parent} AS parent, ${footprint.time ? `t.${footprint.time}` : "NULL"} AS ts`
    : "";
  const n = await temp(tx, leaving, `SELECT t.rowid AS r${kept} FROM ${table} AS t ${rows}`, params);
  if (n > 0 && footprint) {
    await ensureTouched(tx);
    await tx.run(`INSERT INTO ${TOUCHED} SELECT '${table}', parent, ts FROM ${leaving}`);
  }
  if (n > 0 && (CALENDAR_INPUTS as readonly string[]).includes(table)) {
    await ensureTouched(tx);
    await tx.run(`INSERT INTO ${TOUCHED} VALUES ('${CALENDAR}', NULL, NULL)`);
  }
  if (n > 0 && (RESOLUTION_INPUTS as readonly string[]).includes(table)) {
    await ensureTouched(tx);
    await tx.run(`INSERT INTO ${TOUCHED} VALUES ('${RESOLUTIONS}', NULL, NULL)`);
  }
  // The live table (derive-live.ts) and conversation_bot (derive-bot.ts) compute these conversations again.
  if (n > 0 && table === "conversation_events")
    await tx.run(
      `INSERT INTO ${TOUCHED} SELECT DISTINCT '${EVENTS_FOOTPRINT}', conversation_id, NULL FROM conversation_events WHERE rowid IN (SELECT r FROM ${leaving})`,
    );
  if (n > 0) await tx.run(`DELETE FROM ${table} WHERE rowid IN (SELECT r FROM ${leaving})`);
  await tx.run(`DROP TABLE ${leaving}`);
  return n;
}

/**
 * Notes the footprints of the rows of `table` that `rows` selects (SQL after `FROM <table> AS t`, as
 * for {@link deleteRows}), for a caller that changes fact rows in place with UPDATE: note them before
 * the change (old values) and after it (new values), then call {@link refreshDerived}. Rows an import
 * writes need no note: {@link deriveColumns} finds them by their import_id. A table that feeds no
 * derived data is ignored.
 */
export async function noteChangedRows(
  tx: Transaction,
  table: CanonicalTableName,
  rows: string,
  params: readonly Param[] = [],
): Promise<void> {
  if (!isFact(table)) return;
  const { parent, time } = FOOTPRINTS[table];
  await ensureTouched(tx);
  await tx.run(
    `INSERT INTO ${TOUCHED} SELECT '${table}', t.${parent}, ${time ? `t.${time}` : "NULL"} FROM ${table} AS t ${rows}`,
    params,
  );
}

/**
 * Brings every derived column and table up to date after an import wrote the tables counted in
 * `rowsByTable` (rows per table; 0 or absent: not written) with `import_id` = `importId`, and after
 * the deletes ({@link deleteRows}) and notes ({@link noteChangedRows}) made since the last refresh in
 * this transaction. Derived columns: keys copied from the parent row where the source left them
 * empty (the conversation's campaign onto its messages and assignments and its contact onto its
 * contact messages; the call's start, agent and campaign onto its quality-check results), and the
 * contact-centre flags from assignments (`conversations.assigned`/`served`,
 * `messages.conversation_assigned`). Derived tables: `call_quality`, `check_quality`,
 * `message_minutes`, the per-entity quarter-hour summaries, and the business calendar
 * `business_open_intervals` (rebuilt whole when schedules or holidays change or calendar rows are
 * deleted; when conversations, events or messages are added, only if they widen its range of dates),
 * `resolution_events` / `resolution_labels` (derive-resolutions.ts), `replies` (derive-replies.ts),
 * `conversation_live` (derive-live.ts) and `conversation_bot` for the conversations whose events,
 * agent messages or row changed (derive-bot.ts) (schema.ts). Files may arrive in any order: a parent
 * written after its children fills them then.
 *
 * The result equals {@link rebuildDerived} on the same rows (tests check it table by table).
 */
export async function deriveColumns(
  tx: Transaction,
  rowsByTable: Readonly<Record<string, number>>,
  importId: string,
): Promise<void> {
  await refresh(
    tx,
    importId,
    new Set([...CHAT_FACTS, ...CALL_FACTS].filter((t) => (rowsByTable[t] ?? 0) > 0)),
    CALENDAR_SCHEDULES.some((t) => (rowsByTable[t] ?? 0) > 0)
      ? "schedules"
      : CALENDAR_DATED.some((t) => (rowsByTable[t] ?? 0) > 0)
        ? "dated"
        : "none",
    RESOLUTION_INPUTS.some((t) => (rowsByTable[t] ?? 0) > 0),
    (rowsByTable.conversation_events ?? 0) > 0,
  );
}

/**
 * Brings the derived columns and tables up to date for the rows deleted through {@link deleteRows}
 * and noted by {@link noteChangedRows} since the last refresh in this transaction (e.g. after
 * removing an import's rows). Same result as {@link deriveColumns}; nothing to do costs nothing.
 */
export async function refreshDerived(tx: Transaction): Promise<void> {
  await refresh(tx, null, new Set());
}

/**
 * Recomputes whole, from the facts as they are, every derived column and table that the fact
 * tables `facts` feed (default: all of them, as an import of every table at once would), and
 * forgets noted footprints. For repairs, tests and benchmarks; a few seconds per ten million
 * messages.
 */
export async function rebuildDerived(
  tx: Transaction,
  facts: readonly CanonicalTableName[] = [...CALL_FACTS, ...CHAT_FACTS],
): Promise<void> {
  const hit = new Set(facts.filter(isFact));
  if (CALL_FACTS.some((t) => hit.has(t))) await wholeCalls(tx);
  if (CHAT_FACTS.some((t) => hit.has(t))) await wholeChat(tx, hit);
  await rebuildCalendar(tx);
  await rebuildResolutions(tx);
  await rebuildReplies(tx, hit.has("conversation_events") || CHAT_FACTS.some((t) => hit.has(t)));
  await tx.run(CONVERSATION_LIVE_REBUILD);
  if (CHAT_FACTS.some((t) => hit.has(t)) || facts.includes("conversation_events"))
    await tx.run(CONVERSATION_BOT_REBUILD);
  await tx.run(`DROP TABLE IF EXISTS ${TOUCHED}`);
}

async function refresh(
  tx: Transaction,
  importId: string | null,
  written: ReadonlySet<Fact>,
  calendarWritten: CalendarWrite = "none",
  resolutionsWritten = false,
  eventsWritten = false,
): Promise<void> {
  await ensureTouched(tx);
  const noted = await tx.query<{ kind: string; n: number }>(`SELECT kind, count(*) AS n FROM ${TOUCHED} GROUP BY kind`);
  let calendarChanged = calendarWritten === "schedules" || noted.some((r) => r.kind === CALENDAR);
  if (calendarChanged) await rebuildCalendar(tx);
  else if (calendarWritten === "dated" && importId !== null) calendarChanged = await refreshCalendar(tx, importId);
  const touched = new Map<Fact, number>();
  for (const { kind, n } of noted) if (isFact(kind)) touched.set(kind, n);
  for (const table of written) {
    const [row] = await tx.query<{ n: number }>(`SELECT count(*) AS n FROM ${table} WHERE import_id = $1`, [importId]);
    touched.set(table, (touched.get(table) ?? 0) + (row?.n ?? 0));
  }
  const incoming = (table: Fact) => importId !== null && written.has(table);
  const hit = (facts: readonly Fact[]) => new Set(facts.filter((t) => (touched.get(t) ?? 0) > 0));
  const calls = hit(CALL_FACTS);
  if (calls.size > 0) {
    if (await isLarge(tx, calls, touched)) await wholeCalls(tx);
    else await partCalls(tx, importId, incoming);
  }
  const chat = hit(CHAT_FACTS);
  if (chat.size > 0) {
    if (await isLarge(tx, chat, touched)) await wholeChat(tx, chat);
    else await partChat(tx, importId, incoming);
  }
  // After the calendar: business seconds read it. Assignments or conversations changed in place
  // (noteChangedRows) count as well.
  const resolutionKinds: readonly string[] = [RESOLUTIONS, CALENDAR, "assignments", "conversations"];
  if (resolutionsWritten || calendarChanged || noted.some((r) => resolutionKinds.includes(r.kind)))
    await rebuildResolutions(tx);
  const replyInputs = new Set<string>(written);
  if (eventsWritten) replyInputs.add("conversation_events");
  await refreshReplies(tx, { importId, written: replyInputs, touched: TOUCHED, calendarChanged });
  if (chat.size > 0 || calendarWritten !== "none" || noted.some((r) => r.kind === "conversation_events"))
    await refreshLive(tx, importId, TOUCHED, false);
  await refreshConversationBot(tx, importId, TOUCHED);
  await tx.run([TOUCHED, ...SCRATCH].map((t) => `DROP TABLE IF EXISTS ${t};`).join("\n"));
}

/** The temporary tables the incremental upkeep works in (dropped after each refresh). */
const SCRATCH = [
  "_d_calls",
  "_d_results",
  "_d_conv",
  "_d_msg",
  "_d_flags",
  "_d_units",
  "_d_new",
  "_d_entities",
  "_d_old",
  "_d_rows",
];

/** True when some touched table had more than WHOLE_SHARE of its rows (and WHOLE_MIN_ROWS) touched. */
async function isLarge(tx: Transaction, hit: ReadonlySet<Fact>, touched: ReadonlyMap<Fact, number>): Promise<boolean> {
  for (const table of hit) {
    const n = touched.get(table) ?? 0;
    if (n <= WHOLE_MIN_ROWS) continue;
    const [row] = await tx.query<{ n: number }>(`SELECT count(*) AS n FROM ${table}`);
    if (n > WHOLE_SHARE * (row?.n ?? 0)) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Units of time and the summaries as data

const MINUTE_US = 60_000_000;
const QUARTER_US = 900_000_000;

/**
 * The whole `us`-long units since the epoch in which TIMESTAMP `ts` falls, rounded down (DuckDB's
 * `//` truncates toward zero, which would put the last minutes of 1969 in 1970's first unit). The
 * summaries group by these integers and turn only the groups back into TIMESTAMPs ({@link start}):
 * making a TIMESTAMP for each of ten million rows cost about 0.1 s more per table.
 */
const unit = (ts: string, us: number) => `(epoch_us(${ts}) // ${us} - (epoch_us(${ts}) % ${us} < 0)::BIGINT)`;
const start = (u: string, us: number) => `make_timestamp(${u} * ${us})`;

/** Columns as (name, SQL) pairs. */
type Columns = readonly (readonly [string, string])[];

/** Window columns as (name, SQL over window `w`) pairs. */
type WindowColumns = readonly (readonly [string, (w: string) => string])[];

/**
 * A derived summary table: the rows of `fact` that have `time` (and match `where`) grouped by the
 * `us`-long unit of `time` (stored as its start in `unitColumn`) and by `group`, with `counts`
 * aggregated. A per-entity summary also groups by `entity` (stored, and required) and adds
 * `windows` computed over each entity's rows in unit order (`u`, the window named by their argument:
 * DuckDB refuses one window name in two statements of one SQL text).
 */
interface Summary {
  readonly table: string;
  readonly fact: Fact;
  readonly time: string;
  readonly us: number;
  readonly unitColumn: string;
  readonly where?: string;
  readonly group?: Columns;
  readonly counts: Columns;
  readonly entity?: string;
  readonly windows?: WindowColumns;
}

/** messages per UTC minute and sender (schema.ts message_minutes). */
const MESSAGE_MINUTES: Summary = {
  table: "message_minutes",
  fact: "messages",
  time: "sent_at",
  us: MINUTE_US,
  unitColumn: "minute_start",
  counts: [
    ["messages", "count(*)"],
    ["contact_messages", "count(*) FILTER (WHERE sender = 'contact')"],
    ["bot_messages", "count(*) FILTER (WHERE sender = 'bot')"],
    ["agent_messages", "count(*) FILTER (WHERE sender = 'agent')"],
    ["cc_messages", "count(*) FILTER (WHERE sender IN ('contact', 'agent') AND conversation_assigned)"],
  ],
};

/** Quality-check results per check, UTC quarter-hour of the call and score band of seeds/000 (check_quality). */
const CHECK_QUALITY: Summary = {
  table: "check_quality",
  fact: "call_check_results",
  time: "call_started_at",
  us: QUARTER_US,
  unitColumn: "quarter_start",
  group: [
    ["check_id", "check_id"],
    [
      "score_floor",
      "CASE WHEN score IS NULL THEN NULL WHEN score < 50 THEN 0 WHEN score < 70 THEN 50 WHEN score < 90 THEN 70 ELSE 90 END",
    ],
  ],
  counts: [
    ["results", "count(*)"],
    ["passed", "count(*) FILTER (WHERE passed)"],
    ["scored", "count(score)"],
    ["score_sum", "sum(score)"],
  ],
};

const previousQuarter = ["previous_quarter", (w: string) => start(`lag(u) OVER ${w}`, QUARTER_US)] as const;

/** Conversations per UTC quarter-hour in which they have messages (conversation_quarters). */
const CONVERSATION_QUARTERS: Summary = {
  table: "conversation_quarters",
  fact: "messages",
  time: "sent_at",
  us: QUARTER_US,
  unitColumn: "quarter_start",
  entity: "conversation_id",
  counts: [["messages", "count(*)"]],
  windows: [previousQuarter],
};

/** Contacts per UTC quarter-hour in which they sent a message (contact_message_quarters). */
const CONTACT_MESSAGE_QUARTERS: Summary = {
  table: "contact_message_quarters",
  fact: "messages",
  time: "sent_at",
  us: QUARTER_US,
  unitColumn: "quarter_start",
  where: "sender = 'contact'",
  entity: "contact_id",
  counts: [],
  windows: [previousQuarter],
};

/**
 * Contacts per UTC quarter-hour in which conversations of theirs started, with the served ones and
 * the previous quarter-hour with a served conversation (the latest earlier row with served
 * conversations) (contact_conversation_quarters).
 */
const CONTACT_CONVERSATION_QUARTERS: Summary = {
  table: "contact_conversation_quarters",
  fact: "conversations",
  time: "started_at",
  us: QUARTER_US,
  unitColumn: "quarter_start",
  entity: "contact_id",
  counts: [
    ["conversations", "count(*)"],
    ["served_conversations", "count(*) FILTER (WHERE served)"],
  ],
  windows: [
    previousQuarter,
    [
      "previous_served_quarter",
      (w) =>
        start(
          `max(CASE WHEN served_conversations > 0 THEN u END) OVER (${w} ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)`,
          QUARTER_US,
        ),
    ],
  ],
};

const names = (cols: Columns | WindowColumns | undefined) => (cols ?? []).map(([name]) => name);

/**
 * The grouped rows of summary `s` from `from` (a FROM item over its fact), as columns entity (for a
 * per-entity summary), group columns, `u` (the unit) and counts; `and` narrows the rows further.
 */
function grouped(s: Summary, from: string, and?: string): string {
  const keys = [...(s.entity ? [[s.entity, s.entity] as const] : []), ...(s.group ?? [])];
  const conditions = [`${s.time} IS NOT NULL`, s.entity && `${s.entity} IS NOT NULL`, s.where, and].filter(Boolean);
  const cols = [
    ...keys.map(([n, sql]) => `${sql} AS ${n}`),
    `${unit(s.time, s.us)} AS u`,
    ...s.counts.map(([n, sql]) => `${sql} AS ${n}`),
  ];
  return `SELECT ${cols.join(", ")} FROM ${from} WHERE ${conditions.join(" AND ")} GROUP BY ALL`;
}

/** The columns of summary `s`'s table. */
function columns(s: Summary): string[] {
  return [...(s.entity ? [s.entity] : []), ...names(s.group), s.unitColumn, ...names(s.windows), ...names(s.counts)];
}

/** The SELECT of summary `s`'s table rows (its {@link columns}) from `rows` (SQL with the columns {@link grouped} gives). */
function tableRows(s: Summary, rows: string): string {
  const lead = [...(s.entity ? [s.entity] : []), ...names(s.group)];
  const w = `w_${s.table}`;
  const values = [...lead, start("u", s.us), ...(s.windows ?? []).map(([, sql]) => sql(w)), ...names(s.counts)];
  const window = s.entity ? ` WINDOW ${w} AS (PARTITION BY ${s.entity} ORDER BY u)` : "";
  return `SELECT ${values.map((v, i) => `${v} AS ${columns(s)[i]}`).join(", ")} FROM (${rows})${window}`;
}

/** The INSERT of summary `s`'s rows from `rows` (SQL with the columns {@link grouped} gives). */
const insert = (s: Summary, rows: string) => `INSERT INTO ${s.table} (${columns(s).join(", ")}) ${tableRows(s, rows)}`;

/** SQL that rebuilds summary `s` whole from its fact table. */
const rebuild = (s: Summary) => `DELETE FROM ${s.table};\n${insert(s, grouped(s, s.fact))};`;

/** Rebuilds check_quality whole from call_check_results (large changes, migrations 8 and 13). */
export const CHECK_QUALITY_REBUILD = rebuild(CHECK_QUALITY);

/** Rebuilds message_minutes whole from messages (large changes, migrations 10 and 13). */
export const MESSAGE_MINUTES_REBUILD = rebuild(MESSAGE_MINUTES);

/** Rebuilds conversation_quarters, contact_message_quarters and contact_conversation_quarters whole (migration 13). */
export const ENTITY_QUARTERS_REBUILD = [CONVERSATION_QUARTERS, CONTACT_MESSAGE_QUARTERS, CONTACT_CONVERSATION_QUARTERS]
  .map(rebuild)
  .join("\n");

/** call_quality's rows (in its column order) from the quality-check results `from` (SQL FROM item): one per call. */
const CALL_QUALITY_ROWS = (from: string) =>
  `SELECT call_id, min(call_started_at), min(agent_id), min(campaign_id), count(*), count(*) FILTER (WHERE passed), count(score), sum(score)
   FROM ${from} GROUP BY call_id`;

// ---------------------------------------------------------------------------------------------
// Whole rebuilds (large changes)

/**
 * The call side rebuilt whole: each quality-check result takes its call's start, agent and campaign
 * (where the call exists; a result keeps its own agent and campaign when it has them), then
 * call_quality and check_quality are recomputed.
 */
async function wholeCalls(tx: Transaction): Promise<void> {
  await tx.run(`UPDATE call_check_results AS r
    SET call_started_at = c.started_at, agent_id = coalesce(r.agent_id, c.agent_id), campaign_id = coalesce(r.campaign_id, c.campaign_id)
    FROM calls AS c
    WHERE c.call_id = r.call_id AND (r.call_started_at IS NULL OR r.call_started_at <> c.started_at OR (r.agent_id IS NULL AND c.agent_id IS NOT NULL) OR r.campaign_id IS NULL)`);
  await tx.run(`DELETE FROM call_quality; INSERT INTO call_quality ${CALL_QUALITY_ROWS("call_check_results")}`);
  await tx.run(CHECK_QUALITY_REBUILD);
}

/**
 * The chat side rebuilt whole, for the fact tables in `hit`: keys filled from conversations, the
 * contact-centre flags from assignments, and the summaries those tables feed.
 */
async function wholeChat(tx: Transaction, hit: ReadonlySet<Fact>): Promise<void> {
  // The conditions on m alone come first so that DuckDB filters the messages before the join: a
  // file whose messages carry their keys costs one scan of two columns, not a join of every message.
  await tx.run(`UPDATE messages AS m
    SET campaign_id = coalesce(m.campaign_id, c.campaign_id),
        contact_id = CASE WHEN m.sender = 'contact' THEN coalesce(m.contact_id, c.contact_id) ELSE m.contact_id END
    FROM conversations AS c
    WHERE (m.campaign_id IS NULL OR (m.sender = 'contact' AND m.contact_id IS NULL))
      AND c.conversation_id = m.conversation_id
      AND ((m.campaign_id IS NULL AND c.campaign_id IS NOT NULL) OR (m.sender = 'contact' AND m.contact_id IS NULL AND c.contact_id IS NOT NULL))`);
  await tx.run(`UPDATE assignments AS a SET campaign_id = c.campaign_id
    FROM conversations AS c
    WHERE c.conversation_id = a.conversation_id AND a.campaign_id IS NULL`);
  // Sets conversations.assigned / served and messages.conversation_assigned (schema.ts) from the
  // assignments as they now are; each statement touches only rows whose flag changes, and a flag
  // without assignments behind it (a file's value, a stale one) goes back to NULL.
  await tx.run(`UPDATE conversations AS c SET assigned = true, served = f.served
    FROM (SELECT conversation_id, bool_or(NOT missed) AS served FROM assignments GROUP BY conversation_id) AS f
    WHERE c.conversation_id = f.conversation_id AND (c.assigned IS NOT TRUE OR c.served IS DISTINCT FROM f.served)`);
  await tx.run(`UPDATE conversations SET assigned = NULL, served = NULL
    WHERE (assigned IS NOT NULL OR served IS NOT NULL) AND conversation_id NOT IN (SELECT conversation_id FROM assignments)`);
  await tx.run(`UPDATE messages AS m SET conversation_assigned = true
    FROM (SELECT DISTINCT conversation_id FROM assignments) AS a
    WHERE m.conversation_assigned IS NULL AND a.conversation_id = m.conversation_id`);
  await tx.run(`UPDATE messages SET conversation_assigned = NULL
    WHERE conversation_assigned IS NOT NULL AND conversation_id NOT IN (SELECT conversation_id FROM assignments)`);
  const messages = hit.has("messages");
  const conversations = hit.has("conversations");
  const assignments = hit.has("assignments");
  // Counts of messages by sender and contact-centre flag: conversations change neither.
  if (messages || assignments) await tx.run(MESSAGE_MINUTES_REBUILD);
  if (messages) await tx.run(rebuild(CONVERSATION_QUARTERS));
  // Conversations may give contact messages their contact.
  if (messages || conversations) await tx.run(rebuild(CONTACT_MESSAGE_QUARTERS));
  // Served conversations follow the assignments.
  if (conversations || assignments) await tx.run(rebuild(CONTACT_CONVERSATION_QUARTERS));
}

/**
 * Runs {@link BUSINESS_CALENDAR_REBUILD}, unless there are no schedules and no intervals (most
 * databases: then an import of conversations costs one probe of two empty tables, not a scan of the
 * conversations' range).
 */
async function rebuildCalendar(tx: Transaction): Promise<void> {
  if (await calendarInUse(tx)) await tx.run(BUSINESS_CALENDAR_REBUILD);
}

/** True when there are schedules or intervals (else the calendar is empty and stays so). */
async function calendarInUse(tx: Transaction): Promise<boolean> {
  const [row] = await tx.query<{ any: boolean }>(
    "SELECT EXISTS (SELECT 1 FROM business_hours) OR EXISTS (SELECT 1 FROM business_open_intervals) AS any",
  );
  return row?.any === true;
}

/**
 * Which calendar inputs an import wrote: schedules (business hours or holidays; then the calendar
 * is rebuilt whole), only dated rows (conversations or events), or none.
 */
type CalendarWrite = "schedules" | "dated" | "none";

/**
 * After an import `importId` that only added conversations or events (no schedule written, no
 * calendar input deleted in this transaction: those rebuild whole), rebuilds the calendar only
 * when the added rows widen its range of UTC dates ({@link BUSINESS_CALENDAR_REBUILD}'s `span`):
 * the range over every row against the range over the rows other imports wrote, which the
 * calendar was built for. Rows only added, the old range holds in the new one; when the two are
 * equal the calendar is what a whole rebuild would make. Costs one scan of two date columns instead
 * of the rebuild (a few campaigns times every day of the range, with zone arithmetic).
 */
async function refreshCalendar(tx: Transaction, importId: string): Promise<boolean> {
  if (!(await calendarInUse(tx))) return false;
  const [row] = await tx.query<{ grew: boolean }>(
    `WITH r AS (
       SELECT import_id, started_at AS lo, greatest(started_at, coalesce(ended_at, started_at)) AS hi FROM conversations
       UNION ALL SELECT import_id, occurred_at, occurred_at FROM conversation_events
       UNION ALL SELECT import_id, sent_at, sent_at FROM messages),
     s AS (
       SELECT min(lo)::DATE AS a0, max(hi)::DATE AS a1,
         min(lo) FILTER (WHERE import_id IS DISTINCT FROM $1)::DATE AS b0,
         max(hi) FILTER (WHERE import_id IS DISTINCT FROM $1)::DATE AS b1
       FROM r)
     SELECT (a0 IS DISTINCT FROM b0 OR a1 IS DISTINCT FROM b1) AS grew FROM s`,
    [importId],
  );
  if (row?.grew) await tx.run(BUSINESS_CALENDAR_REBUILD);
  return row?.grew === true;
}

/** Minutes after local midnight of a validated 'HH:MM' text column (24:00 = 1440). */
const minutesOf = (col: string) => `(split_part(${col}, ':', 1)::INTEGER * 60 + split_part(${col}, ':', 2)::INTEGER)`;
/** The UTC TIMESTAMP of local date `d` (a TIMESTAMP at local midnight) plus `minutes`, read in zone `tz`. */
const utcOf = (tz: string, d: string, minutes: string) =>
  `timezone('UTC', timezone(${tz}, ${d} + to_minutes(${minutes})))`;

/**
 * business_open_intervals rebuilt whole (schema.ts): for each campaign with business hours, each
 * local day from two days before the first conversation start, event or message to two days after
 * the last conversation end, event or message (UTC dates: covers every zone), the day's intervals (a holiday's when it
 * has one, none on a full holiday, else its weekday's), read in the campaign's zone with DuckDB's
 * ICU (`timezone`), then merged where they overlap or touch. The same rules as business-hours.ts,
 * computed independently of it (tests compare the two).
 */
export const BUSINESS_CALENDAR_REBUILD = `DELETE FROM business_open_intervals;
INSERT INTO business_open_intervals
WITH span AS (
  SELECT min(lo)::DATE - 2 AS d0, max(hi)::DATE + 2 AS d1 FROM (
    SELECT min(started_at) AS lo, max(greatest(started_at, coalesce(ended_at, started_at))) AS hi FROM conversations
    UNION ALL SELECT min(occurred_at), max(occurred_at) FROM conversation_events
    UNION ALL SELECT min(sent_at), max(sent_at) FROM messages)
),
zones AS (SELECT campaign_id, any_value(timezone) AS tz FROM business_hours GROUP BY campaign_id),
days AS (
  SELECT z.campaign_id, z.tz, g.d, strftime(g.d, '%Y-%m-%d') AS ds, isodow(g.d) AS wd
  FROM span, zones AS z, generate_series(span.d0::TIMESTAMP, span.d1::TIMESTAMP, INTERVAL 1 DAY) AS g(d)
  WHERE span.d0 IS NOT NULL
),
local AS (
  SELECT y.campaign_id, y.tz, y.d, h.opens, h.closes FROM days AS y
    JOIN business_hours AS h ON h.campaign_id = y.campaign_id AND h.weekday = y.wd
    WHERE NOT EXISTS (SELECT 1 FROM business_holidays AS x WHERE x.campaign_id = y.campaign_id AND x.date = y.ds)
  UNION ALL
  SELECT y.campaign_id, y.tz, y.d, x.opens, x.closes FROM days AS y
    JOIN business_holidays AS x ON x.campaign_id = y.campaign_id AND x.date = y.ds
    WHERE x.opens IS NOT NULL AND x.closes IS NOT NULL
),
raw AS (
  SELECT campaign_id, ${utcOf("tz", "d", minutesOf("opens"))} AS s, ${utcOf("tz", "d", minutesOf("closes"))} AS e
  FROM local
),
ordered AS (
  SELECT *, max(e) OVER (PARTITION BY campaign_id ORDER BY s, e ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS reach
  FROM raw WHERE e > s
),
islands AS (
  SELECT *, sum(CASE WHEN reach >= s THEN 0 ELSE 1 END) OVER (PARTITION BY campaign_id ORDER BY s, e ROWS UNBOUNDED PRECEDING) AS island
  FROM ordered
)
SELECT campaign_id, min(s), max(e) FROM islands GROUP BY campaign_id, island;`;

// ---------------------------------------------------------------------------------------------
// Incremental upkeep (small changes)

/**
 * Runs `select` into temporary table `name` (replacing it) and returns its row count. `params` are
 * bound only when the SQL uses them.
 */
async function temp(tx: Transaction, name: string, select: string, params: readonly Param[] = []): Promise<number> {
  const [row] = await tx.query<{ Count: number }>(
    `CREATE OR REPLACE TEMP TABLE ${name} AS ${select}`,
    select.includes("$1") ? params : [],
  );
  return Number(row?.Count ?? 0);
}

/** The number of rows of `from` (SQL after FROM). */
async function count(tx: Transaction, from: string): Promise<number> {
  const [row] = await tx.query<{ n: number }>(`SELECT count(*) AS n FROM ${from}`);
  return row?.n ?? 0;
}

/** SELECTs joined by UNION (distinct), or `empty` when there are none. */
const union = (parts: readonly string[], empty: string) => (parts.length ? parts.join(" UNION ") : empty);

/**
 * The call side for the calls and results written by `importId` and the footprints noted: results
 * of those calls take the call's keys, and call_quality (per call) and check_quality (per
 * quarter-hour the results were in before or are in now) are recomputed for them.
 */
async function partCalls(tx: Transaction, importId: string | null, incoming: (t: Fact) => boolean): Promise<void> {
  const params = importId === null ? [] : [importId];
  const calls = await temp(
    tx,
    "_d_calls",
    union(
      [
        ...(incoming("calls") ? ["SELECT call_id FROM calls WHERE import_id = $1"] : []),
        ...(incoming("call_check_results") ? ["SELECT call_id FROM call_check_results WHERE import_id = $1"] : []),
        `SELECT parent AS call_id FROM ${TOUCHED} WHERE kind IN ('calls', 'call_check_results') AND parent IS NOT NULL`,
      ],
      "",
    ),
    params,
  );
  // Every result of a touched call, with its call start as it was (it may follow the call now).
  await temp(
    tx,
    "_d_results",
    calls === 0
      ? "SELECT NULL::BIGINT AS r, NULL::VARCHAR AS call_id, NULL::TIMESTAMP AS ts WHERE false"
      : "SELECT rowid AS r, call_id, call_started_at AS ts FROM call_check_results WHERE call_id IN (SELECT call_id FROM _d_calls)",
  );
  await tx.run(`UPDATE call_check_results AS r
    SET call_started_at = c.started_at, agent_id = coalesce(r.agent_id, c.agent_id), campaign_id = coalesce(r.campaign_id, c.campaign_id)
    FROM (SELECT d.r AS rid, c.started_at, c.agent_id, c.campaign_id FROM _d_results AS d JOIN calls AS c USING (call_id)) AS c
    WHERE r.rowid = c.rid AND (r.call_started_at IS NULL OR r.call_started_at <> c.started_at OR (r.agent_id IS NULL AND c.agent_id IS NOT NULL) OR r.campaign_id IS NULL)`);
  await tx.run("DELETE FROM call_quality WHERE call_id IN (SELECT call_id FROM _d_calls)");
  await tx.run(
    `INSERT INTO call_quality ${CALL_QUALITY_ROWS("(SELECT * FROM call_check_results WHERE rowid IN (SELECT r FROM _d_results))")}`,
  );
  await temp(
    tx,
    "_d_units",
    `SELECT DISTINCT ${unit("ts", QUARTER_US)} AS u FROM (
       SELECT ts FROM _d_results
       UNION ALL SELECT call_started_at FROM call_check_results WHERE rowid IN (SELECT r FROM _d_results)
       UNION ALL SELECT ts FROM ${TOUCHED} WHERE kind = 'call_check_results') WHERE ts IS NOT NULL`,
  );
  await refreshUnits(tx, CHECK_QUALITY, "_d_units");
}

/**
 * The chat side for the rows written by `importId` and the footprints noted:
 * - conversations whose own row or assignments changed (`_d_conv`) get their flags again, and their
 *   messages with the messages written (`_d_msg`) get their keys filled and their flag;
 * - the summaries are recomputed in the minutes and quarter-hours of those messages and of deleted
 *   or replaced ones, and contact_conversation_quarters in those of the conversations' starts.
 */
async function partChat(tx: Transaction, importId: string | null, incoming: (t: Fact) => boolean): Promise<void> {
  const params = importId === null ? [] : [importId];
  const conversations = await temp(
    tx,
    "_d_conv",
    `SELECT DISTINCT conversation_id FROM (${union(
      [
        ...(incoming("conversations") ? ["SELECT conversation_id FROM conversations WHERE import_id = $1"] : []),
        ...(incoming("assignments") ? ["SELECT conversation_id FROM assignments WHERE import_id = $1"] : []),
        `SELECT parent AS conversation_id FROM ${TOUCHED} WHERE kind IN ('conversations', 'assignments') AND parent IS NOT NULL`,
      ],
      "",
    )})`,
    params,
  );
  // Each with whether it lacks a key that its conversation may give (most files give them).
  const message =
    "SELECT rowid AS r, conversation_id, sent_at, campaign_id IS NULL OR (sender = 'contact' AND contact_id IS NULL) AS unfilled FROM messages";
  const messageParts = [
    ...(incoming("messages") ? [`${message} WHERE import_id = $1`] : []),
    ...(conversations > 0 ? [`${message} WHERE conversation_id IN (SELECT conversation_id FROM _d_conv)`] : []),
  ];
  const messages = await temp(tx, "_d_msg", union(messageParts, `${message} WHERE false`), params);
  if (messages > 0 && (await count(tx, "_d_msg WHERE unfilled")) > 0) {
    await tx.run(`UPDATE messages AS m
      SET campaign_id = coalesce(m.campaign_id, c.campaign_id),
          contact_id = CASE WHEN m.sender = 'contact' THEN coalesce(m.contact_id, c.contact_id) ELSE m.contact_id END
      FROM (SELECT d.r, c.campaign_id, c.contact_id FROM _d_msg AS d JOIN conversations AS c USING (conversation_id) WHERE d.unfilled) AS c
      WHERE m.rowid = c.r
        AND ((m.campaign_id IS NULL AND c.campaign_id IS NOT NULL) OR (m.sender = 'contact' AND m.contact_id IS NULL AND c.contact_id IS NOT NULL))`);
  }
  if (conversations > 0) {
    await tx.run(`UPDATE assignments AS a SET campaign_id = c.campaign_id
      FROM conversations AS c
      WHERE a.conversation_id IN (SELECT conversation_id FROM _d_conv) AND c.conversation_id = a.conversation_id AND a.campaign_id IS NULL`);
  }
  // The flags of the conversations involved, from their assignments: assigned true with any
  // assignment (else NULL), served true when one was picked up (false when all were missed).
  await temp(
    tx,
    "_d_flags",
    `WITH k AS (SELECT conversation_id FROM _d_conv UNION SELECT conversation_id FROM _d_msg),
          a AS (SELECT conversation_id, missed FROM assignments WHERE conversation_id IN (SELECT conversation_id FROM k))
     SELECT k.conversation_id, CASE WHEN count(a.conversation_id) > 0 THEN true END AS assigned,
            CASE WHEN count(a.conversation_id) > 0 THEN bool_or(NOT a.missed) END AS served
     FROM k LEFT JOIN a USING (conversation_id) GROUP BY k.conversation_id`,
  );
  if (conversations > 0) {
    await tx.run(`UPDATE conversations AS c SET assigned = f.assigned, served = f.served
      FROM (SELECT * FROM _d_flags WHERE conversation_id IN (SELECT conversation_id FROM _d_conv)) AS f
      WHERE c.conversation_id = f.conversation_id AND (c.assigned IS DISTINCT FROM f.assigned OR c.served IS DISTINCT FROM f.served)`);
  }
  if (messages > 0) {
    await tx.run(`UPDATE messages AS m SET conversation_assigned = f.assigned
      FROM (SELECT d.r, f.assigned FROM _d_msg AS d JOIN _d_flags AS f USING (conversation_id)) AS f
      WHERE m.rowid = f.r AND m.conversation_assigned IS DISTINCT FROM f.assigned`);
  }
  // The instants of the messages written or refilled (fills and flags do not move them) and of
  // those deleted or replaced.
  const instants = `(SELECT sent_at AS ts FROM _d_msg UNION ALL SELECT ts FROM ${TOUCHED} WHERE kind = 'messages') WHERE ts IS NOT NULL`;
  if ((await temp(tx, "_d_units", `SELECT DISTINCT ${unit("ts", MINUTE_US)} AS u FROM ${instants}`)) > 0) {
    await refreshUnits(tx, MESSAGE_MINUTES, "_d_units");
    await temp(tx, "_d_units", `SELECT DISTINCT ${unit("ts", QUARTER_US)} AS u FROM ${instants}`);
    await refreshUnits(tx, CONVERSATION_QUARTERS, "_d_units");
    await refreshUnits(tx, CONTACT_MESSAGE_QUARTERS, "_d_units");
  }
  const starts =
    conversations > 0
      ? ["SELECT started_at AS ts FROM conversations WHERE conversation_id IN (SELECT conversation_id FROM _d_conv)"]
      : [];
  starts.push(`SELECT ts FROM ${TOUCHED} WHERE kind = 'conversations'`);
  if (
    (await temp(
      tx,
      "_d_units",
      `SELECT DISTINCT ${unit("ts", QUARTER_US)} AS u FROM (${starts.join(" UNION ALL ")}) WHERE ts IS NOT NULL`,
    )) > 0
  ) {
    await refreshUnits(tx, CONTACT_CONVERSATION_QUARTERS, "_d_units");
  }
}

/** At most this many time ranges are read separately from a fact table; closer ones are merged first. */
const MAX_RANGES = 16;

/**
 * A FROM item over `s.fact` that holds (at least) its rows in the units of temp table `units` (one
 * BIGINT column `u`): a UNION ALL of range scans, one per run of nearby units, so that DuckDB skips
 * the row groups outside them by their min/max (facts are mostly stored in time order).
 */
async function factsIn(tx: Transaction, s: Summary, units: string): Promise<{ from: string; params: Param[] }> {
  const runs = await tx.query<{ lo: number; hi: number }>(
    `SELECT min(u) AS lo, max(u) AS hi FROM (SELECT u, u - row_number() OVER (ORDER BY u) AS g FROM ${units}) GROUP BY g ORDER BY lo`,
  );
  while (runs.length > MAX_RANGES) {
    let best = 0;
    for (let i = 1; i < runs.length - 1; i++) {
      if ((runs[i + 1]?.lo ?? 0) - (runs[i]?.hi ?? 0) < (runs[best + 1]?.lo ?? 0) - (runs[best]?.hi ?? 0)) best = i;
    }
    const [a, b] = [runs[best], runs[best + 1]];
    if (!a || !b) break;
    runs.splice(best, 2, { lo: a.lo, hi: b.hi });
  }
  const params: Param[] = [];
  const scans = runs.map(({ lo, hi }) => {
    params.push(BigInt(lo) * BigInt(s.us), (BigInt(hi) + 1n) * BigInt(s.us));
    const n = params.length;
    return `SELECT * FROM ${s.fact} WHERE ${s.time} >= make_timestamp($${n - 1}::BIGINT) AND ${s.time} < make_timestamp($${n}::BIGINT)`;
  });
  return { from: `(${scans.join(" UNION ALL ")})`, params };
}

/**
 * Recomputes summary `s` in the units listed in temp table `units` from its fact rows there. A
 * per-entity summary also rewrites every row of each entity that has a row in those units, before or
 * after (its rows elsewhere keep their counts; the windows are recomputed over all of them).
 */
async function refreshUnits(tx: Transaction, s: Summary, units: string): Promise<void> {
  const { from, params } = await factsIn(tx, s, units);
  if (params.length === 0) return;
  const inUnits = `${unit(s.time, s.us)} IN (SELECT u FROM ${units})`;
  const startsIn = `${s.unitColumn} IN (SELECT ${start("u", s.us)} FROM ${units})`;
  if (!s.entity) {
    await tx.run(`DELETE FROM ${s.table} WHERE ${startsIn}`);
    await tx.run(insert(s, grouped(s, from, inUnits)), params);
    return;
  }
  const e = s.entity;
  await temp(tx, "_d_new", grouped(s, from, inUnits), params);
  // Every row of the entities with a row in the units, before or after (the entities first: DuckDB
  // then probes the table with a hash of those few, as it cannot estimate the subquery's size).
  await temp(tx, "_d_entities", `SELECT ${e} FROM ${s.table} WHERE ${startsIn} UNION SELECT ${e} FROM _d_new`);
  await temp(tx, "_d_old", `SELECT rowid AS r, * FROM ${s.table} WHERE ${e} IN (SELECT ${e} FROM _d_entities)`);
  const kept = [e, `${unit(s.unitColumn, s.us)} AS u`, ...names(s.counts)].join(", ");
  await temp(
    tx,
    "_d_rows",
    tableRows(s, `SELECT ${kept} FROM _d_old WHERE NOT ${startsIn} UNION ALL SELECT * FROM _d_new`),
  );
  // Only the rows that changed are written (an entity's rows before the units keep theirs).
  const same = columns(s)
    .map((c) => (c === e || c === s.unitColumn ? `o.${c} = n.${c}` : `o.${c} IS NOT DISTINCT FROM n.${c}`))
    .join(" AND ");
  await tx.run(`DELETE FROM ${s.table} WHERE rowid IN (SELECT o.r FROM _d_old AS o ANTI JOIN _d_rows AS n ON ${same})`);
  await tx.run(
    `INSERT INTO ${s.table} (${columns(s).join(", ")}) SELECT n.* FROM _d_rows AS n ANTI JOIN _d_old AS o ON ${same}`,
  );
}
