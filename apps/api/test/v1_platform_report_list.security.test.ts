import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp, testApp } from "./harness";

let t: TestApp;
beforeAll(async () => {
  t = await testApp([]);
});
afterAll(() => t.close());

describe("report list security", () => {
  it("401s anonymous callers; members read it, marked private", async () => {
    expect((await t.app.request("/api/v1/platform/report/list")).status).toBe(401);
    const res = await t.request("/api/v1/platform/report/list", {
      headers: { authorization: await t.keyHeader("member") },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("private");
  });
});
