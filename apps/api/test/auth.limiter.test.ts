import { describe, expect, it } from "vitest";
import { RateLimiter } from "../src/auth/limiter";

describe("RateLimiter (fixed window per key)", () => {
  it("allows `limit` hits per window, then says how many whole seconds to wait", () => {
    let now = 0;
    const l = new RateLimiter(3, 10_000, () => now);
    for (let i = 0; i < 3; i++) {
      expect(l.retryAfter("a")).toBe(0);
      l.hit("a");
    }
    expect(l.retryAfter("a")).toBe(10);
    now = 9_001;
    expect(l.retryAfter("a")).toBe(1);
    expect(l.retryAfter("b")).toBe(0);
    now = 10_000;
    expect(l.retryAfter("a")).toBe(0);
  });

  it("reset forgets a key", () => {
    const l = new RateLimiter(1, 10_000, () => 0);
    l.hit("a");
    expect(l.retryAfter("a")).toBe(10);
    l.reset("a");
    expect(l.retryAfter("a")).toBe(0);
  });

  it("holds at most maxKeys keys: expired windows go first, then the oldest", () => {
    let now = 0;
    const l = new RateLimiter(1, 1000, () => now, 100);
    for (let i = 0; i < 100; i++) l.hit(`old${i}`);
    now = 500;
    for (let i = 0; i < 1000; i++) l.hit(`k${i}`);
    expect(l.size).toBeLessThanOrEqual(100);
    // The newest keys are kept and still limited.
    expect(l.retryAfter("k999")).toBe(1);
    now = 1000;
    l.hit("new");
    expect(l.retryAfter("old0")).toBe(0);
  });
});
