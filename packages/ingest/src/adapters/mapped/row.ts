/**
 * Maps one row of a call log into canonical `calls` and `agents` rows as a mapping says
 * (docs/mapping.md). Every referenced cell is parsed on every row, whatever the `when` conditions
 * say, so a bad value is always reported; a row with any bad value gives no rows, only its issues.
 */
import {
  instantOf,
  isInYearRange,
  offsetSeconds,
  parseIsoDateTime,
  YEAR_RANGE_REASON,
} from "@tallyline/warehouse/time";
import type { CanonicalRows, MapResult } from "../../adapter";
import type { RowIssue } from "../../errors";
import {
  type CalendarDate,
  type DurationFormat,
  dateOfSerial,
  failed,
  type Parsed,
  parseDateText,
  parseDurationText,
  parseTimeText,
  roundMs,
  secondsOf,
  wallClock,
} from "./formats";
import { type CallField, type Comparison, type Condition, type FieldSpec, type Mapping, OPERATORS } from "./schema";
import { type Cell, type TableRow, text } from "./table";

/** The value kind of each canonical field a mapping fills (schema.ts `calls`). */
const KINDS = {
  call_id: "key",
  agent_id: "key",
  contact_id: "key",
  queue: "text",
  topic: "text",
  outcome: "text",
  priority: "integer",
  csat: "integer",
  started_at: "timestamp",
  queued_at: "timestamp",
  answered_at: "timestamp",
  ended_at: "timestamp",
  ivr_secs: "duration",
  wait_secs: "duration",
  talk_secs: "duration",
  handle_secs: "duration",
  answered: "boolean",
  abandoned: "boolean",
  resolved: "boolean",
} as const satisfies Record<CallField, string>;

/** Fields the `calls` table requires (NOT NULL); an empty cell there is an error unless `required: false`. */
const REQUIRED: ReadonlySet<CallField> = new Set(["call_id", "started_at", "answered", "abandoned"]);

/** Evaluation order: started_at first (time-only fields take its date). */
const ORDER = ["started_at", ...Object.keys(KINDS).filter((f) => f !== "started_at")] as CallField[];

type Value = string | number | boolean | Date;
/** A field value: a value, null (empty), or undefined (bad: an issue was recorded). */
type Result = Value | null | undefined;
type Spec = Exclude<FieldSpec, string | { cases: unknown }>;
type Local = { date: CalendarDate; secs: number };

const HALF_DAY = 12 * 3600;
const INT = /^-?\d+$/;
const NUMBER = /^-?\d+(\.\d+)?$/;

/** What a row mapping needs besides the row: the mapping and the import's file, zone and id. */
export interface RowContext {
  readonly mapping: Mapping;
  readonly file: string;
  /** The mapping's zone, else the import's `--timezone`. */
  readonly timezone: string;
  readonly importId: string;
  readonly date1904: boolean;
}

/** Maps one table row into a calls row (and an agents row when it names an agent), or its issues. */
export function mapRow(row: TableRow, ctx: RowContext): MapResult {
  const r = new RowReader(row, ctx);
  const values: Partial<Record<CallField, Result>> = {};
  for (const f of ORDER) {
    const spec = ctx.mapping.fields[f];
    if (spec !== undefined) values[f] = r.field(f, spec);
  }
  // A call cannot end before it starts (every other order of its stages is kept as written).
  const [start, end] = [values.started_at, values.ended_at];
  if (start instanceof Date && end instanceof Date && end < start)
    r.fail(r.columnOf("ended_at"), `is before started_at (${start.toISOString()}): a call cannot end before it starts`);
  if (r.issues.length > 0) return { issues: r.issues };
  const m = ctx.mapping;
  const key = (v: Result) => (v === null || v === undefined ? null : `${m.source}:${v}`);
  const call: Record<string, Result> = {
    ...Object.fromEntries(Object.keys(KINDS).map((f) => [f, values[f as CallField] ?? null])),
    call_id: key(values.call_id),
    agent_id: key(values.agent_id),
    contact_id: key(values.contact_id),
    source: m.source,
    import_id: ctx.importId,
    campaign_id: m.campaign.id,
  };
  const rows: CanonicalRows = { calls: [call] };
  if (call.agent_id) {
    rows.agents = [
      {
        agent_id: call.agent_id,
        source: m.source,
        import_id: ctx.importId,
        username: values.agent_id,
        disabled: false,
      },
    ];
  }
  return { rows, warnings: r.warnings };
}

