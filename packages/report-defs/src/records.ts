/**
 * Drill-down: the calls or conversations behind one figure of a report result, paged. A pure
 * compiler, `(definition, query, selector, page) -> { page SQL, count SQL }`, like compile.ts: the
 * records are the fact rows the figure aggregates, chosen with the same window, filters, measure
 * predicate, bucket, dimension key or heatmap cell the figure uses (the same SQL building blocks,
 * sql.ts), so that their number is the figure (a count), or the figure follows from them (an
 * average or sum of their `value`, a ratio of those `in_numerator` to all).
 *
 * Which figures have records ({@link recordsOf}): those whose fact is calls, check results,
 * conversations or assignments (each a record kind with its own fields, {@link RECORD_KINDS}) and
 * whose measure is a count, a distinct count of calls or conversations, an average, sum, minimum,
 * maximum, median or p90 of a value, or a ratio of two counts of the same fact. Figures over
 * messages, ratings, agents' online time, derived facts and the aggregate exports (work shifts,
 * invites, traffic) have none: no call or conversation stands behind one of their rows.
 *
 * Records never carry message text or personal data (contact ids, e-mails, visitor identifiers,
 * transcripts, comments): only canonical ids of calls, conversations, assignments, checks,
 * campaigns and agents, and the agent's username that reports already show.
 */
import { parseIsoDate } from "@tallyline/warehouse/time";
import { z } from "zod";
import { bucketsOf } from "./buckets";
import { keyExpr, resolveParameters } from "./compile";
import type { Aggregate, MeasureDefinition, Predicate, ReportDefinition, ValueExpr } from "./definition";
import { type Dialect, duckdb } from "./dialect";
import { ReportError } from "./errors";
import { FILTER_TARGETS, type FilterName, FilterValue } from "./filters";
import { type Period, parseQuery, ReportQuery, resolvePeriod } from "./query";
import { applySegment, type SegmentFilters } from "./segments";
import { factCte, Params, predicate, type SqlParam, value } from "./sql";
import { checkUntrusted } from "./untrusted";

/** Default records per page. */
export const DEFAULT_PAGE_SIZE = 50;
/** Most records per page. */
export const MAX_PAGE_SIZE = 500;

/** Kinds of records: what one row of a drill-down is. */
export const RecordKind = z.enum(["call", "check_result", "conversation", "assignment"]);
export type RecordKind = z.infer<typeof RecordKind>;

type FieldType = "string" | "timestamp" | "number" | "integer" | "boolean";

/** One field of a record: its JSON name, type, meaning (with unit) and SQL over the page's aliases. */
interface Field {
  readonly name: string;
  readonly type: FieldType;
  readonly nullable: boolean;
  readonly doc: string;
  /** SQL over the record row `r` and the kind's lookups (`cp` campaigns, `ag` agents, ...). */
  readonly sql: (d: Dialect) => string;
}

const f = (name: string, type: FieldType, nullable: boolean, doc: string, sql?: (d: Dialect) => string): Field => ({
  name,
  type,
  nullable,
  doc,
  sql: sql ?? ((d) => `r.${d.ident(name)}`),
});
const secs = (from: string, to: string) => (d: Dialect) => d.secondsBetween(from, to);
/** The call outcome of a calls row aliased `c` (filters.ts `CALL_OUTCOMES`). */
const outcomeSql = (c: string) => () =>
  `CASE WHEN ${c}.answered THEN 'answered' WHEN ${c}.abandoned THEN 'abandoned' ELSE 'ivr' END`;
const campaignName = f("campaign", "string", true, "The campaign's display name.", () => "cp.name");
const agentName = f("agent", "string", true, "The agent's username, as reports show it.", () => "ag.username");

/** Fields every record has last: its part in the figure. */
const FIGURE_FIELDS: readonly Field[] = [
  f(
    "value",
    "number",
    true,
    "For a figure that averages or sums a value (seconds for times, 1-5 for CSAT, 0-100 for scores): this record's value; null for counts and ratios.",
    () => "r._value",
  ),
  f(
    "in_numerator",
    "boolean",
    true,
    "For a ratio (a percentage): true when this record counts in the numerator (all records are the denominator); null otherwise.",
    () => "r._in_numerator",
  ),
];

/** How one kind of record is read: its table, the time and ids that order it, its lookups and fields. */
interface KindSpec {
  readonly table: string;
  readonly time: string;
  readonly ids: readonly string[];
  /** LEFT JOINs of lookups onto the page `r` (each lookup has one row per key, so rows are not repeated). */
  readonly joins: (d: Dialect) => string;
  readonly fields: readonly Field[];
}

