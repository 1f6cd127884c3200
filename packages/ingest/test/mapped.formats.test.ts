/** Date, time and duration formats of mapping files, and delimiter detection, on hand-picked values. */
import { describe, expect, it } from "vitest";
import {
  dateOfSerial,
  parseDateText,
  parseDurationText,
  parseTimeText,
  secondsOf,
} from "../src/adapters/mapped/formats";
import { detectDelimiter } from "../src/adapters/mapped/table";

describe("dates", () => {
  it.each([
    ["990201", "YYMMDD", [1999, 2, 1]],
    ["050201", "YYMMDD", [2005, 2, 1]],
    ["2021-03-31", "YYYY-MM-DD", [2021, 3, 31]],
    ["02/03/2026", "DD/MM/YYYY", [2026, 3, 2]],
    ["3/2/2026", "M/D/YYYY", [2026, 3, 2]],
    ["45292", "excel-serial", [2024, 1, 1]],
    ["45292.75", "excel-serial", [2024, 1, 1]],
  ])("%s as %s", (text, format, expected) => {
    expect(parseDateText(text, format)).toEqual(expected);
  });

  it.each([
    ["990231", "YYMMDD", "is not a calendar date"],
    ["1999-02-01", "YYMMDD", "is not a date YYMMDD"],
    ["31/02/2026", "DD/MM/YYYY", "is not a calendar date"],
    ["x", "excel-serial", "is not an Excel date serial"],
  ])("%s as %s is refused: %s", (text, format, reason) => {
    expect(parseDateText(text, format)).toEqual({ reason });
  });

  it("Excel serials and the Dates exceljs builds from them are inverse (1900 and 1904 systems)", () => {
    expect(dateOfSerial(45292.5, false).toISOString()).toBe("2024-01-01T12:00:00.000Z");
    expect(dateOfSerial(43830, true).toISOString()).toBe("2024-01-01T00:00:00.000Z");
    expect(secondsOf(new Date("1899-12-30T00:02:23Z"), false)).toBe(143);
    expect(secondsOf(new Date("1904-01-02T00:00:00Z"), true)).toBe(86400);
  });
});

describe("times of day", () => {
  it.each([
    ["7:02:47", "H:MM:SS", 25367],
    ["07:02:47", "HH:MM:SS", 25367],
    ["23:59", "HH:MM", 86340],
    ["09:00:00.5", "HH:MM:SS", 32400.5],
    ["0.375", "excel-fraction", 32400],
    ["0.3958333333333333", "excel-fraction", 34200],
  ])("%s as %s is %d s", (text, format, secs) => {
    expect(parseTimeText(text, format)).toBe(secs);
  });

  it.each([
    ["24:00:00", "H:MM:SS", "is not a valid time of day"],
    ["7:2:47", "H:MM:SS", "is not a time of day H:MM:SS"],
    ["1.5", "excel-fraction", "is not a day fraction 0 <= x < 1"],
  ])("%s as %s is refused", (text, format, reason) => {
    expect(parseTimeText(text, format)).toEqual({ reason });
  });
});

describe("durations", () => {
  it.each([
    ["166", "seconds", 166],
    ["-3", "seconds", -3],
    ["2.5", "minutes", 150],
    ["0:04:10", "H:MM:SS", 250],
    ["26:00:00", "H:MM:SS", 93600],
    ["-0:00:05", "H:MM:SS", -5],
    ["0.0025", "excel-fraction", 216],
  ] as const)("%s as %s is %d s", (text, format, secs) => {
    expect(parseDurationText(text, format)).toBe(secs);
  });

  it("refuses text that is not in its format", () => {
    expect(parseDurationText("4:10", "H:MM:SS")).toEqual({ reason: "is not a duration H:MM:SS" });
    expect(parseDurationText("12s", "seconds")).toEqual({ reason: "is not a number (seconds)" });
  });
});

describe("delimiter detection", () => {
  it.each([
    ["a;b;c", ";"],
    ["a\tb\tc", "\t"],
    ["a,b;c,d", ","],
    ["single", ","],
  ])("%j -> %j", (line, delimiter) => {
    expect(detectDelimiter(line)).toBe(delimiter);
  });
});
