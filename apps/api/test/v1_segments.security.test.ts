/**
 * Segments' security: only the owner (user or key) or an admin changes or deletes a segment; a
 * member cannot change another member's; cross-site writes with a session cookie are refused; the
 * server keeps answering after hostile bodies. (Who may call each route: security.matrix.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BROWSER_WRITE, json, type TestApp, testApp } from "./harness";
import { expectCrossSiteWritesRefused } from "./testutil/csrf";

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

const send = (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
  t.app.request(path, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

async function segmentOf(headers: Record<string, string>, name = "Mine"): Promise<string> {
  const res = await send("POST", "/api/v1/segments", headers, { name, filters: { queue: ["PS"] } });
  expect(res.status).toBe(201);
  return (await json<{ id: string }>(res)).id;
}
const nameOf = async (id: string) => (await json<{ name: string }>(await t.request(`/api/v1/segments/${id}`))).name;

describe("segment ownership", () => {
  it("another member (session or key) can read but not rename or delete a member's segment; it stays", async () => {
    const { user: owner } = await t.addUser("member");
    const { user: other } = await t.addUser("member");
    const ownerHeaders = { cookie: await t.sessionCookie(owner.id), ...BROWSER_WRITE };
    const id = await segmentOf(ownerHeaders);
    for (const headers of <Record<string, string>[]>[
      { cookie: await t.sessionCookie(other.id), ...BROWSER_WRITE },
      { authorization: await t.keyHeader("member") },
    ]) {
      expect((await send("GET", `/api/v1/segments/${id}`, headers)).status).toBe(200);
      expect((await send("PATCH", `/api/v1/segments/${id}`, headers, { name: "Hijacked" })).status).toBe(403);
      expect((await send("DELETE", `/api/v1/segments/${id}`, headers)).status).toBe(403);
    }
    expect(await nameOf(id)).toBe("Mine");
    // The owner's other session may (ownership is the user's, not the session's).
    const again = { cookie: await t.sessionCookie(owner.id), ...BROWSER_WRITE };
    expect((await send("PATCH", `/api/v1/segments/${id}`, again, { name: "Renamed" })).status).toBe(200);
    expect(await nameOf(id)).toBe("Renamed");
  });

  it("a key owns what it makes: another member key cannot change it, an admin session can delete it", async () => {
    const keyHeaders = { authorization: await t.keyHeader("member") };
    const id = await segmentOf(keyHeaders, "By a program");
    expect(
      (await send("PATCH", `/api/v1/segments/${id}`, { authorization: await t.keyHeader("member") }, { name: "x" }))
        .status,
    ).toBe(403);
    expect((await send("PATCH", `/api/v1/segments/${id}`, keyHeaders, { name: "Still mine" })).status).toBe(200);
    const { user: admin } = await t.addUser("admin");
    const adminHeaders = { cookie: await t.sessionCookie(admin.id), ...BROWSER_WRITE };
    expect((await send("DELETE", `/api/v1/segments/${id}`, adminHeaders)).status).toBe(204);
    expect((await t.request(`/api/v1/segments/${id}`)).status).toBe(404);
  });

  it("the owner cannot be changed through the body", async () => {
    const keyHeaders = { authorization: await t.keyHeader("member") };
    const id = await segmentOf(keyHeaders);
    const res = await send("PATCH", `/api/v1/segments/${id}`, keyHeaders, { owner: { kind: "user", id: "x" } });
    expect(res.status).toBe(400);
  });
});

describe("cross-site writes", () => {
  it("creating a segment with a session cookie needs the page's Origin and the CSRF header", async () => {
    const { user } = await t.addUser("member");
    const cookie = await t.sessionCookie(user.id);
    const count = async () =>
      Number((await t.warehouse.query<{ n: number }>("SELECT count(*) AS n FROM app_segments"))[0]?.n);
    const before = await count();
    const status = await expectCrossSiteWritesRefused(t, cookie, async () => {
      expect(await count()).toBe(before);
      return { method: "POST", path: "/api/v1/segments", body: { name: "csrf", filters: { queue: ["PS"] } } };
    });
    expect(status).toBe(201);
  });

  it("renaming and deleting with a session cookie need them too", async () => {
    const { user } = await t.addUser("member");
    const cookie = await t.sessionCookie(user.id);
    const id = await segmentOf({ cookie, ...BROWSER_WRITE }, "Original");
    const renamed = await expectCrossSiteWritesRefused(t, cookie, async () => {
      expect(await nameOf(id)).toBe("Original");
      return { method: "PATCH", path: `/api/v1/segments/${id}`, body: { name: "Changed" } };
    });
    expect(renamed).toBe(200);
    const deleted = await expectCrossSiteWritesRefused(t, cookie, async () => {
      expect(await nameOf(id)).toBe("Changed");
      return { method: "DELETE", path: `/api/v1/segments/${id}` };
    });
    expect(deleted).toBe(204);
  });
});

describe("hostile bodies", () => {
  it("the server answers health after oversized and odd bodies to every segment route", async () => {
    const auth = { authorization: await t.keyHeader("member") };
    const big = "x".repeat(2_000_000);
    for (const body of [
      big,
      `{"name":"${big}","filters":{"queue":["PS"]}}`,
      "{",
      "[]",
      "null",
      '{"__proto__":{"admin":true}}',
    ]) {
      const res = await t.app.request("/api/v1/segments", {
        method: "POST",
        headers: { ...auth, "content-type": "application/json" },
        body,
      });
      expect([400, 413]).toContain(res.status);
    }
    expect((await t.app.request("/api/v1/health")).status).toBe(200);
    expect(t.errors).toEqual([]);
  });
});
