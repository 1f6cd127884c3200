/**
 * Result shapes (zod, named for the OpenAPI document) and the functions that turn the compiler's
 * rows into them. Every result carries its measures' one-sentence definitions.
 */
import { z } from "zod";
import { bucketLabel, bucketsOf, realMinuteLabel } from "./buckets";
import {
  GoodDirection,
  type MeasureDefinition,
  MeasureFormat,
  type ReportDefinition,
  SampleRule,
  Threshold,
} from "./definition";
import type { Period } from "./query";
import { dimensionFilterOf, RecordKind, recordsOf } from "./records";
import { countsBeside } from "./sql";

/** What a result says about a measure, so it can be rendered and audited on its own. */
export const MeasureInfo = z
  .object({
    id: z.string(),
    label: z.string(),
    format: MeasureFormat,
    goodDirection: GoodDirection,
    definition: z.string(),
  })
  .meta({ id: "MeasureInfo" });
export type MeasureInfo = z.infer<typeof MeasureInfo>;

const num = z.number().nullable();

/** Fields every result has: the report, its shape and the exact windows. */
const ResultBase = {
  reportId: z.string(),
  shape: z.string(),
  /** Human label: 'last 30 days' (seed 001) or '1999-02-01 to 1999-02-28'. */
  period: z.string(),
  from: z.string(),
  to: z.string(),
  previousFrom: z.string().nullable(),
  previousTo: z.string().nullable(),
  timezone: z.string(),
  grain: z.enum(["hour", "day", "week", "month"]),
  /** Values of the report's parameters used (e.g. serviceLevelSecs: 20), for reports that take any. */
  parameters: z.record(z.string(), z.number()).optional(),
};

/** Sample size and the label of the sample-size rule it meets (seed 000: insufficient under 20 calls). */
export const Sample = z.object({ size: z.number(), label: z.string() });
export type Sample = z.infer<typeof Sample>;

/**
 * The number of events an average, median or p90 is taken over (issue 16: "a count of events beside
 * every average, per bucket"): the rows whose value it averages, 0 where there were none. Present
 * only for such measures, on every bucket, row and total that carries their value.
 */
const eventCount = z.number().int().nonnegative().optional();

/** One bucket of a KPI breakdown (seed 001 shape). `total` is null for averages/rates on buckets without rows; `count` as {@link eventCount}. */
export const BreakdownPoint = z.object({ date: z.string(), total: num, count: eventCount });

/** Mean, median and p90 of the values behind a time measure, in the measure's unit (seconds). */
export const Stats = z.object({ mean: num, median: num, p90: num });

/**
 * A KPI: the seed-001 shape `{ value, change, period, breakdown: [{ date, total }] }` plus previous
 * value, change in percent (0-100 scale, relative to |previous|), the windows, `stats` for time
 * measures and `peakAt` for peak-per-minute measures: the busiest minute in local time,
 * 'YYYY-MM-DDTHH:MM', with its UTC offset appended when that local minute happens twice (the hour
 * an autumn change repeats: '2026-10-25T02:47+01:00').
 */
export const KpiResult = z
  .object({
    ...ResultBase,
    value: num,
    previousValue: num,
    change: num,
    changePercent: num,
    breakdown: z.array(BreakdownPoint),
    /** Events behind `value` (and `stats`), for averages, medians and p90s: see {@link eventCount}. */
    count: eventCount,
    /** Events behind `previousValue`, likewise (absent without a previous window). */
    previousCount: eventCount,
    stats: Stats.optional(),
    peakAt: z.string().nullable().optional(),
    sample: Sample.optional(),
    thresholds: z.array(Threshold).optional(),
    minSample: z.array(SampleRule).optional(),
    measure: MeasureInfo,
  })
  .meta({ id: "KpiResult" });
export type KpiResult = z.infer<typeof KpiResult>;

