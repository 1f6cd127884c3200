import { describe, expect, it } from "vitest";
import {
  addDays,
  daysBetween,
  eachDay,
  isValidTimeZone,
  localDate,
  offsetSpans,
  parseIsoDate,
  startOfLocalDay,
  zonedToUtc,
} from "../src/time";

const iso = (d: Date) => d.toISOString();

describe("calendar helpers", () => {
  it("parses only real dates", () => {
    expect(parseIsoDate("1999-02-28")).toEqual([1999, 2, 28]);
    expect(parseIsoDate("1999-02-29")).toBeUndefined();
    expect(parseIsoDate("2024-02-29")).toEqual([2024, 2, 29]);
    expect(parseIsoDate("1999-2-1")).toBeUndefined();
  });
  it("adds and counts days across month ends", () => {
    expect(addDays("1999-02-28", 1)).toBe("1999-03-01");
    expect(addDays("1999-03-01", -29)).toBe("1999-01-31");
    expect(daysBetween("1999-02-01", "1999-02-28")).toBe(27);
    expect(eachDay("1999-01-30", "1999-02-02")).toEqual(["1999-01-30", "1999-01-31", "1999-02-01", "1999-02-02"]);
  });
  it("knows IANA names", () => {
    expect(isValidTimeZone("Europe/Amsterdam")).toBe(true);
    expect(isValidTimeZone("Mars/Olympus")).toBe(false);
  });
});

describe("time zones", () => {
  // Amsterdam: CET (UTC+1) until 2026-03-29 01:00 UTC, then CEST (UTC+2); back on 2026-10-25 01:00 UTC.
  it("finds local midnight in UTC on both sides of a DST change", () => {
    expect(iso(startOfLocalDay("Europe/Amsterdam", "2026-03-29"))).toBe("2026-03-28T23:00:00.000Z");
    expect(iso(startOfLocalDay("Europe/Amsterdam", "2026-03-30"))).toBe("2026-03-29T22:00:00.000Z");
    expect(iso(startOfLocalDay("UTC", "1999-02-01"))).toBe("1999-02-01T00:00:00.000Z");
    expect(iso(startOfLocalDay("Asia/Jerusalem", "1999-02-01"))).toBe("1999-01-31T22:00:00.000Z");
  });
  it("converts wall-clock times, including the skipped hour", () => {
    expect(iso(zonedToUtc("Europe/Amsterdam", 2026, 7, 1, 12, 30, 5))).toBe("2026-07-01T10:30:05.000Z");
    // 02:30 does not exist on 2026-03-29 in Amsterdam: moved forward to 03:30 CEST = 01:30 UTC.
    expect(iso(zonedToUtc("Europe/Amsterdam", 2026, 3, 29, 2, 30))).toBe("2026-03-29T01:30:00.000Z");
    // 02:30 happens twice on 2026-10-25 (CEST, then CET): the earlier instant, 00:30 UTC.
    expect(iso(zonedToUtc("Europe/Amsterdam", 2026, 10, 25, 2, 30))).toBe("2026-10-25T00:30:00.000Z");
    expect(iso(zonedToUtc("Europe/Amsterdam", 2026, 10, 25, 3, 30))).toBe("2026-10-25T02:30:00.000Z");
    // Seconds past midnight overflow into the next day, as in Date.UTC.
    expect(iso(zonedToUtc("Asia/Jerusalem", 1999, 2, 28, 0, 0, 86_400 + 60))).toBe("1999-02-28T22:01:00.000Z");
    // Newfoundland changes at 05:30 UTC (a half hour).
    expect(iso(zonedToUtc("America/St_Johns", 2026, 3, 8, 1, 59, 59))).toBe("2026-03-08T05:29:59.000Z");
    expect(iso(zonedToUtc("America/St_Johns", 2026, 3, 8, 3, 0, 0))).toBe("2026-03-08T05:30:00.000Z");
  });
  it("gives the local date of an instant", () => {
    expect(localDate("Europe/Amsterdam", Date.parse("2026-03-28T23:30:00Z"))).toBe("2026-03-29");
    expect(localDate("America/New_York", Date.parse("2026-03-28T03:30:00Z"))).toBe("2026-03-27");
  });
  it("finds offset changes to the second", () => {
    const start = Date.parse("2026-03-27T23:00:00Z");
    const end = Date.parse("2026-10-30T23:00:00Z");
    expect(offsetSpans("Europe/Amsterdam", start, end)).toEqual([
      { fromMs: start, offsetSeconds: 3600 },
      { fromMs: Date.parse("2026-03-29T01:00:00Z"), offsetSeconds: 7200 },
      { fromMs: Date.parse("2026-10-25T01:00:00Z"), offsetSeconds: 3600 },
    ]);
    expect(offsetSpans("UTC", start, end)).toEqual([{ fromMs: start, offsetSeconds: 0 }]);
    // Lord Howe moves by 30 minutes.
    const lh = offsetSpans(
      "Australia/Lord_Howe",
      Date.parse("2026-03-01T00:00:00Z"),
      Date.parse("2026-05-01T00:00:00Z"),
    );
    expect(lh.map((s) => s.offsetSeconds)).toEqual([39600, 37800]);
  });
});
