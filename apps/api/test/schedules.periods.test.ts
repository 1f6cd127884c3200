/**
 * Due instants and reported periods of schedules (schedules/periods.ts). Every expected instant is
 * worked out by hand from the zone's rules: Europe/Amsterdam is UTC+1 (CET) until 2026-03-29 01:00 UTC,
 * UTC+2 (CEST) until 2026-10-25 01:00 UTC, then UTC+1; America/New_York moves from UTC-5 to UTC-4 on
 * 2026-03-08 07:00 UTC.
 */
import { describe, expect, it } from "vitest";
import { type Cadence, dueBetween, periodFor } from "../src/schedules/periods";

const at = (iso: string) => Date.parse(iso);
const dues = (c: Cadence, from: string, to: string) =>
  dueBetween(c, at(from), at(to)).map((d) => [new Date(d.dueAt).toISOString(), d.period.from, d.period.to]);

describe("weekly in Europe/Amsterdam across both DST changes", () => {
  const weekly: Cadence = { frequency: "weekly", weekday: 1, sendTime: "08:00", timezone: "Europe/Amsterdam" };

  it("spring: Mondays 08:00 local are 07:00 UTC before the change, 06:00 UTC after; each reports the ISO week before", () => {
    expect(dues(weekly, "2026-03-16T00:00:00Z", "2026-04-07T00:00:00Z")).toEqual([
      ["2026-03-16T07:00:00.000Z", "2026-03-09", "2026-03-15"],
      ["2026-03-23T07:00:00.000Z", "2026-03-16", "2026-03-22"],
      // The week of the change (167 hours) is reported whole, in local days.
      ["2026-03-30T06:00:00.000Z", "2026-03-23", "2026-03-29"],
      ["2026-04-06T06:00:00.000Z", "2026-03-30", "2026-04-05"],
    ]);
  });

  it("autumn: back to 07:00 UTC the Monday after 2026-10-25", () => {
    expect(dues(weekly, "2026-10-18T00:00:00Z", "2026-11-03T00:00:00Z")).toEqual([
      ["2026-10-19T06:00:00.000Z", "2026-10-12", "2026-10-18"],
      ["2026-10-26T07:00:00.000Z", "2026-10-19", "2026-10-25"],
      ["2026-11-02T07:00:00.000Z", "2026-10-26", "2026-11-01"],
    ]);
  });

  it("a send time inside the skipped hour runs at the end of the gap; in the repeated hour, once", () => {
    const sunday: Cadence = { frequency: "weekly", weekday: 7, sendTime: "02:30", timezone: "Europe/Amsterdam" };
    // 2026-03-29 02:30 does not exist locally: 03:00 CEST = 01:00 UTC.
    expect(dues(sunday, "2026-03-28T00:00:00Z", "2026-03-30T00:00:00Z")).toEqual([
      ["2026-03-29T01:00:00.000Z", "2026-03-16", "2026-03-22"],
    ]);
    // 2026-10-25 02:30 happens twice (00:30 and 01:30 UTC): one run, at the first.
    expect(dues(sunday, "2026-10-24T00:00:00Z", "2026-10-26T00:00:00Z")).toEqual([
      ["2026-10-25T00:30:00.000Z", "2026-10-12", "2026-10-18"],
    ]);
  });

  it("a Wednesday send still reports Monday to Sunday of the week before", () => {
    const wed: Cadence = { ...weekly, weekday: 3 };
    expect(dues(wed, "2026-12-01T00:00:00Z", "2026-12-03T00:00:00Z")).toEqual([
      ["2026-12-02T07:00:00.000Z", "2026-11-23", "2026-11-29"],
    ]);
  });
});

