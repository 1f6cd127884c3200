import { cleanup, render, screen } from "@solidjs/testing-library";
import { afterEach, describe, expect, it } from "vitest";
import { definitions, results } from "./fixtures/kpiReports";
import { KpiCard } from "./KpiCard";
import { ReportActionsContext } from "./ReportActions";
import { ReportFrame } from "./ReportFrame";

afterEach(cleanup);

const action = () => (
  <button type="button" data-testid="an-action">
    Download
  </button>
);

describe("ReportActions", () => {
  it("a KPI card and a report frame show the actions provided around them, in their header", () => {
    render(() => (
      <ReportActionsContext.Provider value={action}>
        <KpiCard definition={definitions["calls.asa"]} result={results["calls.asa"]} />
        <ReportFrame definition={definitions["calls.asa"]} data-testid="frame" />
      </ReportActionsContext.Provider>
    ));
    expect(screen.getByTestId("kpi-calls.asa").querySelector("header [data-testid=an-action]")).not.toBeNull();
    expect(screen.getByTestId("frame").querySelector("header [data-testid=an-action]")).not.toBeNull();
  });

  it("without a provider (a public page, a PDF) there are none", () => {
    render(() => <KpiCard definition={definitions["calls.asa"]} result={results["calls.asa"]} />);
    expect(screen.queryByTestId("an-action")).toBeNull();
  });
});
