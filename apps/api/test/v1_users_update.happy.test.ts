import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp, testApp } from "./harness";

let t: TestApp;
beforeAll(async () => {
  t = await testApp([]);
});
afterAll(() => t.close());

const patch = (id: string, body: object) =>
  t.request(`/api/v1/users/${id}`, {
    method: "PATCH",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

describe("PATCH /api/v1/users/{userId}", () => {
  it("changes role and name; the user's next request has the new role", async () => {
    const { user } = await t.addUser("member");
    const cookie = await t.sessionCookie(user.id);
    expect((await t.app.request("/api/v1/users", { headers: { cookie } })).status).toBe(403);
    t.clock.now += 60_000;
    const res = await patch(user.id, { role: "admin", name: "Dee" });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      role: "admin",
      name: "Dee",
      updatedAt: new Date(t.clock.now).toISOString(),
    });
    expect((await t.app.request("/api/v1/users", { headers: { cookie } })).status).toBe(200);
    expect(await (await patch(user.id, { name: null })).json()).toMatchObject({ name: null, role: "admin" });
  });

  it("a new password replaces the old one and ends the user's sessions", async () => {
    const { user, password } = await t.addUser("member");
    const cookie = await t.sessionCookie(user.id);
    expect((await patch(user.id, { password: "another long password" })).status).toBe(200);
    expect((await t.app.request("/api/v1/auth/me", { headers: { cookie } })).status).toBe(401);
    expect((await t.signIn(user.email, password)).res.status).toBe(401);
    expect((await t.signIn(user.email, "another long password")).res.status).toBe(200);
  });

  it("disabling ends sessions and refuses sign-in; enabling lets the user back", async () => {
    const { user, password } = await t.addUser("member");
    const cookie = await t.sessionCookie(user.id);
    expect(await (await patch(user.id, { disabled: true })).json()).toMatchObject({ disabled: true });
    expect((await t.app.request("/api/v1/auth/me", { headers: { cookie } })).status).toBe(401);
    expect((await t.signIn(user.email, password)).res.status).toBe(401);
    await patch(user.id, { disabled: false });
    expect((await t.signIn(user.email, password)).res.status).toBe(200);
  });
});
