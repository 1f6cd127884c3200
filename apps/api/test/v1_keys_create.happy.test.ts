import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BROWSER_WRITE, START, type TestApp, testApp } from "./harness";

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

describe("POST /api/v1/keys", () => {
  it("returns a new key once; it reads reports at once, with its role", async () => {
    const res = await t.post("/api/v1/keys", { name: "nightly export", role: "member", expiresInDays: 30 });
    expect(res.status).toBe(201);
    const { key, apiKey } = (await res.json()) as { key: string; apiKey: { id: string } };
    expect(key).toMatch(/^tl_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    expect(apiKey).toEqual({
      id: key.slice(3, 15),
      name: "nightly export",
      role: "member",
      prefix: key.slice(0, 16),
      createdBy: null,
      createdAt: new Date(START).toISOString(),
      lastUsedAt: null,
      expiresAt: new Date(START + 30 * 86_400_000).toISOString(),
      revokedAt: null,
    });
    const fetch = await t.post(
      "/api/v1/report/calls.offered/fetch",
      { from: "1999-02-01", to: "1999-02-03" },
      {
        "content-type": "application/json",
        authorization: `Bearer ${key}`,
      },
    );
    expect(((await fetch.json()) as { value: number }).value).toBe(9);
    expect((await t.request("/api/v1/users", { headers: { authorization: `Bearer ${key}` } })).status).toBe(403);
  });

  it("records the admin who created it from the dashboard", async () => {
    const { user } = await t.addUser("admin");
    const res = await t.app.request("/api/v1/keys", {
      method: "POST",
      headers: { "content-type": "application/json", cookie: await t.sessionCookie(user.id), ...BROWSER_WRITE },
      body: JSON.stringify({ name: "from the dashboard", role: "admin" }),
    });
    expect(await res.json()).toMatchObject({ apiKey: { createdBy: user.id, expiresAt: null, role: "admin" } });
  });
});
