import { createSignal, For, type JSX, mergeProps, Show, splitProps } from "solid-js";
import { ChartTable } from "./ChartTable";
import { EChart } from "./EChart";
import { formatValue } from "./format";
import { NoData } from "./NoData";
import { seriesStyle } from "./palette";
import { ReportFrame } from "./ReportFrame";
import { axisSide, seriesFormat, seriesLabel, timeseriesOption } from "./timeseriesOption";
import type { ReportDefinition, TimeseriesResult } from "./types";

export interface TimeseriesChartProps extends Omit<JSX.HTMLAttributes<HTMLElement>, "children" | "title"> {
  /** The report's list item: name, description and the measures' definitions. */
  definition: ReportDefinition;
  /** The fetched result: one series per measure, or per dimension value. */
  result: TimeseriesResult;
  /** CSS height of the chart; default "280px". */
  height?: string;
}

const loadRuntime = () => import("./timeseriesChartRuntime");

/**
 * A timeseries report as ECharts lines, one per series, under an HTML legend: each entry is a
 * toggle button with the series' colour, label and its total over the period (`data-value`, raw;
 * shown for counts and sums, whose buckets add up). When measures of two formats share the chart
 * (chats and agents per hour, say), the second format has its own y axis on the right, and the
 * legend says "right axis" on the entries drawn against it (`data-axis="right"`). Without a single
 * value (no series, or only empty buckets) it says "No data". ECharts loads on first use, in its own chunk.
 * The root carries `data-testid="report-{reportId}"`.
 */
export function TimeseriesChart(props: TimeseriesChartProps) {
  const merged = mergeProps({ height: "280px" }, props);
  const [local, others] = splitProps(merged, ["definition", "result", "height"]);
  const [hidden, setHidden] = createSignal<ReadonlySet<string>>(new Set());
  const toggle = (id: string) =>
    setHidden((before) => {
      const after = new Set(before);
      if (!after.delete(id)) after.add(id);
      return after;
    });
  const hasValues = () => local.result.series.some((s) => s.points.some((p) => p.value !== null));
  const label = () =>
    `${local.definition.name}: ${local.result.series.map((s) => seriesLabel(local.result, s)).join(", ")} per ${local.result.grain}, ${local.result.period}`;

  return (
    <ReportFrame {...others} definition={local.definition} data-testid={`report-${local.definition.id}`}>
      <Show when={hasValues()} fallback={<NoData />}>
        <ul class="tl-legend" aria-label="Series">
          <For each={local.result.series}>
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
                    <span class="tl-legend__label">{seriesLabel(local.result, series)}</span>
                    <Show when={axisSide(local.result, series) === "right"}>
                      <span class="tl-legend__axis" data-axis="right">
                        right axis
                      </span>
                    </Show>
                    <Show when={series.total !== null}>
                      <span class="tl-legend__total" title="Total over the period" data-value={series.total ?? ""}>
                        {formatValue(series.total, seriesFormat(local.result, series))}
                      </span>
                    </Show>
                  </button>
                </li>
              );
            }}
          </For>
        </ul>
        <EChart
          runtime={loadRuntime}
          option={timeseriesOption({ result: local.result, hidden: hidden() })}
          height={local.height}
          class="tl-report__chart"
          aria-label={label()}
          data-testid="timeseries-chart"
        />
        <ChartTable
          caption={label()}
          rowHeader={local.result.grain.charAt(0).toUpperCase() + local.result.grain.slice(1)}
          columns={local.result.series.map((s) => ({
            label: seriesLabel(local.result, s),
            format: seriesFormat(local.result, s),
          }))}
          rows={(local.result.series[0]?.points ?? []).map((point) => ({
            key: point.date,
            label: point.date,
            values: local.result.series.map((s) => s.points.find((p) => p.date === point.date)?.value ?? null),
          }))}
        />
      </Show>
    </ReportFrame>
  );
}