const lookups = {
  campaign: "LEFT JOIN campaigns AS cp ON cp.campaign_id = r.campaign_id",
  agent: "LEFT JOIN agents AS ag ON ag.agent_id = r.agent_id",
};

/**
 * Each kind of record: what a row is, its fields (every one documented; the OpenAPI document lists
 * them from here) and the order of pages (time, then ids).
 */
export const RECORD_KINDS: Readonly<Record<RecordKind, KindSpec>> = {
  call: {
    table: "calls",
    time: "started_at",
    ids: ["call_id"],
    joins: () => [lookups.campaign, lookups.agent].join("\n"),
    fields: [
      f("call_id", "string", false, "The call (canonical id)."),
      f("started_at", "timestamp", false, "UTC instant the call reached the system (voice menu or queue)."),
      f("answered_at", "timestamp", true, "UTC instant an agent picked up; null when unanswered."),
      f("ended_at", "timestamp", true, "UTC instant the call ended."),
      f("campaign_id", "string", false, "The call's campaign (call centre)."),
      campaignName,
      f("queue", "string", true, "Queue / service type the call was routed to."),
      f("topic", "string", true, "Call topic as the source reports it."),
      f("agent_id", "string", true, "Agent who served the call; null when no named agent."),
      agentName,
      f(
        "outcome",
        "string",
        false,
        "answered, abandoned (hung up in the agent queue) or ivr (neither: ended in the voice menu, or a ghost call).",
        outcomeSql("r"),
      ),
      f("answered", "boolean", false, "True when an agent answered the call."),
      f("abandoned", "boolean", false, "True when the caller hung up in the agent queue before an answer."),
      f("ivr_secs", "number", true, "Seconds in the voice menu."),
      f(
        "wait_secs",
        "number",
        true,
        "Seconds waiting in the agent queue before answer or hang-up (0 without queueing).",
      ),
      f("talk_secs", "number", true, "Seconds of conversation with the agent; null when unanswered."),
      f(
        "handle_secs",
        "number",
        true,
        "Seconds of agent handling (talk, hold, after-call work); null when unanswered.",
      ),
      f("csat", "integer", true, "Satisfaction answer on the 1-5 scale; null when not answered."),
      f("resolved", "boolean", true, "First-contact resolution as the source reports it; null when unknown."),
      ...FIGURE_FIELDS,
    ],
  },
  check_result: {
    table: "call_check_results",
    time: "call_started_at",
    ids: ["call_id", "check_id"],
    joins: () =>
      [
        lookups.campaign,
        lookups.agent,
        "LEFT JOIN calls AS c ON c.call_id = r.call_id",
        "LEFT JOIN quality_checks AS q ON q.check_id = r.check_id",
      ].join("\n"),
    fields: [
      f("call_id", "string", false, "The call evaluated (canonical id)."),
      f("check_id", "string", false, "The quality check (canonical id)."),
      f("check", "string", true, "The check's display name, e.g. Opening Greeting.", () => "q.name"),
      f("started_at", "timestamp", false, "UTC instant the call reached the system.", () => "r.call_started_at"),
      f("evaluated_at", "timestamp", true, "UTC instant of the evaluation."),
      f("passed", "boolean", false, "True when the call passed the check."),
      f("score", "number", true, "Score on the 0-100 scale; null when the check gives pass/fail only."),
      f("campaign_id", "string", true, "The call's campaign."),
      campaignName,
      f("agent_id", "string", true, "The call's agent."),
      agentName,
      f("queue", "string", true, "The call's queue.", () => "c.queue"),
      f("topic", "string", true, "The call's topic.", () => "c.topic"),
      f(
        "outcome",
        "string",
        true,
        "The call's outcome: answered, abandoned or ivr.",
        () => `CASE WHEN c.call_id IS NULL THEN NULL ELSE ${outcomeSql("c")()} END`,
      ),
      ...FIGURE_FIELDS,
    ],
  },
  conversation: {
    table: "conversations",
    time: "started_at",
    ids: ["conversation_id"],
    joins: (d) =>
      [
        lookups.campaign,
        // One row per conversation of the page: its assignments, summed up.
        `LEFT JOIN (SELECT a.conversation_id, count(*) AS assignments, ${d.secondsBetween("min(a.assigned_at)", "min(a.first_response_at)")} AS first_response_secs FROM assignments AS a WHERE a.conversation_id IN (SELECT conversation_id FROM page) GROUP BY a.conversation_id) AS fa ON fa.conversation_id = r.conversation_id`,
      ].join("\n"),
    fields: [
      f("conversation_id", "string", false, "The conversation (canonical id)."),
      f("started_at", "timestamp", false, "UTC instant the conversation was created."),
      f("ended_at", "timestamp", true, "UTC instant it ended, when known."),
      f("campaign_id", "string", false, "The conversation's campaign (or company account)."),
      campaignName,
      f("channel", "string", false, "chat, twitter, whatsapp..."),
      f("language", "string", true, "Language code of the user."),
      f("intent", "string", true, "Main intent the bot detected."),
      f("start_flow", "string", true, "Bot flow the conversation started in."),
      f("handled_by", "string", true, "bot (no agent), agent (agents only) or hybrid (bot then agent)."),
      f("closing_reason", "string", true, "Why or how the conversation was closed."),
      f("success_code", "string", true, "Outcome code the agent chose."),
      f(
        "assignments",
        "integer",
        false,
        "Hand-overs to agents or teams (a transfer is one more); 0 for a bot-only conversation.",
        () => "coalesce(fa.assignments, 0)",
      ),
      f("served", "boolean", true, "True when an agent picked up one of its assignments; null without assignments."),
      f(
        "first_response_secs",
        "number",
        true,
        "Seconds from the conversation's first assignment being offered to the first agent message of any of its assignments; null without an agent reply.",
        () => "fa.first_response_secs",
      ),
      f(
        "resolution_secs",
        "number",
        true,
        "Seconds from the conversation starting to it ending; null while open.",
        secs("r.started_at", "r.ended_at"),
      ),
      f("message_count", "integer", true, "Messages in the conversation as the source counts them."),
      ...FIGURE_FIELDS,
    ],
  },
  assignment: {
    table: "assignments",
    time: "assigned_at",
    ids: ["assignment_id"],
    joins: () =>
      [lookups.campaign, lookups.agent, "LEFT JOIN conversations AS c ON c.conversation_id = r.conversation_id"].join(
        "\n",
      ),
    fields: [
      f("assignment_id", "string", false, "The assignment (canonical id)."),
      f("conversation_id", "string", false, "The conversation handed over."),
      f("seq", "integer", false, "Position among the conversation's assignments, from 1; above 1 is a transfer."),
      f("assigned_at", "timestamp", false, "UTC instant the conversation was offered to the agent or team."),
      f("accepted_at", "timestamp", true, "UTC instant an agent accepted it."),
      f("closed_at", "timestamp", true, "UTC instant the assignment ended (closed or transferred)."),
      f("agent_id", "string", true, "Agent assigned; null when nobody picked it up."),
      agentName,
      f("role", "string", true, "Role of the receiving team: support, admin, tech, sales."),
      f("missed", "boolean", false, "True when no agent picked it up."),
      f(
        "first_response_secs",
        "number",
        true,
        "Seconds from being offered to the agent's first message in this assignment; null without one.",
        secs("r.assigned_at", "r.first_response_at"),
      ),
      f(
        "conversation_secs",
        "number",
        true,
        "Seconds from the agent accepting to the assignment closing or being transferred.",
        secs("r.accepted_at", "r.closed_at"),
      ),
      f("campaign_id", "string", true, "The conversation's campaign."),
      campaignName,
      f("channel", "string", true, "The conversation's channel.", () => "c.channel"),
      f("language", "string", true, "The conversation's language.", () => "c.language"),
      f("intent", "string", true, "The conversation's intent.", () => "c.intent"),
      ...FIGURE_FIELDS,
    ],
  },
};

