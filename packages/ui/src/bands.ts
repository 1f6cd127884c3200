import type { Threshold } from "./types";

/**
 * The label of the band a value falls in: the band with the highest `min` that the value reaches
 * (thresholds give each band's lowest value, seed 000: Excellent 90, Good 70, Concerning 50,
 * Critical 0). Undefined without a value, without thresholds, or below every band.
 */
export function bandOf(value: number | null, thresholds: readonly Threshold[] | undefined): string | undefined {
  if (value === null || !thresholds) return undefined;
  return [...thresholds].sort((a, b) => b.min - a.min).find((t) => value >= t.min)?.label;
}
