import { describe, expect, it } from "vitest";
import { bandOf } from "./bands";

const bands = [
  { label: "Excellent", min: 90 },
  { label: "Good", min: 70 },
  { label: "Concerning", min: 50 },
  { label: "Critical", min: 0 },
];

describe("bandOf", () => {
  it("finds the highest band a value reaches, its lowest value included", () => {
    expect(bandOf(95, bands)).toBe("Excellent");
    expect(bandOf(90, bands)).toBe("Excellent");
    expect(bandOf(89.9, bands)).toBe("Good");
    expect(bandOf(0, bands)).toBe("Critical");
    expect(bandOf(0, [...bands].reverse())).toBe("Critical");
    expect(bandOf(75, [...bands].reverse())).toBe("Good");
  });

  it("has no band without a value, without thresholds or below every band", () => {
    expect(bandOf(null, bands)).toBeUndefined();
    expect(bandOf(80, undefined)).toBeUndefined();
    expect(bandOf(-1, bands)).toBeUndefined();
  });
});
