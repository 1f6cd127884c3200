import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp, testApp } from "./harness";

let t: TestApp;
beforeAll(async () => {
  t = await testApp([]);
});
afterAll(() => t.close());

describe("keys list security", () => {
  it("never shows a secret or its hash", async () => {
    const { key } = await t.accounts.createKey({ name: "secret", role: "member" });
    const [row] = await t.warehouse.query("SELECT secret_hash FROM app_api_keys WHERE name = 'secret'");
    const text = await (await t.request("/api/v1/keys")).text();
    expect(text).not.toContain(key.slice(16, 40));
    expect(text).not.toContain(String(row?.secret_hash));
    expect(text).not.toContain(t.adminKey.slice(16, 40));
  });

  it("a member key sees 403", async () => {
    expect((await t.request("/api/v1/keys", { headers: { authorization: await t.keyHeader("member") } })).status).toBe(
      403,
    );
  });
});