const KIND_OF_TABLE: Readonly<Record<string, RecordKind>> = Object.fromEntries(
  (Object.entries(RECORD_KINDS) as [RecordKind, KindSpec][]).map(([k, s]) => [s.table, k]),
);
/** Record kinds a distinct count can stand for: the column is the kind's one id. */
const KIND_OF_ID: Readonly<Record<string, RecordKind>> = { call_id: "call", conversation_id: "conversation" };

const fieldSchema = (x: Field): z.ZodType => {
  const base =
    x.type === "string"
      ? z.string()
      : x.type === "timestamp"
        ? z.iso.datetime()
        : x.type === "integer"
          ? z.number().int()
          : x.type === "number"
            ? z.number()
            : z.boolean();
  return (x.nullable ? base.nullable() : base).meta({ description: x.doc });
};

const recordSchema = (kind: RecordKind, id: string, doc: string) =>
  z.strictObject(Object.fromEntries(RECORD_KINDS[kind].fields.map((x) => [x.name, fieldSchema(x)]))).meta({
    id,
    description: doc,
  });

/** A call behind a figure (kind `call`). */
export const CallRecord = recordSchema("call", "CallRecord", "A call behind a figure.");
/** A quality-check result behind a figure (kind `check_result`): one check evaluated on one call. */
export const CheckResultRecord = recordSchema(
  "check_result",
  "CheckResultRecord",
  "One quality check evaluated on one call (seed 000), behind a figure.",
);
/** A conversation behind a figure (kind `conversation`). */
export const ConversationRecord = recordSchema("conversation", "ConversationRecord", "A conversation behind a figure.");
/** An assignment behind a figure (kind `assignment`): one hand-over of a conversation to an agent or team. */
export const AssignmentRecord = recordSchema(
  "assignment",
  "AssignmentRecord",
  "One hand-over of a conversation to an agent or team (a transfer is a new one), behind a figure.",
);

