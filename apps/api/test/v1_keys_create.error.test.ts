import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorOf, type TestApp, testApp } from "./harness";

let t: TestApp;
beforeAll(async () => {
  t = await testApp([]);
});
afterAll(() => t.close());

describe("key creation errors", () => {
  it("400s each bad field with its path, and creates nothing", async () => {
    const cases: [unknown, RegExp][] = [
      [{ role: "member" }, /^name: /],
      [{ name: "x", role: "root" }, /^role: /],
      [{ name: "x", role: "member", expiresInDays: 0 }, /^expiresInDays: must be at least 1/],
      [{ name: "x", role: "member", expiresInDays: 1.5 }, /^expiresInDays: must be a whole number/],
      [{ name: "x", role: "member", expiresInDays: 3651 }, /^expiresInDays: must be at most 3650/],
      [{ name: "x", role: "member", secret: "mine" }, /^secret: unknown field/],
      [{ name: "x".repeat(101), role: "member" }, /^name: must be at most 100/],
      [[], /^request: /],
    ];
    for (const [body, message] of cases) {
      const e = await errorOf(await t.post("/api/v1/keys", body));
      expect(e.status).toBe(400);
      expect(e.message).toMatch(message);
    }
    expect((await t.accounts.listKeys()).map((k) => k.name)).toEqual(["test harness"]);
  });
});
