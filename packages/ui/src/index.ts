export { formatChange, formatChangePercent, formatValue, MISSING } from "@tallyline/report-defs/format";
export { DailyChart, type DailyChartProps } from "./DailyChart";
export {
  type DailyChartKind,
  type DailyChartOption,
  dailyChartOption,
  defaultChartKind,
  shortDate,
} from "./dailyChartOption";
export { KpiCard, type KpiCardProps } from "./KpiCard";
export { type Tone, TREND_ARROW, type Trend, toneOf, trendOf } from "./trend";
export type {
  BreakdownPoint,
  GoodDirection,
  KpiResult,
  Measure,
  MeasureFormat,
  ReportDefinition,
  ReportShape,
} from "./types";