/**
 * Which figure's records: a measure (default the report's first with records), the whole current
 * period or the previous one, one bucket of the query's grain (a label as results give it: day
 * 'YYYY-MM-DD', hour 'YYYY-MM-DDTHH:00', week its Monday 'YYYY-MM-DD', month 'YYYY-MM'), one
 * dimension value (`key` as result rows give it: an agent id, a queue, a check id, an intent, a
 * histogram bucket's index; null for the "(not set)" row), a heatmap cell (local weekday 1 = Monday
 * to 7 and hour 0-23), or a bucket and a key together (a point of a split timeseries).
 */
export const RecordSelector = z
  .strictObject({
    measure: z.string().max(64).optional(),
    previous: z.boolean().optional(),
    bucket: z.string().max(16).optional(),
    key: FilterValue.nullable().optional(),
    cell: z.strictObject({ weekday: z.number().int().min(1).max(7), hour: z.number().int().min(0).max(23) }).optional(),
  })
  .meta({ id: "RecordSelector" });
export type RecordSelector = z.output<typeof RecordSelector>;

/** Body of a records request: the report query, the selector, and the page (cursor from the previous page, size). */
export const RecordsRequest = z
  .strictObject({
    query: ReportQuery.optional(),
    selector: RecordSelector.default({}),
    cursor: z.string().max(1024).optional(),
    limit: z.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
  })
  .meta({ id: "RecordsRequest", example: { query: { from: "1999-02-01", to: "1999-02-28" }, selector: {} } });
export type RecordsRequest = z.output<typeof RecordsRequest>;

/** What a records request returns: one page, the cursor of the next (null after the last), the total. */
export const RecordsPage = z
  .object({
    reportId: z.string(),
    measure: z.string().meta({ description: "The measure whose figure the records are behind." }),
    kind: RecordKind.meta({
      description: "What each record is: a call, a check result, a conversation, an assignment.",
    }),
    items: z.array(z.union([CallRecord, CheckResultRecord, ConversationRecord, AssignmentRecord])),
    nextCursor: z.string().nullable().meta({ description: "Send as `cursor` for the next page; null on the last." }),
    total: z.number().int().meta({ description: "Records behind the figure, on every page." }),
  })
  .meta({ id: "RecordsPage" });
export type RecordsPage = z.infer<typeof RecordsPage>;

/** Whether a measure has records, and of which kind; or why not. */
export type MeasureRecords =
  | { readonly measure: string; readonly kind: RecordKind }
  | { readonly measure: string; readonly kind: null; readonly reason: string };

/** The records of one measure: kind, rows (a predicate), value or numerator, or distinct ids. */
type Population =
  | {
      readonly kind: RecordKind;
      readonly where?: Predicate;
      readonly value?: ValueExpr;
      readonly numerator?: Predicate | true;
      readonly distinct?: undefined;
    }
  | { readonly kind: RecordKind; readonly where?: Predicate; readonly distinct: string };

/** Why a fact table has no records. */
const NO_RECORDS: Readonly<Record<string, string>> = {
  messages: "it counts messages, not calls or conversations",
  replies: "it reads agent replies derived from messages, not calls or conversations",
  ratings: "it counts satisfaction answers, not calls or conversations",
  agent_states: "it measures agents' online time, not calls or conversations",
  agent_shifts: "it reads the work-shift aggregate export, with no call or conversation behind a row",
  invites_hourly: "it reads the hourly invite aggregate export, with no call or conversation behind a row",
  traffic_hourly: "it reads the hourly traffic aggregate export, with no call or conversation behind a row",
};

