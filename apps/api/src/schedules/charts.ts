/**
 * Charts for mail: a report result turned into an ECharts option (timeseries: the dashboard's own
 * `timeseriesOption` from packages/ui; rankings and distributions: horizontal bars), rendered on the
 * server to SVG (`echarts` SSR, no DOM) and rasterised to PNG with @resvg/resvg-js on a white
 * background with the DejaVu fonts loaded explicitly (the same text on every machine that has them;
 * without them resvg falls back to the system's fonts).
 */
import { existsSync } from "node:fs";
import { Resvg } from "@resvg/resvg-js";
import type { RankingResult, ReportResult, TimeseriesResult } from "@tallyline/report-defs";
import { valueAxis } from "@tallyline/ui/chartAxes";
import { formatValue } from "@tallyline/ui/format";
import { timeseriesOption } from "@tallyline/ui/timeseriesOption";
import * as echarts from "echarts";

/** Width and height of a mail chart, in CSS pixels (the PNG is twice as large, for sharp text). */
export const CHART_SIZE = { width: 560, height: 240 } as const;

const FONT_FILES = [
  "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
  "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
].filter((f) => existsSync(f));

/** A chart rendered for mail. */
export interface RenderedChart {
  readonly svg: string;
  /** PNG bytes, `CHART_SIZE` x 2. */
  readonly png: Buffer;
}

/** An ECharts option for a result that has a chart (timeseries, ranking, distribution), else null. */
export function mailChartOption(result: ReportResult): echarts.EChartsCoreOption | null {
  if (result.shape === "timeseries") {
    const option = timeseriesOption({ result: result as TimeseriesResult }) as echarts.EChartsCoreOption;
    return { ...option, animation: false, backgroundColor: "#ffffff", textStyle: { fontFamily: "DejaVu Sans" } };
  }
  if (result.shape === "ranking" || result.shape === "distribution") {
    const r = result as RankingResult;
    const rows = [...r.rows].slice(0, 10).reverse();
    const format = r.measure.format;
    return {
      animation: false,
      backgroundColor: "#ffffff",
      textStyle: { fontFamily: "DejaVu Sans" },
      grid: { left: 8, right: 56, top: 8, bottom: 8, containLabel: true },
      // The dashboard's value axis: counts on whole numbers, durations on whole units.
      xAxis: valueAxis(
        format,
        rows.map((x) => x.value),
      ),
      yAxis: { type: "category", data: rows.map((x) => x.label) },
      series: [
        {
          type: "bar",
          data: rows.map((x) => x.value),
          itemStyle: { color: "#2563eb" },
          label: {
            show: true,
            position: "right",
            formatter: (p: { value: number }) => formatValue(p.value, format, "en"),
          },
        },
      ],
    };
  }
  return null;
}

/** Renders `option` to SVG (ECharts SSR) and PNG (resvg). Throws when ECharts or resvg fails. */
export function renderChart(option: echarts.EChartsCoreOption): RenderedChart {
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, ...CHART_SIZE });
  try {
    chart.setOption(option);
    const svg = chart.renderToSVGString();
    const png = new Resvg(svg, {
      background: "#ffffff",
      fitTo: { mode: "width", value: CHART_SIZE.width * 2 },
      font: { fontFiles: FONT_FILES, loadSystemFonts: FONT_FILES.length === 0, defaultFontFamily: "DejaVu Sans" },
    })
      .render()
      .asPng();
    return { svg, png };
  } finally {
    chart.dispose();
  }
}
