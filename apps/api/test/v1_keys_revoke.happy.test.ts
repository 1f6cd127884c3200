import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp, testApp } from "./harness";

let t: TestApp;
beforeAll(async () => {
  t = await testApp([]);
});
afterAll(() => t.close());

describe("DELETE /api/v1/keys/{keyId}", () => {
  it("revokes a key from the next request on, even one just used (no cache keeps it)", async () => {
    const { key, info } = await t.accounts.createKey({ name: "to revoke", role: "member" });
    const me = () => t.app.request("/api/v1/auth/me", { headers: { authorization: `Bearer ${key}` } });
    expect((await me()).status).toBe(200);
    t.clock.now += 5000;
    expect((await t.request(`/api/v1/keys/${info.id}`, { method: "DELETE" })).status).toBe(204);
    expect((await me()).status).toBe(401);
    const listed = await t.accounts.listKeys();
    expect(listed.find((k) => k.id === info.id)?.revokedAt).toBe(new Date(t.clock.now).toISOString());
  });

  it("revoking a revoked key changes nothing", async () => {
    const { info } = await t.accounts.createKey({ name: "twice", role: "member" });
    await t.request(`/api/v1/keys/${info.id}`, { method: "DELETE" });
    const first = (await t.accounts.listKeys()).find((k) => k.id === info.id)?.revokedAt;
    t.clock.now += 5000;
    expect((await t.request(`/api/v1/keys/${info.id}`, { method: "DELETE" })).status).toBe(204);
    expect((await t.accounts.listKeys()).find((k) => k.id === info.id)?.revokedAt).toBe(first);
  });
});
