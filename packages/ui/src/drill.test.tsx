/**
 * The drill-down callbacks of the result components: a figure becomes a button only when the
 * caller gives a callback (the dashboard gives one only for reports with records), and the button
 * calls back with what identifies the figure (report id, row key, weekday and hour, day). The
 * components never fetch: the dashboard turns these into records requests.
 */
import { cleanup, fireEvent, render, screen, within } from "@solidjs/testing-library";
import { afterEach, describe, expect, it, vi } from "vitest";
import { OTHERS_ID } from "./chartPoints";
import { DailyChart } from "./DailyChart";
import { useChartDom } from "./fixtures/chartDom";
import { definitions, results } from "./fixtures/kpiReports";
import { heatmap, rankings, tables, timeseries } from "./fixtures/shapeReports";
import { Heatmap } from "./Heatmap";
import { KpiCard } from "./KpiCard";
import { RankingChart } from "./RankingChart";
import { ReportTable } from "./ReportTable";
import { TimeseriesChart } from "./TimeseriesChart";

useChartDom();
afterEach(cleanup);

describe("KpiCard onDrill", () => {
  it("makes the value a button that calls back with the report id", () => {
    const drill = vi.fn();
    render(() => <KpiCard definition={definitions["calls.asa"]} result={results["calls.asa"]} onDrill={drill} />);
    const button = screen.getByTestId("kpi-drill");
    expect(button.textContent).toBe("42 s");
    expect(button.getAttribute("aria-label")).toContain("show the records");
    fireEvent.click(button);
    expect(drill).toHaveBeenCalledExactlyOnceWith("calls.asa");
  });

  it("without onDrill, or with a null value, the value is plain text", () => {
    render(() => <KpiCard definition={definitions["calls.asa"]} result={results["calls.asa"]} />);
    render(() => (
      <KpiCard
        definition={definitions["calls.offered"]}
        result={{ ...results["calls.offered"], value: null }}
        onDrill={() => undefined}
      />
    ));
    expect(screen.queryAllByTestId("kpi-drill")).toHaveLength(0);
  });
});

describe("KpiCard noRecords", () => {
  it("says why the value opens nothing", () => {
    render(() => (
      <KpiCard
        definition={definitions["calls.asa"]}
        result={results["calls.asa"]}
        noRecords="No record list: it counts messages, not calls or conversations."
      />
    ));
    expect(screen.getByTestId("kpi-no-records").textContent).toBe(
      "No record list: it counts messages, not calls or conversations.",
    );
    expect(screen.queryAllByTestId("kpi-drill")).toHaveLength(0);
  });
});

describe("RankingChart onRowClick", () => {
  it("each row with a value is a button giving its key (null for not set) and label", () => {
    const click = vi.fn();
    const { definition, result } = rankings.intents;
    render(() => <RankingChart definition={definition} result={result} onRowClick={click} />);
    const buttons = screen.getAllByTestId("ranking-drill");
    expect(buttons).toHaveLength(result.rows.filter((r) => r.value !== null).length);
    fireEvent.click(buttons[0] as HTMLElement);
    fireEvent.click(buttons[2] as HTMLElement);
    expect(click.mock.calls).toEqual([
      ["billing", "Billing"],
      [null, "(not set)"],
    ]);
  });

  it("without onRowClick no row is a button", () => {
    render(() => <RankingChart definition={rankings.intents.definition} result={rankings.intents.result} />);
    expect(screen.queryAllByTestId("ranking-drill")).toHaveLength(0);
  });
});

describe("ReportTable onRowClick", () => {
  it("each row's label is a button giving its key", () => {
    const click = vi.fn();
    render(() => (
      <ReportTable definition={tables.agents.definition} result={tables.agents.result} onRowClick={click} />
    ));
    const buttons = screen.getAllByTestId("table-drill");
    expect(buttons).toHaveLength(tables.agents.result.rows.length);
    fireEvent.click(buttons[1] as HTMLElement);
    const row = tables.agents.result.rows[1];
    expect(click).toHaveBeenCalledExactlyOnceWith(row?.key, row?.label);
  });
});

describe("Heatmap onCellClick", () => {
  it("non-zero cells are buttons giving weekday (Monday = 1) and local hour", () => {
    const click = vi.fn();
    render(() => <Heatmap definition={heatmap.definition} result={heatmap.result} onCellClick={click} />);
    // Fixture: Monday 9:00 = 40, weekdays 9-17 = 10, everything else 0: 5 x 8 non-zero cells.
    expect(screen.getAllByTestId("heatmap-drill")).toHaveLength(40);
    const monday9 = document.querySelector('tr[data-weekday="1"]')?.querySelectorAll("td").item(9);
    const button = monday9?.querySelector("button");
    expect(button?.textContent).toBe("40");
    fireEvent.click(button as HTMLElement);
    expect(click).toHaveBeenCalledExactlyOnceWith(1, 9);
  });
});