/** The records of measure `m` of `def`, or the reason it has none. */
function population(def: ReportDefinition, m: MeasureDefinition): Population | string {
  if (def.derived) return "it reads a fact derived per contact, not calls or conversations";
  if (def.intervals) return "it reads intervals of time, not calls or conversations";
  const a: Aggregate = m.aggregate;
  if ("fact" in a && a.fact !== undefined) return `it reads another fact (${a.fact}), not calls or conversations`;
  if (a.fn === "countDistinct") {
    const kind = KIND_OF_ID[a.column];
    if (!kind) return `it counts distinct ${a.column.replace(/_id$/, "")}s, not calls or conversations`;
    const own = KIND_OF_TABLE[def.table] === kind && def.timeColumn === RECORD_KINDS[kind].time;
    return own ? { kind, where: a.where } : { kind, where: a.where, distinct: a.column };
  }
  const own = KIND_OF_TABLE[def.table];
  if (!own || def.timeColumn !== RECORD_KINDS[own].time)
    return NO_RECORDS[def.table] ?? "its rows are not calls or conversations";
  switch (a.fn) {
    case "count":
      return { kind: own, where: a.where };
    case "avg":
    case "sum":
    case "min":
    case "max":
    case "median":
    case "p90":
      return { kind: own, where: a.where, value: a.value };
    case "ratio": {
      // The numerator's rows are among the denominator's in every built-in ratio (the records test checks it).
      const { numerator: n, denominator: dd } = a;
      if (n.fn !== "count" || dd.fn !== "count" || n.fact !== undefined || dd.fact !== undefined)
        return "it is a ratio of sums or of other facts, not of calls or conversations counted";
      return { kind: own, where: dd.where, numerator: n.where ?? true };
    }
    case "peakPerMinute":
      return "it is the busiest minute, not a set of calls or conversations";
    case "timeAverage":
      return "it is a mean over time, not a set of calls or conversations";
    case "countFirstSeen":
      return "it counts entities first seen in a summary";
  }
}

/** For each measure of `def`: the kind of its records, or why it has none (catalogue, API list). */
export function recordsOf(def: ReportDefinition): MeasureRecords[] {
  return def.measures.map((m) => {
    const p = population(def, m);
    return typeof p === "string" ? { measure: m.id, kind: null, reason: p } : { measure: m.id, kind: p.kind };
  });
}

/**
 * The query filter that keeps exactly the rows of one value of the report's dimension, for "filter
 * the page by this" from a drilled row (issue 13): the filter the report takes whose rule on the
 * report's table is the dimension's own column (FILTER_TARGETS), so that the value a result row's
 * `key` gives is a value of that filter (an agent id, a queue, an intent...). Null for reports
 * without a dimension, histogram dimensions (their keys are bucket indexes), and dimensions no
 * filter restricts directly.
 */
export function dimensionFilterOf(def: ReportDefinition): FilterName | null {
  const dim = def.dimension;
  if (!dim?.column || dim.buckets) return null;
  const targets = FILTER_TARGETS[def.table] ?? {};
  for (const name of def.filters) {
    const target = targets[name];
    if (target && "column" in target && target.column === dim.column) return name;
  }
  return null;
}

/** A position in the records of one kind: after the record with this time (UTC microseconds) and these ids. */
export interface RecordsCursor {
  readonly kind: RecordKind;
  readonly micros: number;
  readonly ids: readonly string[];
}

const toBase64Url = (text: string) => {
  const bytes = new TextEncoder().encode(text);
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
};
const fromBase64Url = (s: string) => {
  const bin = atob(s.replace(/-/g, "+").replace(/_/g, "/"));
  return new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
};

/** The opaque cursor of the record after which the next page starts. */
export function encodeCursor(c: RecordsCursor): string {
  return toBase64Url(JSON.stringify([c.kind, c.micros, ...c.ids]));
}

/** Reads a cursor made by {@link encodeCursor} for records of `kind`; throws ReportError 'invalid_query' (path `cursor`). */
export function decodeCursor(text: string, kind: RecordKind): RecordsCursor {
  const bad = (why: string): never => {
    throw new ReportError("invalid_query", `cursor: ${why}; send the nextCursor of the previous page`, "cursor");
  };
  if (!/^[A-Za-z0-9_-]+$/.test(text)) bad("not a cursor");
  let parts: unknown;
  try {
    parts = JSON.parse(fromBase64Url(text));
  } catch {
    return bad("not a cursor");
  }
  const spec = RECORD_KINDS[kind];
  if (!Array.isArray(parts) || parts.length !== 2 + spec.ids.length || parts[0] !== kind)
    return bad("not a cursor of these records");
  const [, micros, ...ids] = parts as [unknown, unknown, ...unknown[]];
  if (typeof micros !== "number" || !Number.isSafeInteger(micros)) return bad("not a cursor");
  if (!ids.every((id): id is string => typeof id === "string" && id.length <= 1000)) return bad("not a cursor");
  return { kind, micros, ids };
}

