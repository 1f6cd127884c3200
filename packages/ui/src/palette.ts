/**
 * Colours of the charts. Series colours are told apart by hue for the first ten series; series 11-20
 * repeat the hues with a dashed line, so a chart of 20 agents stays readable.
 */

/** The accent colour: single-series charts, ranking bars and heatmap cells. */
export const ACCENT = "#2563eb";

/** Ten hues, in the order series get them. */
export const SERIES_COLORS = [
  "#2563eb",
  "#f59e0b",
  "#10b981",
  "#ef4444",
  "#8b5cf6",
  "#06b6d4",
  "#db2777",
  "#65a30d",
  "#64748b",
  "#ea580c",
] as const;

/** How the `index`-th series (0-based) is drawn: its colour and whether its line is dashed. */
export function seriesStyle(index: number): { color: string; dashed: boolean } {
  const color = SERIES_COLORS[index % SERIES_COLORS.length] ?? ACCENT;
  return { color, dashed: Math.floor(index / SERIES_COLORS.length) % 2 === 1 };
}
