import { type CompiledQuery, compile, resolveParameters } from "./compile";
import type { FilterName, ReportDefinition, Summary } from "./definition";
import { type Dialect, duckdb } from "./dialect";
import { checkResultSize } from "./limits";
import { Lru, stringBytes } from "./lru";
import { type Period, parseQuery, type ReportQuery, resolvePeriod } from "./query";
import { canonicalTimeZone, queryKey } from "./querykey";
import { summaryDefinition } from "./registry";
import { type ReportResult, shapeHeatmap, shapeKpi, shapeRanking, shapeTable, shapeTimeseries } from "./result";
import { rollupRows } from "./rollup";
import { applySegment, type SegmentFilters } from "./segments";
import { quarterAligned } from "./sql";
import { checkUntrusted } from "./untrusted";

/** Executes compiled SQL and returns its rows; the caller owns the connection (report-defs does no I/O). */
export type Executor = (sql: string, params: CompiledQuery["params"]) => Promise<readonly object[]>;

/** Options of {@link runReport}. */
export interface RunOptions {
  /** Current instant in ms (for "today"); default Date.now(). */
  now?: number;
  /** Zone when the query names none; default 'UTC'. */
  defaultTimezone?: string;
  dialect?: Dialect;
  /** A segment whose filters apply on top of the query's (segments.ts `applySegment`: refused when the report cannot take one). */
  segment?: SegmentFilters;
}

/** A planned report: the parsed query, its windows and the SQL. */
export interface Plan {
  readonly query: ReportQuery;
  readonly period: Period;
  readonly compiled: CompiledQuery;
  /** True when the SQL reads the report's summary table instead of its fact (definition.ts `Summary`). */
  readonly summary: boolean;
  /** The normalised query over its period (`queryKey`): equal keys, equal statements and results. */
  readonly key: string;
}

/**
 * Bounds of {@link planReport}'s statement cache, shared by every report: entries, and memory (the
 * key, the SQL text and the parameters; a query with long filter lists makes a large entry, and one
 * over the whole budget is not kept).
 */
export const PLAN_CACHE = { maxEntries: 1024, maxBytes: 32 * 2 ** 20 } as const;

interface CachedPlan {
  readonly def: ReportDefinition;
  readonly compiled: CompiledQuery;
  readonly summary: boolean;
}

const plans = new Lru<CachedPlan>({ ...PLAN_CACHE, sizeOf: (p) => compiledBytes(p.compiled) });

/** Entries and estimated bytes in {@link planReport}'s statement cache now (for tests and monitoring). */
export function planCacheStats(): { entries: number; bytes: number } {
  return { entries: plans.size, bytes: plans.bytes };
}

/** Estimated bytes of a compiled statement: its text, its parameters, and a little per parameter. */
function compiledBytes(c: CompiledQuery): number {
  let bytes = stringBytes(c.sql) + 256;
  for (const p of c.params) bytes += 16 + (typeof p === "string" ? stringBytes(p) : 8);
  return bytes;
}

/**
 * Plans a report: parses the untrusted query, canonicalises its zone (`canonicalTimeZone`),
 * resolves its period (in the report's grain when the query names none) and compiles the SQL. Pure:
 * the compiled statement is remembered (statements of the default dialect only, within
 * {@link PLAN_CACHE}) under the report and the normalised query (`queryKey`: the resolved period and
 * what else reaches the compiler, never the request's text), so a dashboard that re-runs the same
 * queries does not compile them again; parsing and the period are done every time (the period
 * depends on today). The returned query and SQL are shared with later calls: treat them as
 * read-only. `key` is the normalised query, for callers that cache results.
 * Throws ReportError 'invalid_query'.
 */
export function planReport(def: ReportDefinition, rawQuery: unknown, options: RunOptions = {}): Plan {
  // Before anything walks it: a body nested too deep would overflow the stack of JSON.stringify.
  checkUntrusted(rawQuery);
  let query = parseQuery(rawQuery);
  if (options.segment) query = applySegment(def, query, options.segment);
  const timezone = canonicalTimeZone(query.timezone ?? options.defaultTimezone ?? "UTC");
  if (query.timezone !== timezone) query = { ...query, timezone };
  const period = resolvePeriod(query, options.now ?? Date.now(), timezone, def.grain);
  checkResultSize(def, query, period);
  // The key holds the filters after the segment is merged in: an edited segment is another key.
  const key = queryKey(query, period);
  const dialect = options.dialect ?? duckdb;
  const cacheKey = dialect === duckdb ? `${def.id}\u0000${key}` : undefined;
  const hit = cacheKey === undefined ? undefined : plans.get(cacheKey);
  if (hit?.def === def) return { query, period, key, compiled: hit.compiled, summary: hit.summary };
  // A summary serves queries with none but its own filters, in zones whose offsets are whole quarter-hours.
  const summary = def.summary && summaryServes(def.summary, query) && quarterAligned(period) ? def.summary : null;
  const compiled = compile(summary ? summaryDefinition(def, summary) : def, query, period, dialect);
  if (cacheKey !== undefined) plans.set(cacheKey, { def, compiled, summary: summary !== null });
  return { query, period, key, compiled, summary: summary !== null };
}

/** True when every filter the query sets is one the summary applies exactly (definition.ts `Summary`). */
export function summaryServes(summary: Summary, query: ReportQuery): boolean {
  const own = summary.filters ?? [];
  return (Object.keys(query.filters) as FilterName[]).every((f) => query.filters[f] === undefined || own.includes(f));
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
