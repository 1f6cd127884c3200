import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiKeyInfo } from "../src/auth/accounts";
import { type TestApp, testApp } from "./harness";

let t: TestApp;
beforeAll(async () => {
  t = await testApp([]);
});
afterAll(() => t.close());

describe("GET /api/v1/keys", () => {
  it("lists keys newest first with revoked ones, and their last use", async () => {
    t.clock.now += 1000;
    const a = await t.accounts.createKey({ name: "a", role: "member" });
    t.clock.now += 1000;
    const b = await t.accounts.createKey({ name: "b", role: "admin", expiresAt: t.clock.now + 86_400_000 });
    await t.accounts.revokeKey(a.info.id);
    t.clock.now += 1000;
    await t.app.request("/api/v1/auth/me", { headers: { authorization: `Bearer ${b.key}` } });
    await t.accounts.flush();
    const { items } = (await (await t.request("/api/v1/keys")).json()) as { items: ApiKeyInfo[] };
    expect(items.map((k) => k.name)).toEqual(["b", "a", "test harness"]);
    expect(items[0]).toMatchObject({
      role: "admin",
      prefix: `tl_${b.info.id}_`,
      revokedAt: null,
      lastUsedAt: new Date(t.clock.now).toISOString(),
    });
    expect(items[1]?.revokedAt).not.toBeNull();
  });
});
