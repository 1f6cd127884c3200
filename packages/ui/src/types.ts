/**
 * The report shapes the UI renders, from report-defs (type-only: nothing of report-defs' runtime,
 * zod included, reaches the browser bundle through these).
 */
import type { KpiResult as KpiResultOf, MeasureInfo, ReportListItem } from "@tallyline/report-defs";

export type { GoodDirection, MeasureFormat } from "@tallyline/report-defs";
/** What a report measures: id, label, format, goodDirection and its one-sentence definition. */
export type Measure = MeasureInfo;
/** One item of `GET /api/v1/platform/report/list`. */
export type ReportDefinition = ReportListItem;
/** Shape of a report's result; only `kpi` is rendered so far. */
export type ReportShape = ReportListItem["shape"];
/** Result of `POST /api/v1/report/{reportId}/fetch` for a `kpi` report. */
export type KpiResult = KpiResultOf;
/** One calendar day of a KPI's period; `total` is null on empty days for averages and rates. */
export type BreakdownPoint = KpiResultOf["breakdown"][number];