/** Series over buckets: one per measure, or one per dimension value (top `limit` by total). */
export const TimeseriesResult = z
  .object({
    ...ResultBase,
    measures: z.array(MeasureInfo),
    dimension: z.string().nullable(),
    series: z.array(
      z.object({
        id: z.string(),
        label: z.string(),
        measureId: z.string(),
        total: num,
        /** Events behind the series' points over the whole window, for averages (see {@link eventCount}). */
        count: eventCount,
        points: z.array(
          z.object({ date: z.string(), value: num, peakAt: z.string().nullable().optional(), count: eventCount }),
        ),
      }),
    ),
  })
  .meta({ id: "TimeseriesResult" });
export type TimeseriesResult = z.infer<typeof TimeseriesResult>;

/**
 * Ranking / distribution: rows by dimension value, highest first (a distribution over buckets keeps
 * the buckets' order), with `share` in percent (0-100) of the total for counts and sums, the
 * previous period's value and the change; rows past `limit` are summed in `others`.
 */
export const RankingResult = z
  .object({
    ...ResultBase,
    measure: MeasureInfo,
    dimension: z.string(),
    total: num,
    previousTotal: num,
    /** Events behind `total`, for averages (see {@link eventCount}). */
    totalCount: eventCount,
    rows: z.array(
      z.object({
        key: z.string().nullable(),
        label: z.string(),
        value: num,
        share: num,
        previousValue: num,
        change: num,
        /** Events behind `value`, for averages (see {@link eventCount}). */
        count: eventCount,
        /** Events behind `previousValue`, likewise. */
        previousCount: eventCount,
      }),
    ),
    others: z.object({ count: z.number(), value: num, share: num }).nullable(),
    thresholds: z.array(Threshold).optional(),
  })
  .meta({ id: "RankingResult" });
export type RankingResult = z.infer<typeof RankingResult>;

/** A table: rows by dimension value with several measures, the previous period's values, and totals. */
export const TableResult = z
  .object({
    ...ResultBase,
    measures: z.array(MeasureInfo),
    dimension: z.string(),
    rows: z.array(
      z.object({
        key: z.string().nullable(),
        label: z.string(),
        values: z.record(z.string(), num),
        previous: z.record(z.string(), num),
        /** Events behind each average-like measure's value, by measure id (see {@link eventCount}); absent without one. */
        counts: z.record(z.string(), z.number()).optional(),
        sample: Sample.optional(),
        /** 'top' / 'bottom' performer by the highlighted measure among rows with a sufficient sample. */
        rank: z.enum(["top", "bottom"]).nullable().optional(),
      }),
    ),
    totals: z.object({
      values: z.record(z.string(), num),
      previous: z.record(z.string(), num),
      counts: z.record(z.string(), z.number()).optional(),
    }),
    thresholds: z.array(Threshold).optional(),
    minSample: z.array(SampleRule).optional(),
  })
  .meta({ id: "TableResult" });
export type TableResult = z.infer<typeof TableResult>;

/** A weekday x hour grid of the current window: 168 cells, weekday 1 = Monday, hours 0-23 local. */
export const HeatmapResult = z
  .object({
    ...ResultBase,
    measure: MeasureInfo,
    cells: z.array(z.object({ weekday: z.number(), hour: z.number(), value: num, count: eventCount })),
  })
  .meta({ id: "HeatmapResult" });
export type HeatmapResult = z.infer<typeof HeatmapResult>;

/** Any report result. */
export type ReportResult = KpiResult | TimeseriesResult | RankingResult | TableResult | HeatmapResult;

/** The measure's presentation fields, as carried by every result. */
export function measureInfo(m: MeasureDefinition): MeasureInfo {
  return { id: m.id, label: m.label, format: m.format, goodDirection: m.goodDirection, definition: m.definition };
}

/** True when an empty set of rows aggregates to 0 (counts, sums) rather than to "no value" (averages, rates, peaks). */
export function zeroWhenEmpty(m: MeasureDefinition): boolean {
  return ["count", "countDistinct", "sum"].includes(m.aggregate.fn);
}

