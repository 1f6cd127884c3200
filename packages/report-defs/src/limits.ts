/**
 * Bounds on the size of a result, checked before any SQL runs, so that no query can ask for an
 * answer of many megabytes. The window itself is bounded by query.ts (at most 3660 days, an hourly
 * grain at most 93), which bounds the buckets: at most 3660 days, 2232 hours, 524 weeks or 121
 * months. Here: the series of a split timeseries and their points.
 */

import { daysBetween } from "@tallyline/warehouse/time";
import type { ReportDefinition } from "./definition";
import { ReportError } from "./errors";
import type { Period, ReportQuery } from "./query";

/** Most series of a timeseries split by a dimension (one per value), whatever `limit` asks. */
export const MAX_SERIES = 100;
/** Most points (series x buckets) of a timeseries. */
export const MAX_POINTS = 100_000;

/** Default number of series of a split timeseries (result.ts shapes that many). */
const DEFAULT_SERIES = 20;

/** How many buckets of `period.grain` its current window has, at most (weeks and months that overlap it). */
export function bucketCount(period: Period): number {
  const days = daysBetween(period.from, period.to) + 1;
  switch (period.grain) {
    case "hour":
      return days * 24;
    case "day":
      return days;
    case "week":
      return Math.ceil(days / 7) + 1;
    case "month":
      return Math.ceil(days / 28) + 1;
  }
}

/**
 * Throws {@link ReportError} 'invalid_query' when the result of `def` for `query` over `period`
 * would exceed the bounds: more than {@link MAX_SERIES} series of a split timeseries (`limit`), or
 * more than {@link MAX_POINTS} points (series x buckets: shorten the period or choose a coarser grain).
 */
export function checkResultSize(def: ReportDefinition, query: ReportQuery, period: Period): void {
  if (def.shape !== "timeseries") return;
  const split = Boolean(def.dimension);
  if (split && query.limit !== undefined && query.limit > MAX_SERIES) {
    throw new ReportError(
      "invalid_query",
      `limit: a timeseries split by ${def.dimension?.label.toLowerCase()} shows at most ${MAX_SERIES} series`,
      "limit",
    );
  }
  const series = split ? (query.limit ?? def.dimension?.limit ?? DEFAULT_SERIES) : def.measures.length;
  const points = series * bucketCount(period);
  if (points > MAX_POINTS) {
    throw new ReportError(
      "invalid_query",
      `grain: ${series} series of ${bucketCount(period)} ${period.grain} buckets would be ${points.toLocaleString("en-US")} points, over ${MAX_POINTS.toLocaleString("en-US")}: choose a shorter period, a coarser grain or a lower limit`,
      "grain",
    );
  }
}
