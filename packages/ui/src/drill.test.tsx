/**
 * The drill-down callbacks of the result components: a figure becomes a button only when the
 * caller gives a callback (the dashboard gives one only for reports with records), and the button
 * calls back with what identifies the figure (report id, row key, weekday and hour, day). The
 * components never fetch: the dashboard turns these into records requests.
 */
import { cleanup, fireEvent, render, screen } from "@solidjs/testing-library";
import { afterEach, describe, expect, it, vi } from "vitest";
import { definitions, results } from "./fixtures/kpiReports";
import { heatmap, rankings, tables } from "./fixtures/shapeReports";
import { Heatmap } from "./Heatmap";
import { KpiCard } from "./KpiCard";
import { RankingChart } from "./RankingChart";
import { ReportTable } from "./ReportTable";

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