/** True when a result gives the measure's count of events beside its value (an average, median or p90). */
export function hasEventCount(m: MeasureDefinition): boolean {
  return countsBeside(m.aggregate);
}

type Row = Record<string, unknown>;
const n = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
/** The count of events in column `col` of `r` (absent row or NULL: none, 0). */
const countIn = (r: Row | undefined, col: string): number => (r ? Number(r[col] ?? 0) : 0);
const diff = (a: number | null, b: number | null) => (a !== null && b !== null ? a - b : null);

function base(def: ReportDefinition, p: Period) {
  return {
    reportId: def.id,
    shape: def.shape,
    period: p.label,
    from: p.from,
    to: p.to,
    previousFrom: p.previousFrom,
    previousTo: p.previousTo,
    timezone: p.timezone,
    grain: p.grain,
  };
}

/**
 * KPI rows -> {@link KpiResult}: every bucket of the period appears (0 for counts on empty buckets,
 * null for averages, rates and peaks); `change` = value - previous; `changePercent` = 100 x change /
 * |previous| (null when previous is 0 or null).
 */
export function shapeKpi(def: ReportDefinition, p: Period, rows: readonly Row[]): KpiResult {
  const m = def.measures[0] as MeasureDefinition;
  const empty = zeroWhenEmpty(m) ? 0 : null;
  const byBucket = new Map<string, number | null>();
  const counted = hasEventCount(m);
  const countByBucket = new Map<string, number>();
  let current: Row | undefined;
  let previous: Row | undefined;
  for (const r of rows) {
    if (r.bucket === null || r.bucket === undefined) {
      if (r.is_current) current = r;
      else previous = r;
    } else if (r.is_current) {
      const date = bucketLabel(p.grain, r.bucket);
      byBucket.set(date, n(r.v0));
      if (counted) countByBucket.set(date, countIn(r, "n0"));
    }
  }
  const value = current ? n(current.v0) : empty;
  const previousValue = p.previousFrom ? (previous ? n(previous.v0) : empty) : null;
  const change = diff(value, previousValue);
  return {
    ...base(def, p),
    value,
    previousValue,
    change,
    changePercent: change !== null && previousValue ? (100 * change) / Math.abs(previousValue) : null,
    breakdown: bucketsOf(p.grain, p.from, p.to).map((date) => ({
      date,
      total: byBucket.has(date) ? (byBucket.get(date) ?? null) : empty,
      ...(counted ? { count: countByBucket.get(date) ?? 0 } : {}),
    })),
    ...(counted
      ? { count: countIn(current, "n0"), ...(p.previousFrom ? { previousCount: countIn(previous, "n0") } : {}) }
      : {}),
    ...(m.stats ? { stats: { mean: value, median: n(current?.median), p90: n(current?.p90) } } : {}),
    ...(m.aggregate.fn === "peakPerMinute"
      ? { peakAt: realMinuteLabel(current?.peak_minute, current?.peak_at, p.timezone) }
      : {}),
    ...(def.sample ? { sample: sampleOf(def, n(current?.sample) ?? 0) } : {}),
    ...(def.thresholds ? { thresholds: def.thresholds } : {}),
    ...(def.minSample ? { minSample: def.minSample } : {}),
    measure: measureInfo(m),
  };
}

/** The sample size with the label of the highest rule it meets ('' without rules). */
export function sampleOf(def: ReportDefinition, size: number): Sample {
  let rules = sampleRules.get(def);
  if (!rules) {
    rules = [...(def.minSample ?? [])].sort((a, b) => b.min - a.min);
    sampleRules.set(def, rules);
  }
  return { size, label: rules.find((r) => size >= r.min)?.label ?? "" };
}

/** Each definition's sample rules, highest first, sorted once (a table labels every row's sample). */
const sampleRules = new WeakMap<ReportDefinition, NonNullable<ReportDefinition["minSample"]>>();

