import { formatChange, formatChangePercent, formatValue, type KpiResult } from "@tallyline/report-defs";

/** A KPI result as plain text: the value, the change against the previous period, and the daily breakdown. */
export function formatKpi(r: KpiResult): string {
  const f = (v: number | null) => formatValue(v, r.measure.format);
  const change =
    r.change === null
      ? ""
      : ` (${formatChange(r.change, r.measure.format)}, ${formatChangePercent(r.changePercent)} vs ${r.previousFrom} to ${r.previousTo}: ${f(r.previousValue)})`;
  return [
    `${r.measure.label}, ${r.period} (${r.timezone}): ${f(r.value)}${change}`,
    `  ${r.measure.definition}`,
    ...r.breakdown.map((p) => `  ${p.date}  ${f(p.total).padStart(12)}`),
  ].join("\n");
}
