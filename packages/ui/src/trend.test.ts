import { describe, expect, it } from "vitest";
import { TREND_ARROW, toneOf, trendOf } from "./trend";
import type { GoodDirection } from "./types";

describe("trendOf", () => {
  it("reads the sign of the change, and none without a comparison", () => {
    expect(trendOf(3.5)).toBe("up");
    expect(trendOf(-0.1)).toBe("down");
    expect(trendOf(0)).toBe("flat");
    expect(trendOf(null)).toBe("none");
    expect(trendOf(Number.NaN)).toBe("none");
  });

  it("has one arrow per trend", () => {
    expect(TREND_ARROW).toEqual({ up: "▲", down: "▼", flat: "→", none: "" });
  });
});

describe("toneOf", () => {
  it.each<[GoodDirection, "up" | "down" | "flat" | "none", string]>([
    ["up", "up", "good"],
    ["up", "down", "bad"],
    ["down", "up", "bad"],
    ["down", "down", "good"],
    ["neutral", "up", "neutral"],
    ["neutral", "down", "neutral"],
    ["up", "flat", "neutral"],
    ["down", "none", "neutral"],
  ])("goodDirection %s, trend %s -> %s", (direction, trend, tone) => {
    expect(toneOf(trend, direction)).toBe(tone);
  });
});
