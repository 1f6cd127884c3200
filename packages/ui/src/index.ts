export { bandOf } from "./bands";
export { ChartTable, type ChartTableColumn, type ChartTableProps, type ChartTableRow } from "./ChartTable";
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
export { KpiCard, type KpiCardProps } from "./KpiCard";
export { NoData } from "./NoData";
export { printMedia } from "./printMedia";
export { RankingChart, type RankingChartProps } from "./RankingChart";
export { ReportActions, ReportActionsContext } from "./ReportActions";
export { ReportFrame, type ReportFrameProps } from "./ReportFrame";
export { ReportTable, type ReportTableProps } from "./ReportTable";
export { TimeseriesChart, type TimeseriesChartProps } from "./TimeseriesChart";
export { type TimeseriesChartOption, timeseriesOption } from "./timeseriesOption";
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
