import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorOf, type TestApp, testApp } from "./harness";

let t: TestApp;
beforeAll(async () => {
  t = await testApp([]);
});
afterAll(() => t.close());

const HOUR = 3_600_000;
const me = (headers: Record<string, string>) => t.app.request("/api/v1/auth/me", { headers });

describe("session expiry (idle 12 h, absolute 7 days)", () => {
  it("ends a session idle for 12 hours, and clears its cookie", async () => {
    const { user } = await t.addUser("member");
    const cookie = await t.sessionCookie(user.id);
    t.clock.now += 12 * HOUR - 1000;
    expect((await me({ cookie })).status).toBe(200);
    t.clock.now += 12 * HOUR - 1000;
    expect((await me({ cookie })).status).toBe(200);
    t.clock.now += 12 * HOUR;
    const res = await me({ cookie });
    expect(await errorOf(res.clone())).toMatchObject({
      status: 401,
      message: "The session has expired; sign in again",
    });
    expect(res.headers.getSetCookie()[0]).toMatch(/^tallyline_session=; Max-Age=0/);
    // Ended for good, even if the clock went back.
    t.clock.now -= 12 * HOUR;
    expect((await me({ cookie })).status).toBe(401);
  });

  it("keeps an active session at most 7 days", async () => {
    const { user } = await t.addUser("member");
    const cookie = await t.sessionCookie(user.id);
    const started = t.clock.now;
    while (t.clock.now + 11 * HOUR < started + 7 * 24 * HOUR) {
      t.clock.now += 11 * HOUR;
      expect((await me({ cookie })).status).toBe(200);
    }
    t.clock.now = started + 7 * 24 * HOUR;
    expect((await me({ cookie })).status).toBe(401);
  });

  it("the idle expiry survives a restart: last-seen is written to the database", async () => {
    const { user } = await t.addUser("member");
    const cookie = await t.sessionCookie(user.id);
    const id = /=([0-9a-f]{32})\./.exec(cookie)?.[1] ?? "";
    t.clock.now += 2 * HOUR;
    await me({ cookie });
    await t.accounts.flush();
    const [row] = await t.warehouse.query("SELECT last_seen_at FROM app_sessions WHERE session_id = $1", [id]);
    expect(row?.last_seen_at).toBe(new Date(t.clock.now).toISOString());
  });
});

describe("refused credentials", () => {
  it("401s a tampered session secret and a malformed cookie", async () => {
    const { user } = await t.addUser("member");
    const cookie = await t.sessionCookie(user.id);
    const tampered = cookie.slice(0, -1) + (cookie.endsWith("A") ? "B" : "A");
    expect(await errorOf(await me({ cookie: tampered }))).toMatchObject({
      status: 401,
      message: "The session has ended; sign in again",
    });
    expect((await me({ cookie: "tallyline_session=' OR 1=1 --" })).status).toBe(401);
    expect((await me({ cookie })).status).toBe(200);
  });

  it("a disabled user's sessions end at once", async () => {
    const { user } = await t.addUser("member");
    const cookie = await t.sessionCookie(user.id);
    expect((await me({ cookie })).status).toBe(200);
    await t.accounts.updateUser(user.id, { disabled: true });
    expect((await me({ cookie })).status).toBe(401);
  });

  it("names why a key is refused: malformed, unknown, revoked, expired; a wrong scheme is 401 too", async () => {
    const { key, info } = await t.accounts.createKey({ name: "k", role: "member" });
    const other = key.slice(0, -1) + (key.endsWith("A") ? "B" : "A");
    expect((await errorOf(await me({ authorization: "Bearer nope" }))).message).toMatch(/format/);
    expect((await errorOf(await me({ authorization: `Bearer ${other}` }))).message).toBe(
      "The API key is not recognised",
    );
    expect((await errorOf(await me({ authorization: `Basic ${key}` }))).message).toMatch(/Authorization: Bearer/);
    expect((await me({ authorization: `bearer   ${key}` })).status).toBe(200);
    await t.accounts.revokeKey(info.id);
    expect((await errorOf(await me({ authorization: `Bearer ${key}` }))).message).toBe("The API key has been revoked");
    const expiring = await t.accounts.createKey({ name: "e", role: "member", expiresAt: t.clock.now + HOUR });
    expect((await me({ authorization: `Bearer ${expiring.key}` })).status).toBe(200);
    t.clock.now += HOUR;
    expect((await errorOf(await me({ authorization: `Bearer ${expiring.key}` }))).message).toBe(
      "The API key has expired",
    );
  });

  it("a bad key is not rescued by a good session cookie sent with it", async () => {
    const { user } = await t.addUser("member");
    const cookie = await t.sessionCookie(user.id);
    expect((await me({ cookie, authorization: "Bearer nope" })).status).toBe(401);
  });
});
