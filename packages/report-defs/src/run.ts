import { type CompiledQuery, compileKpi } from "./compile";
import type { ReportDefinition } from "./definition";
import { type Dialect, duckdb } from "./dialect";
import { type Period, parseQuery, resolvePeriod } from "./query";
import { type KpiResult, shapeKpi } from "./result";

/** Executes compiled SQL and returns its rows (see `compileKpi`); the caller owns the connection (report-defs does no I/O). */
export type Executor = (sql: string, params: CompiledQuery["params"]) => Promise<readonly object[]>;

/** Options of {@link runReport}. */
export interface RunOptions {
  /** Current instant in ms (for "today"); default Date.now(). */
  now?: number;
  /** Zone when the query names none; default 'UTC'. */
  defaultTimezone?: string;
  dialect?: Dialect;
}

/**
 * Plans a report: parses the untrusted query, resolves its period and compiles the SQL. Pure.
 * Throws ReportError 'invalid_query'.
 */
export function planReport(
  def: ReportDefinition,
  rawQuery: unknown,
  options: RunOptions = {},
): { period: Period; compiled: CompiledQuery } {
  const query = parseQuery(rawQuery);
  const period = resolvePeriod(query, options.now ?? Date.now(), options.defaultTimezone ?? "UTC");
  return { period, compiled: compileKpi(def, query, period, options.dialect ?? duckdb) };
}

/** Plans, executes through `execute`, and shapes the result of one KPI report. */
export async function runReport(
  def: ReportDefinition,
  rawQuery: unknown,
  execute: Executor,
  options: RunOptions = {},
): Promise<KpiResult> {
  const { period, compiled } = planReport(def, rawQuery, options);
  const rows = await execute(compiled.sql, compiled.params);
  return shapeKpi(def, period, rows);
}
