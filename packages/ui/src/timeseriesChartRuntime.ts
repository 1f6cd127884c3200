/**
 * The ECharts build of {@link TimeseriesChart}: lines only (the legend is HTML). Loaded with a
 * dynamic import so that it becomes its own chunk; the core is shared with the daily chart's.
 */
import { LineChart } from "echarts/charts";
import { GridComponent, TooltipComponent } from "echarts/components";
import { init, use } from "echarts/core";
import { SVGRenderer } from "echarts/renderers";

use([LineChart, GridComponent, TooltipComponent, SVGRenderer]);

export { init };