describe("DailyChart's data table", () => {
  it("the toggle shows a row per day whose non-zero values call back with the day", () => {
    const click = vi.fn();
    render(() => (
      <DailyChart definition={definitions["calls.offered"]} result={results["calls.offered"]} onDayClick={click} />
    ));
    const toggle = screen.getByTestId("chart-table-toggle");
    expect(toggle.getAttribute("aria-pressed")).toBe("false");
    fireEvent.click(toggle);
    expect(toggle.getAttribute("aria-pressed")).toBe("true");
    expect(screen.queryByTestId("daily-chart")).toBeNull();
    const table = screen.getByTestId("chart-table");
    // Fixture: 514 calls a day, 0 on days 7, 14, 21 and 28: 28 rows, 24 buttons.
    expect(table.querySelectorAll("tbody tr")).toHaveLength(28);
    const buttons = screen.getAllByTestId("chart-table-drill");
    expect(buttons).toHaveLength(24);
    expect(table.querySelector('tr[data-bucket="1999-02-07"] td')?.getAttribute("data-value")).toBe("0");
    expect(table.querySelector('tr[data-bucket="1999-02-07"] button')).toBeNull();
    fireEvent.click(table.querySelector('tr[data-bucket="1999-02-08"] button') as HTMLElement);
    expect(click).toHaveBeenCalledExactlyOnceWith("1999-02-08");
  });

  it("without onDayClick the table has no buttons", () => {
    render(() => <DailyChart definition={definitions["calls.offered"]} result={results["calls.offered"]} />);
    fireEvent.click(screen.getByTestId("chart-table-toggle"));
    expect(screen.getAllByTestId("chart-table")).toHaveLength(1);
    expect(screen.queryAllByTestId("chart-table-drill")).toHaveLength(0);
  });
});

describe("TimeseriesChart onPointClick and the top series", () => {
  // Fixture: 11 agents, agent i (0-based) has (day + i) % 4 conversations on each February day:
  // 28 days hold every remainder 7 times, so each agent totals 7 x (0+1+2+3) = 42.
  const { definition, result } = timeseries.perAgent;

  it("draws the top 8 agents and Others, the sum of the other 3", () => {
    render(() => <TimeseriesChart definition={definition} result={result} onPointClick={() => undefined} />);
    const legend = within(screen.getByRole("list", { name: "Series" }));
    const entries = legend.getAllByRole("button");
    expect(entries.map((b) => b.getAttribute("data-series"))).toEqual([
      "a1",
      "a2",
      "a3",
      "a4",
      "a5",
      "a6",
      "a7",
      "a8",
      OTHERS_ID,
    ]);
    expect(entries[8]?.textContent).toContain("Others (3)");
    expect(entries[8]?.querySelector("[data-value]")?.getAttribute("data-value")).toBe("126");
    expect(screen.getByTestId("series-folded").getAttribute("data-folded")).toBe("3");
    fireEvent.click(screen.getByTestId("chart-table-toggle"));
    // Day 1: agents 8, 9, 10 (0-based) have (1+8)%4 + (1+9)%4 + (1+10)%4 = 1 + 2 + 3 = 6; day 2: 2 + 3 + 0 = 5.
    const others = [...document.querySelectorAll(`td[data-series="${OTHERS_ID}"]`)];
    expect(others.slice(0, 2).map((td) => td.getAttribute("data-value"))).toEqual(["6", "5"]);
    expect(others.some((td) => td.querySelector("button"))).toBe(false);
    expect(screen.getByTestId("chart-table-note").textContent).toContain("not in the top 8");
  });

  it("a point of an agent calls back with the bucket and that agent's series", () => {
    const click = vi.fn();
    render(() => <TimeseriesChart definition={definition} result={result} onPointClick={click} />);
    fireEvent.click(screen.getByTestId("chart-table-toggle"));
    // Agent a2 (i = 1) on 1999-02-01: (1 + 1) % 4 = 2 conversations.
    const cell = document.querySelector('tr[data-bucket="1999-02-01"] td[data-series="a2"]');
    expect(cell?.getAttribute("data-value")).toBe("2");
    fireEvent.click(cell?.querySelector("button") as HTMLElement);
    expect(click).toHaveBeenCalledOnce();
    expect(click.mock.calls[0]?.[0]).toBe("1999-02-01");
    expect(click.mock.calls[0]?.[1]).toMatchObject({ id: "a2", measureId: "conversations" });
  });

  it("series that are not drillable have plain values", () => {
    render(() => (
      <TimeseriesChart
        definition={definition}
        result={result}
        onPointClick={() => undefined}
        isDrillable={(s) => s.id !== "a1"}
      />
    ));
    fireEvent.click(screen.getByTestId("chart-table-toggle"));
    expect(document.querySelector('td[data-series="a1"] button')).toBeNull();
    expect(document.querySelector('td[data-series="a2"] button')).not.toBeNull();
  });
});

describe("RankingChart's Others", () => {
  it("says it has no record list when the rows drill", () => {
    const { definition, result } = rankings.intents;
    render(() => <RankingChart definition={definition} result={result} onRowClick={() => undefined} />);
    const others = screen.getByTestId("ranking-others");
    expect(others.querySelector("button")).toBeNull();
    expect(within(others).getByTestId("ranking-others-note").textContent).toContain("not in the top");
  });
});
