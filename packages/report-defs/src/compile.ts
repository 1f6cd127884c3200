/**
 * The compiler: `(definition, query, period) -> { sql, params }`, one statement per report, per
 * shape. Pure: no I/O. The rows it returns are shaped by `result.ts`.
 */
import type { Aggregate, Dimension, MeasureDefinition, ReportDefinition } from "./definition";
import { type Dialect, duckdb } from "./dialect";
import { ReportError } from "./errors";
import type { Grain, Period, ReportQuery } from "./query";
import { aggregate, baseCte, Params, predicate, type SqlParam, value } from "./sql";

export type { SqlParam } from "./sql";
export { sqlTimestamp } from "./sql";

/** Compiled SQL with positional parameters; identifiers come only from the registry. */
export interface CompiledQuery {
  readonly sql: string;
  readonly params: readonly SqlParam[];
}

/**
 * Compiles a report for a resolved period. Row shapes by report shape (`v0`, `v1`... are the
 * measures in definition order; `bucket` is the local hour, day or ISO week number since the epoch
 * (a TIMESTAMP of the first day for months); `peak_at` a local minute number; `key` is a dimension value as text, `label` its looked-up label):
 * - kpi: `{ is_current, bucket | null (totals), v0, median?, p90?, peak_at? }`, both windows;
 * - timeseries: `{ bucket, key?, label?, v0.., peak_at? }`, current window;
 * - ranking, distribution, table: `{ is_current, is_total, key, label?, v0.. }`, both windows;
 * - heatmap: `{ weekday (1 = Monday), hour, v0 }`, current window.
 * Throws {@link ReportError} 'invalid_query' for a filter the report does not allow.
 */
export function compile(def: ReportDefinition, query: ReportQuery, period: Period, d: Dialect = duckdb): CompiledQuery {
  const ps = new Params(d, resolveParameters(def, query));
  const base = baseCte(def, query, period, d, ps);
  const sql = (() => {
    switch (def.shape) {
      case "kpi":
        return kpi(def, period.grain, base, d, ps);
      case "timeseries":
        return timeseries(def, period.grain, base, d, ps);
      case "ranking":
      case "distribution":
      case "table":
        return grouped(def, base, d, ps);
      case "heatmap":
        return heatmap(def, base, d, ps);
    }
  })();
  return { sql, params: ps.values };
}

/**
 * The report's parameter values for this query: the query's, else the defaults. Throws
 * {@link ReportError} 'invalid_query' for a parameter the report does not take or a value out of bounds.
 */
export function resolveParameters(def: ReportDefinition, query: ReportQuery): Record<string, number> {
  const declared = def.parameters ?? {};
  for (const [name, v] of Object.entries(query.parameters)) {
    const p = declared[name];
    if (!p) {
      const known = Object.keys(declared).join(", ") || "none";
      throw new ReportError(
        "invalid_query",
        `Report ${def.id} takes no parameter "${name}" (it takes: ${known})`,
        `parameters.${name}`,
      );
    }
    if (v < p.min || v > p.max)
      throw new ReportError(
        "invalid_query",
        `${name} must be between ${p.min} and ${p.max} ${p.unit}`,
        `parameters.${name}`,
      );
  }
  return Object.fromEntries(Object.entries(declared).map(([name, p]) => [name, query.parameters[name] ?? p.default]));
}

const measureColumns = (measures: readonly MeasureDefinition[], d: Dialect, ps: Params, outer: string) =>
  measures.map((m, i) => `${aggregate(m.aggregate, d, ps, outer)} AS v${i}`);

/** The sample-size column (`sample`) of reports with a sample rule. */
const sampleColumn = (def: ReportDefinition, d: Dialect, ps: Params, outer: string) =>
  def.sample ? [`${aggregate(def.sample, d, ps, outer)} AS sample`] : [];

function only(def: ReportDefinition): MeasureDefinition {
  const m = def.measures[0];
  if (!m) throw new ReportError("invalid_definition", `${def.id}: no measure`);
  return m;
}

/** Median and p90 of the values behind an average, for measures with `stats`. */
function stats(m: MeasureDefinition, d: Dialect, ps: Params, outer: string): string[] {
  const a = m.aggregate;
  if (!m.stats || (a.fn !== "avg" && a.fn !== "sum")) return [];
  const median: Aggregate = { fn: "median", value: a.value, ...(a.where ? { where: a.where } : {}) };
  const p90: Aggregate = { fn: "p90", value: a.value, ...(a.where ? { where: a.where } : {}) };
  return [`${aggregate(median, d, ps, outer)} AS median`, `${aggregate(p90, d, ps, outer)} AS p90`];
}

/** Per-minute counts of the current (and previous) rows, for peakPerMinute measures. */
function perMinute(m: MeasureDefinition, grain: Grain, d: Dialect, ps: Params, currentOnly: boolean): string {
  if (m.aggregate.fn !== "peakPerMinute") throw new Error("not a peak measure");
  const cond = m.aggregate.where && predicate(m.aggregate.where, d, ps, "b");
  return [
    `, pm AS (SELECT is_current, ${d.bucket("b.local_us", 1, "minute")} AS minute, ${d.agg("count", "", cond)} AS n`,
    `  FROM base AS b${currentOnly ? " WHERE is_current" : ""} GROUP BY ALL)`,
    `, g AS (SELECT *, ${d.bucket("minute", 60_000_000, grain)} AS bucket FROM pm)`,
  ].join("\n");
}

