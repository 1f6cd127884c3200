import { cleanup, render, screen, within } from "@solidjs/testing-library";
import { afterEach, describe, expect, it } from "vitest";
import { tables } from "./fixtures/shapeReports";
import { ReportTable } from "./ReportTable";

afterEach(cleanup);

const renderTable = (fixture: (typeof tables)[keyof typeof tables]) =>
  render(() => <ReportTable definition={fixture.definition} result={fixture.result} />);

const cell = (row: HTMLElement, measure: string) => row.querySelector(`td[data-measure="${measure}"]`) as HTMLElement;
const value = (td: HTMLElement) => td.querySelector(".tl-table__value") as HTMLElement;
const previous = (td: HTMLElement) => td.querySelector(".tl-table__previous") as HTMLElement | null;

describe("ReportTable", () => {
  it("has a column for the dimension and one per measure, with the definitions as header tooltips", () => {
    renderTable(tables.agents);
    const table = within(screen.getByTestId("report-agents.overview")).getByRole("table");
    const headers = within(table).getAllByRole("columnheader");
    expect(headers.map((h) => h.textContent)).toEqual(["Agent", "Conversations", "Average handle time", "CSAT"]);
    expect(headers[1]?.getAttribute("title")).toBe(tables.agents.result.measures[0]?.definition);
    expect(
      within(table)
        .getAllByRole("rowheader")
        .map((h) => h.textContent),
    ).toEqual(["ava", "bram", "Total"]);
    expect(table.querySelector("caption")?.textContent).toBe(
      "Agent overview by Agent, 1999-02-01 to 1999-02-28; small figures: 1999-01-04 to 1999-01-31",
    );
  });

  it("writes values in their formats with the previous period's in small text, raw values in data-value", () => {
    renderTable(tables.agents);
    const [ava, bram] = screen.getAllByTestId("table-row") as [HTMLElement, HTMLElement];
    expect(value(cell(ava, "conversations")).textContent).toBe("120");
    expect(value(cell(ava, "avg_handle_time")).textContent).toBe("5 m 5 s");
    expect(value(cell(ava, "avg_handle_time")).getAttribute("data-value")).toBe("305.4");
    expect(value(cell(ava, "csat")).textContent).toBe("4.5");
    expect(previous(cell(ava, "csat"))?.textContent).toBe("previous period 4.25");
    expect(previous(cell(ava, "csat"))?.getAttribute("data-value")).toBe("4.25");
    expect(value(cell(bram, "avg_handle_time")).textContent).toBe("42 s");
    expect(value(cell(bram, "csat")).textContent).toBe("–");
    expect(value(cell(bram, "csat")).getAttribute("data-value")).toBe("");
    expect(previous(cell(bram, "conversations"))?.getAttribute("data-value")).toBe("0");
  });

  it("gives the number of events beside each average (n = ...), rows and totals, from counts", () => {
    const { definition, result } = tables.agents;
    const withCounts = {
      ...result,
      rows: result.rows.map((r, i) => ({ ...r, counts: { avg_handle_time: 10 + i } })),
      totals: { ...result.totals, counts: { avg_handle_time: 1500 } },
    };
    render(() => <ReportTable definition={definition} result={withCounts} />);
    const [ava] = screen.getAllByTestId("table-row") as [HTMLElement];
    const n = cell(ava, "avg_handle_time").querySelector('[data-testid="table-count"]');
    expect(n?.textContent).toBe(" n = 10");
    expect(n?.getAttribute("data-value")).toBe("10");
    expect(cell(ava, "conversations").querySelector('[data-testid="table-count"]')).toBeNull();
    const totals = screen.getByTestId("table-totals");
    expect(cell(totals, "avg_handle_time").querySelector('[data-testid="table-count"]')?.textContent).toBe(
      " n = 1,500",
    );
  });

  it("ends with the totals row", () => {
    renderTable(tables.agents);
    const totals = screen.getByTestId("table-totals");
    expect(totals.parentElement?.tagName).toBe("TFOOT");
    expect(value(cell(totals, "conversations")).getAttribute("data-value")).toBe("200");
    expect(value(cell(totals, "avg_handle_time")).textContent).toBe("3 m 20 s");
    expect(previous(cell(totals, "conversations"))?.textContent).toBe("previous period 100");
  });

  it("marks the top and bottom performer and gives each row's sample with its label", () => {
    renderTable(tables.ranked);
    const table = screen.getByRole("table");
    expect(
      within(table)
        .getAllByRole("columnheader")
        .map((h) => h.textContent),
    ).toEqual(["Agent", "Conversations", "CSAT", "Sample"]);
    expect(
      within(table)
        .getAllByRole("rowheader")
        .map((h) => h.textContent),
    ).toEqual(["avaTop", "bramBottom", "chloe", "Total"]);
    const samples = within(table).getAllByTestId("table-sample");
    expect(samples.map((s) => s.textContent)).toEqual(["120High confidence", "60Reliable", "5Insufficient"]);
    expect(samples[2]?.querySelector("[data-value]")?.getAttribute("data-value")).toBe("5");
    expect(screen.getAllByTestId("table-rank").map((b) => b.className)).toEqual([
      "tl-badge tl-badge--top",
      "tl-badge tl-badge--bottom",
    ]);
  });

  it("has no sample column when the rows have no sample", () => {
    renderTable(tables.agents);
    expect(screen.queryByTestId("table-sample")).toBeNull();
    expect(screen.queryByTestId("table-rank")).toBeNull();
  });

  it("shows no previous values without a comparison", () => {
    renderTable(tables.uncompared);
    const root = screen.getByTestId("report-agents.overview");
    expect(root.querySelector(".tl-table__previous")).toBeNull();
    expect(root.querySelector("caption")?.textContent).toBe("Agent overview by Agent, 1999-02-01 to 1999-02-28");
  });
});
