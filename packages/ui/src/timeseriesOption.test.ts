import { describe, expect, it } from "vitest";
import { timeseries } from "./fixtures/shapeReports";
import { SERIES_COLORS } from "./palette";
import { axisSide, timeseriesOption } from "./timeseriesOption";

type Formatter = (value: unknown) => string;
type Line = {
  id: string;
  type: string;
  data: (number | null)[];
  yAxisIndex: number;
  connectNulls: boolean;
  lineStyle: { color: string; type: string };
  tooltip: { valueFormatter: Formatter };
};

const linesOf = (option: ReturnType<typeof timeseriesOption>) => option.series as Line[];

describe("timeseriesOption", () => {
  it("draws one line per series over the buckets, on one axis when the formats agree", () => {
    const option = timeseriesOption({ result: timeseries.handledVsMissed.result });
    const xAxis = option.xAxis as { data: string[]; axisLabel: { formatter: Formatter } };
    expect(xAxis.data).toHaveLength(28);
    expect(xAxis.axisLabel.formatter("1999-02-01")).toBe("Feb 1");
    const lines = linesOf(option);
    expect(lines.map((l) => [l.id, l.type, l.yAxisIndex])).toEqual([
      ["handled", "line", 0],
      ["missed", "line", 0],
    ]);
    expect(lines[0]?.data[0]).toBe(101);
    expect(lines.map((l) => l.lineStyle.color)).toEqual([SERIES_COLORS[0], SERIES_COLORS[1]]);
    expect(option.yAxis).toHaveLength(1);
  });

  it("gives each format its own axis and formatter, and leaves gaps for null buckets", () => {
    const option = timeseriesOption({ result: timeseries.volumeAndDepth.result });
    const axes = option.yAxis as { position: string; axisLabel: { formatter: Formatter } }[];
    expect(axes.map((a) => a.position)).toEqual(["left", "right"]);
    expect(axes[0]?.axisLabel.formatter(1500)).toBe("1,500");
    expect(axes[1]?.axisLabel.formatter(6.5)).toBe("6.5");
    const [count, score] = linesOf(option);
    expect(score?.yAxisIndex).toBe(1);
    expect(score?.connectNulls).toBe(false);
    expect(score?.data[6]).toBeNull();
    expect(count?.tooltip.valueFormatter(1234)).toBe("1,234");
    expect(score?.tooltip.valueFormatter(null)).toBe("–");
  });

  it("puts each series on its format's axis side, none when there is one axis", () => {
    const { result } = timeseries.volumeAndDepth;
    const [count] = result.series;
    // A third series in the first format goes back to the left axis.
    const mixed = { ...result, series: [...result.series, ...(count ? [{ ...count, id: "again" }] : [])] };
    expect(mixed.series.map((s) => axisSide(mixed, s))).toEqual(["left", "right", "left"]);
    const one = timeseries.handledVsMissed.result;
    expect(one.series.map((s) => axisSide(one, s))).toEqual([null, null]);
  });

  it("repeats the hues dashed after ten series", () => {
    const lines = linesOf(timeseriesOption({ result: timeseries.perAgent.result }));
    expect(lines).toHaveLength(11);
    expect(lines[10]?.lineStyle).toMatchObject({ color: SERIES_COLORS[0], type: "dashed" });
    expect(lines[0]?.lineStyle.type).toBe("solid");
  });

  it("leaves hidden series out and keeps the others' colours", () => {
    const lines = linesOf(
      timeseriesOption({ result: timeseries.handledVsMissed.result, hidden: new Set(["handled"]) }),
    );
    expect(lines.map((l) => l.id)).toEqual(["missed"]);
    expect(lines[0]?.lineStyle.color).toBe(SERIES_COLORS[1]);
  });
});
