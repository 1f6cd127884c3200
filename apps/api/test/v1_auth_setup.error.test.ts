import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { errorOf, type TestApp, testApp } from "./harness";

let t: TestApp;
beforeEach(async () => {
  t = await testApp([]);
});
afterEach(() => t.close());

const body = (token: string, extra: object = {}) => ({
  token,
  email: "ana@example.com",
  password: "correct horse battery staple",
  ...extra,
});
const setup = (b: unknown) =>
  t.app.request("/api/v1/auth/setup", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(b),
  });

describe("setup errors", () => {
  it("403s an unknown token and an expired one (24 hours)", async () => {
    const token = await t.accounts.createSetupToken();
    expect(await errorOf(await setup(body("B".repeat(43))))).toMatchObject({
      status: 403,
      code: "invalid_setup_token",
    });
    t.clock.now += 24 * 3_600_000;
    const e = await errorOf(await setup(body(token)));
    expect(e).toMatchObject({ status: 403, code: "invalid_setup_token" });
    expect(e.message).toMatch(/restart the server/);
    expect(await t.accounts.listUsers()).toEqual([]);
  });

  it("a link works once: the second use finds an admin and is refused (409)", async () => {
    const token = await t.accounts.createSetupToken();
    expect((await setup(body(token))).status).toBe(201);
    expect(await errorOf(await setup(body(token, { email: "eve@example.com" })))).toMatchObject({
      status: 409,
      code: "conflict",
    });
    expect((await t.accounts.listUsers()).map((u) => u.email)).toEqual(["ana@example.com"]);
  });

  it("a new link replaces an unused older one", async () => {
    const old = await t.accounts.createSetupToken();
    const fresh = await t.accounts.createSetupToken();
    expect((await setup(body(old))).status).toBe(403);
    expect((await setup(body(fresh))).status).toBe(201);
  });

  it("400s a short password, a bad e-mail, a malformed token and a role in the body, with the field's path", async () => {
    const token = await t.accounts.createSetupToken();
    const cases: [object, RegExp][] = [
      [body(token, { password: "short" }), /^password: must be at least 12 characters/],
      [body(token, { email: "ana" }), /^email: /],
      [body("x"), /^token: must be the token of the setup link/],
      [body(token, { role: "member" }), /^role: unknown field/],
      [{ email: "ana@example.com" }, /^token: /],
    ];
    for (const [b, message] of cases) {
      const e = await errorOf(await setup(b));
      expect(e.status).toBe(400);
      expect(e.message).toMatch(message);
    }
    // None of them used the link.
    expect((await setup(body(token))).status).toBe(201);
  });
});
