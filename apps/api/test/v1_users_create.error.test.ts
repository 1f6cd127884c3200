import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorOf, type TestApp, testApp } from "./harness";

let t: TestApp;
beforeAll(async () => {
  t = await testApp([]);
});
afterAll(() => t.close());

const valid = { email: "cy@example.com", password: "a long enough password", role: "member" };

describe("user creation errors", () => {
  it("409s an e-mail that exists, in any letter case", async () => {
    expect((await t.post("/api/v1/users", valid)).status).toBe(201);
    const e = await errorOf(await t.post("/api/v1/users", { ...valid, email: "CY@example.com" }));
    expect(e).toMatchObject({ status: 409, code: "conflict" });
    expect(e.message).toContain("cy@example.com");
  });

  it("400s each bad field with its path", async () => {
    const cases: [object, RegExp][] = [
      [{ ...valid, email: "dee@example.com", role: "owner" }, /^role: /],
      [{ ...valid, email: "dee@example.com", password: "short" }, /^password: must be at least 12/],
      [{ ...valid, email: "dee@example.com", name: "" }, /^name: must not be empty/],
      [{ ...valid, email: "dee@example.com", disabled: true }, /^disabled: unknown field/],
      [{ email: "dee@example.com", password: valid.password }, /^role: /],
    ];
    for (const [body, message] of cases) {
      const e = await errorOf(await t.post("/api/v1/users", body));
      expect(e.status).toBe(400);
      expect(e.message).toMatch(message);
    }
    expect((await t.accounts.listUsers()).map((u) => u.email)).toEqual(["cy@example.com"]);
  });
});
