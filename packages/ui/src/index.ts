export { bandOf } from "./bands";
export {
  type ChartColumn,
  ChartDataTable,
  type ChartDataTableProps,
  ChartViewToggle,
  type ChartViewToggleProps,
} from "./ChartDataTable";
export {
  bucketCount,
  type FoldedSeries,
  fitGrain,
  foldSeries,
  GRAINS,
  type Grain,
  MAX_HOURLY_DAYS,
  MIN_PX_PER_POINT,
  OTHERS_ID,
} from "./chartPoints";
export { codeLabel, humanise, languageName } from "./codes";
export { DailyChart, type DailyChartProps } from "./DailyChart";
export { DefinitionInfo, type DefinitionInfoProps } from "./DefinitionInfo";
export {
  type DailyChartKind,
  type DailyChartOption,
  dailyChartOption,
  defaultChartKind,
} from "./dailyChartOption";
export {
  defaultLocale,
  formatChange,
  formatChangePercent,
  formatCount,
  formatDuration,
  formatNumber,
  formatPercent,
  formatValue,
  MISSING,
  UNITS,
} from "./format";
export { Heatmap, type HeatmapProps } from "./Heatmap";
export { HourDayGrid, type HourDayGridProps, hourDayRows } from "./HourDayGrid";
export { KpiCard, type KpiCardProps } from "./KpiCard";
export { NoData } from "./NoData";
export { printMedia } from "./printMedia";
export { RankingChart, type RankingChartProps } from "./RankingChart";
export { ReportActions, ReportActionsContext } from "./ReportActions";
export { ReportFrame, type ReportFrameProps } from "./ReportFrame";
export { ReportTable, type ReportTableProps } from "./ReportTable";
export { DEFAULT_TOP_SERIES, TimeseriesChart, type TimeseriesChartProps } from "./TimeseriesChart";
export { seriesLabel, type TimeseriesChartOption, timeseriesOption } from "./timeseriesOption";
export { type Tone, TREND_ARROW, type Trend, toneOf, trendOf } from "./trend";
export type {
  BreakdownPoint,
  GoodDirection,
  HeatmapCell,
  HeatmapResult,
  KpiResult,
  Measure,
  MeasureFormat,
  RankingResult,
  RankingRow,
  ReportDefinition,
  ReportResult,
  ReportShape,
  Sample,
  ShapeResults,
  Stats,
  TableResult,
  TableRow,
  Threshold,
  TimeseriesResult,
  TimeseriesSeries,
} from "./types";
