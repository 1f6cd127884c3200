import { addDays, offsetSpans, startOfLocalDay } from "@tallyline/warehouse/time";
import type { Aggregate, Predicate, ReportDefinition } from "./definition";
import { filterColumns } from "./definition";
import { type Dialect, duckdb } from "./dialect";
import { ReportError } from "./errors";
import type { Period, ReportQuery } from "./query";

/** A bound parameter: strings (timestamps as 'YYYY-MM-DD HH:MM:SS.sss' UTC), numbers, booleans. */
export type SqlParam = string | number | boolean;

/** Compiled SQL with positional parameters; identifiers come only from the registry. */
export interface CompiledQuery {
  readonly sql: string;
  readonly params: readonly SqlParam[];
}

/**
 * Compiles a KPI definition and a resolved period into one statement whose rows are
 * `{ is_current: boolean, day: 'YYYY-MM-DD' | null, value: number | null }`: `day` NULL rows are the
 * totals of the current (`is_current`) and previous windows, the others are local days.
 *
 * Local days are computed without a time-zone library in SQL: the zone's UTC offsets over the
 * window are found in JS ({@link offsetSpans}) and applied as integer seconds to the UTC TIMESTAMP,
 * which stays exact across DST changes. Throws {@link ReportError} 'invalid_query' for a filter the
 * report does not allow.
 */
export function compileKpi(
  def: ReportDefinition,
  query: ReportQuery,
  period: Period,
  dialect: Dialect = duckdb,
): CompiledQuery {
  const params: SqlParam[] = [];
  const bind = (v: SqlParam): number => params.push(v);
  const m = def.measure;
  const ts = dialect.ident(m.timeColumn);
  const tz = period.timezone;

  const currentStart = startOfLocalDay(tz, period.from);
  const end = startOfLocalDay(tz, addDays(period.to, 1));
  const start = period.previousFrom ? startOfLocalDay(tz, period.previousFrom) : currentStart;

  const pStart = dialect.timestampParam(bind(sqlTimestamp(start)));
  const pCurrent = dialect.timestampParam(bind(sqlTimestamp(currentStart)));
  const pEnd = dialect.timestampParam(bind(sqlTimestamp(end)));

  const spans = offsetSpans(tz, currentStart.getTime(), end.getTime());
  let offsetExpr = dialect.integerParam(bind(spans[spans.length - 1]?.offsetSeconds ?? 0));
  for (let i = spans.length - 1; i >= 1; i--) {
    const span = spans[i];
    const before = spans[i - 1];
    if (!span || !before) continue;
    const boundary = dialect.timestampParam(bind(sqlTimestamp(new Date(span.fromMs))));
    offsetExpr = `CASE WHEN ${ts} < ${boundary} THEN ${dialect.integerParam(bind(before.offsetSeconds))} ELSE ${offsetExpr} END`;
  }
  // Days of the previous window use the same spans; the previous window's own offsets only matter
  // for its total, which does not depend on days.

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
    const placeholders = values.map((v) => dialect.param(bind(v)));
    where.push(`${dialect.ident(filterColumns[name])} IN (${placeholders.join(", ")})`);
  }

  const value = renderAggregate(m.aggregate, dialect, bind);
  const sql = [
    "WITH base AS (",
    `  SELECT *, ${ts} >= ${pCurrent} AS is_current, ${dialect.shiftedDate(ts, offsetExpr)} AS day`,
    `  FROM ${dialect.ident(m.table)}`,
    `  WHERE ${where.join("\n    AND ")}`,
    ")",
    `SELECT is_current, CASE WHEN GROUPING(day) = 0 THEN day END AS day, ${value} AS value`,
    "FROM base",
    "GROUP BY GROUPING SETS ((is_current), (is_current, day))",
  ].join("\n");
  return { sql, params };
}

function renderAggregate(a: Aggregate, d: Dialect, bind: (v: SqlParam) => number): string {
  switch (a.fn) {
    case "count":
      return d.countIf(a.where && renderPredicate(a.where, d, bind));
    case "avg":
    case "sum":
      return d.aggIf(a.fn, d.ident(a.column), a.where && renderPredicate(a.where, d, bind));
    case "ratio":
      return d.ratio(renderAggregate(a.numerator, d, bind), renderAggregate(a.denominator, d, bind), a.scale);
  }
}

function renderPredicate(p: Predicate, d: Dialect, bind: (v: SqlParam) => number): string {
  if ("all" in p) return `(${p.all.map((q) => renderPredicate(q, d, bind)).join(" AND ")})`;
  if ("any" in p) return `(${p.any.map((q) => renderPredicate(q, d, bind)).join(" OR ")})`;
  if ("isNull" in p) return `${d.ident(p.column)} IS ${p.isNull ? "" : "NOT "}NULL`;
  if (typeof p.equals === "boolean") return `${d.ident(p.column)} = ${p.equals ? "TRUE" : "FALSE"}`;
  return `${d.ident(p.column)} = ${d.param(bind(p.equals))}`;
}

/** 'YYYY-MM-DD HH:MM:SS.sss' of a UTC instant, the form TIMESTAMP parameters are bound in. */
export function sqlTimestamp(d: Date): string {
  return d.toISOString().replace("T", " ").replace("Z", "");
}
