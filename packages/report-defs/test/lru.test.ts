/** The Lru behind the plan, bucket and result caches: count and memory bounds, least recently used first. */
import { describe, expect, it } from "vitest";
import { Lru, stringBytes } from "../src/index";

describe("Lru", () => {
  it("forgets the least recently used entry past its count", () => {
    const l = new Lru<number>(2);
    l.set("a", 1);
    l.set("b", 2);
    expect(l.get("a")).toBe(1); // a is now the most recent
    l.set("c", 3);
    expect(l.get("b")).toBeUndefined();
    expect([l.get("a"), l.get("c"), l.size]).toEqual([1, 3, 2]);
  });

  it("bounds memory: keys at 2 bytes a character plus sizeOf, oldest out first", () => {
    const l = new Lru<string>({ maxEntries: 100, maxBytes: 100, sizeOf: stringBytes });
    l.set("k1", "x".repeat(20)); // 4 + 40 = 44
    l.set("k2", "y".repeat(20)); // 44, total 88
    expect(l.bytes).toBe(88);
    l.set("k3", "z".repeat(10)); // 24: 112 > 100, so k1 goes
    expect(l.get("k1")).toBeUndefined();
    expect(l.bytes).toBe(68);
    l.set("k2", "w"); // replacing counts the new size only: 4 + 2
    expect(l.bytes).toBe(30);
    l.delete("k3");
    expect([l.bytes, l.size]).toEqual([6, 1]);
  });

  it("keeps nothing that is over the whole budget on its own, and drops the older value under its key", () => {
    const l = new Lru<string>({ maxEntries: 10, maxBytes: 100, sizeOf: stringBytes });
    l.set("a", "small");
    l.set("big", "small");
    expect(l.set("big", "x".repeat(60))).toBe(false);
    expect(l.get("big")).toBeUndefined();
    expect(l.get("a")).toBe("small");
    expect(l.bytes).toBe(2 + 10);
  });

  it("refuses a memory bound without a way to size entries", () => {
    expect(() => new Lru<string>({ maxEntries: 1, maxBytes: 1 })).toThrow(/sizeOf/);
  });
});
