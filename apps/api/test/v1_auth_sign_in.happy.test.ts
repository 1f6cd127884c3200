import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cookieOf, START, type TestApp, testApp } from "./harness";

let t: TestApp;
let email: string;
const password = "correct horse battery staple";
beforeAll(async () => {
  t = await testApp();
  email = (await t.addUser("member", password)).user.email;
});
afterAll(() => t.close());

const me = (cookie: string) => t.app.request("/api/v1/auth/me", { headers: { cookie } });

describe("POST /api/v1/auth/sign-in", () => {
  it("signs in with e-mail and password: the user, the session's ends, and an HttpOnly SameSite=Lax cookie", async () => {
    const { res, cookie } = await t.signIn(email, password);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { user: { email: string; role: string; lastSignInAt: string }; session: object };
    expect(body.user).toMatchObject({ email, role: "member", lastSignInAt: new Date(START).toISOString() });
    expect(body.session).toMatchObject({
      expiresAt: new Date(START + 7 * 86_400_000).toISOString(),
      idleExpiresAt: new Date(START + 12 * 3_600_000).toISOString(),
    });
    const set = res.headers.getSetCookie()[0] ?? "";
    expect(set).toMatch(/^tallyline_session=[0-9a-f]{32}\.[A-Za-z0-9_-]{43}; /);
    expect(set).toMatch(/; HttpOnly/);
    expect(set).toMatch(/; SameSite=Lax/);
    expect(set).toMatch(/; Path=\//);
    expect(set).toContain(`Expires=${new Date(START + 7 * 86_400_000).toUTCString()}`);
    expect(set).not.toMatch(/Secure/);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect((await me(cookie)).status).toBe(200);
  });

  it("takes the e-mail in any letter case and with spaces around it", async () => {
    const { res } = await t.signIn(`  ${email.toUpperCase()} `, password);
    expect(res.status).toBe(200);
  });

  it("rotates the session: signing in again ends the session the browser held", async () => {
    const first = await t.signIn(email, password);
    const second = await t.signIn(email, password, { cookie: first.cookie });
    expect(second.res.status).toBe(200);
    expect(second.cookie).not.toBe(first.cookie);
    expect((await me(first.cookie)).status).toBe(401);
    expect((await me(second.cookie)).status).toBe(200);
  });

  it("behind TLS (an https public URL) the cookie is Secure and __Host- prefixed", async () => {
    const tls = await testApp([], "UTC", { access: { publicUrl: "https://reports.example.com" } });
    try {
      const { user } = await tls.addUser("member", password);
      const res = await tls.app.request("https://reports.example.com/api/v1/auth/sign-in", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: user.email, password }),
      });
      expect(res.status).toBe(200);
      const set = res.headers.getSetCookie()[0] ?? "";
      expect(set).toMatch(/^__Host-tallyline_session=/);
      expect(set).toMatch(/; Secure/);
      const cookie = cookieOf(res);
      const who = await tls.app.request("https://reports.example.com/api/v1/auth/me", { headers: { cookie } });
      expect(who.status).toBe(200);
      // The plain name is not read behind TLS.
      const plain = cookie.replace("__Host-", "");
      expect(
        (await tls.app.request("https://reports.example.com/api/v1/auth/me", { headers: { cookie: plain } })).status,
      ).toBe(401);
    } finally {
      await tls.close();
    }
  });
});