/** Timeseries rows -> {@link TimeseriesResult}; empty buckets are 0 for counts and null otherwise. */
export function shapeTimeseries(
  def: ReportDefinition,
  p: Period,
  rows: readonly Row[],
  limit: number | undefined,
): TimeseriesResult {
  const buckets = bucketsOf(p.grain, p.from, p.to);
  const dim = def.dimension;
  type Series = TimeseriesResult["series"][number];
  // Rows of a split repeat the same buckets: label each once.
  const dates = new Map<unknown, string>();
  const dateOf = (bucket: unknown) => {
    let date = dates.get(bucket);
    if (date === undefined) {
      date = bucketLabel(p.grain, bucket);
      dates.set(bucket, date);
    }
    return date;
  };
  const make = (id: string, label: string, m: MeasureDefinition, of: readonly Row[], col: string): Series => {
    const byBucket = new Map<string, Row>();
    for (const r of of) byBucket.set(dateOf(r.bucket), r);
    const empty = zeroWhenEmpty(m) ? 0 : null;
    const peak = m.aggregate.fn === "peakPerMinute";
    const counted = hasEventCount(m);
    const countCol = `n${col.slice(1)}`;
    let sum = 0;
    let events = 0;
    const points = buckets.map((date) => {
      const r = byBucket.get(date);
      const value = r ? n(r[col]) : empty;
      if (value !== null) sum += value;
      if (peak) return { date, value, peakAt: realMinuteLabel(r?.peak_minute, r?.peak_at, p.timezone) };
      if (!counted) return { date, value };
      const count = countIn(r, countCol);
      events += count;
      return { date, value, count };
    });
    // A sum over buckets is the period's total only for additive measures (not distinct counts).
    const total = m.aggregate.fn === "count" || m.aggregate.fn === "sum" ? sum : null;
    return { id, label, measureId: m.id, total, ...(counted ? { count: events } : {}), points };
  };
  let series: Series[];
  if (dim) {
    const m = def.measures[0] as MeasureDefinition;
    // Per dimension value: its label (that of its last row), its sum over buckets and its rows.
    const byKey = new Map<string | null, { label: unknown; total: number; rows: Row[] }>();
    for (const r of rows) {
      const key = r.key === null || r.key === undefined ? null : String(r.key);
      const v = n(r.v0) ?? 0;
      const s = byKey.get(key);
      if (s) {
        s.label = r.label;
        s.total += v;
        s.rows.push(r);
      } else byKey.set(key, { label: r.label, total: v, rows: [r] });
    }
    const keys = [...byKey.entries()]
      .sort((a, b) => b[1].total - a[1].total || collator.compare(String(a[0]), String(b[0])))
      .map(([k]) => k);
    // Series of a split are the top values by their sum over buckets; all-zero series are left out.
    series = keys
      .filter((key) => (byKey.get(key)?.total ?? 0) !== 0)
      .slice(0, limit ?? dim.limit ?? 20)
      .map((key) => {
        const s = byKey.get(key);
        return make(key ?? "", keyLabel(dim, key, s?.label), m, s?.rows ?? [], "v0");
      });
  } else {
    series = def.measures.map((m, i) => make(m.id, m.label, m, rows, `v${i}`));
  }
  return { ...base(def, p), measures: def.measures.map(measureInfo), dimension: dim?.label ?? null, series };
}

function keyLabel(dim: NonNullable<ReportDefinition["dimension"]>, key: string | null, looked: unknown): string {
  if (dim.buckets) return dim.buckets.ranges[Number(key)]?.label ?? String(key);
  if (looked !== null && looked !== undefined) return String(looked);
  return key ?? "(not set)";
}

/** `v0`, `v1`... made once: a table reads them for every row and measure. */
const VALUE_COLUMNS = Array.from({ length: 32 }, (_, i) => `v${i}`);