/** Compiled records: the page statement (rows in order, one more than the page to tell if another follows) and the count. */
export interface CompiledRecords {
  readonly kind: RecordKind;
  readonly measure: string;
  readonly limit: number;
  readonly page: { readonly sql: string; readonly params: readonly SqlParam[] };
  readonly count: { readonly sql: string; readonly params: readonly SqlParam[] };
}

/** A records request resolved against its report: the parsed query, its period and the SQL. */
export interface RecordsPlan extends CompiledRecords {
  readonly query: ReportQuery;
  readonly period: Period;
}

const DAY_MS = 86_400_000;
const dayNumber = (date: string) => {
  const p = parseIsoDate(date) as [number, number, number];
  return Date.UTC(p[0], p[1] - 1, p[2]) / DAY_MS;
};

/**
 * Compiles the records of one figure: `selector` picks it (see {@link RecordSelector}), `cursor`
 * (decoded) continues after a record, `limit` records per page. Throws {@link ReportError}
 * 'invalid_query' with the path of the bad field: a measure the report lacks or without records, a
 * bucket not in the period, a key of a report without a dimension, a histogram key that is not a
 * bucket's index, a cell outside a heatmap, `previous` without a previous period, a bad cursor.
 */
export function compileRecords(
  def: ReportDefinition,
  query: ReportQuery,
  period: Period,
  request: { selector: RecordSelector; cursor?: string; limit: number },
  d: Dialect = duckdb,
): CompiledRecords {
  const { selector } = request;
  const m = pickMeasure(def, selector.measure);
  const pop = population(def, m);
  if (typeof pop === "string")
    throw new ReportError(
      "invalid_query",
      `Report ${def.id} has no records behind ${m.id}: ${pop}`,
      selector.measure === undefined ? "reportId" : "selector.measure",
    );
  if (selector.previous && !period.previousFrom)
    throw new ReportError(
      "invalid_query",
      'selector.previous: the query does not compare with a previous period (compare: "none")',
      "selector.previous",
    );
  const cursor = request.cursor === undefined ? undefined : decodeCursor(request.cursor, pop.kind);
  const parameters = resolveParameters(def, query);
  const build = (page: boolean) => {
    const ps = new Params(d, parameters);
    const sql = recordsSql(def, query, period, selector, pop, ps, d, page ? { cursor, limit: request.limit } : null);
    return { sql, params: ps.values };
  };
  return { kind: pop.kind, measure: m.id, limit: request.limit, page: build(true), count: build(false) };
}

function pickMeasure(def: ReportDefinition, id: string | undefined): MeasureDefinition {
  if (id === undefined) {
    const first = def.measures.find((m) => typeof population(def, m) !== "string");
    return first ?? (def.measures[0] as MeasureDefinition);
  }
  const m = def.measures.find((x) => x.id === id);
  if (!m)
    throw new ReportError(
      "invalid_query",
      `selector.measure: report ${def.id} has no measure "${id}" (it has: ${def.measures.map((x) => x.id).join(", ")})`,
      "selector.measure",
    );
  return m;
}

