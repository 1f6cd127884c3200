import type { LineSeriesOption } from "echarts/charts";
import type { GridComponentOption, TooltipComponentOption } from "echarts/components";
import type { ComposeOption } from "echarts/core";
import { CHART_GRID, valueAxis, writerOf } from "./chartAxes";
import { OTHERS_ID } from "./chartPoints";
import { codeLabel } from "./codes";
import { bucketShortLabel } from "./labels";
import { seriesStyle } from "./palette";
import type { MeasureFormat, TimeseriesResult, TimeseriesSeries } from "./types";

/** The ECharts option type restricted to what the timeseries chart registers. */
export type TimeseriesChartOption = ComposeOption<LineSeriesOption | GridComponentOption | TooltipComponentOption>;

export interface TimeseriesOptionInput {
  result: TimeseriesResult;
  /** Ids of series the user switched off in the legend; they keep their colours. */
  hidden?: ReadonlySet<string>;
}

/**
 * A series' label as shown: a dimension value's code as words (a language by name), a measure's
 * label and the folded "Others (n)" as they are.
 */
export function seriesLabel(result: TimeseriesResult, series: TimeseriesSeries): string {
  if (series.id === OTHERS_ID) return series.label;
  return codeLabel(series.label, result.dimension);
}

/** The format of a series' measure; a measure the result does not describe is written as a count. */
export function seriesFormat(result: TimeseriesResult, series: TimeseriesSeries): MeasureFormat {
  return result.measures.find((m) => m.id === series.measureId)?.format ?? "count";
}

/** The formats of a result's series in order of first appearance: one y axis each, left, then right. */
function axisFormats(result: TimeseriesResult): MeasureFormat[] {
  return [...new Set(result.series.map((s) => seriesFormat(result, s)))];
}

/**
 * The side of the y axis `series` is drawn against when the chart has more than one (its format's
 * axis: the first format's on the left, the second's on the right), else null.
 */
export function axisSide(result: TimeseriesResult, series: TimeseriesSeries): "left" | "right" | null {
  const formats = axisFormats(result);
  if (formats.length < 2) return null;
  return formats.indexOf(seriesFormat(result, series)) % 2 === 0 ? "left" : "right";
}

/**
 * The ECharts option of a timeseries result: buckets on a category x axis, one line per series
 * (colour and dash from {@link seriesStyle} by the series' position, so hiding one does not
 * repaint the others), one y axis per measure format (left, then right), axis labels and tooltip
 * in each measure's format. Buckets without a value (null) are gaps, not zeros.
 */
export function timeseriesOption(input: TimeseriesOptionInput): TimeseriesChartOption {
  const { result } = input;
  const hidden = input.hidden ?? new Set<string>();
  const formats = axisFormats(result);
  const buckets = result.series[0]?.points.map((p) => p.date) ?? [];
  const series: LineSeriesOption[] = [];
  result.series.forEach((s, index) => {
    if (hidden.has(s.id)) return;
    const { color, dashed } = seriesStyle(index);
    const format = seriesFormat(result, s);
    series.push({
      type: "line",
      id: s.id,
      name: seriesLabel(result, s),
      data: s.points.map((p) => p.value),
      yAxisIndex: formats.indexOf(format),
      connectNulls: false,
      showSymbol: buckets.length <= 31,
      symbolSize: 5,
      itemStyle: { color },
      lineStyle: { color, width: 2, type: dashed ? "dashed" : "solid" },
      tooltip: { valueFormatter: writerOf(format) },
    });
  });
  return {
    animationDuration: 300,
    grid: CHART_GRID,
    tooltip: { trigger: "axis", confine: true, order: "valueDesc" },
    xAxis: {
      type: "category",
      data: buckets,
      boundaryGap: false,
      axisLabel: { formatter: bucketShortLabel, hideOverlap: true },
    },
    yAxis: formats.map((format, i) => ({
      ...valueAxis(
        format,
        series.filter((s) => s.yAxisIndex === i).flatMap((s) => s.data as (number | null)[]),
      ),
      position: i % 2 === 0 ? ("left" as const) : ("right" as const),
      splitLine: { show: i === 0 },
    })),
    series,
  };
}
