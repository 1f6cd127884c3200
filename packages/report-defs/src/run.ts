import { type CompiledQuery, compile, resolveParameters } from "./compile";
import type { FilterName, ReportDefinition, Summary } from "./definition";
import { type Dialect, duckdb } from "./dialect";
import { checkResultSize } from "./limits";
import { Lru } from "./lru";
import { type Period, parseQuery, type ReportQuery, resolvePeriod } from "./query";
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
}

/** How many parsed queries, and compiled statements per report, {@link planReport} keeps. */
const CACHE_SIZE = 128;

const parsedQueries = new Lru<ReportQuery>(CACHE_SIZE);
const compiledByDef = new WeakMap<ReportDefinition, Lru<{ compiled: CompiledQuery; summary: boolean }>>();

/** True when `v` is JSON data (what JSON.parse gives): then equal JSON text means an equal query. */
function isJsonData(v: unknown): boolean {
  if (v === null || typeof v === "string" || typeof v === "boolean") return true;
  if (typeof v === "number") return Number.isFinite(v);
  if (Array.isArray(v)) return v.every(isJsonData);
  if (typeof v !== "object" || Object.getPrototypeOf(v) !== Object.prototype) return false;
  return Object.values(v).every(isJsonData);
}

/**
 * Plans a report: parses the untrusted query, resolves its period (in the report's grain when the
 * query names none) and compiles the SQL. Pure: the parsed query and the compiled statement are
 * remembered (the last {@link CACHE_SIZE} of each, per report; statements of the default dialect
 * only) by the query's JSON text and the resolved period, so a dashboard that re-runs the same
 * queries does not parse and compile them again; the period is resolved every time (it depends on
 * today). The returned query and SQL are shared with later calls: treat them as read-only.
 * Throws ReportError 'invalid_query'.
 */
export function planReport(def: ReportDefinition, rawQuery: unknown, options: RunOptions = {}): Plan {
  // Before anything walks it: a body nested too deep would overflow the stack of JSON.stringify.
  checkUntrusted(rawQuery);
  const text = isJsonData(rawQuery ?? {}) ? JSON.stringify(rawQuery ?? {}) : undefined;
  let query = text === undefined ? undefined : parsedQueries.get(text);
  if (!query) {
    query = parseQuery(rawQuery);
    if (text !== undefined) parsedQueries.set(text, query);
  }
  if (options.segment) query = applySegment(def, query, options.segment);
  const period = resolvePeriod(query, options.now ?? Date.now(), options.defaultTimezone ?? "UTC", def.grain);
  checkResultSize(def, query, period);
  const dialect = options.dialect ?? duckdb;
  const key =
    text === undefined || dialect !== duckdb
      ? undefined
      : [
          text,
          period.from,
          period.to,
          period.previousFrom,
          period.timezone,
          period.grain,
          options.segment ? JSON.stringify(options.segment.filters) : "",
        ].join("\u0000");
  let compiledFor = compiledByDef.get(def);
  const hit = key === undefined ? undefined : compiledFor?.get(key);
  if (hit) return { query, period, ...hit };
  // A summary serves queries with none but its own filters, in zones whose offsets are whole quarter-hours.
  const summary = def.summary && summaryServes(def.summary, query) && quarterAligned(period) ? def.summary : null;
  const compiled = compile(summary ? summaryDefinition(def, summary) : def, query, period, dialect);
  if (key !== undefined) {
    if (!compiledFor) {
      compiledFor = new Lru(CACHE_SIZE);
      compiledByDef.set(def, compiledFor);
    }
    compiledFor.set(key, { compiled, summary: summary !== null });
  }
  return { query, period, compiled, summary: summary !== null };
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