/** The selector's conditions on base rows aliased `b` (window, bucket, key, cell, a value to average). */
function selectorConditions(
  def: ReportDefinition,
  period: Period,
  selector: RecordSelector,
  pop: Population,
  ps: Params,
  d: Dialect,
): string[] {
  const out: string[] = [];
  if (selector.previous) out.push("NOT b.is_current");
  if (selector.bucket !== undefined) {
    const [from, to] = selector.previous
      ? [period.previousFrom ?? "", period.previousTo ?? ""]
      : [period.from, period.to];
    const label = selector.bucket;
    if (!bucketsOf(period.grain, from, to).includes(label))
      throw new ReportError(
        "invalid_query",
        `selector.bucket: "${label}" is not a ${period.grain} of ${from} to ${to} (write a day YYYY-MM-DD, an hour YYYY-MM-DDTHH:00, a week's Monday YYYY-MM-DD or a month YYYY-MM, as results label buckets)`,
        "selector.bucket",
      );
    const bucket = d.bucket("b.local_us", 1, period.grain);
    switch (period.grain) {
      case "hour":
        out.push(`${bucket} = ${ps.integer(dayNumber(label.slice(0, 10)) * 24 + Number(label.slice(11, 13)))}`);
        break;
      case "day":
        out.push(`${bucket} = ${ps.integer(dayNumber(label))}`);
        break;
      case "week":
        out.push(`${bucket} = ${ps.integer((dayNumber(label) + 3) / 7)}`);
        break;
      case "month":
        out.push(`${bucket} = ${ps.timestamp(new Date(`${label}-01T00:00:00Z`))}`);
        break;
    }
  }
  const dim = def.dimension;
  if (selector.key !== undefined && !dim)
    throw new ReportError("invalid_query", `selector.key: report ${def.id} has no dimension`, "selector.key");
  if (dim) {
    const key = keyExpr(dim, d, "b");
    // Rows outside every bucket of a histogram are in no figure of it.
    if (dim.buckets) out.push(`${key} IS NOT NULL`);
    if (selector.key === null) out.push(`${key} IS NULL`);
    else if (selector.key !== undefined && dim.buckets) {
      const i = /^\d{1,3}$/.test(selector.key) ? Number(selector.key) : -1;
      if (!dim.buckets.ranges[i])
        throw new ReportError(
          "invalid_query",
          `selector.key: "${selector.key}" is not a bucket of ${dim.label} (keys 0 to ${dim.buckets.ranges.length - 1}, as result rows give them)`,
          "selector.key",
        );
      out.push(`${key} = ${ps.integer(i)}`);
    } else if (selector.key !== undefined) out.push(`${key} = ${ps.value(selector.key)}`);
  }
  if (selector.cell) {
    if (def.shape !== "heatmap")
      throw new ReportError("invalid_query", `selector.cell: report ${def.id} is not a heatmap`, "selector.cell");
    out.push(`${d.weekday("b.local_us")} = ${ps.integer(selector.cell.weekday)}`);
    out.push(`${d.hour("b.local_us")} = ${ps.integer(selector.cell.hour)}`);
  }
  if (pop.distinct === undefined && pop.value) out.push(`${value(pop.value, d, "b")} IS NOT NULL`);
  return out;
}

/** Rows after the cursor, over rows aliased `alias` of kind `spec`, in the order (time, ids...). */
function after(cursor: RecordsCursor, spec: KindSpec, alias: string, ps: Params, d: Dialect): string {
  const t = `${alias}.${d.ident(spec.time)}`;
  const at = d.fromMicros(ps.integer(cursor.micros));
  const ids = spec.ids.map((id) => `${alias}.${d.ident(id)}`);
  // (t, id1, id2) > (at, v1, v2), written out.
  let tail = "";
  for (let i = ids.length - 1; i >= 0; i--) {
    const v = ps.value(cursor.ids[i] ?? "");
    tail = tail ? `(${ids[i]} > ${v} OR (${ids[i]} = ${v} AND ${tail}))` : `${ids[i]} > ${v}`;
  }
  return `(${t} > ${at} OR (${t} = ${at} AND ${tail}))`;
}

function recordsSql(
  def: ReportDefinition,
  query: ReportQuery,
  period: Period,
  selector: RecordSelector,
  pop: Population,
  ps: Params,
  d: Dialect,
  page: { cursor?: RecordsCursor; limit: number } | null,
): string {
  const spec = RECORD_KINDS[pop.kind];
  const base = factCte("base", def, query, period, d, ps, { currentOnly: !selector.previous, where: pop.where });
  const conds = selectorConditions(def, period, selector, pop, ps, d);
  const where = (extra: string[]) => {
    const all = [...conds, ...extra];
    return all.length ? ` WHERE ${all.join(" AND ")}` : "";
  };
  const order = (alias: string) => [spec.time, ...spec.ids].map((c) => `${alias}.${d.ident(c)}`).join(", ");
  if (pop.distinct !== undefined) {
    const id = d.ident(pop.distinct);
    const sel = `, sel AS (SELECT DISTINCT b.${id} AS id FROM base AS b${where([])})`;
    const rows = `${d.ident(spec.table)} AS x WHERE x.${id} IN (SELECT id FROM sel)`;
    if (!page) return `WITH ${base}${sel}\nSELECT count(*) AS total FROM ${rows}`;
    const keyset = page.cursor ? ` AND ${after(page.cursor, spec, "x", ps, d)}` : "";
    const pageCte = `, page AS (SELECT x.*, NULL::DOUBLE AS _value, NULL::BOOLEAN AS _in_numerator FROM ${rows}${keyset} ORDER BY ${order("x")} LIMIT ${ps.integer(page.limit + 1)})`;
    return finalSelect(`WITH ${base}${sel}\n${pageCte}`, spec, d);
  }
  if (!page) return `WITH ${base}\nSELECT count(*) AS total FROM base AS b${where([])}`;
  const v = "value" in pop && pop.value ? value(pop.value, d, "b") : "NULL";
  const num =
    "numerator" in pop && pop.numerator !== undefined
      ? pop.numerator === true
        ? "TRUE"
        : `coalesce(${predicate(pop.numerator, d, ps, "b")}, FALSE)`
      : "NULL";
  const keyset = page.cursor ? [after(page.cursor, spec, "b", ps, d)] : [];
  const pageCte = `, page AS (SELECT b.*, (${v})::DOUBLE AS _value, (${num})::BOOLEAN AS _in_numerator FROM base AS b${where(keyset)} ORDER BY ${order("b")} LIMIT ${ps.integer(page.limit + 1)})`;
  return finalSelect(`WITH ${base}\n${pageCte}`, spec, d);
}

