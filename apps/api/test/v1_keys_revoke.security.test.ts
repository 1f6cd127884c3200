import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp, testApp } from "./harness";
import { expectCrossSiteWritesRefused } from "./testutil/csrf";

let t: TestApp;
beforeAll(async () => {
  t = await testApp([]);
});
afterAll(() => t.close());

describe("key revocation security", () => {
  it("another site cannot use an admin's session to revoke keys", async () => {
    const { user } = await t.addUser("admin");
    const ids: string[] = [];
    const status = await expectCrossSiteWritesRefused(t, await t.sessionCookie(user.id), async () => {
      const { info } = await t.accounts.createKey({ name: "victim", role: "member" });
      ids.push(info.id);
      return { method: "DELETE", path: `/api/v1/keys/${info.id}` };
    });
    expect(status).toBe(204);
    const revoked = new Map((await t.accounts.listKeys()).map((k) => [k.id, k.revokedAt !== null]));
    expect(ids.map((id) => revoked.get(id))).toEqual([false, false, false, false, false, false, true]);
  });

  it("a key can revoke itself (an admin key), and is refused right after", async () => {
    const { key, info } = await t.accounts.createKey({ name: "self", role: "admin" });
    const authorization = `Bearer ${key}`;
    expect((await t.request(`/api/v1/keys/${info.id}`, { method: "DELETE", headers: { authorization } })).status).toBe(
      204,
    );
    expect((await t.request("/api/v1/keys", { headers: { authorization } })).status).toBe(401);
  });
});