/** Earliest minute among those with the most rows. */
const peakAt = (d: Dialect) => `${d.argMax("minute", "n * 1e10 - minute")} AS peak_at`;

function kpi(def: ReportDefinition, grain: Grain, base: string, d: Dialect, ps: Params): string {
  const m = only(def);
  const sets = "GROUP BY GROUPING SETS ((is_current), (is_current, bucket))";
  const bucketCol = "CASE WHEN GROUPING(bucket) = 0 THEN bucket END AS bucket";
  if (m.aggregate.fn === "peakPerMinute") {
    return `${base}${perMinute(m, grain, d, ps, false)}\nSELECT is_current, ${bucketCol}, max(n) AS v0, ${peakAt(d)}\nFROM g\n${sets}`;
  }
  const cols = [...measureColumns([m], d, ps, "g"), ...stats(m, d, ps, "g"), ...sampleColumn(def, d, ps, "g")];
  return [
    base,
    `, g AS (SELECT *, ${d.bucket("local_us", 1, grain)} AS bucket FROM base)`,
    `SELECT is_current, ${bucketCol}, ${cols.join(", ")}`,
    "FROM g",
    sets,
  ].join("\n");
}

function timeseries(def: ReportDefinition, grain: Grain, base: string, d: Dialect, ps: Params): string {
  const first = only(def);
  if (first.aggregate.fn === "peakPerMinute") {
    return `${base}${perMinute(first, grain, d, ps, true)}\nSELECT bucket, max(n) AS v0, ${peakAt(d)}\nFROM g\nGROUP BY bucket`;
  }
  const dim = def.dimension;
  const keyed = dim ? `, ${keyExpr(dim, d, "base")} AS key` : "";
  const g = `, g AS (SELECT *, ${d.bucket("local_us", 1, grain)} AS bucket${keyed} FROM base WHERE is_current${dim?.buckets ? " AND key IS NOT NULL" : ""})`;
  const cols = measureColumns(def.measures, d, ps, "g");
  const select = `SELECT bucket${dim ? ", key" : ""}, ${cols.join(", ")} FROM g GROUP BY bucket${dim ? ", key" : ""}`;
  return withLabels(`${base}\n${g}\n, r AS (${select})`, dim, d);
}

function grouped(def: ReportDefinition, base: string, d: Dialect, ps: Params): string {
  const dim = def.dimension;
  if (!dim) throw new ReportError("invalid_definition", `${def.id}: a ${def.shape} needs a dimension`);
  const g = `, g AS (SELECT *, ${keyExpr(dim, d, "base")} AS key FROM base)`;
  const filter = dim.buckets ? "WHERE key IS NOT NULL " : "";
  const cols = [...measureColumns(def.measures, d, ps, "g"), ...sampleColumn(def, d, ps, "g")];
  const select = `SELECT is_current, GROUPING(key) = 1 AS is_total, key, ${cols.join(", ")} FROM g ${filter}GROUP BY GROUPING SETS ((is_current, key), (is_current))`;
  return withLabels(`${base}\n${g}\n, r AS (${select})`, dim, d);
}

function heatmap(def: ReportDefinition, base: string, d: Dialect, ps: Params): string {
  const cols = measureColumns([only(def)], d, ps, "b");
  return `${base}\nSELECT ${d.weekday("b.local_us")} AS weekday, ${d.hour("b.local_us")} AS hour, ${cols.join(", ")}\nFROM base AS b WHERE is_current\nGROUP BY ALL`;
}

/** A dimension's key per row: the column as text, or the index of the bucket the value falls in (NULL when none). */
function keyExpr(dim: Dimension, d: Dialect, outer: string): string {
  if (dim.buckets) {
    const v = value(dim.buckets.value, d, outer);
    const whens = dim.buckets.ranges.map((r, i) => {
      const conds = [
        r.gte === undefined ? null : `${v} >= ${r.gte}`,
        r.lt === undefined ? null : `${v} < ${r.lt}`,
      ].filter(Boolean);
      return `WHEN ${conds.join(" AND ") || "TRUE"} THEN '${i}'`;
    });
    return `CASE ${whens.join(" ")} END`;
  }
  if (!dim.column) throw new ReportError("invalid_definition", "a dimension needs a column or buckets");
  return `CAST(${outer}.${d.ident(dim.column)} AS VARCHAR)`;
}

/** Adds `label` from the dimension's lookup table (LEFT JOIN on the key). */
function withLabels(ctes: string, dim: Dimension | undefined, d: Dialect): string {
  if (!dim?.labelFrom) return `${ctes}\nSELECT * FROM r`;
  const l = dim.labelFrom;
  return `${ctes}\nSELECT r.*, l.label FROM r LEFT JOIN (SELECT CAST(${d.ident(l.key)} AS VARCHAR) AS k, CAST(${d.ident(l.column)} AS VARCHAR) AS label FROM ${d.ident(l.table)}) AS l ON l.k = r.key`;
}
