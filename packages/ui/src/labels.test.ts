import { describe, expect, it } from "vitest";
import { bucketShortLabel, HOURS, hourRange, minuteLabel, shortDate, WEEKDAYS } from "./labels";

describe("shortDate", () => {
  it("writes month and day without going through a Date", () => {
    expect(shortDate("1999-02-01")).toBe("Feb 1");
    expect(shortDate("2026-12-31")).toBe("Dec 31");
    expect(shortDate("not a date")).toBe("not a date");
  });
});

describe("bucketShortLabel", () => {
  it("shortens the bucket labels of every grain", () => {
    expect(bucketShortLabel("1999-02-01")).toBe("Feb 1");
    expect(bucketShortLabel("1999-02")).toBe("Feb 1999");
    expect(bucketShortLabel("1999-02-01T14:00")).toBe("Feb 1 14:00");
  });
});

describe("minute and hour labels", () => {
  it("writes a peak minute with a space and an hour as its range", () => {
    expect(minuteLabel("1999-02-03T14:05")).toBe("1999-02-03 14:05");
    expect(hourRange(9)).toBe("09:00–10:00");
    expect(hourRange(23)).toBe("23:00–00:00");
  });

  it("has Monday first and 24 hours", () => {
    expect(WEEKDAYS[0]).toBe("Mon");
    expect(WEEKDAYS[6]).toBe("Sun");
    expect(HOURS).toHaveLength(24);
  });
});
