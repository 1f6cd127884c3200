/**
 * The seed-000 rules every figure of a narrative report carries: the sample-size band, the
 * pass-rate band, and the trend arrow with its stable band stated.
 */

/** Sample-size bands (seed 000 "Sample Size"): under 20 insufficient, 20+ meaningful, 50+ reliable, 100+ high confidence. */
export type SampleBand = "insufficient" | "meaningful" | "reliable" | "high_confidence";
/** Pass-rate bands (seed 000 "Pass Rate Thresholds"): 90+ excellent, 70-89 good, 50-69 concerning, under 50 critical. */
export type PassBand = "excellent" | "good" | "concerning" | "critical";

/** The band of a sample of `size` calls (or conversations). */
export function sampleBand(size: number): SampleBand {
  if (size >= 100) return "high_confidence";
  if (size >= 50) return "reliable";
  if (size >= 20) return "meaningful";
  return "insufficient";
}

/** The band of a pass rate in percent (0-100), by the unrounded value (89.96 is good, not excellent). */
export function passBand(percent: number): PassBand {
  if (percent >= 90) return "excellent";
  if (percent >= 70) return "good";
  if (percent >= 50) return "concerning";
  return "critical";
}

/** Words of a band, as the seed's tables write them. */
export const BAND_WORDS: Record<SampleBand | PassBand, string> = {
  insufficient: "insufficient",
  meaningful: "meaningful",
  reliable: "reliable",
  high_confidence: "high confidence",
  excellent: "excellent",
  good: "good",
  concerning: "concerning",
  critical: "critical",
};

/** A trend: the arrow, the direction of the value, whether that is good, and the stable band used. */
export interface Trend {
  /** ↑ the value rose past the stable band, ↓ fell past it, → within it; '–' without a previous value. */
  readonly arrow: "↑" | "↓" | "→" | "–";
  readonly direction: "up" | "down" | "stable" | "unknown";
  /** improving / declining by the measure's good direction; 'stable'; 'neutral' for counts; 'unknown'. */
  readonly meaning: "improving" | "declining" | "stable" | "neutral" | "unknown";
  /** The stable band, stated: "within ±2.0 points" or "within ±5% of the previous value". */
  readonly stableBand: string;
}

/** Percentage points (percent measures) or score points (0-100 scores) within which a change is stable. */
export const STABLE_POINTS = 2;
/** Relative change, in percent of the previous value, within which a count or time is stable. */
export const STABLE_RELATIVE_PERCENT = 5;

/**
 * The trend of `value` against `previous`. Percentages and scores (0-100) are stable within
 * ±{@link STABLE_POINTS} points; counts, times and rates within ±{@link STABLE_RELATIVE_PERCENT}%
 * of the previous value (a previous 0 with a value above 0 is up). `good` is the measure's good
 * direction ('up', 'down', 'neutral').
 */
export function trendOf(
  value: number | null,
  previous: number | null,
  unit: "percent" | "score" | "count" | "seconds" | "rate_per_minute",
  good: "up" | "down" | "neutral",
): Trend {
  const points = unit === "percent" || unit === "score";
  const stableBand = points
    ? `within ±${STABLE_POINTS.toFixed(1)} points`
    : `within ±${STABLE_RELATIVE_PERCENT}% of the previous value`;
  if (value === null || previous === null) return { arrow: "–", direction: "unknown", meaning: "unknown", stableBand };
  let direction: Trend["direction"];
  if (points) {
    const change = value - previous;
    direction = Math.abs(change) < STABLE_POINTS ? "stable" : change > 0 ? "up" : "down";
  } else if (previous === 0) {
    direction = value === 0 ? "stable" : value > 0 ? "up" : "down";
  } else {
    const rel = (100 * (value - previous)) / Math.abs(previous);
    direction = Math.abs(rel) < STABLE_RELATIVE_PERCENT ? "stable" : rel > 0 ? "up" : "down";
  }
  const arrow = direction === "up" ? "↑" : direction === "down" ? "↓" : "→";
  let meaning: Trend["meaning"] = "stable";
  if (direction !== "stable") meaning = good === "neutral" ? "neutral" : direction === good ? "improving" : "declining";
  return { arrow, direction, meaning, stableBand };
}
