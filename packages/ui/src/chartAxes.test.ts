import { describe, expect, it } from "vitest";
import { durationStep, valueAxis, writerOf } from "./chartAxes";

describe("durationStep", () => {
  it("steps by whole seconds, minutes and hours", () => {
    expect(durationStep(40)).toBe(10);
    expect(durationStep(185)).toBe(60);
    expect(durationStep(40_000)).toBe(10_800);
    expect(durationStep(500_000)).toBe(172_800);
  });
});

describe("valueAxis", () => {
  it("writes labels in the format and gives durations whole steps up to the next one", () => {
    const axis = valueAxis("duration", [null, 1000, 40_000]);
    expect(axis).toMatchObject({ type: "value", minInterval: 0, interval: 10_800, max: 43_200 });
    expect(axis.axisLabel.formatter(10_800)).toBe("3 h");
  });

  it("steps counts by whole numbers and leaves other scales to ECharts", () => {
    expect(valueAxis("count", [0, 3])).toMatchObject({ minInterval: 1 });
    expect(valueAxis("count", [0, 3])).not.toHaveProperty("interval");
    expect(valueAxis("duration", [null, 0])).not.toHaveProperty("interval");
    expect(valueAxis("percent", [50]).axisLabel.formatter(50)).toBe("50.0%");
    expect(writerOf("score")("n/a")).toBe("–");
  });
});
