import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp, testApp } from "./harness";
import { expectCrossSiteWritesRefused } from "./testutil/csrf";

let t: TestApp;
beforeAll(async () => {
  t = await testApp([]);
});
afterAll(() => t.close());

describe("sign-out security", () => {
  it("a cross-site page cannot sign a user out: the session survives every refused attempt", async () => {
    const { user } = await t.addUser("member");
    const cookie = await t.sessionCookie(user.id);
    let attempts = 0;
    const status = await expectCrossSiteWritesRefused(t, cookie, () => {
      attempts++;
      return { method: "POST", path: "/api/v1/auth/sign-out" };
    });
    expect(attempts).toBe(7);
    // The last, allowed attempt signed out.
    expect(status).toBe(204);
    expect((await t.app.request("/api/v1/auth/me", { headers: { cookie } })).status).toBe(401);
  });

  it("refused attempts leave the session working", async () => {
    const { user } = await t.addUser("member");
    const cookie = await t.sessionCookie(user.id);
    const res = await t.app.request("/api/v1/auth/sign-out", {
      method: "POST",
      headers: { cookie, origin: "https://evil.example", "x-tallyline-csrf": "1" },
    });
    expect(res.status).toBe(403);
    expect((await t.app.request("/api/v1/auth/me", { headers: { cookie } })).status).toBe(200);
  });
});
