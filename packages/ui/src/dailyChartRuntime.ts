/**
 * The ECharts build of {@link DailyChart}: the core plus only the series, components and renderer
 * that `dailyChartOption` needs. Loaded with a dynamic import so that it becomes its own chunk.
 */
import { BarChart, LineChart } from "echarts/charts";
import { GridComponent, TooltipComponent } from "echarts/components";
import { init, use } from "echarts/core";
import { SVGRenderer } from "echarts/renderers";

use([LineChart, BarChart, GridComponent, TooltipComponent, SVGRenderer]);

export { init };
