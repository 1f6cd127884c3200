import { describe, expect, it } from "vitest";
import {
  addDays,
  daysInRange,
  isIsoDate,
  latestDataRange,
  openingPeriod,
  periodFromSearch,
  periodRequest,
  presetOf,
  presetRange,
  rangeHasData,
  rangeProblem,
  todayIn,
} from "./period";

describe("calendar days", () => {
  it("accepts only real days written YYYY-MM-DD", () => {
    expect(isIsoDate("1999-02-28")).toBe(true);
    expect(isIsoDate("2000-02-29")).toBe(true);
    expect(isIsoDate("1999-02-29")).toBe(false);
    expect(isIsoDate("1999-2-1")).toBe(false);
    expect(isIsoDate("")).toBe(false);
  });

  it("moves across month, year and DST boundaries by whole days", () => {
    expect(addDays("1999-03-01", -1)).toBe("1999-02-28");
    expect(addDays("1999-12-31", 1)).toBe("2000-01-01");
    expect(addDays("2026-03-29", 1)).toBe("2026-03-30");
    expect(() => addDays("nope", 1)).toThrow(RangeError);
  });

  it("counts days with both ends included", () => {
    expect(daysInRange("1999-02-01", "1999-02-28")).toBe(28);
    expect(daysInRange("1999-02-01", "1999-02-01")).toBe(1);
    expect(daysInRange("1999-02-02", "1999-02-01")).toBe(0);
  });

  it("gives today in a time zone", () => {
    const now = new Date("2026-11-21T23:30:00Z");
    expect(todayIn("UTC", now)).toBe("2026-11-21");
    expect(todayIn("Europe/Amsterdam", now)).toBe("2026-11-22");
    expect(todayIn("America/New_York", now)).toBe("2026-11-21");
  });
});

describe("presets", () => {
  it("ends on today and includes it", () => {
    expect(presetRange(7, "1999-02-28")).toEqual({ from: "1999-02-22", to: "1999-02-28" });
    expect(presetRange(30, "1999-03-01")).toEqual({ from: "1999-01-31", to: "1999-03-01" });
  });

  it("recognises a range that equals a preset", () => {
    expect(presetOf("1999-02-22", "1999-02-28", "1999-02-28")).toBe(7);
    expect(presetOf("1999-02-22", "1999-02-28", "1999-03-01")).toBeUndefined();
    expect(presetOf("1999-02-01", "1999-02-28", "1999-02-28")).toBeUndefined();
  });
});

describe("periodFromSearch", () => {
  it("uses from and to from the URL", () => {
    expect(periodFromSearch({ from: "1999-02-01", to: "1999-02-28" })).toEqual({
      period: { kind: "range", from: "1999-02-01", to: "1999-02-28" },
      ignored: false,
    });
  });

  it("falls back to the default window, saying when it ignored the URL", () => {
    expect(periodFromSearch({})).toEqual({ period: { kind: "days", days: 30 }, ignored: false });
    expect(periodFromSearch({ from: "1999-02-28", to: "1999-02-01" }).ignored).toBe(true);
    expect(periodFromSearch({ from: "1999-02-01" }).ignored).toBe(true);
    expect(periodFromSearch({ from: "yesterday", to: "1999-02-01" }).period).toEqual({
      kind: "days",
      days: 30,
    });
  });

  it("explains a range that cannot be applied", () => {
    expect(rangeProblem("1999-02-01", "1999-02-28")).toBeUndefined();
    expect(rangeProblem("", "1999-02-28")).toMatch(/both/);
    expect(rangeProblem("1999-03-01", "1999-02-28")).toMatch(/after/);
  });
});

describe("periodRequest", () => {
  it("sends from/to for a range and periodDays for a window", () => {
    expect(periodRequest({ kind: "range", from: "1999-02-01", to: "1999-02-28" })).toEqual({
      from: "1999-02-01",
      to: "1999-02-28",
    });
    expect(periodRequest({ kind: "days", days: 30 })).toEqual({ periodDays: 30 });
  });
});

describe("opening on data", () => {
  const feb1999 = { firstDay: "1999-02-01", lastDay: "1999-02-28" };

  it("keeps the last 30 days when they share a day with the data, or there is no data", () => {
    const usual = { period: { kind: "days", days: 30 }, moved: false };
    // 2026-11-21 minus 29 days is 2026-10-23: data ending that day still counts.
    expect(openingPeriod({ firstDay: "2026-01-01", lastDay: "2026-10-23" }, "2026-11-21")).toEqual(usual);
    expect(openingPeriod({ firstDay: "2026-11-21", lastDay: "2026-12-31" }, "2026-11-21")).toEqual(usual);
    expect(openingPeriod({ firstDay: null, lastDay: null }, "2026-11-21")).toEqual(usual);
    expect(openingPeriod(undefined, "2026-11-21")).toEqual(usual);
  });

  it("opens on the 30 days ending on the last day with data when the last 30 days have none", () => {
    expect(openingPeriod(feb1999, "2026-11-21")).toEqual({
      period: { kind: "range", from: "1999-01-30", to: "1999-02-28" },
      moved: true,
    });
    // Data that ended the day before the window began.
    expect(openingPeriod({ firstDay: "2026-01-01", lastDay: "2026-10-22" }, "2026-11-21")).toEqual({
      period: { kind: "range", from: "2026-09-23", to: "2026-10-22" },
      moved: true,
    });
    // Data only in the future (a clock or zone mistake in the export): still where the data is.
    expect(openingPeriod({ firstDay: "2027-01-01", lastDay: "2027-01-05" }, "2026-11-21").period).toEqual({
      kind: "range",
      from: "2026-12-07",
      to: "2027-01-05",
    });
  });

  it("tells whether a range shares a day with the data", () => {
    expect(rangeHasData({ from: "1999-02-28", to: "1999-03-31" }, feb1999)).toBe(true);
    expect(rangeHasData({ from: "1999-01-01", to: "1999-02-01" }, feb1999)).toBe(true);
    expect(rangeHasData({ from: "1999-03-01", to: "1999-03-31" }, feb1999)).toBe(false);
    expect(rangeHasData({ from: "1999-01-01", to: "1999-01-31" }, feb1999)).toBe(false);
    expect(rangeHasData({ from: "1999-02-01", to: "1999-02-28" }, { firstDay: null, lastDay: null })).toBe(false);
    expect(latestDataRange(feb1999)).toEqual({ from: "1999-01-30", to: "1999-02-28" });
  });
});
