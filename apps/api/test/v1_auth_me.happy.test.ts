import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { START, type TestApp, testApp } from "./harness";

let t: TestApp;
beforeAll(async () => {
  t = await testApp([]);
});
afterAll(() => t.close());

describe("GET /api/v1/auth/me", () => {
  it("names the signed-in user and when the session ends", async () => {
    const { user, password } = await t.addUser("admin");
    const { cookie } = await t.signIn(user.email, password);
    const res = await t.app.request("/api/v1/auth/me", { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      kind: "session",
      role: "admin",
      user: { id: user.id, email: user.email, role: "admin", disabled: false },
      session: {
        expiresAt: new Date(START + 7 * 86_400_000).toISOString(),
        idleExpiresAt: new Date(START + 12 * 3_600_000).toISOString(),
      },
    });
  });

  it("names the API key a program sends, with its role and never its secret", async () => {
    const { key, info } = await t.accounts.createKey({ name: "exporter", role: "member" });
    const res = await t.app.request("/api/v1/auth/me", { headers: { authorization: `Bearer ${key}` } });
    const body = await res.json();
    expect(body).toEqual({ kind: "key", role: "member", key: { ...info } });
    expect(JSON.stringify(body)).not.toContain(key.slice(16));
  });
});
