/**
 * Schedules' security: only the owner or an admin changes or deletes a schedule (a member reads it,
 * cannot change another's), the signing secret never leaves the server, cross-site cookie writes are
 * refused. (Who may call each route: security.matrix.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BROWSER_WRITE, json, type TestApp, testApp } from "./harness";

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
const BODY = { name: "Mine", frequency: "daily", sendTime: "07:00", timezone: "UTC", recipients: ["a@example.com"] };

describe("schedule ownership", () => {
  it("another member reads but cannot change or delete; an admin can; the secret is never shown", async () => {
    const { user: owner } = await t.addUser("member");
    const ownerHeaders = { cookie: await t.sessionCookie(owner.id), ...BROWSER_WRITE };
    const res = await send("POST", "/api/v1/schedules", ownerHeaders, BODY);
    expect(res.status).toBe(201);
    const { id } = await json<{ id: string }>(res);
    const other = { authorization: await t.keyHeader("member") };
    const seen = await send("GET", `/api/v1/schedules/${id}`, other);
    expect(seen.status).toBe(200);
    const [row] = await t.warehouse.query<{ s: string }>(
      "SELECT signing_secret AS s FROM app_schedules WHERE schedule_id = $1",
      [id],
    );
    expect(row?.s).toMatch(/^[0-9a-f]{64}$/);
    expect(await seen.text()).not.toContain(row?.s);
    expect((await send("PATCH", `/api/v1/schedules/${id}`, other, { recipients: ["thief@evil.test"] })).status).toBe(
      403,
    );
    expect((await send("DELETE", `/api/v1/schedules/${id}`, other)).status).toBe(403);
    expect(await json(await send("GET", `/api/v1/schedules/${id}`, other))).toMatchObject({
      recipients: ["a@example.com"],
    });
    const admin = { authorization: await t.keyHeader("admin") };
    expect((await send("PATCH", `/api/v1/schedules/${id}`, admin, { name: "By admin" })).status).toBe(200);
    expect((await send("DELETE", `/api/v1/schedules/${id}`, admin)).status).toBe(204);
  });

  it("a cookie write from a foreign origin or without the CSRF header is refused", async () => {
    const { user } = await t.addUser("member");
    const cookie = await t.sessionCookie(user.id);
    expect(
      (await send("POST", "/api/v1/schedules", { cookie, origin: "https://evil.test", "x-tallyline-csrf": "1" }, BODY))
        .status,
    ).toBe(403);
    expect((await send("POST", "/api/v1/schedules", { cookie, origin: BROWSER_WRITE.origin }, BODY)).status).toBe(403);
    expect(Number((await t.warehouse.query<{ n: number }>("SELECT count(*) AS n FROM app_schedules"))[0]?.n)).toBe(0);
  });
});
