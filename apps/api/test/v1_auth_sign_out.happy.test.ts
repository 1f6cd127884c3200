import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BROWSER_WRITE, type TestApp, testApp } from "./harness";

let t: TestApp;
beforeAll(async () => {
  t = await testApp([]);
});
afterAll(() => t.close());

describe("POST /api/v1/auth/sign-out", () => {
  it("ends the session on the server and clears the cookie", async () => {
    const { user, password } = await t.addUser("member");
    const { cookie } = await t.signIn(user.email, password);
    const id = /=([0-9a-f]{32})\./.exec(cookie)?.[1] ?? "";
    expect(await t.warehouse.query("SELECT count(*) AS n FROM app_sessions WHERE session_id = $1", [id])).toEqual([
      { n: 1 },
    ]);
    const res = await t.app.request("/api/v1/auth/sign-out", { method: "POST", headers: { cookie, ...BROWSER_WRITE } });
    expect(res.status).toBe(204);
    expect(res.headers.getSetCookie()[0]).toMatch(/^tallyline_session=; Max-Age=0; Path=\/; HttpOnly; SameSite=Lax/);
    expect(await t.warehouse.query("SELECT count(*) AS n FROM app_sessions WHERE session_id = $1", [id])).toEqual([
      { n: 0 },
    ]);
    // The copied cookie no longer works anywhere.
    expect((await t.app.request("/api/v1/auth/me", { headers: { cookie } })).status).toBe(401);
  });

  it("ends only that session: the user's other sessions go on", async () => {
    const { user, password } = await t.addUser("member");
    const a = await t.signIn(user.email, password);
    const b = await t.signIn(user.email, password);
    await t.app.request("/api/v1/auth/sign-out", { method: "POST", headers: { cookie: a.cookie, ...BROWSER_WRITE } });
    expect((await t.app.request("/api/v1/auth/me", { headers: { cookie: b.cookie } })).status).toBe(200);
  });
});
