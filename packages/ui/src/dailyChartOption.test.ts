import { describe, expect, it } from "vitest";
import { dailyChartOption, defaultChartKind } from "./dailyChartOption";
import { definitions, results } from "./fixtures/kpiReports";

type Formatter = (value: unknown) => string;

describe("dailyChartOption", () => {
  it("draws counts as bars, one per day, with count labels", () => {
    const def = definitions["calls.offered"];
    const option = dailyChartOption({ definition: def, result: results["calls.offered"], color: "#123456" });
    expect(defaultChartKind(def)).toBe("bar");
    const xAxis = option.xAxis as { data: string[] };
    expect(xAxis.data).toHaveLength(28);
    expect(xAxis.data[0]).toBe("1999-02-01");
    const [series] = option.series as { type: string; data: (number | null)[] }[];
    expect(series?.type).toBe("bar");
    expect(series?.data[6]).toBe(0);
    const yAxis = option.yAxis as { axisLabel: { formatter: Formatter } };
    expect(yAxis.axisLabel.formatter(1500)).toBe("1,500");
    expect(option.color).toEqual(["#123456"]);
  });

  it("draws averages as a line with gaps on empty days and formatted axis and tooltip", () => {
    const option = dailyChartOption({
      definition: definitions["calls.asa"],
      result: results["calls.asa"],
      color: "#000",
    });
    const [series] = option.series as { type: string; data: (number | null)[]; connectNulls: boolean }[];
    expect(series?.type).toBe("line");
    expect(series?.connectNulls).toBe(false);
    expect(series?.data[6]).toBeNull();
    const yAxis = option.yAxis as { axisLabel: { formatter: Formatter } };
    expect(yAxis.axisLabel.formatter(185)).toBe("3 m 5 s");
    const tooltip = option.tooltip as { valueFormatter: Formatter };
    expect(tooltip.valueFormatter(41.7)).toBe("42 s");
    expect(tooltip.valueFormatter(null)).toBe("–");
  });

  it("adds each day's number of events to the tooltip of an average", () => {
    const result = results["calls.asa"];
    const option = dailyChartOption({
      definition: definitions["calls.asa"],
      result: { ...result, breakdown: result.breakdown.map((p, i) => ({ ...p, count: i * 1000 })) },
      color: "#000",
    });
    const tooltip = option.tooltip as { valueFormatter: (v: unknown, i: number) => string };
    expect(tooltip.valueFormatter(41.7, 2)).toBe("42 s (n = 2,000)");
    expect(tooltip.valueFormatter(null, 0)).toBe("– (n = 0)");
  });

  it("lets the caller choose the kind", () => {
    const option = dailyChartOption({
      definition: definitions["calls.offered"],
      result: results["calls.offered"],
      kind: "line",
      color: "#000",
    });
    expect((option.series as { type: string }[])[0]?.type).toBe("line");
  });
});