/**
 * Reads the cells of one row: values, templates, timestamps and conditions, recording one issue per bad
 * column. Exported for the chat mapping (../mapped-chat), which reads its fields with it.
 */
export class RowReader {
  readonly issues: RowIssue[] = [];
  /** Values not used as written (a clamped duration), the row kept: one per column. */
  readonly warnings: RowIssue[] = [];
  readonly #named = new Map<string, boolean | undefined>();
  /** The spec that gave each field its value. */
  readonly #chosen = new Map<CallField, Spec>();
  #start: Local | undefined;

  constructor(
    private readonly row: TableRow,
    private readonly ctx: RowContext,
  ) {}

  cell(col: string): Cell {
    return this.row.cells[col] ?? null;
  }

  text(col: string): string {
    return text(this.cell(col)).trim();
  }

  /** Records an issue on `col` (the first one per column) and returns undefined. */
  fail(col: string, reason: string): undefined {
    if (!this.issues.some((i) => i.column === col))
      this.issues.push({ file: this.ctx.file, line: this.row.line, column: col, value: this.text(col), reason });
    return undefined;
  }

  /** Records a warning on `col` (the first one per column). */
  warn(col: string, reason: string): void {
    if (!this.warnings.some((w) => w.column === col))
      this.warnings.push({ file: this.ctx.file, line: this.row.line, column: col, value: this.text(col), reason });
  }

  /** The column that gave timestamp field `f` its value: its one column, else its time of day, else its date. */
  columnOf(f: CallField): string {
    const raw = this.ctx.mapping.fields[f];
    const spec = this.#chosen.get(f) ?? (typeof raw === "string" ? ({ column: raw } as Spec) : undefined);
    const s = spec as { column?: string; time?: string } | undefined;
    return s?.column ?? s?.time ?? (spec ? primaryColumn(spec) : "-");
  }

  /** The value of canonical field `f`. */
  field(f: CallField, raw: FieldSpec): Result {
    const specs = typeof raw === "string" ? [{ column: raw } as Spec] : "cases" in raw ? (raw.cases as Spec[]) : [raw];
    const evaluated = specs.map((s) => ({
      spec: s,
      value: this.source(f, s),
      when: s.when === undefined ? true : this.condition(s.when),
    }));
    if (evaluated.some((e) => e.value === undefined || e.when === undefined)) return undefined;
    const hit = evaluated.find((e) => e.when);
    if (hit) this.#chosen.set(f, hit.spec);
    const chosen = hit?.value ?? null;
    const first = specs[0] as Spec;
    if (chosen === null && REQUIRED.has(f)) return this.fail(primaryColumn(first), `gives no ${f}, which is required`);
    if (f === "csat" && typeof chosen === "number" && (chosen < 1 || chosen > 5))
      return this.fail(primaryColumn(first), "is not on the 1-5 scale");
    return chosen;
  }

  /** One spec's value, before its `when`. */
  source(f: CallField, s: Spec): Result {
    const kind = KINDS[f];
    const required = s.required ?? REQUIRED.has(f);
    if ("value" in s && s.value !== undefined) return s.value;
    if ("rule" in s && s.rule !== undefined) return this.condition(s.rule);
    if ("template" in s && s.template !== undefined) return this.template(s.template, required, s.nullValues);
    if (kind === "timestamp") return this.timestamp(f, s as TimestampSpec, required);
    const col = (s as { column: string }).column;
    const t = this.text(col);
    if (t === "") return required ? this.fail(col, "is empty") : null;
    if (s.nullValues?.includes(t)) return null;
    const map = (s as { map?: Record<string, Value> }).map;
    if (map)
      return Object.hasOwn(map, t) ? (map[t] as Value) : this.fail(col, `is not one of ${Object.keys(map).join(", ")}`);
    switch (kind) {
      case "key":
      case "text":
        return t;
      case "integer":
        return this.integer(col);
      case "boolean":
        return this.boolean(col);
      case "duration":
        return this.duration(col, s as DurationSpec);
    }
  }

