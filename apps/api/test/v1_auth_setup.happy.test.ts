import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cookieOf, ORIGIN, type TestApp, testApp } from "./harness";

let t: TestApp;
beforeAll(async () => {
  t = await testApp([]);
});
afterAll(() => t.close());

describe("POST /api/v1/auth/setup", () => {
  it("creates the first admin from the setup link's token, signed in; then the server is set up", async () => {
    const health = async () =>
      ((await (await t.app.request("/api/v1/health")).json()) as { setupRequired: boolean }).setupRequired;
    expect(await health()).toBe(true);
    const token = await t.accounts.createSetupToken();
    const res = await t.app.request("/api/v1/auth/setup", {
      method: "POST",
      headers: { "content-type": "application/json", origin: ORIGIN },
      body: JSON.stringify({ token, email: " Ana@Example.com", password: "correct horse battery staple", name: "Ana" }),
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({
      user: { email: "ana@example.com", role: "admin", name: "Ana", disabled: false },
    });
    const me = await t.app.request("/api/v1/auth/me", { headers: { cookie: cookieOf(res) } });
    expect(await me.json()).toMatchObject({ kind: "session", role: "admin" });
    expect(await health()).toBe(false);
    // The admin signs in with that password from now on.
    expect((await t.signIn("ana@example.com", "correct horse battery staple")).res.status).toBe(200);
  });
});
