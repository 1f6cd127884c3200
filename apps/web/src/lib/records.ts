/**
 * Drill-down, the pure parts: which figures of a report have records (the report list's `records`
 * per measure, docs/api.md), the records selector a click on a figure becomes, and how the fields
 * of a record are shown (times in the query's zone, durations as "41 s" / "4 m 27 s" / "1 h 3 m").
 */
import type { ReportDefinition } from "@tallyline/ui";
// The JSX-free modules, not the index: these pure helpers are also tested in Node without Solid's transform.
import { codeLabel } from "@tallyline/ui/codes";
import { formatCount, formatDuration, formatNumber } from "@tallyline/ui/format";

/** The kinds of records of `POST /report/{id}/records` (docs/api.md). */
export type RecordKind = "call" | "check_result" | "conversation" | "assignment";

/** One record as the API sends it: field name to JSON value (times are UTC ISO instants, durations seconds). */
export type RecordRow = Readonly<Record<string, string | number | boolean | null>>;

/**
 * The selector of the records route: empty = the whole period; `bucket` a day `YYYY-MM-DD` (or an
 * hour, week, month as results label them); `key` a dimension value (`null` = "(not set)");
 * `cell` a heatmap cell (weekday 1-7, Monday = 1; hour 0-23, local).
 */
export interface RecordsSelector {
  measure?: string;
  previous?: true;
  bucket?: string;
  key?: string | null;
  cell?: { weekday: number; hour: number };
}

/** What was clicked: the whole period's figure, one bucket (day), one dimension row, or one heatmap cell. */
export type FigureClick =
  | { kind: "period"; measure?: string }
  | { kind: "bucket"; bucket: string; measure?: string }
  | { kind: "key"; key: string | null; measure?: string }
  | { kind: "cell"; weekday: number; hour: number; measure?: string };

/**
 * The record kind behind the figures of `measure` (default: the report's first measure with
 * records, as the route's default), or null when it has none.
 */
export function recordKindOf(definition: ReportDefinition, measure?: string): RecordKind | null {
  const records = (definition as { records?: readonly { measure: string; kind: RecordKind | null }[] }).records;
  if (!records || records.length === 0) return null;
  const entry =
    measure === undefined ? records.find((r) => r.kind !== null) : records.find((r) => r.measure === measure);
  return entry?.kind ?? null;
}

/** Whether a click on the report's figures (of `measure`, default any with records) can open records. */
export function hasRecords(definition: ReportDefinition, measure?: string): boolean {
  return recordKindOf(definition, measure) !== null;
}

/**
 * Why the report's figures open no records, as the dashboard says it under the report ("No record
 * list: it counts messages, not calls or conversations"), from the report list's `records`; null
 * when some measure has records (or the list says nothing).
 */
export function noRecordsReason(definition: ReportDefinition): string | null {
  const records = (definition as { records?: readonly { kind: RecordKind | null; reason?: string }[] }).records;
  if (!records || records.length === 0 || records.some((r) => r.kind !== null)) return null;
  const reason = records.find((r) => r.reason)?.reason;
  return reason ? `No record list: ${reason}.` : "No record list.";
}

/**
 * A dimension value the records panel offers to filter the page by: the query filter's name
 * (`agent`, `queue`, `topic`, `campaign`, `intent`...), the value (the row's key: an id) and its label.
 */
export interface DrillFilter {
  readonly name: string;
  readonly value: string;
  readonly label: string;
}

/**
 * The filter a drilled row or series offers, from the report list's `dimensionFilter` and the row's
 * key; undefined for "(not set)" (no filter value selects it) or a report without such a filter.
 */
export function drillFilterOf(
  definition: ReportDefinition,
  key: string | null,
  label: string,
): DrillFilter | undefined {
  const name = (definition as { dimensionFilter?: string | null }).dimensionFilter;
  return name && key !== null && key !== "" ? { name, value: key, label } : undefined;
}

/** The records selector of a click (the route's `selector` body). */
export function selectorFor(click: FigureClick): RecordsSelector {
  const selector: RecordsSelector = click.measure === undefined ? {} : { measure: click.measure };
  switch (click.kind) {
    case "period":
      return selector;
    case "bucket":
      return { ...selector, bucket: click.bucket };
    case "key":
      return { ...selector, key: click.key };
    case "cell":
      return { ...selector, cell: { weekday: click.weekday, hour: click.hour } };
  }
}

/** The noun of a kind, singular and plural. */
const NOUNS: Record<RecordKind, [string, string]> = {
  call: ["call", "calls"],
  check_result: ["check result", "check results"],
  conversation: ["conversation", "conversations"],
  assignment: ["assignment", "assignments"],
};

/** "1 call", "1,234 calls" (thousands separators of the browser's locale). */
export function countLabel(total: number, kind: RecordKind): string {
  const [one, many] = NOUNS[kind];
  return `${formatCount(total)} ${total === 1 ? one : many}`;
}

/**
 * A UTC instant as local date and time in `timeZone`: "1999-02-02 14:05:09". Throws RangeError for
 * an unknown zone; a value that is not an instant is returned as it is.
 */
export function timeText(iso: string | null | undefined, timeZone: string): string {
  if (iso === null || iso === undefined) return "–";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
  }).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("year")}-${part("month")}-${part("day")} ${part("hour")}:${part("minute")}:${part("second")}`;
}

/** One column of the records list: the field and its header. */
export interface RecordColumn {
  readonly field: string;
  readonly label: string;
}

const col = (field: string, label: string): RecordColumn => ({ field, label });

/** The columns shown per kind (the most telling fields; every field is in the API's answer). */
export const RECORD_COLUMNS: Record<RecordKind, readonly RecordColumn[]> = {
  call: [
    col("started_at", "Started"),
    col("call_id", "Call"),
    col("queue", "Queue"),
    col("agent", "Agent"),
    col("outcome", "Outcome"),
    col("wait_secs", "Wait"),
    col("talk_secs", "Talk"),
  ],
  check_result: [
    col("started_at", "Call started"),
    col("call_id", "Call"),
    col("check", "Check"),
    col("agent", "Agent"),
    col("passed", "Passed"),
    col("score", "Score"),
  ],
  conversation: [
    col("started_at", "Started"),
    col("conversation_id", "Conversation"),
    col("channel", "Channel"),
    col("intent", "Intent"),
    col("handled_by", "Handled by"),
    col("first_response_secs", "First response"),
    col("resolution_secs", "Resolution"),
  ],
  assignment: [
    col("assigned_at", "Assigned"),
    col("conversation_id", "Conversation"),
    col("agent", "Agent"),
    col("channel", "Channel"),
    col("missed", "Missed"),
    col("first_response_secs", "First response"),
  ],
};

/**
 * One field of a record as text: `*_at` fields as local times in `timeZone`, `*_secs` as
 * durations, booleans as Yes/No, numbers with at most 2 decimals, null or absent as "–", codes as words and
 * languages by name ({@link codeLabel}), other text as it is.
 */
export function fieldText(
  field: string,
  value: string | number | boolean | null | undefined,
  timeZone: string,
): string {
  if (value === null || value === undefined) return "–";
  if (field.endsWith("_at") && typeof value === "string") return timeText(value, timeZone);
  if (field.endsWith("_secs") && typeof value === "number") return formatDuration(value);
  if (typeof value === "boolean") return value ? "Yes" : "No";
  if (typeof value === "number") return formatNumber(value);
  return codeLabel(value, field);
}