  template(tpl: string, required: boolean, nullValues: readonly string[] | undefined): Result {
    const cols = [...tpl.matchAll(/\{([^{}]+)\}/g)].map((m) => m[1] as string);
    const empty = cols.filter((c) => this.text(c) === "");
    if (empty.length > 0) {
      if (!required) return null;
      for (const c of empty) this.fail(c, "is empty");
      return undefined;
    }
    if (cols.some((c) => nullValues?.includes(this.text(c)))) return null;
    return tpl.replace(/\{([^{}]+)\}/g, (_, col: string) => this.text(col));
  }

  integer(col: string): Result {
    const c = this.cell(col);
    const n = typeof c === "number" ? c : INT.test(this.text(col)) ? Number(this.text(col)) : Number.NaN;
    return Number.isInteger(n) ? n : this.fail(col, "is not a whole number");
  }

  boolean(col: string): Result {
    const c = this.cell(col);
    if (typeof c === "boolean") return c;
    const t = this.text(col).toLowerCase();
    if (t === "true" || t === "1") return true;
    if (t === "false" || t === "0") return false;
    return this.fail(col, 'is not true/false (give a "map", e.g. {"Y": true, "N": false})');
  }

  duration(col: string, s: DurationSpec): Result {
    const m = this.ctx.mapping;
    const format: DurationFormat = s.format ?? m.durationFormat ?? "seconds";
    const c = this.cell(col);
    const secs: Parsed<number> =
      c instanceof Date
        ? roundMs(secondsOf(c, this.ctx.date1904))
        : typeof c === "number"
          ? roundMs(format === "seconds" ? c : format === "minutes" ? c * 60 : c * 86_400)
          : parseDurationText(this.text(col), format);
    if (failed(secs)) return this.fail(col, secs.reason);
    if (secs >= 0) return secs;
    if ((s.negative ?? m.negativeDurations ?? "reject") !== "clamp") return this.fail(col, "is negative");
    this.warn(col, "is negative: clamped to 0 (the mapping's negative policy is clamp)");
    return 0;
  }

  timestamp(f: CallField, s: TimestampSpec, required: boolean): Result {
    const m = this.ctx.mapping;
    const df = s.dateFormat ?? m.dateFormat ?? "YYYY-MM-DD";
    const tf = s.timeFormat ?? m.timeFormat ?? "H:MM:SS";
    const cols = [s.column, s.date, s.time].filter((c): c is string => c !== undefined);
    const empty = cols.find((c) => this.text(c) === "");
    if (empty !== undefined) return required ? this.fail(empty, "is empty") : null;
    if (s.nullValues && cols.some((c) => s.nullValues?.includes(this.text(c)))) return null;
    let local: Parsed<Date | Local>;
    if (s.column !== undefined) local = this.dateTime(s.column, df, tf);
    else {
      const date = s.date !== undefined ? this.date(s.date, df) : this.#start?.date;
      const secs = s.time !== undefined ? this.time(s.time, tf) : 0;
      if (s.date !== undefined && date !== undefined && failed(date)) this.fail(s.date, date.reason);
      if (s.time !== undefined && failed(secs)) this.fail(s.time, secs.reason);
      // No date: started_at was bad, and its issue is recorded already.
      if (date === undefined || failed(date) || failed(secs)) return undefined;
      const [y, mo, d] = date;
      // A time-only stage earlier than the start by more than 12 hours is on the next day (crosses midnight).
      const next = s.date === undefined && this.#start !== undefined && secs < this.#start.secs - HALF_DAY;
      local = { date: [y, mo, next ? d + 1 : d], secs };
    }
    if (failed(local)) return this.fail(s.column as string, local.reason);
    const instant = local instanceof Date ? local : instantOf({ ...local, offsetSecs: null }, this.ctx.timezone);
    // The years rule, reported on the cell that gives the date (a time-only field takes started_at's).
    if (!isInYearRange(instant)) return this.fail(primaryColumn(s), YEAR_RANGE_REASON);
    if (f === "started_at") this.#start = local instanceof Date ? this.localOf(local) : local;
    return instant;
  }

  localOf(instant: Date): Local {
    return wallClock(new Date(instant.getTime() + offsetSeconds(this.ctx.timezone, instant.getTime()) * 1000));
  }

  date(col: string, format: string): Parsed<CalendarDate> {
    const c = this.cell(col);
    if (c instanceof Date) return wallClock(c).date;
    if (typeof c === "number") return wallClock(dateOfSerial(Math.floor(c), this.ctx.date1904)).date;
    return parseDateText(this.text(col), format);
  }