/** Grouped rows split into current and previous values per key, and the totals. */
function splitGrouped(rows: readonly Row[], measures: number) {
  const cur = new Map<string | null, Row>();
  const prev = new Map<string | null, Row>();
  let total: Row | undefined;
  let previousTotal: Row | undefined;
  /** Keys of the dimension's roster (compile.ts withRoster), each with its label: shown even without a row. */
  const roster = new Map<string, unknown>();
  for (const r of rows) {
    const key = r.key === null || r.key === undefined ? null : String(r.key);
    if (r.roster) {
      if (key !== null) roster.set(key, r.label);
    } else if (r.is_total) {
      if (r.is_current) total = r;
      else previousTotal = r;
    } else (r.is_current ? cur : prev).set(key, r);
  }
  const pick = (r: Row | undefined, i: number) => (r ? n(r[VALUE_COLUMNS[i] ?? `v${i}`]) : null);
  return { cur, prev, total, previousTotal, pick, measures, roster };
}

/** Order of dimension values: highest value first; on a tie, set values by key, then the unset (NULL) one. */
function byValueThenKey(score: (key: string | null) => number | null) {
  // Each key's score once, not twice per comparison.
  const scores = new Map<string | null, number>();
  const of = (key: string | null) => {
    let s = scores.get(key);
    if (s === undefined) {
      s = score(key) ?? Number.NEGATIVE_INFINITY;
      scores.set(key, s);
    }
    return s;
  };
  return (a: string | null, b: string | null): number =>
    of(b) - of(a) || (a === null ? 1 : 0) - (b === null ? 1 : 0) || collator.compare(String(a), String(b));
}

/** What String.prototype.localeCompare does, without building a collator on every call. */
const collator = new Intl.Collator();

/** Ranking or distribution rows -> {@link RankingResult}. */
export function shapeRanking(
  def: ReportDefinition,
  p: Period,
  rows: readonly Row[],
  limit: number | undefined,
): RankingResult {
  const m = def.measures[0] as MeasureDefinition;
  const dim = def.dimension as NonNullable<ReportDefinition["dimension"]>;
  const { cur, prev, total, previousTotal, pick, roster } = splitGrouped(rows, 1);
  const empty = zeroWhenEmpty(m) ? 0 : null;
  const totalValue = total ? pick(total, 0) : empty;
  const shareable = zeroWhenEmpty(m);
  const share = (v: number | null) => (shareable && v !== null && totalValue ? (100 * v) / totalValue : null);
  const counted = hasEventCount(m);
  let keys = [...new Set([...cur.keys(), ...prev.keys(), ...roster.keys()])];
  if (dim.buckets) {
    keys = dim.buckets.ranges.map((_, i) => String(i)); // every bucket, in order, empty ones too
  } else {
    keys.sort(byValueThenKey((k) => pick(cur.get(k), 0)));
  }
  let all = keys.map((key) => {
    const value = cur.has(key) ? pick(cur.get(key), 0) : empty;
    const previousValue = p.previousFrom ? (prev.has(key) ? pick(prev.get(key), 0) : empty) : null;
    return {
      key,
      label: keyLabel(
        dim,
        key,
        cur.get(key)?.label ?? prev.get(key)?.label ?? (key === null ? undefined : roster.get(key)),
      ),
      value,
      share: share(value),
      previousValue,
      change: diff(value, previousValue),
      ...(counted
        ? {
            count: countIn(cur.get(key), "n0"),
            ...(p.previousFrom ? { previousCount: countIn(prev.get(key), "n0") } : {}),
          }
        : {}),
    };
  });
  // Column dimensions show only values present in either window (a value with nothing in both is
  // noise), and every key of the roster (an agent without activity is a finding).
  if (!dim.buckets)
    all = all.filter(
      (r) => (r.value ?? 0) !== 0 || (r.previousValue ?? 0) !== 0 || (r.key !== null && roster.has(r.key)),
    );
  const max = dim.buckets ? all.length : (limit ?? dim.limit ?? (def.shape === "ranking" ? 10 : all.length));
  const shown = all.slice(0, max);
  const rest = all.slice(max);
  const restValue = shareable ? rest.reduce((a, r) => a + (r.value ?? 0), 0) : null;
  return {
    ...base(def, p),
    measure: measureInfo(m),
    dimension: dim.label,
    total: totalValue,
    previousTotal: p.previousFrom ? (previousTotal ? pick(previousTotal, 0) : empty) : null,
    ...(counted ? { totalCount: countIn(total, "n0") } : {}),
    rows: shown,
    others: rest.length > 0 ? { count: rest.length, value: restValue, share: share(restValue) } : null,
    ...(def.thresholds ? { thresholds: def.thresholds } : {}),
  };
}

