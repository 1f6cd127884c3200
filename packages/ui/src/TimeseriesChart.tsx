import { createMemo, createSignal, For, type JSX, mergeProps, Show, splitProps } from "solid-js";
import { ChartDataTable, ChartViewToggle } from "./ChartDataTable";
import { foldSeries, OTHERS_ID } from "./chartPoints";
import { EChart } from "./EChart";
import { formatValue } from "./format";
import { NoData } from "./NoData";
import { seriesStyle } from "./palette";
import { ReportFrame } from "./ReportFrame";
import { axisSide, seriesFormat, seriesLabel, timeseriesOption } from "./timeseriesOption";
import type { ReportDefinition, TimeseriesResult, TimeseriesSeries } from "./types";

export interface TimeseriesChartProps extends Omit<JSX.HTMLAttributes<HTMLElement>, "children" | "title"> {
  /** The report's list item: name, description and the measures' definitions. */
  definition: ReportDefinition;
  /** The fetched result: one series per measure, or per dimension value. */
  result: TimeseriesResult;
  /** CSS height of the chart; default "280px". */
  height?: string;
  /**
   * Series of a split (one per dimension value) drawn at most; the rest fold into "Others" (summed
   * when the measure adds up, else left out and said so). Default {@link DEFAULT_TOP_SERIES}.
   */
  top?: number;
  /**
   * Makes each point a drill-down (a click on the line, and a button in the data table), called with
   * the bucket label and the series (its `id` is the dimension key of a split, "" for "(not set)";
   * its `measureId` the measure). The "Others" series never drills. No fetching here.
   */
  onPointClick?: (bucket: string, series: TimeseriesSeries) => void;
  /** Whether a series' points have records (default: all, when `onPointClick` is given). */
  isDrillable?: (series: TimeseriesSeries) => boolean;
}

/** Series of a split drawn at most by default: 8 hues apart, and "Others" in the ninth. */
export const DEFAULT_TOP_SERIES = 8;

const loadRuntime = () => import("./timeseriesChartRuntime");

/**
 * A timeseries report as ECharts lines, one per series, under an HTML legend: each entry is a
 * toggle button with the series' colour, label and its total over the period (`data-value`, raw;
 * shown for counts and sums, whose buckets add up). When measures of two formats share the chart
 * (chats and agents per hour, say), the second format has its own y axis on the right, and the
 * legend says "right axis" on the entries drawn against it (`data-axis="right"`). A split with more
 * than `top` series keeps the top ones and folds the rest ({@link foldSeries}; `data-testid=
 * "series-folded"` says how many). A "Data table" toggle shows the points as a table, whose values
 * are drill-down buttons with `onPointClick`. Without a single value (no series, or only empty
 * buckets) it says "No data". ECharts loads on first use, in its own chunk. The root carries
 * `data-testid="report-{reportId}"`.
 */
