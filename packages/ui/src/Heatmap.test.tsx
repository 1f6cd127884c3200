import { cleanup, fireEvent, render, screen, within } from "@solidjs/testing-library";
import { afterEach, describe, expect, it } from "vitest";
import { heatmap } from "./fixtures/shapeReports";
import { Heatmap } from "./Heatmap";

afterEach(cleanup);

const renderHeatmap = () => render(() => <Heatmap definition={heatmap.definition} result={heatmap.result} />);

const cellAt = (weekday: number, hour: number) =>
  screen
    .getByTestId("report-activity.conversations_heatmap")
    .querySelector(`tr[data-weekday="${weekday}"]`)
    ?.querySelectorAll("td")
    .item(hour) as HTMLElement;

describe("Heatmap", () => {
  it("has a row per weekday, Monday first, and a column per hour", () => {
    renderHeatmap();
    const table = within(screen.getByTestId("report-activity.conversations_heatmap")).getByRole("table");
    expect(
      within(table)
        .getAllByRole("rowheader")
        .map((h) => h.textContent),
    ).toEqual(["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]);
    const hours = within(table).getAllByRole("columnheader");
    expect(hours).toHaveLength(24);
    expect(hours[0]?.textContent).toBe("0");
    expect(hours[23]?.getAttribute("abbr")).toBe("23:00–00:00");
    expect(table.querySelectorAll("td.tl-heatmap__cell")).toHaveLength(168);
  });

  it("shades each cell by its value relative to the largest and carries the raw value", () => {
    renderHeatmap();
    const peak = cellAt(1, 9);
    expect(peak.getAttribute("data-value")).toBe("40");
    expect(peak.textContent).toBe("40");
    expect(peak.style.getPropertyValue("--tl-heat")).toBe("1.000");
    expect(peak.classList.contains("tl-heatmap__cell--dark")).toBe(true);
    expect(peak.getAttribute("title")).toBe("Mon 09:00–10:00: 40");
    const tuesday = cellAt(2, 9);
    expect(tuesday.style.getPropertyValue("--tl-heat")).toBe("0.250");
    expect(tuesday.classList.contains("tl-heatmap__cell--dark")).toBe(false);
    const sundayNight = cellAt(7, 3);
    expect(sundayNight.getAttribute("data-value")).toBe("0");
    expect(sundayNight.style.getPropertyValue("--tl-heat")).toBe("0.000");
    expect(screen.getByTestId("heatmap-max").getAttribute("data-value")).toBe("40");
  });

  it("names the time zone of the hours and shows the measure's definition", () => {
    renderHeatmap();
    const root = screen.getByTestId("report-activity.conversations_heatmap");
    expect(root.textContent).toContain("Hours in UTC");
    // The "i" opens the definitions in a popover (rendered in a portal, outside the report).
    fireEvent.click(within(root).getByTestId("definitions-toggle"));
    expect(screen.getByTestId("definitions").textContent).toContain(heatmap.result.measure.definition);
  });
});
