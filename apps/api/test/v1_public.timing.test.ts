import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp, testApp } from "./harness";
import { makeLink, OFFERED, openLink } from "./links";
import { timePublic } from "./testutil/timing";

let t: TestApp;
beforeAll(async () => {
  t = await testApp(undefined, "UTC", {
    // Every request comes from one address: the cap on views per address is lifted.
    publicLimits: {
      failuresPerAddress: 1_000_000,
      passcodeFailuresPerLink: 10,
      windowSecs: 600,
      viewsPerAddressPerMinute: 1_000_000_000,
    },
  });
});
afterAll(() => t.close());

describe("timing of public tokens (measured; figures in docs/benchmarks.md)", () => {
  it("a miss and a revoked token differ by less than the spread of a hit", async () => {
    const hit = await makeLink(t, { queries: [OFFERED] });
    const revoked = await makeLink(t, { queries: [OFFERED] });
    await t.request(`/api/v1/links/${revoked.link.id}`, { method: "DELETE" });
    const r = await timePublic(
      async (token) => {
        const res = await openLink(t, token);
        await res.arrayBuffer();
        return res.status;
      },
      { hit: hit.token, revoked: revoked.token, miss: () => randomBytes(32).toString("base64url") },
      1500,
    );
    const f = (s: { median: number; iqr: number }) => `median ${s.median.toFixed(4)} ms, IQR ${s.iqr.toFixed(4)} ms`;
    console.log(`public timing (app.request, 1500 each): miss ${f(r.miss)}; revoked ${f(r.revoked)}; hit ${f(r.hit)}`);
    // The noise floor: a hit's interquartile range, at least 20 µs (timer and scheduler jitter).
    const noise = Math.max(r.hit.iqr, 0.02);
    expect(Math.abs(r.miss.median - r.revoked.median)).toBeLessThanOrEqual(noise);
  }, 60_000);
});
