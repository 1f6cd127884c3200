import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BROWSER_WRITE, errorOf, type TestApp, testApp } from "./harness";
import { expectCrossSiteWritesRefused } from "./testutil/csrf";

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

const body = JSON.stringify({ from: "1999-02-01", to: "1999-02-03" });

describe("report fetch security", () => {
  it("401s anonymous callers before reading the body (a bad body is not even parsed)", async () => {
    for (const b of [body, "{not json"]) {
      const res = await t.app.request("/api/v1/report/calls.offered/fetch", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: b,
      });
      expect(await errorOf(res)).toMatchObject({ status: 401, code: "unauthorized" });
    }
  });

  it("the dashboard (a member's session cookie with Origin and the CSRF header) gets the figure, marked private", async () => {
    const { user } = await t.addUser("member");
    const res = await t.app.request("/api/v1/report/calls.offered/fetch", {
      method: "POST",
      headers: { "content-type": "application/json", cookie: await t.sessionCookie(user.id), ...BROWSER_WRITE },
      body,
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { value: number }).value).toBe(9);
    expect(res.headers.get("cache-control")).toBe("private");
  });

  it("a page of another site cannot run reports with a user's cookie", async () => {
    const { user } = await t.addUser("member");
    const status = await expectCrossSiteWritesRefused(t, await t.sessionCookie(user.id), () => ({
      method: "POST",
      path: "/api/v1/report/calls.offered/fetch",
      body: { from: "1999-02-01", to: "1999-02-03" },
    }));
    expect(status).toBe(200);
  });

  it("a program's key needs no Origin or CSRF header", async () => {
    const res = await t.post("/api/v1/report/calls.offered/fetch", JSON.parse(body), {
      "content-type": "application/json",
      authorization: await t.keyHeader("member"),
    });
    expect(res.status).toBe(200);
  });
});