/** Table rows -> {@link TableResult}, rows ordered by the first measure, highest first. */
export function shapeTable(def: ReportDefinition, p: Period, rows: readonly Row[]): TableResult {
  const dim = def.dimension as NonNullable<ReportDefinition["dimension"]>;
  const { cur, prev, total, previousTotal, pick, roster } = splitGrouped(rows, def.measures.length);
  const record = (r: Row | undefined, fallback: (m: MeasureDefinition) => number | null) => {
    const out: Record<string, number | null> = {};
    def.measures.forEach((m, i) => {
      out[m.id] = r ? pick(r, i) : fallback(m);
    });
    return out;
  };
  const empty = (m: MeasureDefinition) => (zeroWhenEmpty(m) ? 0 : null);
  const none = () => null;
  const countedMeasures = def.measures.flatMap((m, i) => (hasEventCount(m) ? [[m.id, `n${i}`] as const] : []));
  const counts = (r: Row | undefined) =>
    countedMeasures.length
      ? { counts: Object.fromEntries(countedMeasures.map(([id, col]) => [id, countIn(r, col)])) }
      : {};
  const keys = dim.buckets
    ? dim.buckets.ranges.map((_, i) => String(i))
    : [...new Set([...cur.keys(), ...roster.keys()])];
  if (!dim.buckets) keys.sort(byValueThenKey((k) => pick(cur.get(k), 0)));
  const tableRows = keys.map((key) => ({
    key,
    label: keyLabel(
      dim,
      key,
      cur.get(key)?.label ?? prev.get(key)?.label ?? (key === null ? undefined : roster.get(key)),
    ),
    values: record(cur.get(key), empty),
    previous: p.previousFrom ? record(prev.get(key), empty) : record(undefined, none),
    ...counts(cur.get(key)),
    ...(def.sample ? { sample: sampleOf(def, n(cur.get(key)?.sample) ?? 0) } : {}),
  }));
  return {
    ...base(def, p),
    measures: def.measures.map(measureInfo),
    dimension: dim.label,
    rows: def.highlight ? withRanks(tableRows, def.highlight.measure, def) : tableRows,
    totals: {
      values: record(total, empty),
      previous: p.previousFrom ? record(previousTotal, empty) : record(undefined, none),
      ...counts(total),
    },
    ...(def.thresholds ? { thresholds: def.thresholds } : {}),
    ...(def.minSample ? { minSample: def.minSample } : {}),
  };
}

/**
 * Marks the top and bottom row by `measureId` (higher is better when the measure's goodDirection is
 * 'up', lower when 'down') among rows whose sample meets the lowest non-zero rule (seed 000: 20 calls);
 * with fewer than two such rows nothing is marked.
 */
