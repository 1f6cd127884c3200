import { formatIssue, type ImportSummary, type Warnings } from "@tallyline/ingest";
import {
  formatChange,
  formatChangePercent,
  formatValue,
  type KpiResult,
  type MeasureInfo,
  type ReportResult,
} from "@tallyline/report-defs";

const fmt = (m: MeasureInfo) => (v: number | null) => formatValue(v, m.format);

/** A KPI result as plain text: the value, the change against the previous period, and the breakdown. */
export function formatKpi(r: KpiResult): string {
  const f = fmt(r.measure);
  const change =
    r.change === null
      ? ""
      : ` (${formatChange(r.change, r.measure.format)}, ${formatChangePercent(r.changePercent)} vs ${r.previousFrom} to ${r.previousTo}: ${f(r.previousValue)})`;
  const stats = r.stats ? [`  median ${f(r.stats.median)}, p90 ${f(r.stats.p90)}`] : [];
  const peak = r.peakAt ? [`  at ${r.peakAt}`] : [];
  return [
    `${r.measure.label}, ${r.period} (${r.timezone}): ${f(r.value)}${change}`,
    ...stats,
    ...peak,
    `  ${r.measure.definition}`,
    ...r.breakdown.map((p) => `  ${p.date}  ${f(p.total).padStart(12)}`),
  ].join("\n");
}

/** Any report result as plain text, one line per row, bucket or cell. */
export function formatResult(r: ReportResult): string {
  const head = `${r.reportId}, ${r.period} (${r.timezone})`;
  if ("breakdown" in r) return formatKpi(r);
  if ("series" in r) {
    return [
      head,
      ...r.series.flatMap((s) => {
        const m = r.measures.find((x) => x.id === s.measureId) ?? r.measures[0];
        const f = m ? fmt(m) : String;
        return [`${s.label}:`, ...s.points.map((p) => `  ${p.date}  ${f(p.value).padStart(12)}`)];
      }),
    ].join("\n");
  }
  if ("cells" in r) {
    const f = fmt(r.measure);
    return [
      head,
      ...r.cells
        .filter((c) => c.value)
        .map((c) => `  weekday ${c.weekday} ${String(c.hour).padStart(2, "0")}:00  ${f(c.value)}`),
    ].join("\n");
  }
  if ("totals" in r) {
    return [
      head,
      `  ${r.dimension} | ${r.measures.map((m) => m.label).join(" | ")}`,
      ...r.rows.map((row) => `  ${row.label} | ${r.measures.map((m) => fmt(m)(row.values[m.id] ?? null)).join(" | ")}`),
    ].join("\n");
  }
  const f = fmt(r.measure);
  return [
    `${head}: ${r.measure.label} by ${r.dimension}, total ${f(r.total)}`,
    ...r.rows.map(
      (row) =>
        `  ${row.label.padEnd(30)} ${f(row.value).padStart(12)}${row.share === null ? "" : `  ${row.share.toFixed(1)}%`}`,
    ),
  ].join("\n");
}

/**
 * One line per imported file: rows per table, the seconds it took, the span of the data (first and
 * last day in the report zone), the records left out, and whether the demo data went first.
 */
export function describeImport(file: string, s: ImportSummary, demoRemoved: boolean): string {
  if (s.status === "unchanged") return `${file}: already imported (same SHA-256), nothing changed`;
  const rows = Object.entries(s.rowsByTable)
    .filter(([, n]) => n > 0)
    .map(([t, n]) => `${n.toLocaleString("en-US")} ${t}`)
    .join(", ");
  const span = s.span
    ? `; data from ${s.span.firstDay} to ${s.span.lastDay} (${s.span.timezone})`
    : "; no rows with a date or time";
  const rejected =
    s.rejected > 0 ? `; ${s.rejected.toLocaleString("en-US")} records left out, listed in ${s.rejectPath}` : "";
  const demo = demoRemoved ? "; the demo data was removed first" : "";
  const via = s.mapping ? ` (read through ${s.mapping})` : "";
  return `${file}: imported ${rows || "no rows"} in ${(s.durationMs / 1000).toFixed(1)} s${via}${span}${rejected}${demo}`;
}

/** Warnings shown after an import's summary line. */
const SHOWN_WARNINGS = 5;

/**
 * The text lines of an import's warnings: their number, the first {@link SHOWN_WARNINGS} (file, line,
 * column, value, what was done instead), and how many more there are and where to find them.
 */
export function warningLines(w: Warnings): string[] {
  if (w.total === 0) return [];
  const head = `  ${w.total.toLocaleString("en-US")} warning(s): values not used as written, their rows kept`;
  const shown = w.first.slice(0, SHOWN_WARNINGS).map((i) => `    ${formatIssue(i)}`);
  const rest = w.total - shown.length;
  const more =
    rest > 0
      ? [
          `    ... and ${rest.toLocaleString("en-US")} more (--json lists the first ${w.first.length}; so does the imports table)`,
        ]
      : [];
  return [head, ...shown, ...more];
}
