import { cleanup, fireEvent, render, screen, within } from "@solidjs/testing-library";
import { afterEach, describe, expect, it } from "vitest";
import { definitions, results } from "./fixtures/kpiReports";
import { KpiCard } from "./KpiCard";
import { ReportFrame } from "./ReportFrame";

afterEach(cleanup);

describe("DefinitionInfo (the 'i' of KPI cards and report frames)", () => {
  it("is a named button on a KPI card that opens the measure's definition in a popover, closed by its Close button", () => {
    const definition = definitions["calls.asa"];
    render(() => <KpiCard definition={definition} result={results["calls.asa"]} />);
    const card = screen.getByTestId("kpi-calls.asa");
    const toggle = within(card).getByTestId("definitions-toggle");
    expect(toggle.tagName).toBe("BUTTON");
    expect(toggle.getAttribute("aria-label")).toBe(`Definitions of ${definition.name}`);
    expect(toggle.getAttribute("aria-expanded")).toBe("false");
    expect(screen.queryByTestId("definitions")).toBeNull();

    fireEvent.click(toggle);
    expect(toggle.getAttribute("aria-expanded")).toBe("true");
    const popover = screen.getByTestId("definitions-popover");
    expect(popover.getAttribute("role")).toBe("dialog");
    expect(toggle.getAttribute("aria-controls")).toBe(popover.id);
    const list = screen.getByTestId("definitions");
    expect(list.querySelector("dt")?.textContent).toBe(definition.measure.label);
    expect(list.querySelector("dd")?.textContent).toBe(definition.measure.definition);

    fireEvent.click(within(popover).getByRole("button", { name: "Close the definitions" }));
    expect(screen.queryByTestId("definitions")).toBeNull();
    expect(toggle.getAttribute("aria-expanded")).toBe("false");
  });

  it("lists every measure of a report frame", () => {
    const definition = definitions["calls.asa"];
    const two = { ...definition, measures: [definition.measure, { ...definition.measure, key: "b", label: "Other" }] };
    render(() => <ReportFrame definition={two} data-testid="frame" />);
    fireEvent.click(within(screen.getByTestId("frame")).getByTestId("definitions-toggle"));
    const terms = [...screen.getByTestId("definitions").querySelectorAll("dt")].map((dt) => dt.textContent);
    expect(terms).toEqual([definition.measure.label, "Other"]);
  });
});
