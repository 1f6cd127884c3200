/**
 * The one ISO-8601 date-time parser of every adapter (c24, mapped iso-8601, ibm-twitter) and the
 * years rule, on hand-picked values. Every spelling one of the three former parsers accepted is here,
 * with the adapter it came from.
 */
import { describe, expect, it } from "vitest";
import {
  instantOf,
  isInYearRange,
  MAX_YEAR,
  MIN_YEAR,
  parseIsoDateTime,
  type WrittenDateTime,
  YEAR_RANGE_REASON,
} from "../src/time";

const written = (date: [number, number, number], secs: number, offsetSecs: number | null): WrittenDateTime => ({
  date,
  secs,
  offsetSecs,
});

describe("parseIsoDateTime", () => {
  it.each([
    // c24: a wall clock with a space; 'T' with Z, +HH:MM, -HHMM; a fraction of up to 9 digits.
    ["2024-03-05 09:00:00", written([2024, 3, 5], 32_400, null)],
    ["2024-03-05T09:00:00Z", written([2024, 3, 5], 32_400, 0)],
    ["2024-03-05T09:00:00.250+01:00", written([2024, 3, 5], 32_400.25, 3600)],
    ["2024-03-05T09:00:00-0530", written([2024, 3, 5], 32_400, -19_800)],
    ["2024-03-05T09:00:00.123456789Z", written([2024, 3, 5], 32_400.123, 0)], // finer than ms: dropped
    // ibm-twitter: 'T' with or without an offset, a fraction of any length.
    ["2020-04-01T10:00:00.000Z", written([2020, 4, 1], 36_000, 0)],
    ["2020-04-01T12:00:00", written([2020, 4, 1], 43_200, null)],
    ["2020-04-01 12:00:00.5-03:00", written([2020, 4, 1], 43_200.5, -10_800)],
    // mapped iso-8601: seconds optional, a space with an offset.
    ["2021-01-01T09:12:58+01:00", written([2021, 1, 1], 33_178, 3600)], // 9*3600 + 12*60 + 58
    ["2021-01-01 09:12:58Z", written([2021, 1, 1], 33_178, 0)],
    ["2021-01-01T09:12", written([2021, 1, 1], 33_120, null)],
    ["2021-01-01T09:12+0200", written([2021, 1, 1], 33_120, 7200)],
    // Edges: the last millisecond of a day, -00:00 is offset 0, a leap day.
    ["2024-02-29T23:59:59.999-00:00", written([2024, 2, 29], 86_399.999, 0)],
  ])("%s", (text, expected) => {
    expect(parseIsoDateTime(text)).toEqual(expected);
  });

  it.each([
    "20240305",
    "2024-03-05",
    "05/03/2024 09:00:00",
    "2024-03-05T9:00:00",
    "2024-3-05T09:00:00",
    "2024-03-05T09:00:00 Z",
    "2024-03-05T09:00:00+1",
    "2024-03-05t09:00:00z",
    "2024-03-05T09:00.5",
    " 2024-03-05T09:00:00Z",
    "",
  ])("%j has another shape: null", (text) => {
    expect(parseIsoDateTime(text)).toBeNull();
  });

  it.each([
    ["2024-02-30T09:00:00Z", "is not a valid calendar date and time"],
    ["2023-02-29 09:00:00", "is not a valid calendar date and time"],
    ["2024-03-05 24:00:00", "is not a valid calendar date and time"],
    ["2024-03-05T09:60", "is not a valid calendar date and time"],
    ["2024-03-05T09:00:60Z", "is not a valid calendar date and time"],
    ["2024-13-05T09:00:00Z", "is not a valid calendar date and time"],
    ["2024-03-05T09:00:00+15:00", "has an impossible UTC offset"],
    ["2024-03-05T09:00:00+01:60", "has an impossible UTC offset"],
  ])("%s: %s", (text, reason) => {
    expect(parseIsoDateTime(text)).toEqual({ reason });
  });

  it("rules refuse more: seconds required (c24, ibm-twitter), 'T' only with an offset (c24)", () => {
    expect(parseIsoDateTime("2021-01-01T09:12", { requireSeconds: true })).toBeNull();
    expect(parseIsoDateTime("2021-01-01 09:12Z", { requireSeconds: true })).toBeNull();
    expect(parseIsoDateTime("2021-01-01T09:12:00", { requireSeconds: true })).toEqual(
      written([2021, 1, 1], 33_120, null),
    );
    const c24 = { requireSeconds: true, offsetWithT: true };
    expect(parseIsoDateTime("2024-03-05T09:00:00", c24)).toBeNull();
    expect(parseIsoDateTime("2024-03-05T09:00:00.250", c24)).toBeNull();
    expect(parseIsoDateTime("2024-03-05 09:00", c24)).toBeNull();
    expect(parseIsoDateTime("2024-03-05 09:00:00", c24)).toEqual(written([2024, 3, 5], 32_400, null));
    expect(parseIsoDateTime("2024-03-05T09:00:00Z", c24)).toEqual(written([2024, 3, 5], 32_400, 0));
  });
});

