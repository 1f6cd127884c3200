/**
 * Bucket counts, the grain that fits a chart's pixels, and the folding of many series: every
 * expected figure worked out by hand from a calendar (weekdays noted) or from the small series below.
 */
import { describe, expect, it } from "vitest";
import { bucketCount, fitGrain, foldSeries, OTHERS_ID } from "./chartPoints";
import type { TimeseriesResult, TimeseriesSeries } from "./types";

describe("bucketCount", () => {
  it("counts hours, days, ISO weeks and months touched", () => {
    // 1999-02-01 is a Monday, 1999-02-28 a Sunday: exactly 4 weeks, 28 days, one month.
    expect(bucketCount("day", "1999-02-01", "1999-02-28")).toBe(28);
    expect(bucketCount("hour", "1999-02-01", "1999-02-28")).toBe(672);
    expect(bucketCount("week", "1999-02-01", "1999-02-28")).toBe(4);
    expect(bucketCount("month", "1999-02-01", "1999-02-28")).toBe(1);
    // Sunday 1999-01-31 to Monday 1999-03-01: three days, two weeks touched (ending and starting), three months.
    expect(bucketCount("week", "1999-01-31", "1999-02-01")).toBe(2);
    expect(bucketCount("week", "1999-01-31", "1999-03-01")).toBe(6);
    expect(bucketCount("month", "1999-01-31", "1999-03-01")).toBe(3);
    // One day: 24 hours, one of everything else.
    expect(bucketCount("hour", "2026-03-29", "2026-03-29")).toBe(24);
    expect(bucketCount("week", "2026-03-29", "2026-03-29")).toBe(1);
    // A leap year: 2024-01-01 (Monday) to 2024-12-31 (Tuesday) is 366 days, 53 weeks touched, 12 months.
    expect(bucketCount("day", "2024-01-01", "2024-12-31")).toBe(366);
    expect(bucketCount("week", "2024-01-01", "2024-12-31")).toBe(53);
    expect(bucketCount("month", "2023-12-15", "2024-12-31")).toBe(13);
  });

  it("is 0 for a reversed range and refuses what is not a day", () => {
    expect(bucketCount("day", "1999-02-02", "1999-02-01")).toBe(0);
    expect(() => bucketCount("day", "1999-2-1", "1999-02-01")).toThrow('"1999-2-1"');
  });
});

describe("fitGrain", () => {
  it("keeps the wanted grain while every bucket has its pixels", () => {
    // 30 days at 4 px each need 120 px.
    expect(fitGrain("day", "1999-02-01", "1999-03-02", 120)).toBe("day");
    expect(fitGrain("day", "1999-02-01", "1999-03-02", 119)).toBe("week");
  });

  it("moves to weeks, then months, never finer than wanted", () => {
    // 2024 at 600 px: 150 points of room; 366 days too many, 53 weeks fit.
    expect(fitGrain("day", "2024-01-01", "2024-12-31", 600)).toBe("week");
    // At 200 px (50 points) 53 weeks do not fit: 12 months do.
    expect(fitGrain("day", "2024-01-01", "2024-12-31", 200)).toBe("month");
    // Asked for months, months it is, even with room for days.
    expect(fitGrain("month", "2024-01-01", "2024-12-31", 4000)).toBe("month");
    // Even months that do not fit stay months (the coarsest grain).
    expect(fitGrain("day", "2000-01-01", "2024-12-31", 100)).toBe("month");
  });

  it("an hourly chart of one day fits; of a week at 500 px it draws days", () => {
    expect(fitGrain("hour", "1999-02-01", "1999-02-01", 360)).toBe("hour"); // 24 * 4 = 96 px
    expect(fitGrain("hour", "1999-02-01", "1999-02-07", 500)).toBe("day"); // 168 > 125
    expect(fitGrain("hour", "1999-02-01", "1999-02-07", 700)).toBe("hour"); // 168 <= 175
    // Past 93 days the API has no hours, however wide the chart.
    expect(fitGrain("hour", "1999-01-01", "1999-04-30", 100_000)).toBe("day");
  });

  it("keeps the wanted grain before the chart is laid out", () => {
    expect(fitGrain("day", "2024-01-01", "2024-12-31", 0)).toBe("day");
  });
});

const series = (id: string, values: (number | null)[], total: number | null): TimeseriesSeries => ({
  id,
  label: id.toUpperCase(),
  measureId: "calls",
  total,
  points: values.map((value, i) => ({ date: `1999-02-0${i + 1}`, value })),
});

const split = (all: TimeseriesSeries[]): TimeseriesResult =>
  ({ dimension: "Agent", series: all }) as unknown as TimeseriesResult;

describe("foldSeries", () => {
  const counts = [
    series("a", [5, 4, 3], 12),
    series("b", [2, 2, 2], 6),
    series("c", [1, 0, 3], 4),
    series("d", [0, 2, 1], 3),
    series("e", [1, 0, 0], 1),
  ];

  it("keeps the top n and sums the rest per bucket into Others", () => {
    const folded = foldSeries(split(counts), 2);
    expect(folded.series.map((s) => s.id)).toEqual(["a", "b", OTHERS_ID]);
    expect(folded.folded).toBe(3);
    expect(folded.summed).toBe(true);
    const others = folded.series[2];
    // c + d + e per day: 1+0+1 = 2, 0+2+0 = 2, 3+1+0 = 4; total 4 + 3 + 1 = 8.
    expect(others?.points.map((p) => p.value)).toEqual([2, 2, 4]);
    expect(others?.total).toBe(8);
    expect(others?.label).toBe("Others (3)");
    expect(others?.points.map((p) => p.date)).toEqual(["1999-02-01", "1999-02-02", "1999-02-03"]);
  });

  it("a bucket where every folded series is null stays null; null among numbers adds nothing", () => {
    const sums = [series("a", [9, 9], 18), series("b", [null, 1], 1), series("c", [null, null], 0)];
    const folded = foldSeries(split(sums), 1);
    expect(folded.series[1]?.points.map((p) => p.value)).toEqual([null, 1]);
  });

  it("series that do not add up (averages) are left out, not summed", () => {
    const averages = counts.map((s) => ({ ...s, total: null }));
    const folded = foldSeries(split(averages), 2);
    expect(folded.series.map((s) => s.id)).toEqual(["a", "b"]);
    expect(folded.folded).toBe(3);
    expect(folded.summed).toBe(false);
  });

  it("leaves alone a result without a dimension, or one series over the top", () => {
    const measures = { dimension: null, series: counts } as unknown as TimeseriesResult;
    expect(foldSeries(measures, 2).series).toHaveLength(5);
    expect(foldSeries(split(counts.slice(0, 3)), 2).series.map((s) => s.id)).toEqual(["a", "b", "c"]);
  });
});
