import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sha256 } from "../src/auth/tokens";
import { type TestApp, testApp } from "./harness";
import { expectCrossSiteWritesRefused } from "./testutil/csrf";

let t: TestApp;
beforeAll(async () => {
  t = await testApp([]);
});
afterAll(() => t.close());

describe("key creation security", () => {
  it("stores only the SHA-256 of the secret; the key is not in the database", async () => {
    const res = await t.post("/api/v1/keys", { name: "hashed", role: "member" });
    const { key, apiKey } = (await res.json()) as { key: string; apiKey: { id: string } };
    expect(res.headers.get("cache-control")).toBe("no-store");
    const secret = key.slice(16);
    expect(await t.warehouse.query("SELECT secret_hash FROM app_api_keys WHERE key_id = $1", [apiKey.id])).toEqual([
      { secret_hash: sha256(secret) },
    ]);
    const dump = JSON.stringify(await t.warehouse.query("SELECT * FROM app_api_keys"));
    expect(dump).not.toContain(secret);
  });

  it("another site cannot use an admin's session to mint a key", async () => {
    const { user } = await t.addUser("admin");
    const before = (await t.accounts.listKeys()).length;
    const status = await expectCrossSiteWritesRefused(t, await t.sessionCookie(user.id), () => ({
      method: "POST",
      path: "/api/v1/keys",
      body: { name: "stolen", role: "admin" },
    }));
    expect(status).toBe(201);
    expect((await t.accounts.listKeys()).length).toBe(before + 1);
  });

  it("refused keys count per address: past the limit even a good key waits (429, Retry-After)", async () => {
    const strict = await testApp([], "UTC", { access: { keyFailureLimit: 3, rateWindowSecs: 60 } });
    try {
      const me = (authorization: string) => strict.app.request("/api/v1/auth/me", { headers: { authorization } });
      for (let i = 0; i < 3; i++) expect((await me(`Bearer tl_000000000000_${"A".repeat(43)}`)).status).toBe(401);
      const res = await me(`Bearer ${strict.adminKey}`);
      expect(res.status).toBe(429);
      expect(res.headers.get("retry-after")).toBe("60");
      strict.clock.now += 60_000;
      expect((await me(`Bearer ${strict.adminKey}`)).status).toBe(200);
    } finally {
      await strict.close();
    }
  });
});
