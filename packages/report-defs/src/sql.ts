/**
 * Building blocks of the compiler: parameters, the fact and its base CTE, predicates, values and
 * aggregates. Identifiers come only from the registry (quoted by the dialect); values only through
 * parameters.
 */
import { addDays, offsetSpans, startOfLocalDay } from "@tallyline/warehouse/time";
import type { Aggregate, Bound, DerivedFact, Predicate, ReportDefinition, ValueExpr } from "./definition";
import { filterColumns } from "./definition";
import type { Dialect } from "./dialect";
import { ReportError } from "./errors";
import type { Period, ReportQuery } from "./query";

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

/** Renders a predicate; `outer` is the alias `exists` subqueries correlate with. */
export function predicate(p: Predicate, d: Dialect, ps: Params, outer: string): string {
  if ("all" in p) return `(${p.all.map((q) => predicate(q, d, ps, outer)).join(" AND ")})`;
  if ("any" in p) return `(${p.any.map((q) => predicate(q, d, ps, outer)).join(" OR ")})`;
  if ("not" in p) return `(NOT ${predicate(p.not, d, ps, outer)})`;
  if ("exists" in p) {
    const on = Object.entries(p.exists.on).map(([other, mine]) => `x.${d.ident(other)} = ${outer}.${d.ident(mine)}`);
    const where = p.exists.where ? [predicate(p.exists.where, d, ps, "x")] : [];
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

/** Renders an aggregate over rows aliased `outer` (peakPerMinute is compiled apart, see compile.ts). */
export function aggregate(a: Aggregate, d: Dialect, ps: Params, outer: string): string {
  switch (a.fn) {
    case "ratio":
      return d.ratio(aggregate(a.numerator, d, ps, outer), aggregate(a.denominator, d, ps, outer), a.scale);
    case "peakPerMinute":
      throw new ReportError(
        "invalid_definition",
        "peakPerMinute is only allowed as the single measure of a kpi or timeseries",
      );
    case "count":
      return d.agg("count", "", a.where && predicate(a.where, d, ps, outer));
    case "countDistinct":
      return d.agg("countDistinct", `${outer}.${d.ident(a.column)}`, a.where && predicate(a.where, d, ps, outer));
    default:
      return d.agg(a.fn, value(a.value, d, outer), a.where && predicate(a.where, d, ps, outer));
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

/** UTC instants where the (previous or current) window starts, where the current one starts, and where it ends. */
export function bounds(period: Period): Bounds {
  const tz = period.timezone;
  const current = startOfLocalDay(tz, period.from);
  const end = startOfLocalDay(tz, addDays(period.to, 1));
  const start = period.previousFrom ? startOfLocalDay(tz, period.previousFrom) : current;
  return { start, current, end };
}

/**
 * `WITH base AS (...)`: the fact rows of both windows, filtered, with `is_current` and `local_us`
 * (the time column as wall-clock microseconds of the query's zone: UTC plus the zone's offset,
 * which changes at most at a few instants found in JS, so SQL does integer arithmetic only).
 */
export function baseCte(def: ReportDefinition, query: ReportQuery, period: Period, d: Dialect, ps: Params): string {
  const b = bounds(period);
  const ts = `f.${d.ident(def.timeColumn)}`;
  const pStart = ps.timestamp(b.start);
  const pCurrent = ps.timestamp(b.current);
  const pEnd = ps.timestamp(b.end);
  const spans = offsetSpans(period.timezone, b.start.getTime(), b.end.getTime());
  let offset = ps.integer(spans[spans.length - 1]?.offsetSeconds ?? 0);
  for (let i = spans.length - 1; i >= 1; i--) {
    const span = spans[i];
    const before = spans[i - 1];
    if (!span || !before) continue;
    offset = `CASE WHEN ${ts} < ${ps.timestamp(new Date(span.fromMs))} THEN ${ps.integer(before.offsetSeconds)} ELSE ${offset} END`;
  }
  const where = [`${ts} >= ${pStart}`, `${ts} < ${pEnd}`];
  for (const [name, values] of Object.entries(query.filters) as [keyof typeof filterColumns, string[] | undefined][]) {
    if (!values) continue;
    if (!def.filters.includes(name)) {
      throw new ReportError(
        "invalid_query",
        `Report ${def.id} cannot be filtered by ${name} (allowed: ${def.filters.join(", ") || "none"})`,
        `filters.${name}`,
      );
    }
    where.push(`f.${d.ident(filterColumns[name])} IN (${values.map((v) => ps.value(v)).join(", ")})`);
  }
  const fact = def.derived ? derivedFact(def.derived, d, ps) : d.ident(def.table);
  return [
    "WITH base AS (",
    `  SELECT f.*, ${ts} >= ${pCurrent} AS is_current, ${d.localMicros(ts, offset)} AS local_us`,
    `  FROM ${fact} AS f`,
    `  WHERE ${where.join("\n    AND ")}`,
    ")",
  ].join("\n");
}
