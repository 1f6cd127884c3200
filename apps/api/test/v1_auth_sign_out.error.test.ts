import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorOf, type TestApp, testApp } from "./harness";

let t: TestApp;
beforeAll(async () => {
  t = await testApp([]);
});
afterAll(() => t.close());

describe("sign-out errors", () => {
  it("400s an API key: keys are revoked, not signed out", async () => {
    const e = await errorOf(await t.post("/api/v1/auth/sign-out"));
    expect(e).toMatchObject({ status: 400, code: "bad_request" });
    expect(e.message).toMatch(/DELETE \/api\/v1\/keys/);
  });

  it("401s without a session, and clears a cookie whose session has ended", async () => {
    expect(await errorOf(await t.app.request("/api/v1/auth/sign-out", { method: "POST" }))).toMatchObject({
      status: 401,
      code: "unauthorized",
    });
    const res = await t.app.request("/api/v1/auth/sign-out", {
      method: "POST",
      headers: { cookie: `tallyline_session=${"0".repeat(32)}.${"A".repeat(43)}` },
    });
    expect(res.status).toBe(401);
    expect(res.headers.getSetCookie()[0]).toMatch(/^tallyline_session=; Max-Age=0/);
  });
});
