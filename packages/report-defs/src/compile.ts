/**
 * The compiler: `(definition, query, period) -> { sql, params, rollup? }`, one statement per report,
 * per shape. Pure: no I/O. The rows it returns are shaped by `result.ts`, after `rollup.ts` merges
 * window totals, weeks and months for queries compiled with a rollup.
 */
import { composedTimeseries, isComposed } from "./compose";
import type { Aggregate, Dimension, MeasureDefinition, Predicate, ReportDefinition } from "./definition";
import { type Dialect, duckdb } from "./dialect";
import { ReportError } from "./errors";
import { type FilterName, filterPredicate } from "./filters";
import type { Period, ReportQuery } from "./query";
import type { Rollup } from "./rollup";
import {
  aggregate,
  bounds,
  decomposable,
  decompose,
  eventCount,
  factCte,
  firstCurrentDay,
  localMicros,
  Params,
  predicate,
  type SqlParam,
  usesFirstSeen,
  value,
} from "./sql";

export type { SqlParam } from "./sql";
export { sqlTimestamp } from "./sql";

/** Compiled SQL with positional parameters; identifiers come only from the registry. */
export interface CompiledQuery {
  readonly sql: string;
  readonly params: readonly SqlParam[];
  /** Set when the statement gives finer rows whose window totals (and weeks, months) are merged in JS (rollup.ts). */
  readonly rollup?: Rollup;
}

/**
 * Compiles a report for a resolved period. Rows by report shape, once rolled up (`v0`, `v1`... are
 * the measures in definition order; `bucket` is the local hour, day or ISO week number since the
 * epoch (a month as text that starts 'YYYY-MM'); `peak_at` the first instant of the busiest minute
 * (epoch seconds) and `peak_minute` its local minute number; `key` is a
 * dimension value as text, `label` its looked-up label; `n0`, `n1`... beside an average, median or
 * p90 `v<i>`: the count of events it is taken over, sql.ts `eventCount`):
 * - kpi: `{ is_current, bucket | null (totals), v0, median?, p90?, sample?, peak_at?, peak_minute? }`, both
 *   windows' totals and the current window's buckets;
 * - timeseries: `{ bucket, key?, label?, v0.., peak_at?, peak_minute? }`, current window (several facts, or time
 *   averages: one statement joining a timeseries per fact on the bucket, see compose.ts);
 * - ranking, distribution, table: `{ is_current, is_total, key, label?, v0.., sample? }`, both windows;
 * - heatmap: `{ weekday (1 = Monday), hour, v0 }`, current window.
 *
 * How (one scan of the fact unless said otherwise):
 * - a kpi of a decomposable measure (count, sum, avg, min, max, ratios of them) or of a per-minute
 *   peak groups by local day (hour for the hourly grain) only, and rollup.ts merges the windows,
 *   weeks and months; a time measure's median and p90 and a sample size, which do not decompose,
 *   come from a second aggregate over the current window;
 * - rankings, distributions and tables of decomposable measures group by window and key only, the
 *   totals likewise merged in JS (a histogram's rows outside every bucket dropped there too);
 * - when every distinct count counts one column and the other parts are counts, a kpi or
 *   timeseries first groups rows into (window, bucket, key, value) pairs, then counts pairs per
 *   bucket and distinct values per window, over far fewer rows;
 * - anything else uses GROUPING SETS ((is_current), (is_current, bucket)) or ((is_current, key),
 *   (is_current)), which computes each aggregate twice;
 * - a single count or distinct count filters rows in the scan rather than in the aggregate (see
 *   {@link pushDown}); timeseries and heatmaps read the current window only.
 * Throws {@link ReportError} 'invalid_query' for a filter the report does not allow.
 */
export function compile(def: ReportDefinition, query: ReportQuery, period: Period, d: Dialect = duckdb): CompiledQuery {
  const c: Ctx = { def, query, period, d, ps: new Params(d, resolveParameters(def, query)) };
  const { sql, rollup } = (() => {
    switch (def.shape) {
      case "kpi":
        return kpi(c);
      case "timeseries":
        return isComposed(def)
          ? { sql: composedTimeseries(def, period, d, c.ps, (part) => timeseries({ ...c, def: part }).sql) }
          : timeseries(c);
      case "ranking":
      case "distribution":
      case "table":
        return grouped(c);
      case "heatmap":
        return heatmap(c);
    }
  })();
  return rollup ? { sql, params: c.ps.values, rollup } : { sql, params: c.ps.values };
}

