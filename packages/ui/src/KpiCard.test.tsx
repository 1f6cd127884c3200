import { cleanup, fireEvent, render, screen } from "@solidjs/testing-library";
import { createSignal } from "solid-js";
import { afterEach, describe, expect, it, vi } from "vitest";
import { definitions, KPI_REPORT_IDS, type KpiReportId, results } from "./fixtures/kpiReports";
import { KpiCard } from "./KpiCard";

afterEach(cleanup);

const renderCard = (id: KpiReportId) => render(() => <KpiCard definition={definitions[id]} result={results[id]} />);

describe("KpiCard", () => {
  it.each(KPI_REPORT_IDS)("renders %s with test ids and the raw value", (id) => {
    renderCard(id);
    const card = screen.getByTestId(`kpi-${id}`);
    const value = card.querySelector('[data-testid="kpi-value"]');
    expect(value?.getAttribute("data-value")).toBe(results[id].value === null ? "" : String(results[id].value));
    expect(card.getAttribute("title")).toBe(definitions[id].measure.definition);
    expect(card.textContent).toContain(definitions[id].name);
  });

  it("shows value, change, relative change and previous value in the measure's format", () => {
    renderCard("calls.asa");
    const card = screen.getByTestId("kpi-calls.asa");
    expect(screen.getByTestId("kpi-value").textContent).toBe("42 s");
    const change = screen.getByTestId("kpi-change");
    expect(change.textContent).toContain("▲");
    expect(change.textContent).toContain("+3.5 s");
    expect(change.textContent).toContain("(+9.2%)");
    expect(card.textContent).toContain("Previous period: 38 s");
  });

  it("colours an increase red when down is good, green when up is good, grey when neutral", () => {
    renderCard("calls.asa");
    renderCard("calls.service_level");
    renderCard("calls.offered");
    const tone = (id: string) => screen.getByTestId(`kpi-${id}`).getAttribute("data-tone");
    expect(tone("calls.asa")).toBe("bad");
    expect(tone("calls.service_level")).toBe("good");
    expect(tone("calls.offered")).toBe("neutral");
    const change = screen.getByTestId("kpi-calls.asa").querySelector('[data-testid="kpi-change"]');
    expect(change?.classList.contains("tl-tone-bad")).toBe(true);
  });

  it("shows a flat arrow for no change and no arrow without a comparison", () => {
    renderCard("chat.csat");
    expect(screen.getByTestId("kpi-chat.csat").textContent).toContain("→");
    cleanup();
    renderCard("messages.peak_rate");
    const card = screen.getByTestId("kpi-messages.peak_rate");
    expect(screen.getByTestId("kpi-value").textContent).toBe("–");
    expect(card.textContent).toContain("No comparison");
    expect(card.textContent).not.toMatch(/[▲▼→]/);
    expect(card.textContent).toContain("Previous period: –");
  });

  it("shows median and p90 of a time measure, raw values in data-value", () => {
    renderCard("calls.asa");
    const stats = screen.getByTestId("kpi-stats");
    expect(stats.textContent).toBe("Median 30 sp90 1 m 35 s");
    expect(screen.getByTestId("kpi-median").getAttribute("data-value")).toBe("30.2");
    expect(screen.getByTestId("kpi-p90").getAttribute("data-value")).toBe("95");
    expect(screen.queryByTestId("kpi-peak-at")).toBeNull();
  });

  it("shows the number of events beside an average (n = ...), and none for a count", () => {
    render(() => <KpiCard definition={definitions["calls.asa"]} result={{ ...results["calls.asa"], count: 1234 }} />);
    const n = screen.getByTestId("kpi-count");
    expect(n.textContent).toBe("n = 1,234");
    expect(n.querySelector("[data-value]")?.getAttribute("data-value")).toBe("1234");
    cleanup();
    renderCard("calls.asa"); // the fixture predates counts: no line
    expect(screen.queryByTestId("kpi-count")).toBeNull();
  });

  it("shows the minute of a peak", () => {
    renderCard("activity.peak_volume");
    expect(screen.getByTestId("kpi-value").textContent).toBe("12.0/min");
    const peak = screen.getByTestId("kpi-peak-at");
    expect(peak.textContent).toBe("at 1999-02-03 14:05");
    expect(peak.querySelector("time")?.getAttribute("datetime")).toBe("1999-02-03T14:05");
    expect(screen.queryByTestId("kpi-stats")).toBeNull();
  });

  it("shows the band of the value and the sample size with its rule's label", () => {
    renderCard("quality_checks.pass_rate");
    expect(screen.getByTestId("kpi-band").textContent).toBe("Good");
    const sample = screen.getByTestId("kpi-sample");
    expect(sample.textContent).toBe("Sample 45 · Meaningful");
    expect(sample.querySelector("[data-value]")?.getAttribute("data-value")).toBe("45");
  });

  it("shows neither stats, a peak, a band nor a sample when the result has none", () => {
    renderCard("calls.offered");
    for (const id of ["kpi-stats", "kpi-peak-at", "kpi-band", "kpi-sample"])
      expect(screen.queryByTestId(id)).toBeNull();
  });

  it("is a toggle button when selectable, and reports its id", () => {
    const onSelect = vi.fn();
    const [selected, setSelected] = createSignal(false);
    render(() => (
      <KpiCard
        definition={definitions["calls.offered"]}
        result={results["calls.offered"]}
        selected={selected()}
        onSelect={onSelect}
      />
    ));
    const button = screen.getByRole("button", { name: "Calls offered" });
    expect(button.getAttribute("aria-pressed")).toBe("false");
    expect(button.getAttribute("aria-describedby")).toBeTruthy();
    fireEvent.click(button);
    expect(onSelect).toHaveBeenCalledWith("calls.offered");
    setSelected(true);
    expect(button.getAttribute("aria-pressed")).toBe("true");
    expect(screen.getByTestId("kpi-calls.offered").classList.contains("tl-kpi--selected")).toBe(true);
  });

  it("is not interactive without onSelect (but for the 'i' of its definition)", () => {
    renderCard("calls.offered");
    expect(screen.getAllByRole("button").map((b) => b.getAttribute("data-testid"))).toEqual(["definitions-toggle"]);
  });

  it("states the threshold the figure was computed with (service level answered within 20 s)", () => {
    const definition = {
      ...definitions["calls.service_level"],
      parameters: { serviceLevelSecs: { label: "Service level: answered within", unit: "seconds", default: 20 } },
    };
    render(() => (
      <KpiCard
        definition={definition}
        result={{ ...results["calls.service_level"], parameters: { serviceLevelSecs: 30 } }}
      />
    ));
    expect(screen.getByTestId("kpi-threshold").textContent).toBe("Answered within 30 s");
    cleanup();
    renderCard("calls.offered");
    expect(screen.queryByTestId("kpi-threshold")).toBeNull();
  });
});
