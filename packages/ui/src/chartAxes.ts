/**
 * What the ECharts options of the daily and timeseries charts share: the grid, and value axes
 * that write their labels in the measure's format with steps that suit it.
 */
import { formatValue } from "./format";
import type { MeasureFormat } from "./types";

/** Writes an axis label or tooltip value (ECharts passes `unknown`) in a measure's format. */
export const writerOf =
  (format: MeasureFormat) =>
  (value: unknown): string =>
    formatValue(typeof value === "number" ? value : null, format);

/** The plot fills the chart's box, axis labels included. */
export const CHART_GRID = {
  left: 8,
  right: 16,
  top: 16,
  bottom: 8,
  outerBoundsMode: "same",
  outerBoundsContain: "axisLabel",
} as const;

/** Steps of a duration axis, in seconds: whole seconds, minutes, hours, then days. */
const DURATION_STEPS = [
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 14400, 21600, 43200, 86400,
];

/** The step (seconds) of a duration axis up to `max` seconds: the smallest in whole units that gives at most `ticks` steps. */
export function durationStep(max: number, ticks = 5): number {
  return DURATION_STEPS.find((step) => max / step <= ticks) ?? Math.ceil(max / ticks / 86400) * 86400;
}

/**
 * A value axis for `values` in `format`: labels in the format; counts step by whole numbers;
 * durations step by whole seconds, minutes or hours ("2:00", not "2:46:40"), up to the next step.
 */
export function valueAxis(format: MeasureFormat, values: readonly (number | null)[]) {
  const largest = Math.max(0, ...values.map((v) => v ?? 0));
  const step = format === "duration" && largest > 0 ? durationStep(largest) : undefined;
  return {
    type: "value" as const,
    minInterval: format === "count" ? 1 : 0,
    ...(step ? { interval: step, max: Math.ceil(largest / step) * step } : {}),
    axisLabel: { formatter: writerOf(format) },
  };
}
