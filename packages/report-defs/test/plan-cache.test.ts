/** planReport remembers parsed queries and compiled statements; these tests show when it may and may not reuse them. */
import { describe, expect, it } from "vitest";
import { defaultRegistry, planReport } from "../src/index";

const def = defaultRegistry().get("engagement.messages");
const DAY = 86_400_000;
const NOW = Date.parse("2026-11-21T12:00:00Z");

describe("planReport's cache", () => {
  it("reuses the statement for the same query and period", () => {
    const q = { periodDays: 30, asOf: "2026-11-20", timezone: "Europe/Amsterdam" };
    const a = planReport(def, q, { now: NOW });
    const b = planReport(def, { ...q }, { now: NOW + DAY });
    expect(b.compiled).toBe(a.compiled);
    expect(b.summary).toBe(a.summary);
  });

  it("compiles again when today moves a relative period", () => {
    const q = { periodDays: 7, timezone: "Europe/Amsterdam", compare: "none" };
    const today = planReport(def, q, { now: NOW });
    const tomorrow = planReport(def, q, { now: NOW + DAY });
    expect(today.period.to).toBe("2026-11-21");
    expect(tomorrow.period.to).toBe("2026-11-22");
    expect(tomorrow.compiled.params).not.toEqual(today.compiled.params);
    // Back to the first day: the first statement again, equal to a fresh compile.
    expect(planReport(def, q, { now: NOW }).compiled).toBe(today.compiled);
  });

  it("keeps queries apart: filters, zones, grains and the default zone", () => {
    const q = { periodDays: 30, asOf: "2026-11-20" };
    const plain = planReport(def, { ...q, timezone: "UTC" }, { now: NOW });
    const filtered = planReport(def, { ...q, timezone: "UTC", filters: { campaign: ["a"] } }, { now: NOW });
    expect(plain.summary).toBe(true);
    expect(filtered.summary).toBe(false);
    expect(filtered.compiled.params).toContain("a");
    const weekly = planReport(def, { ...q, timezone: "UTC", grain: "week" }, { now: NOW });
    expect(weekly.compiled).not.toBe(plain.compiled);
    expect(weekly.compiled.rollup).toMatchObject({ grain: "week" });
    const utc = planReport(def, q, { now: NOW, defaultTimezone: "UTC" });
    const kathmandu = planReport(def, q, { now: NOW, defaultTimezone: "Asia/Kathmandu" });
    expect(utc.period.timezone).toBe("UTC");
    expect(kathmandu.period.timezone).toBe("Asia/Kathmandu");
    expect(kathmandu.compiled.params).not.toEqual(utc.compiled.params);
  });

  it("still refuses a bad query every time", () => {
    expect(() => planReport(def, { periodDays: 0 })).toThrow(/periodDays/);
    expect(() => planReport(def, { periodDays: 0 })).toThrow(/periodDays/);
  });

  it("does not key on the JSON text of values JSON would change", () => {
    // This object's JSON is the text of a valid query; the object itself must still be refused.
    const asOf = "2026-11-20";
    planReport(def, { periodDays: 3, asOf }, { now: NOW });
    const lookalike = { toJSON: () => asOf };
    expect(() => planReport(def, { periodDays: 3, asOf: lookalike }, { now: NOW })).toThrow(/asOf/);
  });
});
