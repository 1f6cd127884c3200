import { describe, expect, it } from "vitest";
import { filtersFromFields, segmentFromSearch, withSegment } from "./segments";

describe("segments in the page", () => {
  it("adds segmentId to the report request only when a segment is chosen", () => {
    expect(withSegment({ periodDays: 30 }, undefined)).toEqual({ periodDays: 30 });
    expect(withSegment({ from: "1999-02-01", to: "1999-02-03" }, "5d1c3a8e-8f3b-4f4e-9a51-0c7b2f6d9e21")).toEqual({
      from: "1999-02-01",
      to: "1999-02-03",
      segmentId: "5d1c3a8e-8f3b-4f4e-9a51-0c7b2f6d9e21",
    });
  });

  it("reads ?segment= only when it is a segment id", () => {
    expect(segmentFromSearch("5D1C3A8E-8f3b-4f4e-9a51-0c7b2f6d9e21")).toBe("5D1C3A8E-8f3b-4f4e-9a51-0c7b2f6d9e21");
    for (const bad of [undefined, "", "all", "../x", "5d1c3a8e-8f3b-4f4e-9a51-0c7b2f6d9e21x"])
      expect(segmentFromSearch(bad)).toBeUndefined();
  });

  it("turns the dialog's comma-separated fields into filters, blank ones left out", () => {
    expect(filtersFromFields({ queue: " PS, NW ,", agent: "  ", outcome: "answered", nope: "x" })).toEqual({
      queue: ["PS", "NW"],
      outcome: ["answered"],
    });
  });
});