function withRanks<R extends { values: Record<string, number | null>; sample?: Sample }>(
  rows: R[],
  measureId: string,
  def: ReportDefinition,
) {
  const floor = Math.min(...(def.minSample ?? []).map((r) => r.min).filter((m) => m > 0), Number.POSITIVE_INFINITY);
  const m = def.measures.find((x) => x.id === measureId);
  const sign = m?.goodDirection === "down" ? -1 : 1;
  const eligible = rows.filter(
    (r) => r.values[measureId] !== null && (r.sample ? r.sample.size >= (Number.isFinite(floor) ? floor : 0) : true),
  );
  if (eligible.length < 2) return rows.map((r) => ({ ...r, rank: null }));
  const ordered = [...eligible].sort((a, b) => sign * ((b.values[measureId] ?? 0) - (a.values[measureId] ?? 0)));
  const top = ordered[0];
  const bottom = ordered[ordered.length - 1];
  return rows.map((r) => ({ ...r, rank: r === top ? ("top" as const) : r === bottom ? ("bottom" as const) : null }));
}

/** Heatmap rows -> {@link HeatmapResult}: all 168 cells, 0 for counts where nothing happened. */
export function shapeHeatmap(def: ReportDefinition, p: Period, rows: readonly Row[]): HeatmapResult {
  const m = def.measures[0] as MeasureDefinition;
  const empty = zeroWhenEmpty(m) ? 0 : null;
  const at = new Map(rows.map((r) => [`${r.weekday}:${r.hour}`, r]));
  const counted = hasEventCount(m);
  const cells = [];
  for (let weekday = 1; weekday <= 7; weekday++) {
    for (let hour = 0; hour < 24; hour++) {
      const r = at.get(`${weekday}:${hour}`);
      cells.push({ weekday, hour, value: r ? n(r.v0) : empty, ...(counted ? { count: countIn(r, "n0") } : {}) });
    }
  }
  return { ...base(def, p), measure: measureInfo(m), cells };
}

/** A report as listed by `GET /api/v1/platform/report/list` (seed 001 fields plus the definition). */
export const ReportListItem = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    category: z.string(),
    shape: z.string(),
    version: z.number(),
    createdAt: z.string(),
    updatedAt: z.string(),
    source: z.string(),
    /** The first measure (KPIs have exactly one). */
    measure: MeasureInfo,
    measures: z.array(MeasureInfo),
    dimension: z.string().nullable(),
    filters: z.array(z.string()),
    /**
     * The filter (one of `filters`) whose values are the dimension's row keys, so a row can filter a
     * page ("filter the page by this"); null when no filter restricts the dimension's column.
     */
    dimensionFilter: z.string().nullable().optional(),
    /**
     * For each measure, the kind of records behind its figures (`POST /api/v1/report/{id}/records`):
     * call, check_result, conversation or assignment; null with the reason when it has none.
     */
    records: z
      .array(z.object({ measure: z.string(), kind: RecordKind.nullable(), reason: z.string().optional() }))
      .optional(),
    /**
     * The numbers a query may set (`parameters`), by name, with their label, unit and default, e.g.
     * `serviceLevelSecs: { label: "Service level: answered within", unit: "seconds", default: 20 }`;
     * absent for reports that take none. The values a result used are in its `parameters`.
     */
    parameters: z.record(z.string(), z.object({ label: z.string(), unit: z.string(), default: z.number() })).optional(),
  })
  .meta({ id: "ReportListItem" });
export type ReportListItem = z.infer<typeof ReportListItem>;

/** The list item of a definition. */
export function listItem(def: ReportDefinition): ReportListItem {
  return {
    id: def.id,
    name: def.name,
    description: def.description,
    category: def.category,
    shape: def.shape,
    version: def.version,
    createdAt: def.createdAt,
    updatedAt: def.updatedAt,
    source: def.source,
    measure: measureInfo(def.measures[0] as MeasureDefinition),
    measures: def.measures.map(measureInfo),
    dimension: def.dimension?.label ?? null,
    filters: def.filters,
    dimensionFilter: dimensionFilterOf(def),
    records: recordsOf(def),
    ...(def.parameters
      ? {
          parameters: Object.fromEntries(
            Object.entries(def.parameters).map(([name, p]) => [
              name,
              { label: p.label, unit: p.unit, default: p.default },
            ]),
          ),
        }
      : {}),
  };
}
