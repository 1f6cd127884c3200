import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp, testApp } from "./harness";
import { expectCrossSiteWritesRefused } from "./testutil/csrf";

let t: TestApp;
beforeAll(async () => {
  t = await testApp([]);
});
afterAll(() => t.close());

describe("user creation security", () => {
  it("stores an argon2id hash, never the password", async () => {
    await t.post("/api/v1/users", { email: "hash@example.com", password: "a long enough password", role: "member" });
    const [row] = await t.warehouse.query("SELECT password_hash FROM app_users WHERE email = 'hash@example.com'");
    expect(String(row?.password_hash)).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(String(row?.password_hash)).not.toContain("a long enough password");
  });

  it("an admin's session cannot be used by another site to create a user", async () => {
    const { user } = await t.addUser("admin");
    const cookie = await t.sessionCookie(user.id);
    let n = 0;
    const status = await expectCrossSiteWritesRefused(t, cookie, () => ({
      method: "POST",
      path: "/api/v1/users",
      body: { email: `csrf${++n}@example.com`, password: "a long enough password", role: "admin" },
    }));
    expect(status).toBe(201);
    // Only the last, allowed attempt created a user.
    expect((await t.accounts.listUsers()).filter((u) => u.email.startsWith("csrf")).map((u) => u.email)).toEqual([
      `csrf${n}@example.com`,
    ]);
  });

  it("a member key cannot create an admin", async () => {
    const res = await t.post(
      "/api/v1/users",
      { email: "esc@example.com", password: "a long enough password", role: "admin" },
      { "content-type": "application/json", authorization: await t.keyHeader("member") },
    );
    expect(res.status).toBe(403);
    expect((await t.accounts.listUsers()).some((u) => u.email === "esc@example.com")).toBe(false);
  });
});