describe("monthly on the 31st", () => {
  it("sends on each month's last day when it is shorter, 29 February in a leap year; reports the month before", () => {
    const c: Cadence = { frequency: "monthly", monthDay: 31, sendTime: "08:00", timezone: "Europe/Amsterdam" };
    expect(dues(c, "2026-01-01T00:00:00Z", "2026-05-01T00:00:00Z")).toEqual([
      ["2026-01-31T07:00:00.000Z", "2025-12-01", "2025-12-31"],
      ["2026-02-28T07:00:00.000Z", "2026-01-01", "2026-01-31"],
      ["2026-03-31T06:00:00.000Z", "2026-02-01", "2026-02-28"],
      ["2026-04-30T06:00:00.000Z", "2026-03-01", "2026-03-31"],
    ]);
    expect(dues(c, "2028-02-01T00:00:00Z", "2028-03-01T00:00:00Z")).toEqual([
      ["2028-02-29T07:00:00.000Z", "2028-01-01", "2028-01-31"],
    ]);
  });

  it("on the 30th: 28 February, then 30 March (not 31 March as well)", () => {
    const c: Cadence = { frequency: "monthly", monthDay: 30, sendTime: "00:15", timezone: "UTC" };
    expect(dues(c, "2026-02-01T00:00:00Z", "2026-04-01T00:00:00Z").map((d) => d[0])).toEqual([
      "2026-02-28T00:15:00.000Z",
      "2026-03-30T00:15:00.000Z",
    ]);
  });
});

describe("twice a month, every two weeks, every two months, quarterly, daily", () => {
  it("twice monthly: the 1st reports the 16th to the month's end before; the 16th the 1st-15th; NY's DST moves the UTC hour", () => {
    const c: Cadence = { frequency: "twice_monthly", sendTime: "09:00", timezone: "America/New_York" };
    expect(dues(c, "2026-02-10T00:00:00Z", "2026-03-17T00:00:00Z")).toEqual([
      ["2026-02-16T14:00:00.000Z", "2026-02-01", "2026-02-15"],
      ["2026-03-01T14:00:00.000Z", "2026-02-16", "2026-02-28"],
      ["2026-03-16T13:00:00.000Z", "2026-03-01", "2026-03-15"],
    ]);
  });

  it("biweekly: every other week (even weeks from 1970-01-05), reporting the two ISO weeks before", () => {
    const c: Cadence = { frequency: "biweekly", weekday: 1, sendTime: "07:00", timezone: "UTC" };
    // 2026-11-30 is day 20,787; (20,787 - 4) / 7 = 2,969 (odd): not a send week; 2026-12-07 is week 2,970.
    expect(dues(c, "2026-11-29T00:00:00Z", "2026-12-22T00:00:00Z")).toEqual([
      ["2026-12-07T07:00:00.000Z", "2026-11-23", "2026-12-06"],
      ["2026-12-21T07:00:00.000Z", "2026-12-07", "2026-12-20"],
    ]);
  });

  it("every two months and quarterly report the block and the quarter before, across a year's end", () => {
    expect(periodFor("every_two_months", "2027-01-05")).toEqual({ from: "2026-11-01", to: "2026-12-31" });
    expect(periodFor("every_two_months", "2026-03-01")).toEqual({ from: "2026-01-01", to: "2026-02-28" });
    expect(periodFor("quarterly", "2027-01-01")).toEqual({ from: "2026-10-01", to: "2026-12-31" });
    expect(periodFor("quarterly", "2026-05-20")).toEqual({ from: "2026-01-01", to: "2026-03-31" });
    const c: Cadence = { frequency: "quarterly", monthDay: 2, sendTime: "06:00", timezone: "Asia/Tokyo" };
    expect(dues(c, "2026-03-01T00:00:00Z", "2026-10-03T00:00:00Z").map((d) => d[0])).toEqual([
      "2026-04-01T21:00:00.000Z",
      "2026-07-01T21:00:00.000Z",
      "2026-10-01T21:00:00.000Z",
    ]);
  });

  it("daily at 00:30 in Auckland: the local day before, which is two UTC dates earlier in the morning", () => {
    const c: Cadence = { frequency: "daily", sendTime: "00:30", timezone: "Pacific/Auckland" };
    // Auckland is UTC+13 in December: 2026-12-08 00:30 local = 2026-12-07 11:30 UTC.
    expect(dues(c, "2026-12-07T00:00:00Z", "2026-12-07T12:00:00Z")).toEqual([
      ["2026-12-07T11:30:00.000Z", "2026-12-07", "2026-12-07"],
    ]);
  });
});
