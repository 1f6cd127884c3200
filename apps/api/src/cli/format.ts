import type { KpiResult, MeasureFormat } from "@tallyline/report-defs";

/** Writes a value in its measure's format for a terminal: counts with separators, percent 0-100, seconds. */
export function formatValue(v: number | null, format: MeasureFormat): string {
  if (v === null) return "-";
  switch (format) {
    case "count":
      return Math.round(v).toLocaleString("en-US");
    case "percent":
      return `${v.toFixed(1)}%`;
    case "duration":
      return `${v.toFixed(1)} s`;
    default:
      return v.toFixed(2);
  }
}

/** A KPI result as plain text: the value, the change, and the daily breakdown. */
export function formatKpi(r: KpiResult): string {
  const f = (v: number | null) => formatValue(v, r.measure.format);
  const change =
    r.change === null
      ? ""
      : ` (${r.change >= 0 ? "+" : ""}${f(r.change)}${r.changePercent === null ? "" : `, ${r.changePercent >= 0 ? "+" : ""}${r.changePercent.toFixed(1)}%`} vs ${r.previousFrom} to ${r.previousTo}: ${f(r.previousValue)})`;
  return [
    `${r.measure.label}, ${r.period} (${r.timezone}): ${f(r.value)}${change}`,
    `  ${r.measure.definition}`,
    ...r.breakdown.map((p) => `  ${p.date}  ${f(p.total).padStart(12)}`),
  ].join("\n");
}
