import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp, testApp } from "./harness";

let t: TestApp;
beforeAll(async () => {
  t = await testApp([]);
});
afterAll(() => t.close());

describe("GET /api/v1/health", () => {
  it("answers anyone, and says whether the first admin is still to be created", async () => {
    const res = await t.app.request("/api/v1/health");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", setupRequired: true });
    await t.addUser("admin");
    expect(await (await t.app.request("/api/v1/health")).json()).toEqual({ status: "ok", setupRequired: false });
  });
});