/** The page's records with their fields, in order, and the cursor columns (`_cursor_us`). */
function finalSelect(ctes: string, spec: KindSpec, d: Dialect): string {
  const fields = spec.fields.map((x) => `${x.sql(d)} AS ${d.ident(x.name)}`);
  return [
    ctes,
    `SELECT ${fields.join(", ")}, ${d.epochMicros(`r.${d.ident(spec.time)}`)} AS _cursor_us${spec.ids.map((id, i) => `, r.${d.ident(id)} AS _cursor_id${i}`).join("")}`,
    "FROM page AS r",
    spec.joins(d),
    `ORDER BY ${[spec.time, ...spec.ids].map((c) => `r.${d.ident(c)}`).join(", ")}`,
  ].join("\n");
}

/**
 * Turns the rows of a page statement into records and the next cursor: the statement reads one row
 * more than the page, whose presence says another page follows; the cursor columns are dropped.
 */
export function shapeRecords(
  compiled: Pick<CompiledRecords, "kind" | "limit">,
  rows: readonly Record<string, unknown>[],
): { items: Record<string, unknown>[]; nextCursor: string | null } {
  const spec = RECORD_KINDS[compiled.kind];
  const shown = rows.slice(0, compiled.limit);
  const items = shown.map((row) => {
    const item: Record<string, unknown> = {};
    for (const x of spec.fields) item[x.name] = row[x.name] ?? null;
    return item;
  });
  const last = shown[shown.length - 1];
  const nextCursor =
    rows.length > compiled.limit && last
      ? encodeCursor({
          kind: compiled.kind,
          micros: Number(last._cursor_us),
          ids: spec.ids.map((_, i) => String(last[`_cursor_id${i}`])),
        })
      : null;
  return { items, nextCursor };
}

/** Options of {@link planRecords}: as for runReport. */
export interface RecordsOptions {
  /** Current instant in ms (for "today"); default Date.now(). */
  readonly now?: number;
  /** Zone when the query names none; default 'UTC'. */
  readonly defaultTimezone?: string;
  readonly dialect?: Dialect;
  /** A segment whose filters apply on top of the query's, as for reports (segments.ts). */
  readonly segment?: SegmentFilters;
}

/**
 * Parses an untrusted records request ({@link RecordsRequest}: unknown fields, `__proto__` keys and
 * deep nesting refused), resolves the query's period in the report's grain and compiles the page
 * and count statements. Throws {@link ReportError} 'invalid_query' naming the bad field's path.
 */
export function planRecords(def: ReportDefinition, raw: unknown, options: RecordsOptions = {}): RecordsPlan {
  checkUntrusted(raw);
  const parsed = RecordsRequest.safeParse(raw ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.join(".") ?? "";
    throw new ReportError("invalid_query", `${path || "body"}: ${issue?.message}`, path);
  }
  const request = parsed.data;
  const parsedQuery = request.query ?? parseQuery({});
  const query = options.segment ? applySegment(def, parsedQuery, options.segment) : parsedQuery;
  try {
    const period = resolvePeriod(query, options.now ?? Date.now(), options.defaultTimezone ?? "UTC", def.grain);
    const compiled = compileRecords(def, query, period, request, options.dialect);
    return { ...compiled, query, period };
  } catch (e) {
    throw inQuery(e);
  }
}

/** Fields of the query, whose errors the query's own checks name without the `query.` of the request body. */
const QUERY_FIELD = /^(from|to|asOf|periodDays|timezone|grain|compare|parameters|filters)(\.|$)/;

/** A ReportError about a field of the query, with its path in the request body (`query.from`). */
function inQuery(e: unknown): unknown {
  if (!(e instanceof ReportError) || !e.path || !QUERY_FIELD.test(e.path)) return e;
  const message = e.message.startsWith(`${e.path}:`) ? `query.${e.message}` : e.message;
  return new ReportError(e.code, message, `query.${e.path}`);
}
