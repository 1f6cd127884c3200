import { describe, expect, it } from "vitest";
import {
  addDays,
  daysInRange,
  isIsoDate,
  periodFromSearch,
  periodRequest,
  presetOf,
  presetRange,
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