export function TimeseriesChart(props: TimeseriesChartProps) {
  const merged = mergeProps({ height: "280px", top: DEFAULT_TOP_SERIES }, props);
  const [local, others] = splitProps(merged, ["definition", "result", "height", "top", "onPointClick", "isDrillable"]);
  const [hidden, setHidden] = createSignal<ReadonlySet<string>>(new Set());
  const [table, setTable] = createSignal(false);
  const toggle = (id: string) =>
    setHidden((before) => {
      const after = new Set(before);
      if (!after.delete(id)) after.add(id);
      return after;
    });
  const folded = createMemo(() => foldSeries(local.result, local.top));
  /** The result as drawn: the top series and "Others". */
  const shown = createMemo(() => ({ ...local.result, series: [...folded().series] }));
  const hasValues = () => local.result.series.some((s) => s.points.some((p) => p.value !== null));
  const label = () =>
    `${local.definition.name}: ${shown()
      .series.map((s) => seriesLabel(shown(), s))
      .join(", ")} per ${local.result.grain}, ${local.result.period}`;
  /** The drill-down of a series' points, or undefined when they have none. */
  const drillOf = (series: TimeseriesSeries) => {
    const click = local.onPointClick;
    if (!click || series.id === OTHERS_ID || (local.isDrillable && !local.isDrillable(series))) return undefined;
    return (index: number) => {
      const point = series.points[index];
      if (point) click(point.date, series);
    };
  };
  const othersNote = () =>
    folded().summed && local.onPointClick
      ? `Others (${folded().folded} values past the top ${local.top}) has no record list: the records route cannot select "not in the top ${local.top}". Filter the page or open a value's own points.`
      : undefined;

  return (
    <ReportFrame {...others} definition={local.definition} data-testid={`report-${local.definition.id}`}>
      <Show when={hasValues()} fallback={<NoData />}>
        <ul class="tl-legend" aria-label="Series">
          <For each={shown().series}>
            {(series, index) => {
              const style = () => seriesStyle(index());
              return (
                <li>
                  <button
                    type="button"
                    class="tl-legend__item"
                    aria-pressed={!hidden().has(series.id)}
                    data-series={series.id}
                    onClick={() => toggle(series.id)}
                  >
                    <span
                      class={`tl-legend__swatch${style().dashed ? " tl-legend__swatch--dashed" : ""}`}
                      style={{ "--tl-swatch": style().color }}
                      aria-hidden="true"
                    />
                    <span class="tl-legend__label">{seriesLabel(shown(), series)}</span>
                    <Show when={axisSide(shown(), series) === "right"}>
                      <span class="tl-legend__axis" data-axis="right">
                        right axis
                      </span>
                    </Show>
                    <Show when={series.total !== null}>
                      <span class="tl-legend__total" title="Total over the period" data-value={series.total ?? ""}>
                        {formatValue(series.total, seriesFormat(shown(), series))}
                      </span>
                    </Show>
                  </button>
                </li>
              );
            }}
          </For>
        </ul>
        <Show when={folded().folded > 0}>
          <p class="tl-muted tl-legend__folded" data-testid="series-folded" data-folded={folded().folded}>
            {folded().summed
              ? `${local.result.dimension}: the top ${local.top} are drawn, the next ${folded().folded} summed in Others.`
              : `${local.result.dimension}: the top ${local.top} are drawn; ${folded().folded} more are left out (an average does not add up across values).`}
          </p>
        </Show>
        <div class="tl-chart-bar">
          <ChartViewToggle table={table()} onChange={setTable} />
        </div>
        <Show
          when={table()}
          fallback={
            <EChart
              runtime={loadRuntime}
              option={timeseriesOption({ result: shown(), hidden: hidden() })}
              height={local.height}
              class="tl-report__chart"
              onItemClick={
                local.onPointClick
                  ? (index, id) => {
                      const series = shown().series.find((s) => s.id === id);
                      if (series) drillOf(series)?.(index);
                    }
                  : undefined
              }
              data-clickable={local.onPointClick ? "true" : undefined}
              data-grain={local.result.grain}
              data-points={local.result.series[0]?.points.length ?? 0}
              aria-label={label()}
              data-testid="timeseries-chart"
            />
          }
        >
          <ChartDataTable
            caption={label()}
            buckets={local.result.series[0]?.points.map((p) => p.date) ?? []}
            columns={shown()
              .series.filter((s) => !hidden().has(s.id))
              .map((series) => {
                const click = drillOf(series);
                return {
                  id: series.id,
                  label: seriesLabel(shown(), series),
                  format: seriesFormat(shown(), series),
                  values: series.points.map((p) => p.value),
                  ...(click ? { onClick: click } : {}),
                  ...(series.id === OTHERS_ID && othersNote() ? { note: othersNote() } : {}),
                };
              })}
          />
        </Show>
      </Show>
    </ReportFrame>
  );
}
