import { fireEvent, render, screen, waitFor, within } from "@solidjs/testing-library";
import { describe, expect, it, vi } from "vitest";
import { DailyChart } from "./DailyChart";
import { useChartDom } from "./fixtures/chartDom";
import { definitions, results } from "./fixtures/kpiReports";

useChartDom();

describe("DailyChart", () => {
  it("loads ECharts and draws the breakdown as SVG, with formatted axis labels", async () => {
    render(() => <DailyChart definition={definitions["calls.asa"]} result={results["calls.asa"]} height="240px" />);
    const chart = screen.getByTestId("daily-chart");
    expect(chart.getAttribute("role")).toBe("img");
    expect(chart.getAttribute("aria-label")).toBe("Average speed of answer per day, 1999-02-01 to 1999-02-28");
    expect(chart.style.height).toBe("240px");
    // Loading the ECharts chunk takes over 1 s (waitFor's default) on a busy 2-core machine.
    await waitFor(() => expect(chart.querySelector("svg")).not.toBeNull(), { timeout: 10_000 });
    expect(chart.getAttribute("aria-busy")).toBe("false");
    const labels = [...chart.querySelectorAll("svg text")].map((t) => t.textContent);
    expect(labels).toContain("Feb 1");
    expect(labels.some((l) => l?.endsWith(" s"))).toBe(true);
  });

  it("says so instead of drawing empty axes when no day has a value", () => {
    render(() => <DailyChart definition={definitions["messages.peak_rate"]} result={results["messages.peak_rate"]} />);
    expect(screen.getByTestId("no-data").textContent).toBe("No data in this period.");
    expect(screen.queryByTestId("daily-chart")).toBeNull();
  });

  it("has a data-table alternative with every day, formatted, whose days drill down from the keyboard", () => {
    const onDayClick = vi.fn();
    const result = results["calls.asa"];
    render(() => <DailyChart definition={definitions["calls.asa"]} result={result} onDayClick={onDayClick} />);
    fireEvent.click(screen.getByTestId("chart-table-toggle"));
    const table = screen.getByTestId("chart-table");
    const rows = [...table.querySelectorAll("tbody tr")];
    expect(rows).toHaveLength(result.breakdown.length);
    expect(rows.map((r) => r.querySelector("td")?.getAttribute("data-value"))).toEqual(
      result.breakdown.map((p) => (p.total === null ? "" : String(p.total))),
    );
    const first = rows[0] as HTMLElement;
    const day = result.breakdown[0]?.date ?? "";
    fireEvent.click(within(first).getByRole("button", { name: /show the records behind it$/ }));
    expect(onDayClick).toHaveBeenCalledWith(day);
  });
});
