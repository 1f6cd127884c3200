/**
 * The report shapes the UI renders, from report-defs (type-only: nothing of report-defs' runtime,
 * zod included, reaches the browser bundle through these).
 */
import type {
  HeatmapResult as HeatmapResultOf,
  KpiResult as KpiResultOf,
  MeasureInfo,
  RankingResult as RankingResultOf,
  ReportListItem,
  TableResult as TableResultOf,
  TimeseriesResult as TimeseriesResultOf,
} from "@tallyline/report-defs";

export type { GoodDirection, MeasureFormat, ReportShape } from "@tallyline/report-defs";
/** What a report measures: id, label, format, goodDirection and its one-sentence definition. */
export type Measure = MeasureInfo;
/** One item of `GET /api/v1/platform/report/list`. */
export type ReportDefinition = ReportListItem;

/** Result of `POST /api/v1/report/{reportId}/fetch` for a `kpi` report. */
export type KpiResult = KpiResultOf;
/** One bucket of a KPI's period; `total` is null on empty buckets for averages and rates. */
export type BreakdownPoint = KpiResultOf["breakdown"][number];
/** Mean, median and p90 of the values behind a time measure, in seconds. */
export type Stats = NonNullable<KpiResultOf["stats"]>;
/** A sample size and the label of the sample-size rule it meets (seed 000: "Insufficient" under 20 calls). */
export type Sample = NonNullable<KpiResultOf["sample"]>;
/** A band of values (seed 000 pass-rate bands): its label and lowest value. */
export type Threshold = NonNullable<KpiResultOf["thresholds"]>[number];

/** Result of a `timeseries` report: one series per measure, or per dimension value. */
export type TimeseriesResult = TimeseriesResultOf;
export type TimeseriesSeries = TimeseriesResultOf["series"][number];

/** Result of a `ranking` or `distribution` report: rows by dimension value, `share` in percent (0-100). */
export type RankingResult = RankingResultOf;
export type RankingRow = RankingResultOf["rows"][number];

/** Result of a `table` report: rows by dimension value, one value per measure id, previous values and totals. */
export type TableResult = TableResultOf;
export type TableRow = TableResultOf["rows"][number];

/** Result of a `heatmap` report: 168 cells, weekday 1 = Monday .. 7 = Sunday, hours 0-23 local. */
export type HeatmapResult = HeatmapResultOf;
export type HeatmapCell = HeatmapResultOf["cells"][number];

/** The result each shape answers with (a distribution has the ranking's). */
export interface ShapeResults {
  kpi: KpiResult;
  timeseries: TimeseriesResult;
  ranking: RankingResult;
  distribution: RankingResult;
  table: TableResult;
  heatmap: HeatmapResult;
}

/** Any report result. */
export type ReportResult = ShapeResults[keyof ShapeResults];
