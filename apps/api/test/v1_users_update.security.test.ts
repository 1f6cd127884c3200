import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp, testApp } from "./harness";
import { expectCrossSiteWritesRefused } from "./testutil/csrf";

let t: TestApp;
beforeAll(async () => {
  t = await testApp([]);
});
afterAll(() => t.close());

describe("user change security", () => {
  it("another site cannot use an admin's session to promote someone", async () => {
    const { user: admin } = await t.addUser("admin");
    const { user: target } = await t.addUser("member");
    const cookie = await t.sessionCookie(admin.id);
    // Every refused attempt would demote first, so a leak shows as "member" before the allowed one.
    const status = await expectCrossSiteWritesRefused(t, cookie, async () => {
      expect((await t.accounts.user(target.id)).role).toBe("member");
      return { method: "PATCH", path: `/api/v1/users/${target.id}`, body: { role: "admin" } };
    });
    expect(status).toBe(200);
    expect((await t.accounts.user(target.id)).role).toBe("admin");
  });

  it("a member cannot promote themself", async () => {
    const { user } = await t.addUser("member");
    const res = await t.app.request(`/api/v1/users/${user.id}`, {
      method: "PATCH",
      headers: {
        "content-type": "application/json",
        cookie: await t.sessionCookie(user.id),
        origin: "http://localhost",
        "x-tallyline-csrf": "1",
      },
      body: JSON.stringify({ role: "admin" }),
    });
    expect(res.status).toBe(403);
    expect((await t.accounts.user(user.id)).role).toBe("member");
  });
});
