import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp, testApp } from "./harness";

let t: TestApp;
beforeAll(async () => {
  t = await testApp([]);
});
afterAll(() => t.close());

describe("DELETE /api/v1/users/{userId}", () => {
  it("deletes the user and ends their sessions; the e-mail is free again", async () => {
    const { user, password } = await t.addUser("member");
    const cookie = await t.sessionCookie(user.id);
    expect((await t.request(`/api/v1/users/${user.id}`, { method: "DELETE" })).status).toBe(204);
    expect((await t.app.request("/api/v1/auth/me", { headers: { cookie } })).status).toBe(401);
    expect(await t.warehouse.query("SELECT count(*) AS n FROM app_sessions WHERE user_id = $1", [user.id])).toEqual([
      { n: 0 },
    ]);
    expect((await t.signIn(user.email, password)).res.status).toBe(401);
    expect((await t.post("/api/v1/users", { email: user.email, password, role: "member" })).status).toBe(201);
  });
});
