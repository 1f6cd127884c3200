/** planReport remembers parsed queries and compiled statements; these tests show when it may and may not reuse them. */
import { describe, expect, it } from "vitest";
import { defaultRegistry, PLAN_CACHE, planCacheStats, planReport } from "../src/index";

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
    // Intl's canonical spelling, which Node 20's ICU gives as the older link name Asia/Katmandu.
    expect(kathmandu.period.timezone).toMatch(/^Asia\/Kath?mandu$/);
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

  it("keys on the parsed, normalised query: key order, filter order, zone case and spent defaults", () => {
    const a = planReport(
      def,
      { periodDays: 30, asOf: "2026-11-20", timezone: "Europe/Amsterdam", filters: { campaign: ["b", "a"] } },
      { now: NOW },
    );
    const b = planReport(
      def,
      {
        filters: { campaign: ["a", "b", "a"] },
        timezone: "eUrOpe/AmsTerdam",
        compare: "previous",
        asOf: "2026-11-20",
        userId: "someone",
        parameters: {},
      },
      { now: NOW },
    );
    expect(b.key).toBe(a.key);
    expect(b.compiled).toBe(a.compiled);
    expect(b.period.timezone).toBe("Europe/Amsterdam");
    // from/to win over periodDays, which then changes nothing.
    const c = planReport(def, { from: "2026-11-01", to: "2026-11-20", periodDays: 5 }, { now: NOW });
    const d = planReport(def, { to: "2026-11-20", from: "2026-11-01" }, { now: NOW });
    expect(c.key).toBe(d.key);
    // ... but every field that changes the answer changes the key.
    const base = { periodDays: 30, asOf: "2026-11-20", timezone: "Europe/Amsterdam" };
    const keys = [
      base,
      { ...base, asOf: "2026-11-19" },
      { ...base, timezone: "Europe/London" },
      { ...base, compare: "none" },
      { ...base, grain: "week" },
      { ...base, limit: 3 },
      { ...base, filters: { campaign: ["a"] } },
      { ...base, filters: { agent: ["a"] } },
      { from: "2026-10-22", to: "2026-11-20", timezone: "Europe/Amsterdam" },
    ].map((q) => planReport(def, q, { now: NOW }).key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("bounds the statements it keeps by memory, not only by count", () => {
    // Each query carries 1,000 filter values of 200 characters (the most a filter takes: about
    // 0.4 MB as UTF-16 in the key and as much again in the parameters): 100 of them would hold
    // about 80 MB; the cache keeps at most PLAN_CACHE.maxBytes.
    const big = (i: number) => ({
      periodDays: 7,
      asOf: "2026-11-20",
      filters: { campaign: Array.from({ length: 1000 }, (_, j) => `${i}-${j}`.padEnd(200, "x")) },
    });
    const first = planReport(def, big(0), { now: NOW });
    for (let i = 1; i < 100; i++) planReport(def, big(i), { now: NOW });
    const stats = planCacheStats();
    expect(stats.bytes).toBeLessThanOrEqual(PLAN_CACHE.maxBytes);
    expect(stats.bytes).toBeGreaterThan(PLAN_CACHE.maxBytes / 2);
    // The oldest was forgotten: the same query compiles again (a new, equal statement).
    const again = planReport(def, big(0), { now: NOW });
    expect(again.compiled).not.toBe(first.compiled);
    expect(again.compiled.sql).toBe(first.compiled.sql);
    expect(again.compiled.params).toEqual(first.compiled.params);
  });
});
