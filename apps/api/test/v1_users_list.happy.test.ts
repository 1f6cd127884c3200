import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { User } from "../src/auth/accounts";
import { type TestApp, testApp } from "./harness";

let t: TestApp;
beforeAll(async () => {
  t = await testApp([]);
});
afterAll(() => t.close());

describe("GET /api/v1/users", () => {
  it("lists every user oldest first, with role, state and last sign-in", async () => {
    expect(await (await t.request("/api/v1/users")).json()).toEqual({ items: [] });
    const a = await t.addUser("admin");
    t.clock.now += 1000;
    const b = await t.addUser("member");
    await t.accounts.updateUser(b.user.id, { disabled: true });
    await t.signIn(a.user.email, a.password);
    const { items } = (await (await t.request("/api/v1/users")).json()) as { items: User[] };
    expect(items.map((u) => [u.email, u.role, u.disabled, u.lastSignInAt !== null])).toEqual([
      [a.user.email, "admin", false, true],
      [b.user.email, "member", true, false],
    ]);
  });
});
