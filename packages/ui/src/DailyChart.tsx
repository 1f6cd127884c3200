import type { ECharts } from "echarts/core";
import { createEffect, createResource, createSignal, type JSX, mergeProps, onCleanup, splitProps } from "solid-js";
import { type DailyChartKind, dailyChartOption } from "./dailyChartOption";
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
  /** Series colour, any CSS colour; default "#2563eb". */
  color?: string;
}

/**
 * A KPI's daily breakdown as an ECharts line or bar chart (dates on the x axis). ECharts is
 * loaded on first use, in its own chunk; a failure to load it goes to the nearest ErrorBoundary.
 */
export function DailyChart(props: DailyChartProps) {
  const merged = mergeProps({ height: "320px", color: "#2563eb" }, props);
  const [local, others] = splitProps(merged, ["definition", "result", "kind", "height", "color"]);
  const [echarts] = createResource(() => import("./dailyChartRuntime"));
  const [chart, setChart] = createSignal<ECharts>();
  let container: HTMLDivElement | undefined;

  createEffect(() => {
    const lib = echarts();
    if (!lib || !container) return;
    const instance = lib.init(container, undefined, { renderer: "svg" });
    const observer = typeof ResizeObserver === "function" ? new ResizeObserver(() => instance.resize()) : undefined;
    observer?.observe(container);
    setChart(instance);
    onCleanup(() => {
      observer?.disconnect();
      instance.dispose();
    });
  });

  createEffect(() => {
    chart()?.setOption(
      dailyChartOption({
        definition: local.definition,
        result: local.result,
        kind: local.kind,
        color: local.color,
      }),
      { notMerge: true },
    );
  });

  return (
    <div
      {...others}
      ref={container}
      role="img"
      aria-label={`${local.definition.name} per day, ${local.result.period}`}
      aria-busy={echarts.loading}
      data-testid="daily-chart"
      style={{ height: local.height }}
    />
  );
}
