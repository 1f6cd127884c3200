import type { ECharts, EChartsCoreOption, init } from "echarts/core";
import { createEffect, createResource, createSignal, type JSX, onCleanup, splitProps } from "solid-js";
import { chartColors, chartTheme, onPageThemeChange } from "./chartTheme";
import { printMedia } from "./printMedia";

/** An ECharts build with its series registered: a module that exports `init` (see dailyChartRuntime.ts). */
export interface EChartsRuntime {
  init: typeof init;
}

export interface EChartProps extends Omit<JSX.HTMLAttributes<HTMLDivElement>, "children" | "style"> {
  /** Loads the chart's ECharts build, e.g. `() => import("./dailyChartRuntime")`: its own chunk, loaded on first use. */
  runtime: () => Promise<EChartsRuntime>;
  /** The whole option; set again (not merged) whenever it changes. */
  option: EChartsCoreOption;
  /** CSS height of the chart. */
  height: string;
  /**
   * Called with the data index of a clicked series item (a bar, a point) and the `id` of its series
   * in the option (undefined when the series has none); the chart shows a pointer over items when set.
   */
  onItemClick?: (dataIndex: number, seriesId: string | undefined) => void;
}

/**
 * The host of one ECharts instance (SVG renderer): loads the runtime, draws `option` in the page
 * theme's colours (chartTheme.ts; drawn again when the theme changes), follows the container's
 * size, and disposes of the instance on cleanup. It is `aria-busy` until the option is drawn;
 * printed, it draws without animation. The element has `role="img"`: give it an `aria-label`. A
 * failure to load the runtime goes to the nearest ErrorBoundary.
 */
export function EChart(props: EChartProps) {
  const [local, others] = splitProps(props, ["runtime", "option", "height", "onItemClick"]);
  const [echarts] = createResource(() => local.runtime());
  const [chart, setChart] = createSignal<ECharts>();
  /** True once the current option is drawn; until then the element is `aria-busy` (the print page waits for it). */
  const [drawn, setDrawn] = createSignal(false);
  /** Bumped when the page's theme changes: the chart is drawn again in the new colours. */
  const [themeVersion, setThemeVersion] = createSignal(0);
  onCleanup(onPageThemeChange(() => setThemeVersion((v) => v + 1)));
  let container: HTMLDivElement | undefined;

  createEffect(() => {
    const lib = echarts();
    themeVersion();
    if (!lib || !container) return;
    const instance = lib.init(container, chartTheme(chartColors(container)), { renderer: "svg" });
    const observer = typeof ResizeObserver === "function" ? new ResizeObserver(() => instance.resize()) : undefined;
    observer?.observe(container);
    instance.on("click", (params) => {
      const { dataIndex, seriesId } = params as { dataIndex?: unknown; seriesId?: unknown };
      if (typeof dataIndex === "number")
        local.onItemClick?.(dataIndex, typeof seriesId === "string" ? seriesId : undefined);
    });
    setChart(instance);
    onCleanup(() => {
      observer?.disconnect();
      instance.dispose();
    });
  });

  createEffect(() => {
    const instance = chart();
    if (!instance) return;
    // Printed (or print-emulated, as the PDF printer loads pages): no animation, so the vectors
    // captured are the final ones, not a bar half-way up.
    instance.setOption(printMedia() ? { ...local.option, animation: false } : local.option, { notMerge: true });
    setDrawn(true);
  });

  return (
    <div
      {...others}
      ref={container}
      role="img"
      aria-busy={echarts.loading || !drawn()}
      style={{ height: local.height }}
    />
  );
}
