/**
 * The ECharts build the UI uses: the core plus only the series, components and renderer that
 * {@link dailyChartOption} needs. Loaded with a dynamic import so that it becomes its own chunk.
 */
import { BarChart, LineChart } from "echarts/charts";
import { GridComponent, TooltipComponent } from "echarts/components";
import { init, use } from "echarts/core";
import { SVGRenderer } from "echarts/renderers";

use([LineChart, BarChart, GridComponent, TooltipComponent, SVGRenderer]);

export { init };
