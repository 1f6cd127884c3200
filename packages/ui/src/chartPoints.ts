/**
 * Readable at any range, the pure parts: how many buckets a period has at each grain, the finest
 * grain whose buckets fit the pixels a chart has ({@link fitGrain}), and how a many-series chart
 * keeps its top series and folds the rest ({@link foldSeries}). No numbers are computed here that
 * the API did not give: a coarser grain is asked of the API (its buckets are exact and drillable),
 * and a fold sums only additive series (counts and sums, whose totals the API adds up too).
 */
import type { TimeseriesResult, TimeseriesSeries } from "./types";

/** The grains of the report query, finest first. */
export const GRAINS = ["hour", "day", "week", "month"] as const;
/** One of {@link GRAINS}. */
export type Grain = (typeof GRAINS)[number];

/** The fewest CSS pixels one bucket of a chart gets: below that, points run into each other. */
export const MIN_PX_PER_POINT = 4;

/** Most days an hourly grain covers (the API refuses more: report-defs query.ts MAX_HOURLY_DAYS). */
export const MAX_HOURLY_DAYS = 93;

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of `YYYY-MM-DD`; throws RangeError naming the value when it is not one. */
function dayNumber(date: string): number {
  const m = ISO_DATE.exec(date);
  if (!m) throw new RangeError(`not a calendar day YYYY-MM-DD: "${date}"`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS;
}

/**
 * The buckets of the days `from` to `to` (both included, `YYYY-MM-DD`) at `grain`: 24 per day for
 * hours, one per day, one per ISO week (Monday to Sunday) touched, one per calendar month touched,
 * as the API's results have them. 0 when `to` is before `from`. Throws RangeError for a value that
 * is not a calendar day.
 */
export function bucketCount(grain: Grain, from: string, to: string): number {
  const first = dayNumber(from);
  const last = dayNumber(to);
  if (last < first) return 0;
  const days = last - first + 1;
  switch (grain) {
    case "hour":
      return days * 24;
    case "day":
      return days;
    case "week": {
      // 1970-01-01 was a Thursday: day n is a Monday when (n + 3) % 7 === 0.
      const monday = (n: number) => n - ((n + 3) % 7);
      return (monday(last) - monday(first)) / 7 + 1;
    }
    case "month": {
      const a = new Date(first * DAY_MS);
      const b = new Date(last * DAY_MS);
      return (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + b.getUTCMonth() - a.getUTCMonth() + 1;
    }
  }
}

/**
 * The grain a chart `widthPx` CSS pixels wide draws the days `from` to `to` in: `wanted` (the
 * query's or the report's grain) when its buckets get at least `minPx` pixels each, else the next
 * coarser grain that does (hour, day, week, month), else month. Never finer than `wanted`; an hourly
 * grain past {@link MAX_HOURLY_DAYS} days is days (as the API answers). A width of 0 or less (not laid
 * out yet) keeps `wanted`.
 */
export function fitGrain(wanted: Grain, from: string, to: string, widthPx: number, minPx = MIN_PX_PER_POINT): Grain {
  if (!(widthPx > 0)) return wanted;
  const room = Math.floor(widthPx / minPx);
  const days = bucketCount("day", from, to);
  for (const grain of GRAINS.slice(GRAINS.indexOf(wanted))) {
    if (grain === "hour" && days > MAX_HOURLY_DAYS) continue;
    if (bucketCount(grain, from, to) <= room) return grain;
  }
  return "month";
}

/**
 * The id of the series that holds the folded ones. A dimension value spelled the same would only
 * lose its drill-down (it is then taken for "Others"), never show a wrong number.
 */
export const OTHERS_ID = "__others__";

/** A chart's series after {@link foldSeries}: the kept ones, maybe an "others" series, and what was folded. */
export interface FoldedSeries {
  /** The top series, in the result's order, then the "others" series when there is one. */
  readonly series: readonly TimeseriesSeries[];
  /** How many series were folded into "others" or, for measures that do not add up, left out. */
  readonly folded: number;
  /** True when the folded series are summed in the last series (id {@link OTHERS_ID}). */
  readonly summed: boolean;
}

/**
 * Keeps the first `top` series of a timeseries split by a dimension (the API sends them largest
 * first) and folds the rest: when the measure adds up (every series has a `total`: counts and sums),
 * into one series labelled "Others (n)" whose value per bucket is the sum of the folded series' values
 * (null only when all of them are null) and whose total is the sum of their totals; otherwise (averages,
 * rates: a sum would be a wrong number) they are left out and counted in `folded`. A result without
 * a dimension (one series per measure), or with at most `top + 1` series, comes back unchanged (folding
 * one series into "others" saves nothing).
 */
export function foldSeries(result: TimeseriesResult, top: number): FoldedSeries {
  const all = result.series;
  if (result.dimension === null || all.length <= top + 1) return { series: all, folded: 0, summed: false };
  const kept = all.slice(0, top);
  const rest = all.slice(top);
  const additive = rest.every((s) => s.total !== null);
  if (!additive) return { series: kept, folded: rest.length, summed: false };
  const first = rest[0] as TimeseriesSeries;
  const points = first.points.map((point, i) => {
    let sum: number | null = null;
    for (const s of rest) {
      const v = s.points[i]?.value ?? null;
      if (v !== null) sum = (sum ?? 0) + v;
    }
    return { date: point.date, value: sum };
  });
  const others: TimeseriesSeries = {
    id: OTHERS_ID,
    label: `Others (${rest.length})`,
    measureId: first.measureId,
    total: rest.reduce((sum, s) => sum + (s.total ?? 0), 0),
    points,
  };
  return { series: [...kept, others], folded: rest.length, summed: true };
}
