import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sha256 } from "../src/auth/tokens";
import { type TestApp, testApp } from "./harness";

let t: TestApp;
beforeAll(async () => {
  t = await testApp([]);
});
afterAll(() => t.close());

describe("setup security", () => {
  it("stores only the token's SHA-256, and marks it used", async () => {
    const token = await t.accounts.createSetupToken();
    expect(await t.warehouse.query("SELECT token_hash, used_at FROM app_setup_tokens")).toEqual([
      { token_hash: sha256(token), used_at: null },
    ]);
    const res = await t.app.request("/api/v1/auth/setup", {
      method: "POST",
      headers: { "content-type": "application/json", origin: "https://evil.example" },
      body: JSON.stringify({ token, email: "ana@example.com", password: "correct horse battery staple" }),
    });
    // A page of another origin cannot use a link it learnt.
    expect(res.status).toBe(403);
    const ok = await t.app.request("/api/v1/auth/setup", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ token, email: "ana@example.com", password: "correct horse battery staple" }),
    });
    expect(ok.status).toBe(201);
    expect(await t.warehouse.query("SELECT used_at FROM app_setup_tokens")).toEqual([
      { used_at: new Date(t.clock.now).toISOString() },
    ]);
  });

  it("once a user exists, no new link can create another admin", async () => {
    const token = await t.accounts.createSetupToken();
    const res = await t.app.request("/api/v1/auth/setup", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ token, email: "eve@example.com", password: "correct horse battery staple" }),
    });
    expect(res.status).toBe(409);
    expect((await t.accounts.listUsers()).map((u) => u.email)).toEqual(["ana@example.com"]);
  });
});
