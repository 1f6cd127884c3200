import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorOf, type TestApp, testApp } from "./harness";

let t: TestApp;
beforeAll(async () => {
  t = await testApp([]);
});
afterAll(() => t.close());

const patch = (id: string, body: unknown) =>
  t.request(`/api/v1/users/${id}`, {
    method: "PATCH",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

describe("user change errors", () => {
  it("409s demoting, disabling or deleting the last active admin", async () => {
    const { user } = await t.addUser("admin");
    for (const change of [{ role: "member" }, { disabled: true }]) {
      const e = await errorOf(await patch(user.id, change));
      expect(e).toMatchObject({ status: 409, code: "conflict" });
      expect(e.message).toMatch(/last active admin/);
    }
    expect((await errorOf(await t.request(`/api/v1/users/${user.id}`, { method: "DELETE" }))).status).toBe(409);
    // With a second admin the first may step down.
    await t.addUser("admin");
    expect((await patch(user.id, { role: "member" })).status).toBe(200);
  });

  it("404s an unknown user and 400s an id that is not a UUID", async () => {
    expect(await errorOf(await patch("0b7e6a52-3f7e-4c69-9d0e-7f1c2b1e9a10", { name: "x" }))).toMatchObject({
      status: 404,
      code: "not_found",
    });
    const e = await errorOf(await patch("1 OR 1=1", { name: "x" }));
    expect(e).toMatchObject({ status: 400 });
    expect(e.message).toMatch(/^userId: must be a user id/);
  });

  it("400s an empty change, unknown fields and an e-mail change", async () => {
    const { user } = await t.addUser("member");
    expect((await errorOf(await patch(user.id, {}))).message).toMatch(/at least one of/);
    expect((await errorOf(await patch(user.id, { email: "new@example.com" }))).message).toMatch(
      /^email: unknown field/,
    );
    expect((await errorOf(await patch(user.id, { disabled: "yes" }))).message).toMatch(
      /^disabled: must be true or false/,
    );
  });
});
