import type { GoodDirection } from "./types";

/** How a change reads for the business: `good`, `bad` or `neutral` (no change, no comparison, or no preferred direction). */
export type Tone = "good" | "bad" | "neutral";

/** Direction of a change: `up`, `down` or `flat` (zero), or `none` when there is nothing to compare with. */
export type Trend = "up" | "down" | "flat" | "none";

/** The direction of `value - previousValue`; null (no comparison) gives `none`. */
export function trendOf(change: number | null | undefined): Trend {
  if (typeof change !== "number" || !Number.isFinite(change)) return "none";
  if (change > 0) return "up";
  if (change < 0) return "down";
  return "flat";
}

/** Arrow shown beside a change: ▲ up, ▼ down, → flat; empty without a comparison. */
export const TREND_ARROW: Record<Trend, string> = { up: "▲", down: "▼", flat: "→", none: "" };

/**
 * Whether a change is good, using the measure's `goodDirection`: with "up" an increase is good,
 * with "down" a decrease is good (e.g. ASA, abandonment rate), with "neutral" every change is neutral.
 */
export function toneOf(trend: Trend, goodDirection: GoodDirection): Tone {
  if (goodDirection === "neutral" || trend === "flat" || trend === "none") return "neutral";
  return trend === goodDirection ? "good" : "bad";
}
