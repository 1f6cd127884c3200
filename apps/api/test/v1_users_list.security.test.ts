import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp, testApp } from "./harness";

let t: TestApp;
beforeAll(async () => {
  t = await testApp([]);
});
afterAll(() => t.close());

describe("users list security", () => {
  it("never shows a password hash, and is not stored by caches", async () => {
    await t.addUser("member");
    const res = await t.request("/api/v1/users");
    expect(await res.text()).not.toMatch(/argon2|password/i);
    expect(res.headers.get("cache-control")).toBe("no-store");
  });

  it("a member sees 403, not the list", async () => {
    const { user } = await t.addUser("member");
    const res = await t.app.request("/api/v1/users", { headers: { cookie: await t.sessionCookie(user.id) } });
    expect(res.status).toBe(403);
    expect(await res.text()).not.toContain(user.email);
  });
});