describe("instantOf", () => {
  const at = (text: string, tz: string) => {
    const w = parseIsoDateTime(text);
    if (w === null || "reason" in w) throw new Error(`not parsed: ${text}`);
    return instantOf(w, tz).toISOString();
  };

  it("subtracts a written offset, whatever the zone", () => {
    expect(at("2024-03-05T09:00:00.250+01:00", "America/New_York")).toBe("2024-03-05T08:00:00.250Z");
    expect(at("2024-03-05T09:00:00-0530", "UTC")).toBe("2024-03-05T14:30:00.000Z");
    // 23:30 at -01:00 is 00:30 UTC the next day, the next year here.
    expect(at("2099-12-31T23:30:00-01:00", "UTC")).toBe("2100-01-01T00:30:00.000Z");
  });

  it("reads a wall clock without an offset in the zone, milliseconds kept", () => {
    expect(at("2024-03-05 09:00:00", "Europe/Amsterdam")).toBe("2024-03-05T08:00:00.000Z"); // CET, UTC+1
    expect(at("2024-07-05T09:00:00.125", "Europe/Amsterdam")).toBe("2024-07-05T07:00:00.125Z"); // CEST, UTC+2
    expect(at("2021-01-01T09:12", "UTC")).toBe("2021-01-01T09:12:00.000Z");
    // 02:30 does not exist on 2024-03-31 in Amsterdam: moved forward by the gap, 03:30 CEST = 01:30 UTC.
    expect(at("2024-03-31 02:30:00", "Europe/Amsterdam")).toBe("2024-03-31T01:30:00.000Z");
  });
});

describe("the years rule", () => {
  it("accepts UTC instants from 1970-01-01 00:00:00 to 2099-12-31 23:59:59.999", () => {
    expect([MIN_YEAR, MAX_YEAR]).toEqual([1970, 2099]);
    expect(isInYearRange(new Date("1970-01-01T00:00:00.000Z"))).toBe(true);
    expect(isInYearRange(new Date("2099-12-31T23:59:59.999Z"))).toBe(true);
    expect(isInYearRange(new Date("2024-03-05T09:00:00Z"))).toBe(true);
  });

  it("refuses the millisecond before and after, sentinels, and invalid Dates", () => {
    expect(isInYearRange(new Date("1969-12-31T23:59:59.999Z"))).toBe(false);
    expect(isInYearRange(new Date("2100-01-01T00:00:00.000Z"))).toBe(false);
    expect(isInYearRange(new Date("1899-12-30T00:00:00Z"))).toBe(false); // Excel serial 0
    expect(isInYearRange(new Date("2999-03-05T13:00:00Z"))).toBe(false);
    expect(isInYearRange(new Date(Number.NaN))).toBe(false);
  });

  it("says the range in its reason", () => {
    expect(YEAR_RANGE_REASON).toContain("1970-2099");
    expect(YEAR_RANGE_REASON).toContain("2099-12-31 23:59:59");
  });
});
