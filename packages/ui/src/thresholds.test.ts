import { describe, expect, it } from "vitest";
import { thresholdsOf } from "./thresholds";

const serviceLevel = {
  name: "Service level",
  parameters: {
    serviceLevelSecs: { label: "Service level: answered within", unit: "seconds", default: 20 },
    shortAbandonSecs: { label: "Short abandon: hung up within", unit: "seconds", default: 5 },
  },
};

describe("thresholdsOf", () => {
  it("states each parameter with the value the result used, else its default", () => {
    expect(thresholdsOf(serviceLevel, { serviceLevelSecs: 20, shortAbandonSecs: 5 }, "en-US")).toEqual([
      "Answered within 20 s",
      "Short abandon: hung up within 5 s",
    ]);
    expect(thresholdsOf(serviceLevel, { serviceLevelSecs: 90 }, "en-US")).toEqual([
      "Answered within 1 m 30 s",
      "Short abandon: hung up within 5 s",
    ]);
  });

  it("writes other units after a locale number, and nothing for reports without parameters", () => {
    expect(thresholdsOf({ ...serviceLevel, name: "Short abandons" }, {}, "en-US")[1]).toBe("Hung up within 5 s");
    expect(
      thresholdsOf({ name: "Top", parameters: { top: { label: "Top", unit: "agents", default: 1500 } } }, {}, "de-DE"),
    ).toEqual(["Top: 1.500 agents"]);
    expect(thresholdsOf({ name: "Calls" }, undefined, "en-US")).toEqual([]);
  });
});
