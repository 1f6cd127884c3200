import { createSignal, type JSX, mergeProps, Show, splitProps } from "solid-js";
import { ChartDataTable, ChartViewToggle } from "./ChartDataTable";
import { type DailyChartKind, dailyChartOption } from "./dailyChartOption";
import { EChart } from "./EChart";
import { NoData } from "./NoData";
import { ACCENT } from "./palette";
import type { KpiResult, ReportDefinition } from "./types";

export interface DailyChartProps extends Omit<JSX.HTMLAttributes<HTMLDivElement>, "children" | "style"> {
  /** The report's definition: label and format of the measure. */
  definition: ReportDefinition;
  /** A KPI result; its `breakdown` (one point per bucket of the result's grain) is drawn. */
  result: KpiResult;
  /** `bar` or `line`; by default bars for counts, a line for everything else. */
  kind?: DailyChartKind;
  /** CSS height of the chart; default "320px". */
  height?: string;
  /** Series colour, any CSS colour; default the accent blue. */
  color?: string;
  /**
   * Called with a breakdown point's `date` (a bucket label) when its bar or point, or its value in
   * the data table, is clicked (drill-down); no fetching here.
   */
  onDayClick?: (date: string) => void;
}

const loadRuntime = () => import("./dailyChartRuntime");

/**
 * A KPI's breakdown as an ECharts line or bar chart (buckets on the x axis), or "No data" when no
 * bucket has a value; a "Data table" toggle shows the same points as a table instead (its values are
 * drill-down buttons with `onDayClick`, so keyboard and touch reach every bucket). ECharts is loaded
 * on first use, in its own chunk; a failure to load it goes to the nearest ErrorBoundary.
 */
export function DailyChart(props: DailyChartProps) {
  const merged = mergeProps({ height: "320px", color: ACCENT }, props);
  const [local, others] = splitProps(merged, ["definition", "result", "kind", "height", "color", "onDayClick"]);
  const [table, setTable] = createSignal(false);
  const click = (index: number) => {
    const point = local.result.breakdown[index];
    if (point) local.onDayClick?.(point.date);
  };
  const per = () => local.result.grain;
  return (
    <Show when={local.result.breakdown.some((p) => p.total !== null)} fallback={<NoData />}>
      <div class="tl-chart-bar">
        <ChartViewToggle table={table()} onChange={setTable} />
      </div>
      <Show
        when={table()}
        fallback={
          <EChart
            {...others}
            runtime={loadRuntime}
            option={dailyChartOption({
              definition: local.definition,
              result: local.result,
              kind: local.kind,
              color: local.color,
            })}
            height={local.height}
            onItemClick={local.onDayClick ? click : undefined}
            data-clickable={local.onDayClick ? "true" : undefined}
            data-grain={local.result.grain}
            data-points={local.result.breakdown.length}
            aria-label={`${local.definition.name} per ${per()}, ${local.result.period}`}
            data-testid="daily-chart"
          />
        }
      >
        <ChartDataTable
          caption={`${local.definition.name} per ${per()}, ${local.result.period}`}
          buckets={local.result.breakdown.map((p) => p.date)}
          columns={[
            {
              id: local.definition.id,
              label: local.definition.measure.label,
              format: local.definition.measure.format,
              values: local.result.breakdown.map((p) => p.total),
              ...(local.onDayClick ? { onClick: click } : {}),
            },
          ]}
        />
      </Show>
    </Show>
  );
}
