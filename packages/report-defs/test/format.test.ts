import { describe, expect, it } from "vitest";
import type { MeasureFormat } from "../src/definition";
import { formatChange, formatChangePercent, formatValue, MISSING } from "../src/format";

describe("formatValue", () => {
  it.each<[MeasureFormat, number, string]>([
    ["count", 0, "0"],
    ["count", 12345, "12,345"],
    ["count", 1234567.6, "1,234,568"],
    ["count", -1200, "-1,200"],
    ["percent", 0, "0.0%"],
    ["percent", 87.345, "87.3%"],
    ["percent", 100, "100.0%"],
    ["duration", 0, "0.0 s"],
    ["duration", 41.7, "41.7 s"],
    ["duration", 41.66, "41.7 s"],
    ["duration", 59.94, "59.9 s"],
    ["duration", 59.96, "1:00"],
    ["duration", 60, "1:00"],
    ["duration", 185, "3:05"],
    ["duration", 185.4, "3:05"],
    ["duration", 599.5, "10:00"],
    ["duration", 3725, "1:02:05"],
    ["duration", -3.5, "-3.5 s"],
    ["duration", -0.04, "0.0 s"],
    ["duration", -125, "-2:05"],
    ["score", 4, "4.0"],
    ["score", 4.27, "4.27"],
    ["score", 4.275, "4.28"],
    ["score", 1234.5, "1,234.5"],
    ["rate_per_minute", 12.46, "12.5/min"],
    ["rate_per_minute", 0, "0.0/min"],
  ])("%s %d -> %s", (format, value, expected) => {
    expect(formatValue(value, format)).toBe(expected);
  });

  it.each<MeasureFormat>(["count", "percent", "duration", "score", "rate_per_minute"])(
    "writes null, undefined and non-finite %s values as an en dash",
    (format) => {
      expect(MISSING).toBe("–");
      for (const value of [null, undefined, Number.NaN, Number.POSITIVE_INFINITY]) {
        expect(formatValue(value, format)).toBe(MISSING);
      }
    },
  );

  it("writes a format it does not know as a plain number", () => {
    expect(formatValue(7.456, "ratio" as MeasureFormat)).toBe("7.46");
  });

  it("never prints a negative zero", () => {
    expect(formatValue(-0.04, "percent")).toBe("0.0%");
    expect(formatValue(-0.4, "count")).toBe("0");
  });
});

describe("formatChange", () => {
  it.each<[MeasureFormat, number | null, string]>([
    ["duration", 3.5, "+3.5 s"],
    ["duration", -65, "-1:05"],
    ["count", 545, "+545"],
    ["count", -1200, "-1,200"],
    ["count", 0, "0"],
    ["count", 0.2, "0"],
    ["percent", 1.24, "+1.2 pp"],
    ["percent", -0.04, "0.0 pp"],
    ["score", -0.25, "-0.25"],
    ["rate_per_minute", 2, "+2.0/min"],
    ["count", null, "–"],
  ])("%s %s -> %s", (format, change, expected) => {
    expect(formatChange(change, format)).toBe(expected);
  });
});

describe("formatChangePercent", () => {
  it.each<[number | null, string]>([
    [9.162, "+9.2%"],
    [-12.04, "-12.0%"],
    [0, "0.0%"],
    [0.01, "0.0%"],
    [1234.5, "+1,234.5%"],
    [null, "–"],
  ])("%s -> %s", (changePercent, expected) => {
    expect(formatChangePercent(changePercent)).toBe(expected);
  });
});
