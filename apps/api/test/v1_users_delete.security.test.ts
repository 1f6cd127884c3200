import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp, testApp } from "./harness";
import { expectCrossSiteWritesRefused } from "./testutil/csrf";

let t: TestApp;
beforeAll(async () => {
  t = await testApp([]);
});
afterAll(() => t.close());

describe("user deletion security", () => {
  it("another site cannot use an admin's session to delete users", async () => {
    const { user: admin } = await t.addUser("admin");
    const cookie = await t.sessionCookie(admin.id);
    const victims: string[] = [];
    const status = await expectCrossSiteWritesRefused(t, cookie, async () => {
      const { user } = await t.addUser("member");
      victims.push(user.id);
      return { method: "DELETE", path: `/api/v1/users/${user.id}` };
    });
    expect(status).toBe(204);
    const left = new Set((await t.accounts.listUsers()).map((u) => u.id));
    expect(victims.map((v) => left.has(v))).toEqual([true, true, true, true, true, true, false]);
  });
});
