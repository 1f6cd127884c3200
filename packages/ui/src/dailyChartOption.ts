import type { BarSeriesOption, LineSeriesOption } from "echarts/charts";
import type { GridComponentOption, TooltipComponentOption } from "echarts/components";
import type { ComposeOption } from "echarts/core";
import { CHART_GRID, valueAxis, writerOf } from "./chartAxes";
import { bucketShortLabel } from "./labels";
import type { KpiResult, ReportDefinition } from "./types";

/** The ECharts option type restricted to what the daily chart registers. */
export type DailyChartOption = ComposeOption<
  BarSeriesOption | LineSeriesOption | GridComponentOption | TooltipComponentOption
>;

/** `bar` for counts (totals per day add up), `line` for averages, rates, percents and scores. */
export type DailyChartKind = "line" | "bar";

export interface DailyChartOptionInput {
  definition: ReportDefinition;
  result: KpiResult;
  /** Defaults to {@link defaultChartKind} of the measure's format. */
  kind?: DailyChartKind | undefined;
  /** Series colour, any CSS colour. */
  color: string;
}

export function defaultChartKind(definition: ReportDefinition): DailyChartKind {
  return definition.measure.format === "count" ? "bar" : "line";
}

/**
 * The ECharts option for a KPI's daily breakdown: calendar days on a category x axis, the
 * measure on the y axis. Axis labels and tooltip use the measure's formatter; days without a
 * value (null) are gaps, not zeros. For an average, the tooltip adds each day's number of events
 * ("(n = 12)", the breakdown's `count`).
 */
export function dailyChartOption(input: DailyChartOptionInput): DailyChartOption {
  const { definition, result } = input;
  const format = definition.measure.format;
  const kind = input.kind ?? defaultChartKind(definition);
  const points = result.breakdown;
  return {
    animationDuration: 300,
    color: [input.color],
    grid: CHART_GRID,
    tooltip: {
      trigger: "axis",
      valueFormatter: points.some((p) => p.count !== undefined)
        ? withCounts(writerOf(format), points)
        : writerOf(format),
    },
    xAxis: {
      type: "category",
      data: points.map((p) => p.date),
      boundaryGap: kind === "bar",
      axisTick: { alignWithLabel: true },
      axisLabel: { formatter: bucketShortLabel, hideOverlap: true },
    },
    yAxis: valueAxis(
      format,
      points.map((p) => p.total),
    ),
    series: [
      kind === "bar"
        ? { type: "bar", name: definition.measure.label, data: points.map((p) => p.total) }
        : {
            type: "line",
            name: definition.measure.label,
            data: points.map((p) => p.total),
            connectNulls: false,
            showSymbol: points.length <= 31,
          },
    ],
  };
}

/**
 * A tooltip value writer that appends the day's number of events: ECharts passes the value and its
 * index in the data, which is the index of the breakdown point.
 */
function withCounts(
  write: (v: unknown) => string,
  points: readonly { count?: number | undefined }[],
): (v: unknown, index: number) => string {
  return (v, index) => {
    const n = points[index]?.count;
    return n === undefined ? write(v) : `${write(v)} (n = ${n.toLocaleString("en")})`;
  };
}
