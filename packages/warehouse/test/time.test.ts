import { describe, expect, it } from "vitest";
import {
  addDays,
  canonicalTimeZone,
  daysBetween,
  eachDay,
  formatOffset,
  isValidTimeZone,
  localDate,
  offsetSeconds,
  offsetSpans,
  parseIsoDate,
  parseLongOffset,
  requireTimeZone,
  startOfLocalDay,
  wallClockOffsets,
  zoneCacheSize,
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

describe("offsets under an hour west of UTC, and changes off the quarter-hours", () => {
  // Monrovia kept UTC-0:44:30 until 1972-01-07 00:00 local (00:44:30 UTC), then UTC.
  it("keeps the sign of Monrovia's -0:44:30", () => {
    expect(offsetSeconds("Africa/Monrovia", Date.parse("1971-05-03T12:00:00Z"))).toBe(-2670);
    expect(
      offsetSpans("Africa/Monrovia", Date.parse("1971-01-01T00:00:00Z"), Date.parse("1973-01-01T00:00:00Z")),
    ).toEqual([
      { fromMs: Date.parse("1971-01-01T00:00:00Z"), offsetSeconds: -2670 },
      { fromMs: Date.parse("1972-01-07T00:44:30Z"), offsetSeconds: 0 },
    ]);
    // Local midnight is 44 min 30 s after UTC midnight; 00:30 UTC is still the day before.
    expect(iso(startOfLocalDay("Africa/Monrovia", "1971-05-03"))).toBe("1971-05-03T00:44:30.000Z");
    expect(localDate("Africa/Monrovia", Date.parse("1971-05-03T00:30:00Z"))).toBe("1971-05-02");
    expect(formatOffset(-2670)).toBe("-00:44:30");
    expect(formatOffset(20_700)).toBe("+05:45");
    expect(formatOffset(-12_600)).toBe("-03:30");
    expect(formatOffset(0)).toBe("+00:00");
  });
  it("reads longOffset names with the sign on the whole offset", () => {
    expect(parseLongOffset("1/1/1971, GMT-00:44:30")).toBe(-2670);
    expect(parseLongOffset("0 GMT-00:30")).toBe(-1800);
    expect(parseLongOffset("0 GMT\u221200:30")).toBe(-1800);
    expect(parseLongOffset("0 GMT+05:45")).toBe(20_700);
    expect(parseLongOffset("0 GMT-10")).toBe(-36_000);
    expect(parseLongOffset("0 GMT")).toBe(0);
    expect(() => parseLongOffset("0 UTC+1")).toThrow(/Cannot read a UTC offset/);
  });
  it("changes to the second where a zone changed at 00:01 local (Goose Bay until 2011)", () => {
    // 1990-04-01 00:01 AST (UTC-4) = 04:01 UTC, to ADT (UTC-3).
    expect(offsetSeconds("America/Goose_Bay", Date.parse("1990-04-01T04:00:59Z"))).toBe(-14_400);
    expect(offsetSeconds("America/Goose_Bay", Date.parse("1990-04-01T04:01:00Z"))).toBe(-10_800);
    expect(offsetSeconds("America/Goose_Bay", Date.parse("1990-04-01T04:14:59Z"))).toBe(-10_800);
  });
  it("names the offsets a wall-clock minute is read at: two in a repeated hour, none in a skipped one", () => {
    const minute = (s: string) => Date.parse(`${s}:00Z`);
    expect(wallClockOffsets("Europe/Amsterdam", minute("2026-10-25T02:47"), 60_000)).toEqual([7200, 3600]);
    expect(wallClockOffsets("Europe/Amsterdam", minute("2026-10-25T03:00"), 60_000)).toEqual([3600]);
    expect(wallClockOffsets("Europe/Amsterdam", minute("2026-03-29T02:30"), 60_000)).toEqual([]);
    expect(wallClockOffsets("Europe/Amsterdam", minute("2026-03-29T01:59"), 60_000)).toEqual([3600]);
  });
});

describe("zone names in any case", () => {
  it("resolve to one canonical name", () => {
    expect(canonicalTimeZone("eUrOpe/AmsTerdam")).toBe("Europe/Amsterdam");
    expect(canonicalTimeZone("utc")).toBe("UTC");
    expect(canonicalTimeZone("Etc/GMT")).toBe("UTC");
    expect(canonicalTimeZone("US/Eastern")).toBe("America/New_York");
    // ICU's old spellings give IANA's current names.
    expect(canonicalTimeZone("asia/calcutta")).toBe("Asia/Kolkata");
    expect(canonicalTimeZone("Asia/Kolkata")).toBe("Asia/Kolkata");
    expect(canonicalTimeZone("Asia/Kathmandu")).toBe("Asia/Kathmandu");
    expect(canonicalTimeZone("Mars/Olympus")).toBeUndefined();
    expect(requireTimeZone("america/st_johns")).toBe("America/St_Johns");
    expect(() => requireTimeZone("Mars/Olympus")).toThrow('Unknown time zone "Mars/Olympus"');
    expect(() => offsetSeconds("Mars/Olympus", 0)).toThrow(RangeError);
  });
  it("every old ICU spelling and its IANA name are one zone", () => {
    for (const [icu, iana] of [
      ["Asia/Calcutta", "Asia/Kolkata"],
      ["Europe/Kiev", "Europe/Kyiv"],
      ["America/Buenos_Aires", "America/Argentina/Buenos_Aires"],
    ]) {
      const fmt = (tz: string) => new Intl.DateTimeFormat("en-US", { timeZone: tz }).resolvedOptions().timeZone;
      expect(fmt(iana as string)).toBe(fmt(icu as string));
      expect(canonicalTimeZone(icu as string)).toBe(iana);
    }
  });
  it("do not grow the offset caches, and the caches stay bounded", () => {
    const start = Date.parse("2016-01-01T00:00:00Z");
    const end = Date.parse("2026-01-01T00:00:00Z");
    const reference = offsetSpans("Europe/Amsterdam", start, end);
    expect(reference).toHaveLength(21); // 10 years of DST, two changes a year
    const before = zoneCacheSize();
    // 200 spellings of Europe/Amsterdam, each letter's case from the bits of i.
    const name = "europe/amsterdam";
    for (let i = 1; i <= 200; i++) {
      const variant = [...name].map((c, j) => (((i * 2654435761) >>> j) & 1 ? c.toUpperCase() : c)).join("");
      expect(offsetSpans(variant, start, end)).toEqual(reference);
    }
    const after = zoneCacheSize();
    expect(after.zones).toBe(before.zones);
    expect(after.chunks).toBe(before.chunks);
    // Spellings are remembered up to a bound, valid or not.
    for (let i = 0; i < 1500; i++) canonicalTimeZone(`Nowhere/Place_${i}`);
    expect(zoneCacheSize().names).toBeLessThanOrEqual(1000);
    // Zones and their chunks are bounded too.
    for (const zone of Intl.supportedValuesOf("timeZone").slice(0, 100)) offsetSeconds(zone, start);
    expect(zoneCacheSize().zones).toBeLessThanOrEqual(64);
  });
});

describe("instants that are not numbers", () => {
  it("give NaN and an Invalid Date, as Date does, and an unknown zone still throws", () => {
    expect(offsetSeconds("Europe/Amsterdam", Number.NaN)).toBeNaN();
    expect(zonedToUtc("Europe/Amsterdam", 2026, Number.NaN, 1).getTime()).toBeNaN();
    expect(() => zonedToUtc("Mars/Olympus", 2026, Number.NaN, 1)).toThrow(RangeError);
  });
});
