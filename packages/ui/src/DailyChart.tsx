import { type JSX, mergeProps, Show, splitProps } from "solid-js";
import { ChartTable } from "./ChartTable";
import { type DailyChartKind, dailyChartOption } from "./dailyChartOption";
import { EChart } from "./EChart";
import { NoData } from "./NoData";
import { ACCENT } from "./palette";
import type { KpiResult, ReportDefinition } from "./types";

export interface DailyChartProps extends Omit<JSX.HTMLAttributes<HTMLDivElement>, "children" | "style"> {
  /** The report's definition: label and format of the measure. */
  definition: ReportDefinition;
  /** A KPI result; its `breakdown` (one point per calendar day) is drawn. */
  result: KpiResult;
  /** `bar` or `line`; by default bars for counts, a line for everything else. */
  kind?: DailyChartKind;
  /** CSS height of the chart; default "320px". */
  height?: string;
  /** Series colour, any CSS colour; default the accent blue. */
  color?: string;
  /** Called with a breakdown point's `date` when its bar or point is clicked (drill-down); no fetching here. */
  onDayClick?: (date: string) => void;
}

const loadRuntime = () => import("./dailyChartRuntime");

/**
 * A KPI's daily breakdown as an ECharts line or bar chart (dates on the x axis), or "No data" when
 * no day has a value; under it, the same points as a table (ChartTable, the chart's text
 * alternative, whose days drill down like the bars). ECharts is loaded on first use, in its own chunk; a failure to load it goes
 * to the nearest ErrorBoundary.
 */
export function DailyChart(props: DailyChartProps) {
  const merged = mergeProps({ height: "320px", color: ACCENT }, props);
  const [local, others] = splitProps(merged, ["definition", "result", "kind", "height", "color", "onDayClick"]);
  return (
    <Show when={local.result.breakdown.some((p) => p.total !== null)} fallback={<NoData />}>
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
        onItemClick={
          local.onDayClick
            ? (index) => {
                const point = local.result.breakdown[index];
                if (point) local.onDayClick?.(point.date);
              }
            : undefined
        }
        data-clickable={local.onDayClick ? "true" : undefined}
        aria-label={`${local.definition.name} per day, ${local.result.period}`}
        data-testid="daily-chart"
      />
      <ChartTable
        caption={`${local.definition.name} per day, ${local.result.period}`}
        rowHeader="Day"
        columns={[{ label: local.definition.measure.label, format: local.definition.measure.format }]}
        rows={local.result.breakdown.map((p) => ({ key: p.date, label: p.date, values: [p.total] }))}
        onRowClick={local.onDayClick}
      />
    </Show>
  );
}
