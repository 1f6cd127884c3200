import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorOf, type TestApp, testApp } from "./harness";

let t: TestApp;
beforeAll(async () => {
  t = await testApp([]);
});
afterAll(() => t.close());

describe("user deletion errors", () => {
  it("404s an unknown user, twice the same", async () => {
    const { user } = await t.addUser("member");
    expect((await t.request(`/api/v1/users/${user.id}`, { method: "DELETE" })).status).toBe(204);
    expect(await errorOf(await t.request(`/api/v1/users/${user.id}`, { method: "DELETE" }))).toMatchObject({
      status: 404,
      code: "not_found",
    });
  });

  it("400s a path that is not a user id", async () => {
    const e = await errorOf(await t.request("/api/v1/users/..%2F..%2Fetc", { method: "DELETE" }));
    expect(e.status).toBe(400);
    expect(e.message).toMatch(/^userId: /);
  });
});
