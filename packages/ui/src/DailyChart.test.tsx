import { cleanup, render, screen, waitFor } from "@solidjs/testing-library";
import { setPlatformAPI } from "echarts/core";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { DailyChart } from "./DailyChart";
import { definitions, results } from "./fixtures/kpiReports";

// jsdom has no layout and no canvas: give the chart a size and ECharts a text measurer.
beforeEach(() => {
  vi.spyOn(HTMLElement.prototype, "clientWidth", "get").mockReturnValue(600);
  vi.spyOn(HTMLElement.prototype, "clientHeight", "get").mockReturnValue(240);
  setPlatformAPI({ measureText: (text = "") => ({ width: text.length * 7 }) });
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe("DailyChart", () => {
  it("loads ECharts and draws the breakdown as SVG, with formatted axis labels", async () => {
    render(() => <DailyChart definition={definitions["calls.asa"]} result={results["calls.asa"]} height="240px" />);
    const chart = screen.getByTestId("daily-chart");
    expect(chart.getAttribute("role")).toBe("img");
    expect(chart.getAttribute("aria-label")).toBe("Average speed of answer per day, 1999-02-01 to 1999-02-28");
    expect(chart.style.height).toBe("240px");
    await waitFor(() => expect(chart.querySelector("svg")).not.toBeNull());
    expect(chart.getAttribute("aria-busy")).toBe("false");
    const labels = [...chart.querySelectorAll("svg text")].map((t) => t.textContent);
    expect(labels).toContain("Feb 1");
    expect(labels.some((l) => l?.endsWith(" s"))).toBe(true);
  });
});
