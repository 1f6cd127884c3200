/**
 * Building blocks of the compiler: parameters, the fact's CTE and its windows, predicates, values,
 * aggregates and their partials. Identifiers come only from the registry (quoted by the dialect);
 * values only through parameters.
 */
import { canonicalTables, isCanonicalTable } from "@tallyline/warehouse/schema";
import { addDays, offsetSpans, startOfLocalDay } from "@tallyline/warehouse/time";
import type { Aggregate, Bound, DerivedFact, Predicate, ReportDefinition, ValueExpr } from "./definition";
import type { Dialect } from "./dialect";
import { ReportError } from "./errors";
import type { FilterName } from "./filters";
import { filterPredicate } from "./filters";
import { intervalRows } from "./intervals";
import type { Period, ReportQuery } from "./query";
import type { Decomposed } from "./rollup";

/** A bound parameter: strings (timestamps as 'YYYY-MM-DD HH:MM:SS.sss' UTC), numbers, booleans. */
export type SqlParam = string | number | boolean;

/** Collects positional parameters while SQL text is built. */
export class Params {
  readonly values: SqlParam[] = [];
  constructor(
    private readonly d: Dialect,
    private readonly parameters: ParamValues = {},
  ) {}
  /** The value of report parameter `name` (resolved before compiling); throws for an undeclared one. */
  parameter(name: string): number {
    const v = this.parameters[name];
    if (v === undefined)
      throw new ReportError("invalid_definition", `Parameter "${name}" is not declared by the report`);
    return v;
  }
  /** A placeholder for `v`. */
  value(v: SqlParam): string {
    return this.d.param(this.values.push(v));
  }
  timestamp(d: Date): string {
    return this.d.timestampParam(this.values.push(sqlTimestamp(d)));
  }
  integer(n: number): string {
    return this.d.integerParam(this.values.push(n));
  }
}

/** 'YYYY-MM-DD HH:MM:SS.sss' of a UTC instant, the form TIMESTAMP parameters are bound in. */
export function sqlTimestamp(d: Date): string {
  return d.toISOString().replace("T", " ").replace("Z", "");
}

/** Values of a report's parameters for one query (defaults filled in). */
export type ParamValues = Readonly<Record<string, number>>;

/**
 * Renders a predicate; `outer` is the alias `exists` subqueries correlate with. `unique` is a
 * column no two `outer` rows share (the fact's key): an `exists` on it alone, outside any `not`, is
 * rendered `col IN (SELECT ...)`, a plain semi-join, which DuckDB runs faster than the join it plans
 * for EXISTS, which first de-duplicates the outer keys (worth it only when rows share keys). IN
 * gives NULL where EXISTS gives false, which only a `not` would tell apart.
 */
export function predicate(p: Predicate, d: Dialect, ps: Params, outer: string, unique?: string): string {
  if ("all" in p) return `(${p.all.map((q) => predicate(q, d, ps, outer, unique)).join(" AND ")})`;
  if ("any" in p) return `(${p.any.map((q) => predicate(q, d, ps, outer, unique)).join(" OR ")})`;
  if ("not" in p) return `(NOT ${predicate(p.not, d, ps, outer)})`;
  if ("exists" in p) {
    const pairs = Object.entries(p.exists.on);
    const where = p.exists.where ? [predicate(p.exists.where, d, ps, "x")] : [];
    const [first] = pairs;
    if (pairs.length === 1 && first && first[1] === unique) {
      const cond = where.length > 0 ? ` WHERE ${where.join(" AND ")}` : "";
      return `${outer}.${d.ident(first[1])} IN (SELECT x.${d.ident(first[0])} FROM ${d.ident(p.exists.table)} AS x${cond})`;
    }
    const on = pairs.map(([other, mine]) => `x.${d.ident(other)} = ${outer}.${d.ident(mine)}`);
    return `EXISTS (SELECT 1 FROM ${d.ident(p.exists.table)} AS x WHERE ${[...on, ...where].join(" AND ")})`;
  }
  const col = `${outer}.${d.ident(p.column)}`;
  if ("isNull" in p) return `${col} IS ${p.isNull ? "" : "NOT "}NULL`;
  if ("in" in p) return `${col} IN (${p.in.map((v) => ps.value(v)).join(", ")})`;
  if ("equals" in p) {
    if (typeof p.equals === "boolean") return `${col} = ${p.equals ? "TRUE" : "FALSE"}`;
    return `${col} = ${ps.value(p.equals)}`;
  }
  const parts: string[] = [];
  const bound = (b: Bound) => ps.value(typeof b === "number" ? b : ps.parameter(b.param));
  if (p.gt !== undefined) parts.push(`${col} > ${bound(p.gt)}`);
  if (p.gte !== undefined) parts.push(`${col} >= ${bound(p.gte)}`);
  if (p.lt !== undefined) parts.push(`${col} < ${bound(p.lt)}`);
  if (p.lte !== undefined) parts.push(`${col} <= ${bound(p.lte)}`);
  return `(${parts.join(" AND ")})`;
}