/**
 * The report's parameter values for this query: the query's, else the defaults. Throws
 * {@link ReportError} 'invalid_query' for a parameter the report does not take or a value out of bounds.
 */
export function resolveParameters(def: ReportDefinition, query: ReportQuery): Record<string, number> {
  const declared = def.parameters ?? {};
  for (const [name, v] of Object.entries(query.parameters)) {
    // Own properties only: `constructor` or `toString` must not find Object.prototype's.
    const p = Object.hasOwn(declared, name) ? declared[name] : undefined;
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

/** What every shape compiles from. */
interface Ctx {
  readonly def: ReportDefinition;
  readonly query: ReportQuery;
  readonly period: Period;
  readonly d: Dialect;
  readonly ps: Params;
}

/** A statement and, when its rows are finer than the shape's, how they roll up. */
interface Out {
  readonly sql: string;
  readonly rollup?: Rollup;
}

/**
 * The measure columns `v0`, `v1`... and, after them, `n<i>` beside each average-like measure `v<i>`:
 * the count of events it is taken over (sql.ts `eventCount`).
 */
const measureColumns = (measures: readonly Aggregate[], d: Dialect, ps: Params, outer: string) => [
  ...measures.map((a, i) => `${aggregate(a, d, ps, outer)} AS v${i}`),
  ...measures.flatMap((a, i) => {
    const n = eventCount(a, d, ps, outer);
    return n ? [`${n} AS n${i}`] : [];
  }),
];

/** The sample-size column (`sample`) of reports with a sample rule. */
const sampleColumn = (def: ReportDefinition, d: Dialect, ps: Params, outer: string) =>
  def.sample ? [`${aggregate(def.sample, d, ps, outer)} AS sample`] : [];

function only(def: ReportDefinition): MeasureDefinition {
  const m = def.measures[0];
  if (!m) throw new ReportError("invalid_definition", `${def.id}: no measure`);
  return m;
}

/**
 * The report's measures, with the `where` of a single count or distinct count moved out to filter
 * the rows instead (kpi, timeseries, ranking, distribution, heatmap; no sample, which counts every
 * row): a bucket, key or window none of whose rows passes is then absent, which every shape reads
 * as 0, the count it would have had. DuckDB applies the filter in the scan (an `exists` becomes a
 * semi-join) instead of testing every row inside the aggregate. A table lists every key it sees,
 * and an average, sum or peak over no row differs from an absent one, so those keep their `where`.
 */
function pushDown(def: ReportDefinition): { measures: Aggregate[]; where?: Predicate } {
  const measures = def.measures.map((m) => m.aggregate);
  const a = measures[0];
  if (measures.length !== 1 || !a || def.sample || def.shape === "table") return { measures };
  if (a.fn === "count" && a.where) return { measures: [{ fn: "count" }], where: a.where };
  if (a.fn === "countDistinct" && a.where)
    return { measures: [{ fn: "countDistinct", column: a.column }], where: a.where };
  return { measures };
}

/**
 * The unit of a kpi's finest rows (local hours for an hourly grain, else local days), the current
 * window's first unit when a row's window follows from its unit (else null, and the rows keep
 * `is_current`), and the `is_current, ` the select and group lists then need.
 */
function unitsOf(period: Period) {
  const unit = period.grain === "hour" ? "hour" : "day";
  const day = firstCurrentDay(period);
  const firstCurrentUnit = day === null ? null : unit === "hour" ? day * 24 : day;
  return { unit, firstCurrentUnit, win: firstCurrentUnit === null ? "is_current, " : "" } as const;
}

/**
 * Per-minute counts of the `base` rows (or sums of the measure's `value`), `is_current` kept when
 * `windows`, for peakPerMinute measures. A minute is a real minute: a local minute (`minute`, for
 * the local hour or day it belongs to) read at one UTC offset, so that the two readings of a local
 * minute an autumn change repeats are two minutes; `minute_at` is its first instant (epoch seconds:
 * the local minute minus the offset, which the row's `local_us` carries).
 */
function perMinute(a: Aggregate, def: ReportDefinition, d: Dialect, ps: Params, windows: boolean): string {
  if (a.fn !== "peakPerMinute") throw new Error("not a peak measure");
  const cond = a.where && predicate(a.where, d, ps, "base");
  const win = windows ? "is_current, " : "";
  const n = a.value ? d.agg("sum", value(a.value, d, "base"), cond) : d.agg("count", "", cond);
  const minute = d.bucket("local_us", 1, "minute");
  const offset = `(local_us - ${d.epochMicros(`base.${d.ident(def.timeColumn)}`)}) // 1000000`;
  return `, pm AS (SELECT ${win}${minute} AS minute, ${minute} * 60 - ${offset} AS minute_at, ${n} AS n FROM base GROUP BY ALL)`;
}

/**
 * The earliest minute among those with the most rows: its first instant (`peak_at`, epoch seconds)
 * and its local minute (`peak_minute`); `minute_at` differs between minutes, so both pick the same row.
 */
const peakAt = (d: Dialect) =>
  `${d.argMax("minute_at", "n * 1e10 - minute_at")} AS peak_at, ${d.argMax("minute", "n * 1e10 - minute_at")} AS peak_minute`;

/**
 * The column every distinct count in `measures` counts, when there is one such column, no distinct
 * count has a `where` of its own, and every other part is a count (ratios of them allowed); else undefined.
 */
function pairColumn(measures: readonly Aggregate[]): string | undefined {
  const columns = new Set<string>();
  let pairable = true;
  const walk = (a: Aggregate) => {
    if (a.fn === "ratio") {
      walk(a.numerator);
      walk(a.denominator);
    } else if (a.fn === "countDistinct" && !a.where) columns.add(a.column);
    else if (a.fn !== "count") pairable = false;
  };
  for (const a of measures) walk(a);
  return pairable && columns.size === 1 ? [...columns][0] : undefined;
}

/**
 * An aggregate over `pairs` (one row per group and distinct value `v`, see {@link pairColumn}):
 * `inner` receives the per-pair counts (`n0`, `n1`...) over rows aliased `outer`, which add up; a
 * distinct count is a count of pairs per group, or a distinct count of `v` over several groups
 * (`perWindow`).
 */
function overPairs(
  a: Aggregate,
  d: Dialect,
  ps: Params,
  outer: string,
  inner: string[],
): (perWindow: boolean) => string {
  switch (a.fn) {
    case "count": {
      const name = `n${inner.length}`;
      inner.push(`${aggregate(a, d, ps, outer)} AS ${name}`);
      return () => d.agg("sum", name, undefined);
    }
    case "countDistinct":
      return (perWindow) => d.agg(perWindow ? "countDistinct" : "countValues", "v", undefined);
    case "ratio": {
      const num = overPairs(a.numerator, d, ps, outer, inner);
      const den = overPairs(a.denominator, d, ps, outer, inner);
      return (perWindow) => d.ratio(num(perWindow), den(perWindow), a.scale);
    }
    default:
      throw new Error(`${a.fn} is not counted over pairs`);
  }
}

/**
 * A measure with a countFirstSeen over summary rows aliased `g` (the base rows with their `bucket`,
 * and `is_current` when `windows`): pushes each part's per-bucket aggregate (and, when `windows`,
 * its per-window partial where that differs) onto `cols` as `p0`, `p1`... of a statement grouped by
 * bucket (and window), and returns the measure per bucket over those columns and, when `windows`,
 * per window (a sum of the partials over the window's buckets). A count or sum is its own partial. A
 * countFirstSeen counts per bucket the rows whose previous quarter-hour is NULL, before the window or
 * in an earlier bucket, and per window those whose previous quarter-hour is NULL or before the
 * window: both are distinct entities, and the second adds up over buckets because each entity has
 * exactly one row whose previous quarter-hour lies outside the window. Its `where` (if any) limits
 * both counts to the rows matching it.
 */
function firstSeen(a: Aggregate, c: Ctx, cols: string[], windows: boolean): { bucket: string; window: string } {
  const { d, ps, period } = c;
  const push = (sql: string) => {
    const name = `p${cols.length}`;
    cols.push(`${sql} AS ${name}`);
    return name;
  };
  switch (a.fn) {
    case "count":
    case "sum": {
      const p = push(aggregate(a, d, ps, "g"));
      return { bucket: p, window: d.agg("sum", p, undefined) };
    }
    case "ratio": {
      const num = firstSeen(a.numerator, c, cols, windows);
      const den = firstSeen(a.denominator, c, cols, windows);
      return { bucket: d.ratio(num.bucket, den.bucket, a.scale), window: d.ratio(num.window, den.window, a.scale) };
    }
    case "countFirstSeen": {
      const b = bounds(period);
      const from = windows ? b.start : b.current;
      const prev = `g.${d.ident(a.previous)}`;
      const start = windows
        ? `CASE WHEN g.is_current THEN ${ps.timestamp(b.current)} ELSE ${ps.timestamp(b.start)} END`
        : ps.timestamp(b.current);
      const inWindow = `${prev} IS NULL OR ${prev} < ${start}`;
      const earlierBucket = `${d.bucket(localMicros(prev, period, from, d, ps), 1, period.grain)} < g.bucket`;
      const where = a.where ? `${predicate(a.where, d, ps, "g")} AND ` : "";
      const p = push(d.agg("count", "", `${where}(${inWindow} OR ${earlierBucket})`));
      return {
        bucket: p,
        window: windows ? d.agg("sum", push(d.agg("count", "", `${where}(${inWindow})`)), undefined) : p,
      };
    }
    default:
      throw new ReportError("invalid_definition", `${a.fn} cannot be read beside a countFirstSeen`);
  }
}

function kpi(c: Ctx): Out {
  const { def, period, d, ps } = c;
  const m = only(def);
  const { measures, where } = pushDown(def);
  const a = measures[0] ?? m.aggregate;
  const base = factCte("base", def, c.query, period, d, ps, { where });
  if (usesFirstSeen(a)) {
    const cols: string[] = [];
    const v = firstSeen(a, c, cols, true);
    return {
      sql: [
        `WITH ${base}`,
        `, g AS (SELECT *, ${d.bucket("local_us", 1, period.grain)} AS bucket FROM base)`,
        `, r AS (SELECT is_current, bucket, ${cols.join(", ")} FROM g GROUP BY is_current, bucket)`,
        `SELECT is_current, bucket, ${v.bucket} AS v0 FROM r`,
        `UNION ALL SELECT is_current, NULL, ${v.window} FROM r GROUP BY is_current`,
      ].join("\n"),
    };
  }
  if (a.fn === "peakPerMinute") {
    const { unit, firstCurrentUnit, win } = unitsOf(period);
    return {
      sql: [
        `WITH ${base}${perMinute(a, def, d, ps, firstCurrentUnit === null)}`,
        `SELECT ${win}${d.bucket("minute", 60_000_000, unit)} AS bucket, max(n) AS v0, ${peakAt(d)}`,
        `FROM pm GROUP BY ${win}bucket`,
      ].join("\n"),
      rollup: { kind: "peak", grain: period.grain, firstCurrentUnit },
    };
  }
  if (decomposable(a)) {
    const { unit, firstCurrentUnit, win } = unitsOf(period);
    const { columns, measure } = decompose(a, d, ps, "base");
    const extras = currentExtras(c, m);
    const parts = columns.map((col, i) => `${col} AS p${i}`);
    const lines = [
      `WITH ${base}${extras.length ? `, ${factCte("cur", def, c.query, period, d, ps, { currentOnly: true })}` : ""}`,
      `SELECT ${win}${d.bucket("local_us", 1, unit)} AS bucket, ${[...parts, ...extras.map((e) => `NULL AS ${e.name}`)].join(", ")}`,
      `FROM base GROUP BY ${win}bucket`,
    ];
    if (extras.length) {
      const nulls = [...(win ? ["NULL"] : []), "NULL", ...columns.map(() => "NULL")];
      lines.push(`UNION ALL SELECT ${[...nulls, ...extras.map((e) => e.sql)].join(", ")} FROM cur`);
    }
    return {
      sql: lines.join("\n"),
      rollup: { kind: "units", grain: period.grain, firstCurrentUnit, measure },
    };
  }
  const column = def.sample ? undefined : pairColumn([a]);
  if (column) {
    const inner: string[] = [];
    const outer = overPairs(a, d, ps, "base", inner);
    const bucket = d.bucket("local_us", 1, period.grain);
    return {
      sql: [
        `WITH ${base}`,
        `, pairs AS (SELECT is_current, ${bucket} AS bucket, base.${d.ident(column)} AS v${inner.map((x) => `, ${x}`).join("")} FROM base GROUP BY ALL)`,
        `SELECT is_current, bucket, ${outer(false)} AS v0 FROM pairs GROUP BY is_current, bucket`,
        `UNION ALL SELECT is_current, NULL, ${outer(true)} FROM pairs GROUP BY is_current`,
      ].join("\n"),
    };
  }
  const cols = [...measureColumns([a], d, ps, "g"), ...sampleColumn(def, d, ps, "g")];
  return {
    sql: [
      `WITH ${base}`,
      `, g AS (SELECT *, ${d.bucket("local_us", 1, period.grain)} AS bucket FROM base)`,
      `SELECT is_current, CASE WHEN GROUPING(bucket) = 0 THEN bucket END AS bucket, ${cols.join(", ")}`,
      "FROM g",
      "GROUP BY GROUPING SETS ((is_current), (is_current, bucket))",
    ].join("\n"),
  };
}

/**
 * Aggregates a KPI needs over the current window only (`cur`), which do not decompose: the median
 * and p90 of a time measure with `stats` (one sort for both) and the sample size.
 */
function currentExtras(c: Ctx, m: MeasureDefinition): { name: string; sql: string }[] {
  const { def, d, ps } = c;
  const a = m.aggregate;
  const out: { name: string; sql: string }[] = [];
  if (m.stats && (a.fn === "avg" || a.fn === "sum")) {
    const cond = a.where && predicate(a.where, d, ps, "cur");
    out.push({ name: "stats", sql: d.quantiles(value(a.value, d, "cur"), [0.5, 0.9], cond) });
  }
  if (def.sample) out.push({ name: "sample", sql: aggregate(def.sample, d, ps, "cur") });
  return out;
}

function timeseries(c: Ctx): Out {
  const { def, period, d, ps } = c;
  const first = only(def);
  const { measures, where } = pushDown(def);
  const base = factCte("base", def, c.query, period, d, ps, { currentOnly: true, where });
  if (first.aggregate.fn === "peakPerMinute") {
    return {
      sql: [
        `WITH ${base}${perMinute(first.aggregate, def, d, ps, false)}`,
        `SELECT ${d.bucket("minute", 60_000_000, period.grain)} AS bucket, max(n) AS v0, ${peakAt(d)}`,
        "FROM pm GROUP BY bucket",
      ].join("\n"),
    };
  }
  if (measures.some(usesFirstSeen)) {
    const cols: string[] = [];
    const vs = measures.map((a) => firstSeen(a, c, cols, false).bucket);
    return {
      sql: [
        `WITH ${base}`,
        `, g AS (SELECT *, ${d.bucket("local_us", 1, period.grain)} AS bucket FROM base)`,
        `, parts AS (SELECT bucket, ${cols.join(", ")} FROM g GROUP BY bucket)`,
        `SELECT bucket, ${vs.map((v, i) => `${v} AS v${i}`).join(", ")} FROM parts`,
      ].join("\n"),
    };
  }
  const dim = def.dimension;
  const keyed = dim ? `, ${keyExpr(dim, d, "base")} AS key` : "";
  const g = `, g AS (SELECT *, ${d.bucket("local_us", 1, period.grain)} AS bucket${keyed} FROM base${dim?.buckets ? " WHERE key IS NOT NULL" : ""})`;
  const groups = `bucket${dim ? ", key" : ""}`;
  const column = pairColumn(measures);
  if (column) {
    const inner: string[] = [];
    const outer = measures.map((a) => overPairs(a, d, ps, "g", inner));
    const pairs = `, pairs AS (SELECT ${groups}, g.${d.ident(column)} AS v${inner.map((x) => `, ${x}`).join("")} FROM g GROUP BY ALL)`;
    const select = `SELECT ${groups}, ${outer.map((o, i) => `${o(false)} AS v${i}`).join(", ")} FROM pairs GROUP BY ${groups}`;
    return { sql: withLabels(`WITH ${base}\n${g}\n${pairs}\n, r AS (${select})`, dim, d) };
  }
  const cols = measureColumns(measures, d, ps, "g");
  const select = `SELECT ${groups}, ${cols.join(", ")} FROM g GROUP BY ${groups}`;
  return { sql: withLabels(`WITH ${base}\n${g}\n, r AS (${select})`, dim, d) };
}

function grouped(c: Ctx): Out {
  const { def, period, d, ps } = c;
  const dim = def.dimension;
  if (!dim) throw new ReportError("invalid_definition", `${def.id}: a ${def.shape} needs a dimension`);
  const { measures, where } = pushDown(def);
  const base = factCte("base", def, c.query, period, d, ps, { where });
  const g = `, g AS (SELECT *, ${keyExpr(dim, d, "base")} AS key FROM base)`;
  // A decomposable sample size (a count) merges like a measure: it rides along as the last part.
  const sample = def.sample;
  if (measures.every(decomposable) && (!sample || decomposable(sample))) {
    const parts = [...measures, ...(sample ? [sample] : [])].map((a) => decompose(a, d, ps, "g"));
    const cols = parts.flatMap((p) => p.columns).map((col, i) => `${col} AS p${i}`);
    const select = `SELECT is_current, key, ${cols.join(", ")} FROM g GROUP BY is_current, key`;
    return {
      sql: withLabels(`WITH ${base}\n${g}\n${withRoster(c, select)}`, dim, d),
      rollup: {
        kind: "keys",
        measures: parts.map((p) => p.measure),
        dropNullKey: Boolean(dim.buckets),
        sample: Boolean(sample),
      },
    };
  }
  const cols = [...measureColumns(measures, d, ps, "g"), ...sampleColumn(def, d, ps, "g")];
  const filter = dim.buckets ? "WHERE key IS NOT NULL " : "";
  const select = `SELECT is_current, GROUPING(key) = 1 AS is_total, key, ${cols.join(", ")} FROM g ${filter}GROUP BY GROUPING SETS ((is_current, key), (is_current))`;
  return { sql: withLabels(`WITH ${base}\n${g}\n${withRoster(c, select)}`, dim, d) };
}

/** Filters under which a dimension's roster applies: they say who and where, not which calls or conversations. */
const ROSTER_FILTERS: readonly FilterName[] = ["campaign", "agent"];

/**
 * The `r` CTE of a grouped report: the grouped rows of `select`, plus, when the dimension has a
 * roster (definition.ts `Dimension.roster`) and the query filters by nothing but campaign and agent,
 * one row `{ roster: true, key }` per roster key (is_current and values NULL; rollup.ts passes them
 * through, result.ts shows each key without a row with empty values). With a campaign filter the
 * roster keeps the keys with a fact row (any time) in the campaigns; with an agent filter, those agents.
 */
function withRoster(c: Ctx, select: string): string {
  const { def, query, d, ps } = c;
  const roster = def.dimension?.roster;
  const column = def.dimension?.column;
  const filters = Object.entries(query.filters).filter(([, v]) => v !== undefined) as [FilterName, string[]][];
  if (!roster || !column || filters.some(([f]) => !ROSTER_FILTERS.includes(f))) return `, r AS (${select})`;
  const key = `a.${d.ident(roster.key)}`;
  const where = roster.where ? [predicate(roster.where, d, ps, "a")] : [];
  for (const [f, values] of filters) {
    if (values.length === 0) where.push("FALSE");
    else if (f === "agent") where.push(`${key} IN (${values.map((v) => ps.value(v)).join(", ")})`);
    else {
      const inCampaign = predicate(filterPredicate(f, def.table, values), d, ps, "f");
      where.push(`${key} IN (SELECT f.${d.ident(column)} FROM ${d.ident(def.table)} AS f WHERE ${inCampaign})`);
    }
  }
  const rosterSelect = `SELECT DISTINCT TRUE AS roster, CAST(${key} AS VARCHAR) AS key FROM ${d.ident(roster.table)} AS a${where.length ? ` WHERE ${where.join(" AND ")}` : ""}`;
  return `, r0 AS (${select})\n, r AS (SELECT * FROM r0 UNION ALL BY NAME ${rosterSelect})`;
}

function heatmap(c: Ctx): Out {
  const { def, period, d, ps } = c;
  only(def);
  const { measures, where } = pushDown(def);
  const base = factCte("base", def, c.query, period, d, ps, { currentOnly: true, where });
  const cols = measureColumns(measures.slice(0, 1), d, ps, "b");
  return {
    sql: `WITH ${base}\nSELECT ${d.weekday("b.local_us")} AS weekday, ${d.hour("b.local_us")} AS hour, ${cols.join(", ")}\nFROM base AS b\nGROUP BY ALL`,
  };
}

/**
 * A dimension's key per row: the column as text, or the index (an integer) of the bucket the value
 * falls in (NULL when none). A range's lower bound is left out when it is the previous range's upper
 * bound: the earlier WHEN already failed for those rows, so each row costs one comparison per bucket
 * it passes. A NULL value falls in no bucket.
 */
export function keyExpr(dim: Dimension, d: Dialect, outer: string): string {
  if (dim.buckets) {
    const v = value(dim.buckets.value, d, outer);
    const ranges = dim.buckets.ranges;
    const whens = ranges.map((r, i) => {
      const implied = i > 0 && r.gte !== undefined && r.gte === ranges[i - 1]?.lt;
      const conds = [
        r.gte === undefined || implied ? null : `${v} >= ${r.gte}`,
        r.lt === undefined ? null : `${v} < ${r.lt}`,
      ].filter(Boolean);
      return `WHEN ${conds.join(" AND ") || `${v} IS NOT NULL`} THEN ${i}`;
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