  time(col: string, format: string): Parsed<number> {
    const c = this.cell(col);
    if (c instanceof Date) return wallClock(c).secs;
    if (typeof c === "number") return roundMs((c - Math.floor(c)) * 86_400);
    return parseTimeText(this.text(col), format);
  }

  dateTime(col: string, df: string, tf: string): Parsed<Date | Local> {
    const c = this.cell(col);
    if (c instanceof Date) return wallClock(c);
    if (typeof c === "number") return wallClock(dateOfSerial(c, this.ctx.date1904));
    const t = this.text(col);
    if (df === "iso-8601") {
      const written = parseIsoDateTime(t);
      if (written === null) return { reason: "is not an ISO 8601 date-time (YYYY-MM-DDTHH:MM[:SS[.fff]][Z|+HH:MM])" };
      if ("reason" in written) return written;
      // With an offset the text is an instant; without, a wall clock read in the mapping's zone.
      return written.offsetSecs === null
        ? { date: written.date, secs: written.secs }
        : instantOf(written, this.ctx.timezone);
    }
    if (df === "excel-serial") {
      const n = Number(t);
      return Number.isFinite(n) ? wallClock(dateOfSerial(n, false)) : { reason: "is not an Excel date serial" };
    }
    // The date takes as many space-separated words as its format; a 'T' may separate date and time.
    const words = t.split(/\s+/);
    const n = df.split(" ").length;
    const [d, tm] = words.length > n ? [words.slice(0, n).join(" "), words.slice(n).join(" ")] : t.split("T");
    const date = parseDateText(d ?? "", df);
    const secs = parseTimeText(tm ?? "", tf);
    // A part that does not fit its pattern: say what the whole cell should look like.
    const shape = (r: string) => (/^is not a (date|time of day) /.test(r) ? `is not a date-time ${df} ${tf}` : r);
    if (failed(date)) return { reason: shape(date.reason) };
    if (failed(secs)) return { reason: shape(secs.reason) };
    return { date, secs };
  }

  /** A condition's truth; undefined when a compared cell is bad. */
  condition(c: Condition): boolean | undefined {
    if ("all" in c || "any" in c) {
      const values = ("all" in c ? c.all : c.any).map((x) => this.condition(x));
      if (values.includes(undefined)) return undefined;
      return "all" in c ? values.every(Boolean) : values.some(Boolean);
    }
    if ("not" in c) {
      const v = this.condition(c.not);
      return v === undefined ? undefined : !v;
    }
    if ("condition" in c) {
      if (!this.#named.has(c.condition))
        this.#named.set(c.condition, this.condition(this.ctx.mapping.conditions?.[c.condition] as Condition));
      return this.#named.get(c.condition);
    }
    return this.compare(c);
  }

  compare(c: Comparison): boolean | undefined {
    const op = OPERATORS.find((o) => c[o] !== undefined) as (typeof OPERATORS)[number];
    const t = this.text(c.column);
    if (op === "empty") return (t === "") === c.empty;
    const negated = op === "notEquals" || op === "notIn";
    if (t === "") return negated;
    const operands = ([] as unknown[]).concat(c[op]);
    let n: number | undefined;
    if (operands.some((o) => typeof o === "number")) {
      const cell = this.cell(c.column);
      n = typeof cell === "number" ? cell : NUMBER.test(t) ? Number(t) : undefined;
      if (n === undefined) return this.fail(c.column, `is not a number (compared with ${op} ${operands.join(", ")})`);
    }
    const equal = (o: unknown) => (typeof o === "number" ? n === o : t === o);
    switch (op) {
      case "equals":
      case "in":
        return operands.some(equal);
      case "notEquals":
      case "notIn":
        return !operands.some(equal);
      default: {
        const v = n as number;
        const o = c[op] as number;
        return op === "gt" ? v > o : op === "gte" ? v >= o : op === "lt" ? v < o : v <= o;
      }
    }
  }
}

type TimestampSpec = Spec & { column?: string; date?: string; time?: string; dateFormat?: string; timeFormat?: string };
type DurationSpec = Spec & { format?: DurationFormat; negative?: "clamp" | "reject" };

/** The column an issue about a whole field is reported on. */
function primaryColumn(s: Spec): string {
  const cols = s as { column?: string; date?: string; time?: string; template?: string };
  return cols.column ?? cols.date ?? cols.time ?? /\{([^{}]+)\}/.exec(cols.template ?? "")?.[1] ?? "-";
}