/** Renders a per-row value. */
export function value(v: ValueExpr, d: Dialect, outer: string): string {
  if ("column" in v) return `${outer}.${d.ident(v.column)}`;
  return d.secondsBetween(`${outer}.${d.ident(v.secondsBetween.from)}`, `${outer}.${d.ident(v.secondsBetween.to)}`);
}

/** Renders an aggregate over rows aliased `outer` (peakPerMinute and timeAverage are compiled apart, see compile.ts). */
export function aggregate(a: Aggregate, d: Dialect, ps: Params, outer: string): string {
  switch (a.fn) {
    case "ratio":
      return d.ratio(aggregate(a.numerator, d, ps, outer), aggregate(a.denominator, d, ps, outer), a.scale);
    case "peakPerMinute":
      throw new ReportError(
        "invalid_definition",
        "peakPerMinute is only allowed as the single measure of a kpi or timeseries",
      );
    case "timeAverage":
      throw new ReportError("invalid_definition", "timeAverage is only allowed as a measure of a timeseries");
    case "countFirstSeen":
      throw new ReportError("invalid_definition", "countFirstSeen is only allowed in a kpi or an unsplit timeseries");
    case "count":
      return d.agg("count", "", a.where && predicate(a.where, d, ps, outer));
    case "countDistinct":
      return d.agg("countDistinct", `${outer}.${d.ident(a.column)}`, a.where && predicate(a.where, d, ps, outer));
    default:
      return d.agg(a.fn, value(a.value, d, outer), a.where && predicate(a.where, d, ps, outer));
  }
}

/**
 * True when `a` is an average-like measure (avg, median, p90, or a ratio marked `average`) whose
 * figure is read beside the number of events it is taken over (issue 16: "a count of events beside
 * every average, per bucket").
 */
export function countsBeside(a: Aggregate): boolean {
  return a.fn === "avg" || a.fn === "median" || a.fn === "p90" || (a.fn === "ratio" && a.average === true);
}

/**
 * The count of events beside an average-like aggregate ({@link countsBeside}) over rows aliased
 * `outer`: the rows matching its `where` whose value is not NULL (for `secondsBetween`, rows with
 * both times), i.e. exactly the values it averages; for a ratio marked `average`, its denominator;
 * undefined for any other aggregate.
 */
export function eventCount(a: Aggregate, d: Dialect, ps: Params, outer: string): string | undefined {
  if (a.fn === "ratio") return a.average ? aggregate(a.denominator, d, ps, outer) : undefined;
  if (a.fn !== "avg" && a.fn !== "median" && a.fn !== "p90") return undefined;
  return d.agg("countValues", value(a.value, d, outer), a.where && predicate(a.where, d, ps, outer));
}

/** True when `a` is, or has in a ratio, a countFirstSeen (compiled apart, see compile.ts `firstSeen`). */
export function usesFirstSeen(a: Aggregate): boolean {
  return a.fn === "ratio" ? usesFirstSeen(a.numerator) || usesFirstSeen(a.denominator) : a.fn === "countFirstSeen";
}

/** True when `a` decomposes into partial aggregates that merge exactly (see rollup.ts). */
export function decomposable(a: Aggregate): boolean {
  switch (a.fn) {
    case "count":
    case "sum":
    case "avg":
    case "min":
    case "max":
      return true;
    case "ratio":
      return decomposable(a.numerator) && decomposable(a.denominator);
    default:
      return false;
  }
}

/**
 * The partial aggregates (SQL over rows aliased `outer`, in order) of a {@link decomposable}
 * aggregate, and how they merge and finish: count, sum, min and max are their own partial; avg is a
 * sum and a count of values (their quotient over merged rows is the mean of all of them); ratio is
 * its numerator's partials then its denominator's, finished as num x scale / den (null when den is
 * 0 or null), the same double arithmetic as {@link Dialect.ratio}.
 */
