import { type CompiledQuery, compile, resolveParameters } from "./compile";
import type { ReportDefinition } from "./definition";
import { type Dialect, duckdb } from "./dialect";
import { type Period, parseQuery, type ReportQuery, resolvePeriod } from "./query";
import { summaryDefinition } from "./registry";
import { type ReportResult, shapeHeatmap, shapeKpi, shapeRanking, shapeTable, shapeTimeseries } from "./result";
import { rollupRows } from "./rollup";
import { quarterAligned } from "./sql";

/** Executes compiled SQL and returns its rows; the caller owns the connection (report-defs does no I/O). */
export type Executor = (sql: string, params: CompiledQuery["params"]) => Promise<readonly object[]>;

/** Options of {@link runReport}. */
export interface RunOptions {
  /** Current instant in ms (for "today"); default Date.now(). */
  now?: number;
  /** Zone when the query names none; default 'UTC'. */
  defaultTimezone?: string;
  dialect?: Dialect;
}

/** A planned report: the parsed query, its windows and the SQL. */
export interface Plan {
  readonly query: ReportQuery;
  readonly period: Period;
  readonly compiled: CompiledQuery;
  /** True when the SQL reads the report's summary table instead of its fact (definition.ts `Summary`). */
  readonly summary: boolean;
}

/**
 * Plans a report: parses the untrusted query, resolves its period (in the report's grain when the
 * query names none) and compiles the SQL. Pure.
 * Throws ReportError 'invalid_query'.
 */
export function planReport(def: ReportDefinition, rawQuery: unknown, options: RunOptions = {}): Plan {
  const query = parseQuery(rawQuery);
  const period = resolvePeriod(query, options.now ?? Date.now(), options.defaultTimezone ?? "UTC", def.grain);
  // A summary serves queries without filters, in zones whose offsets are whole quarter-hours.
  const summary = def.summary && Object.keys(query.filters).length === 0 && quarterAligned(period) ? def.summary : null;
  const compiled = compile(summary ? summaryDefinition(def, summary) : def, query, period, options.dialect ?? duckdb);
  return { query, period, compiled, summary: summary !== null };
}

/** Turns the rows of a planned report into its result shape (rolled up first when the plan says so). */
export function shapeResult(def: ReportDefinition, plan: Plan, rows: readonly object[]): ReportResult {
  const { rollup } = plan.compiled;
  const result = shapeRows(def, plan, rollup ? rollupRows(rows as readonly Record<string, unknown>[], rollup) : rows);
  return def.parameters ? { ...result, parameters: resolveParameters(def, plan.query) } : result;
}

function shapeRows(def: ReportDefinition, plan: Plan, rows: readonly object[]): ReportResult {
  const r = rows as readonly Record<string, unknown>[];
  switch (def.shape) {
    case "kpi":
      return shapeKpi(def, plan.period, r);
    case "timeseries":
      return shapeTimeseries(def, plan.period, r, plan.query.limit);
    case "ranking":
    case "distribution":
      return shapeRanking(def, plan.period, r, plan.query.limit);
    case "table":
      return shapeTable(def, plan.period, r);
    case "heatmap":
      return shapeHeatmap(def, plan.period, r);
  }
}

/** Plans, executes through `execute`, and shapes one report. */
export async function runReport(
  def: ReportDefinition,
  rawQuery: unknown,
  execute: Executor,
  options: RunOptions = {},
): Promise<ReportResult> {
  const plan = planReport(def, rawQuery, options);
  return shapeResult(def, plan, await execute(plan.compiled.sql, plan.compiled.params));
}
