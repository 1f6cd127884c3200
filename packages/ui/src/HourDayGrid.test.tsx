/**
 * The hour-of-day x day grid of an hourly series: rows per local day, 24 columns, cells as
 * drill-down buttons giving the hour's bucket. Expected values written out by hand below.
 */
import { cleanup, fireEvent, render, screen } from "@solidjs/testing-library";
import { afterEach, describe, expect, it, vi } from "vitest";
import { HourDayGrid, hourDayRows } from "./HourDayGrid";
import type { TimeseriesResult, TimeseriesSeries } from "./types";

afterEach(cleanup);

/** Two days of hours: day 1 has 2 chats at 09:00 and 5 at 10:00, day 2 one chat at 23:00; all else 0. */
const points = ["1999-02-01", "1999-02-02"].flatMap((day) =>
  Array.from({ length: 24 }, (_, h) => {
    const date = `${day}T${String(h).padStart(2, "0")}:00`;
    const value =
      date === "1999-02-01T09:00" ? 2 : date === "1999-02-01T10:00" ? 5 : date === "1999-02-02T23:00" ? 1 : 0;
    return { date, value };
  }),
);
const chats: TimeseriesSeries = {
  id: "incoming_chats",
  label: "Incoming chats",
  measureId: "incoming_chats",
  total: 8,
  points,
};
const result = {
  reportId: "staffing.agents_vs_chats",
  shape: "timeseries",
  period: "1999-02-01 to 1999-02-02",
  from: "1999-02-01",
  to: "1999-02-02",
  previousFrom: null,
  previousTo: null,
  timezone: "UTC",
  grain: "hour",
  measures: [
    { id: "incoming_chats", label: "Incoming chats", format: "count", goodDirection: "neutral", definition: "d" },
  ],
  dimension: null,
  series: [chats],
} as unknown as TimeseriesResult;

describe("hourDayRows", () => {
  it("puts each hour in its day's row and column", () => {
    const rows = hourDayRows(chats);
    expect(rows.map((r) => r.day)).toEqual(["1999-02-01", "1999-02-02"]);
    expect(rows[0]?.values[9]).toBe(2);
    expect(rows[0]?.values[10]).toBe(5);
    expect(rows[1]?.values[23]).toBe(1);
    expect(rows[1]?.values.reduce<number>((a, v) => a + (v ?? 0), 0)).toBe(1);
  });
});

describe("HourDayGrid", () => {
  it("shows a row per day and drills a non-zero cell with its hour's bucket", () => {
    const click = vi.fn();
    render(() => <HourDayGrid result={result} onCellClick={click} />);
    expect(document.querySelectorAll("tbody tr")).toHaveLength(2);
    const buttons = screen.getAllByTestId("hour-day-drill");
    expect(buttons.map((b) => b.textContent)).toEqual(["2", "5", "1"]);
    fireEvent.click(buttons[1] as HTMLElement);
    expect(click).toHaveBeenCalledExactlyOnceWith("1999-02-01T10:00", chats);
  });

  it("without onCellClick, or for a series without records, cells are text", () => {
    render(() => <HourDayGrid result={result} />);
    render(() => <HourDayGrid result={result} onCellClick={() => undefined} isDrillable={() => false} />);
    expect(screen.queryAllByTestId("hour-day-drill")).toHaveLength(0);
  });
});