export function decompose(
  a: Aggregate,
  d: Dialect,
  ps: Params,
  outer: string,
): { columns: string[]; measure: Decomposed } {
  const first = (p: readonly (number | null)[]) => p[0] ?? null;
  switch (a.fn) {
    case "count":
      return { columns: [aggregate(a, d, ps, outer)], measure: { merges: ["sum"], finish: first } };
    case "sum":
    case "min":
    case "max":
      return { columns: [aggregate(a, d, ps, outer)], measure: { merges: [a.fn], finish: first } };
    case "avg": {
      const v = value(a.value, d, outer);
      const cond = a.where && predicate(a.where, d, ps, outer);
      return {
        columns: [d.agg("sum", v, cond), d.agg("countValues", v, cond)],
        measure: {
          merges: ["sum", "sum"],
          finish: ([sum, n]) => (sum !== null && sum !== undefined && n ? sum / n : null),
          count: 1,
        },
      };
    }
    case "ratio": {
      const num = decompose(a.numerator, d, ps, outer);
      const den = decompose(a.denominator, d, ps, outer);
      const k = num.measure.merges.length;
      return {
        columns: [...num.columns, ...den.columns],
        measure: {
          merges: [...num.measure.merges, ...den.measure.merges],
          finish: (p) => {
            const x = num.measure.finish(p.slice(0, k));
            const y = den.measure.finish(p.slice(k));
            return x === null || y === null || y === 0 ? null : (x * a.scale) / y;
          },
          ...(a.average && den.measure.merges.length === 1 ? { count: k } : {}),
        },
      };
    }
    default:
      throw new ReportError("invalid_definition", `${a.fn} does not decompose into partial aggregates`);
  }
}

function derivedFact(f: DerivedFact, d: Dialect, ps: Params): string {
  const cols = [
    ...f.groupBy.map((g) => d.ident(g)),
    ...Object.entries(f.columns).map(([name, c]) => `${c.fn}(${d.ident(c.column)}) AS ${d.ident(name)}`),
  ];
  const where = f.where ? ` WHERE ${predicate(f.where, d, ps, d.ident(f.from))}` : "";
  return `(SELECT ${cols.join(", ")} FROM ${d.ident(f.from)}${where} GROUP BY ${f.groupBy.map((g) => d.ident(g)).join(", ")})`;
}

/** The UTC bounds of a period's windows. */
export interface Bounds {
  readonly start: Date;
  readonly current: Date;
  readonly end: Date;
}

const boundsOf = new WeakMap<Period, Bounds>();

/**
 * UTC instants where the (previous or current) window starts, where the current one starts, and
 * where it ends; worked out once per period (a compile asks several times).
 */
export function bounds(period: Period): Bounds {
  let b = boundsOf.get(period);
  if (!b) {
    const tz = period.timezone;
    const current = startOfLocalDay(tz, period.from);
    const end = startOfLocalDay(tz, addDays(period.to, 1));
    const start = period.previousFrom ? startOfLocalDay(tz, period.previousFrom) : current;
    b = { start, current, end };
    boundsOf.set(period, b);
  }
  return b;
}

const DAY_MS = 86_400_000;

/**
 * The current window's first local day (days since 1970-01-01) when a row's window follows from its
 * local day, else null. Over each span of constant offset the rows on that day or later are those
 * from local midnight minus the offset on, and the current window's are those from its UTC start
 * on: both clamped to the span, they must split it at the same instant. They do not when an offset
 * change skips or repeats the midnight the windows meet at (rare zones); the rows then carry `is_current`.
 */
export function firstCurrentDay(period: Period): number | null {
  const b = bounds(period);
  const midnight = Date.parse(`${period.from}T00:00:00Z`);
  const spans = offsetSpans(period.timezone, b.start.getTime(), b.end.getTime());
  const clamp = (t: number, from: number, to: number) => Math.min(Math.max(t, from), to);
  const agree = spans.every((s, i) => {
    const to = spans[i + 1]?.fromMs ?? b.end.getTime();
    return clamp(midnight - s.offsetSeconds * 1000, s.fromMs, to) === clamp(b.current.getTime(), s.fromMs, to);
  });
  return agree ? midnight / DAY_MS : null;
}

/**
 * True when every UTC offset of the period's zone over its windows is a whole number of
 * quarter-hours and every change between them falls on a UTC quarter-hour: then local midnights and
 * hours fall on UTC quarter-hours, and a row standing for a UTC quarter-hour lies inside one local
 * hour and day at one offset (summary tables, see definition.ts `Summary`). St John's and Goose Bay
 * changed at 00:01 local until 2011, Casey at 16:01 UTC in 2020-2022: those windows read the facts.
 */
export function quarterAligned(period: Period): boolean {
  const b = bounds(period);
  return offsetSpans(period.timezone, b.start.getTime(), b.end.getTime()).every(
    (s, i) => s.offsetSeconds % 900 === 0 && (i === 0 || s.fromMs % 900_000 === 0),
  );
}

