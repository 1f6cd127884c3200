/**
 * The dashboard's one number writer, with expected strings written by hand per locale (not taken
 * from the code's output). French groups thousands with a narrow no-break space (U+202F) and puts a
 * no-break space (U+00A0) before "%"; German puts U+00A0 before "%".
 */
import { describe, expect, it } from "vitest";
import {
  defaultLocale,
  formatChange,
  formatChangePercent,
  formatCount,
  formatDuration,
  formatNumber,
  formatPercent,
  formatValue,
  MISSING,
  UNITS,
} from "./format";
import type { MeasureFormat } from "./types";

const NNBSP = "\u202f";
const NBSP = "\u00a0";

describe("formatDuration", () => {
  it.each<[number, string]>([
    [0, "0 s"],
    [0.04, "0 s"],
    [4.5, "4.5 s"],
    [4.56, "4.6 s"],
    [9.94, "9.9 s"],
    [9.96, "10 s"],
    [41, "41 s"],
    [41.4, "41 s"],
    [41.7, "42 s"],
    [59.4, "59 s"],
    [59.6, "1 m"],
    [60, "1 m"],
    [267, "4 m 27 s"],
    [599.5, "10 m"],
    [3599.4, "59 m 59 s"],
    [3599.6, "1 h"],
    [3725, "1 h 2 m"],
    [7200, "2 h"],
    [336_000, "93 h 20 m"],
    [-3.5, "-3.5 s"],
    [-0.04, "0 s"],
    [-267, "-4 m 27 s"],
  ])("en-US %d s -> %s", (seconds, expected) => {
    expect(formatDuration(seconds, "en-US")).toBe(expected);
  });

  it("writes numbers the locale's way and keeps the symbols h, m, s", () => {
    expect(formatDuration(4.5, "de-DE")).toBe("4,5 s");
    expect(formatDuration(4.5, "fr-FR")).toBe("4,5 s");
    expect(formatDuration(267, "de-DE")).toBe("4 m 27 s");
    expect(formatDuration(4_500_000, "en-US")).toBe("1,250 h");
    expect(formatDuration(4_500_000, "de-DE")).toBe("1.250 h");
    expect(formatDuration(4_500_060, "fr-FR")).toBe(`1${NNBSP}250 h 1 m`);
  });
});

describe("formatCount, formatNumber, formatPercent", () => {
  it.each<[string, number, string, string]>([
    ["en-US", 1234567.6, "1,234,568", "1,234,567.6"],
    ["de-DE", 1234567.6, "1.234.568", "1.234.567,6"],
    ["fr-FR", 1234567.6, `1${NNBSP}234${NNBSP}568`, `1${NNBSP}234${NNBSP}567,6`],
  ])("%s: %d as count %s and as number %s", (locale, value, count, number) => {
    expect(formatCount(value, locale)).toBe(count);
    expect(formatNumber(value, locale)).toBe(number);
  });

  it("takes percentages on the 0-100 scale", () => {
    expect(UNITS.percent.input).toMatch(/0-100/);
    expect(formatPercent(87.345, "en-US")).toBe("87.3%");
    expect(formatPercent(87.345, "de-DE")).toBe(`87,3${NBSP}%`);
    expect(formatPercent(87.345, "fr-FR")).toBe(`87,3${NBSP}%`);
    expect(formatPercent(100, "en-US")).toBe("100.0%");
    expect(formatPercent(0.5, "en-US")).toBe("0.5%");
    expect(formatPercent(-0.04, "en-US")).toBe("0.0%");
  });

  it("writes counts below zero with a minus and never -0", () => {
    expect(formatCount(-1200, "en-US")).toBe("-1,200");
    expect(formatCount(-0.4, "en-US")).toBe("0");
  });
});

describe("formatValue", () => {
  it.each<[MeasureFormat, number, string, string]>([
    ["count", 12345, "12,345", "12.345"],
    ["percent", 7.7, "7.7%", `7,7${NBSP}%`],
    ["duration", 310, "5 m 10 s", "5 m 10 s"],
    ["duration", 38.4, "38 s", "38 s"],
    ["score", 4, "4.0", "4,0"],
    ["score", 4.275, "4.28", "4,28"],
    ["rate_per_minute", 12.46, "12.5/min", "12,5/min"],
  ])("%s %d -> %s (en-US), %s (de-DE)", (format, value, en, de) => {
    expect(formatValue(value, format, "en-US")).toBe(en);
    expect(formatValue(value, format, "de-DE")).toBe(de);
  });

  it.each<MeasureFormat>(["count", "percent", "duration", "score", "rate_per_minute"])(
    "writes null, undefined and non-finite %s values as an en dash",
    (format) => {
      expect(MISSING).toBe("–");
      for (const value of [null, undefined, Number.NaN, Number.POSITIVE_INFINITY]) {
        expect(formatValue(value, format, "en-US")).toBe(MISSING);
      }
    },
  );

  it("writes a format it does not know as a plain number", () => {
    expect(formatValue(7.456, "ratio" as MeasureFormat, "en-US")).toBe("7.46");
  });

  it("falls back to en-US for a locale Intl refuses, and reads the browser's locale by default", () => {
    expect(formatCount(1234, "not a locale!")).toBe("1,234");
    expect(defaultLocale()).toBe(navigator.language || "en-US");
    expect(formatCount(1234)).toBe(formatCount(1234, defaultLocale()));
  });
});

describe("formatChange, formatChangePercent", () => {
  it.each<[MeasureFormat, number, string, string]>([
    ["duration", 3.5, "+3.5 s", "+3,5 s"],
    ["duration", -125, "-2 m 5 s", "-2 m 5 s"],
    ["duration", 0.02, "0 s", "0 s"],
    ["count", 1200, "+1,200", "+1.200"],
    ["count", -120, "-120", "-120"],
    ["percent", 1.24, "+1.2 pp", "+1,2 pp"],
    ["percent", -0.04, "0.0 pp", "0,0 pp"],
  ])("%s %d -> %s (en-US), %s (de-DE)", (format, change, en, de) => {
    expect(formatChange(change, format, "en-US")).toBe(en);
    expect(formatChange(change, format, "de-DE")).toBe(de);
  });

  it("writes a relative change with a sign in the locale's percent form", () => {
    expect(formatChangePercent(9.24, "en-US")).toBe("+9.2%");
    expect(formatChangePercent(-3, "fr-FR")).toBe(`-3,0${NBSP}%`);
    expect(formatChangePercent(0.01, "en-US")).toBe("0.0%");
    expect(formatChangePercent(null, "en-US")).toBe(MISSING);
  });
});
