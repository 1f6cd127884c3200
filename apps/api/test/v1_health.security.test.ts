import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp, testApp } from "./harness";

let t: TestApp;
beforeAll(async () => {
  t = await testApp([]);
});
afterAll(() => t.close());

describe("health security", () => {
  it("ignores credentials (a bad key is not counted against the address) and sets no cookie", async () => {
    for (let i = 0; i < 30; i++) {
      const res = await t.app.request("/api/v1/health", {
        headers: { authorization: "Bearer bad", cookie: "tallyline_session=x" },
      });
      expect(res.status).toBe(200);
      expect(res.headers.getSetCookie()).toEqual([]);
    }
    expect(t.security.limits.keyFailures.size).toBe(0);
  });

  it("tells nothing but whether setup is needed", async () => {
    expect(Object.keys((await (await t.app.request("/api/v1/health")).json()) as object).sort()).toEqual([
      "setupRequired",
      "status",
    ]);
  });
});