/** The column that alone identifies a fact row (a canonical table's or a derived fact's one-column key), if any. */
function uniqueColumn(def: ReportDefinition): string | undefined {
  const key = def.derived ? def.derived.groupBy : isCanonicalTable(def.table) ? canonicalTables[def.table].key : [];
  return key.length === 1 ? key[0] : undefined;
}

/**
 * The query's filters as conditions on fact rows aliased `f` (filters.ts says how each filter
 * restricts the fact's table; values are bound as parameters; an empty list matches no row). Throws
 * {@link ReportError} 'invalid_query' for a filter the report does not allow.
 */
function filterConditions(def: ReportDefinition, query: ReportQuery, d: Dialect, ps: Params): string[] {
  const out: string[] = [];
  for (const [filter, values] of Object.entries(query.filters) as [FilterName, string[] | undefined][]) {
    if (!values) continue;
    if (!def.filters.includes(filter)) {
      throw new ReportError(
        "invalid_query",
        `Report ${def.id} cannot be filtered by ${filter} (allowed: ${def.filters.join(", ") || "none"})`,
        `filters.${filter}`,
      );
    }
    out.push(
      values.length === 0
        ? "FALSE"
        : predicate(filterPredicate(filter, def.table, values), d, ps, "f", uniqueColumn(def)),
    );
  }
  return out;
}

/**
 * TIMESTAMP expression `ts` (UTC) as wall-clock microseconds of the period's zone (UTC plus the
 * zone's offset, found in JS for each span of constant offset from `from` to the period's end, so
 * SQL does integer arithmetic only). An instant before `from` gets the first span's offset.
 */
export function localMicros(ts: string, period: Period, from: Date, d: Dialect, ps: Params): string {
  const spans = offsetSpans(period.timezone, from.getTime(), bounds(period).end.getTime());
  let offset = ps.integer(spans[spans.length - 1]?.offsetSeconds ?? 0);
  for (let i = spans.length - 1; i >= 1; i--) {
    const span = spans[i];
    const before = spans[i - 1];
    if (!span || !before) continue;
    offset = `CASE WHEN ${ts} < ${ps.timestamp(new Date(span.fromMs))} THEN ${ps.integer(before.offsetSeconds)} ELSE ${offset} END`;
  }
  return d.localMicros(ts, offset);
}

/** Options of {@link factCte}. */
export interface FactOptions {
  /** Only the current window's rows (for statements that leave the previous window out). */
  readonly currentOnly?: boolean;
  /** A condition every row must meet: a single count's own `where`, moved out of it (see compile.ts). */
  readonly where?: Predicate;
}

/**
 * `name AS (...)`: the fact rows of both windows (or of the current one), filtered, with
 * `is_current` and `local_us` (the time column as wall-clock microseconds of the query's zone: UTC
 * plus the zone's offset, which changes at most at a few instants found in JS, so SQL does integer
 * arithmetic only). Columns a statement does not use cost nothing: DuckDB reads only those it needs.
 * An interval fact's rows are its pieces (intervals.ts), cut at local hours for the hourly grain
 * and at local days otherwise.
 */
export function factCte(
  name: string,
  def: ReportDefinition,
  query: ReportQuery,
  period: Period,
  d: Dialect,
  ps: Params,
  options: FactOptions = {},
): string {
  const b = bounds(period);
  const from = options.currentOnly ? b.current : b.start;
  if (def.intervals) {
    const iv = def.intervals;
    const conditions = [...filterConditions(def, query, d, ps), ...(iv.where ? [predicate(iv.where, d, ps, "f")] : [])];
    const w = { from, current: b.current, end: b.end, timezone: period.timezone, grain: period.grain };
    const pieces = options.where && predicate(options.where, d, ps, "f");
    return `${name} AS (\n${intervalRows({ ...def, intervals: iv }, conditions, w, d, ps, pieces)}\n)`;
  }
  const ts = `f.${d.ident(def.timeColumn)}`;
  const pStart = ps.timestamp(from);
  const pCurrent = ps.timestamp(b.current);
  const pEnd = ps.timestamp(b.end);
  const local = localMicros(ts, period, from, d, ps);
  const where = [`${ts} >= ${pStart}`, `${ts} < ${pEnd}`, ...filterConditions(def, query, d, ps)];
  if (options.where) where.push(predicate(options.where, d, ps, "f", uniqueColumn(def)));
  const fact = def.derived ? derivedFact(def.derived, d, ps) : d.ident(def.table);
  return [
    `${name} AS (`,
    `  SELECT f.*, ${ts} >= ${pCurrent} AS is_current, ${local} AS local_us`,
    `  FROM ${fact} AS f`,
    `  WHERE ${where.join("\n    AND ")}`,
    ")",
  ].join("\n");
}
