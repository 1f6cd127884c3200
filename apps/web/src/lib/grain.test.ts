import { describe, expect, it } from "vitest";
import { fittedRequest } from "./grain";

describe("fittedRequest", () => {
  const year = { grain: "day" as const, from: "2024-01-01", to: "2024-12-31" };

  it("keeps the page's request while the days fit the chart", () => {
    // 30 days at 4 px need 120 px.
    const month = { grain: "day" as const, from: "1999-02-01", to: "1999-03-02" };
    expect(fittedRequest({ periodDays: 30 }, month, 600)).toEqual({ request: { periodDays: 30 } });
  });

  it("asks a year on a 600 px chart per week (53 of 150 points), on 200 px per month", () => {
    expect(fittedRequest({ from: "2024-01-01", to: "2024-12-31" }, year, 600)).toEqual({
      request: { from: "2024-01-01", to: "2024-12-31", grain: "week" },
      movedFrom: "day",
    });
    expect(fittedRequest({ from: "2024-01-01", to: "2024-12-31" }, year, 200).request).toMatchObject({
      grain: "month",
    });
  });

  it("keeps the request before the chart is laid out", () => {
    expect(fittedRequest({ periodDays: 366 }, year, 0)).toEqual({ request: { periodDays: 366 } });
  });
});
