import { fireEvent, render, screen, waitFor, within } from "@solidjs/testing-library";
import { describe, expect, it } from "vitest";
import { useChartDom } from "./fixtures/chartDom";
import { timeseries } from "./fixtures/shapeReports";
import { TimeseriesChart } from "./TimeseriesChart";

useChartDom();

const renderChart = (fixture: (typeof timeseries)[keyof typeof timeseries], top?: number) =>
  render(() => <TimeseriesChart definition={fixture.definition} result={fixture.result} height="240px" top={top} />);
/** The legend's entries (the "Data table" toggle is a button too). */
const legendButtons = () => within(screen.getByRole("list", { name: "Series" })).getAllByRole("button");

describe("TimeseriesChart", () => {
  it("frames the chart with the report's name, description and its measures' definitions", () => {
    renderChart(timeseries.handledVsMissed);
    const root = screen.getByTestId("report-contact_centre.handled_vs_missed");
    expect(within(root).getByRole("heading", { name: "Handled vs missed" })).toBeTruthy();
    expect(root.textContent).toContain("Handled vs missed.");
    // The "i" opens the definitions in a popover (rendered in a portal, outside the report).
    fireEvent.click(within(root).getByTestId("definitions-toggle"));
    const definitions = screen.getByTestId("definitions");
    for (const m of timeseries.handledVsMissed.result.measures) expect(definitions.textContent).toContain(m.definition);
    expect(within(root).getByTestId("definitions-toggle").getAttribute("title")).toContain("Missed: ");
  });

  it("lists each series with its total in a legend and draws the lines as SVG", async () => {
    renderChart(timeseries.handledVsMissed);
    const buttons = legendButtons();
    expect(buttons.map((b) => b.getAttribute("data-series"))).toEqual(["handled", "missed"]);
    const totals = buttons.map((b) => b.querySelector("[data-value]"));
    expect(totals.map((t) => t?.getAttribute("data-value"))).toEqual(["3206", "120"]);
    expect(totals[0]?.textContent).toBe("3,206");
    const chart = screen.getByTestId("timeseries-chart");
    expect(chart.getAttribute("aria-label")).toBe(
      "Handled vs missed: Handled, Missed per day, 1999-02-01 to 1999-02-28",
    );
    // Loading the ECharts chunk takes over 1 s (waitFor's default) on a busy 2-core machine.
    await waitFor(() => expect(chart.querySelector("svg")).not.toBeNull(), { timeout: 10_000 });
    expect([...chart.querySelectorAll("svg text")].map((t) => t.textContent)).toContain("Feb 1");
    // The data-table alternative: a row per day, a column per series, adding up to the legend's totals.
    fireEvent.click(screen.getByTestId("chart-table-toggle"));
    const table = screen.getByTestId("chart-table");
    expect([...table.querySelectorAll("thead th")].map((th) => th.textContent)).toEqual([
      "Period",
      "Handled",
      "Missed",
    ]);
    const rows = [...table.querySelectorAll("tbody tr")];
    expect(rows).toHaveLength(28);
    const sum = (column: number) =>
      rows.reduce((acc, row) => acc + Number(row.querySelectorAll("td")[column]?.getAttribute("data-value") || 0), 0);
    expect([sum(0), sum(1)]).toEqual([3206, 120]);
  });

  it("switches a series off and on from its legend entry", () => {
    renderChart(timeseries.handledVsMissed);
    const missed = screen.getByRole("button", { name: /Missed/ });
    expect(missed.getAttribute("aria-pressed")).toBe("true");
    fireEvent.click(missed);
    expect(missed.getAttribute("aria-pressed")).toBe("false");
    fireEvent.click(missed);
    expect(missed.getAttribute("aria-pressed")).toBe("true");
  });

  it("says which legend entries are drawn against the right axis when two formats share the chart", () => {
    renderChart(timeseries.volumeAndDepth);
    const [conversations, depth] = legendButtons();
    expect(conversations?.querySelector("[data-axis]")).toBeNull();
    expect(depth?.querySelector("[data-axis]")?.getAttribute("data-axis")).toBe("right");
    expect(depth?.textContent).toContain("right axis");
    renderChart(timeseries.handledVsMissed);
    expect(screen.getByTestId("report-contact_centre.handled_vs_missed").querySelector("[data-axis]")).toBeNull();
  });

  it("shows no total for a series whose buckets do not add up, and dashes the eleventh hue", () => {
    renderChart(timeseries.volumeAndDepth);
    const depth = screen.getByRole("button", { name: /Messages per conversation/ });
    expect(depth.querySelector("[data-value]")).toBeNull();
    renderChart(timeseries.perAgent, 20);
    const eleventh = screen.getByRole("button", { name: /agent11/ });
    expect(eleventh.querySelector(".tl-legend__swatch--dashed")).not.toBeNull();
  });

  it.each([
    ["no series", timeseries.empty],
    ["only empty buckets", timeseries.allEmpty],
  ])("says so when the period has %s", (_, fixture) => {
    renderChart(fixture);
    const root = screen.getByTestId(`report-${fixture.definition.id}`);
    expect(within(root).getByTestId("no-data").textContent).toBe("No data in this period.");
    expect(within(root).queryByTestId("timeseries-chart")).toBeNull();
    // No legend: the only button is the "i" of the definitions.
    expect(
      within(root)
        .getAllByRole("button")
        .map((b) => b.getAttribute("data-testid")),
    ).toEqual(["definitions-toggle"]);
  });
});
