import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GONE_MESSAGE } from "../src/links/links";
import { errorOf, json, type TestApp, testApp } from "./harness";
import { makeLink, OFFERED, openLink } from "./links";

let t: TestApp;
beforeAll(async () => {
  // The address limit is raised here (its own test below uses an app of its own).
  t = await testApp(undefined, "UTC", {
    publicLimits: { failuresPerAddress: 1_000_000, passcodeFailuresPerLink: 3, windowSecs: 600 },
  });
});
afterAll(() => t.close());

/** The 404 of a token, its body without the request id (which differs per request). */
async function gone(res: Response) {
  expect(res.status).toBe(404);
  const body = (await res.json()) as { error: Record<string, unknown> };
  const { requestId: _r, ...rest } = body.error;
  return rest;
}

describe("public link tokens", () => {
  it("revoked, rotated-out, expired, unknown and malformed tokens answer the same 404 body", async () => {
    const revoked = await makeLink(t, { queries: [OFFERED] });
    await t.request(`/api/v1/links/${revoked.link.id}`, { method: "DELETE" });
    const rotated = await makeLink(t, { queries: [OFFERED] });
    await t.post(`/api/v1/links/${rotated.link.id}/rotate`);
    const expiring = await makeLink(t, { queries: [OFFERED], expiresInDays: 1 });
    const never = await makeLink(t, { queries: [OFFERED], expiresInDays: null });
    expect(never.link.expiresAt).toBeNull();
    const start = t.clock.now;
    t.clock.now = start + 86_400_000;
    try {
      const bodies = [];
      for (const token of [
        revoked.token,
        rotated.token,
        expiring.token,
        randomBytes(32).toString("base64url"),
        "short",
        "x".repeat(5000),
        "%00",
      ]) {
        bodies.push(await gone(await openLink(t, token)));
      }
      for (const b of bodies) expect(b).toEqual({ code: "not_found", message: GONE_MESSAGE });
      // A link without expiry still opens a day (or ten years) later.
      expect((await openLink(t, never.token)).status).toBe(200);
      t.clock.now = start + 3650 * 86_400_000;
      expect((await openLink(t, never.token)).status).toBe(200);
    } finally {
      t.clock.now = start;
    }
    // One millisecond before its expiry the expiring link still opens.
    t.clock.now = start + 86_400_000 - 1;
    try {
      expect((await openLink(t, expiring.token)).status).toBe(200);
    } finally {
      t.clock.now = start;
    }
  });

  it("10,000 random tokens: 0 hits", async () => {
    await makeLink(t, { queries: [OFFERED] });
    let hits = 0;
    for (let i = 0; i < 10_000; i++) {
      const res = await openLink(t, randomBytes(32).toString("base64url"));
      if (res.status !== 404) hits++;
      await res.arrayBuffer();
    }
    expect(hits).toBe(0);
  }, 60_000);

  it("a token reaches its own snapshot only, and no other route", async () => {
    const a = await makeLink(t, { queries: [OFFERED], title: "Alpha" });
    const b = await makeLink(t, { queries: [OFFERED], title: "Bravo" });
    expect((await json<{ title: string }>(await openLink(t, a.token))).title).toBe("Alpha");
    expect((await json<{ title: string }>(await openLink(t, b.token))).title).toBe("Bravo");
    for (const [method, path] of [
      ["GET", "/api/v1/links"],
      ["POST", "/api/v1/report/calls.offered/fetch"],
      ["GET", "/api/v1/auth/me"],
      ["GET", `/api/v1/public/${a.token}/x`],
    ] as const) {
      const tries: Record<string, string>[] = [
        { authorization: `Bearer ${a.token}` },
        { cookie: `tallyline_session=${a.token}` },
        {},
      ];
      for (const headers of tries) {
        const res = await t.app.request(path, { method, headers });
        expect(res.status, `${method} ${path} ${JSON.stringify(headers)}`).toBe(401);
      }
    }
    // The link id is not a token either.
    expect((await openLink(t, a.link.id)).status).toBe(404);
    // Neither is the token's hash.
    const [row] = await t.warehouse.query<{ token_hash: string }>(
      "SELECT token_hash FROM app_links WHERE link_id = $1",
      [a.link.id],
    );
    expect(row?.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect((await openLink(t, row?.token_hash ?? "")).status).toBe(404);
  });

  it("stores only the token's SHA-256, never the token or the passcode", async () => {
    const made = await makeLink(t, { queries: [OFFERED], passcode: "hunter2-hunter2" });
    const dump = JSON.stringify(await t.warehouse.query("SELECT * FROM app_links WHERE link_id = $1", [made.link.id]));
    expect(dump).not.toContain(made.token);
    expect(dump).not.toContain("hunter2");
    expect(dump).toContain("$argon2id$");
  });

  it("passcode: missing 401 passcode_required, wrong 401, right 200, in the URL 400, throttled per link", async () => {
    const made = await makeLink(t, { queries: [OFFERED], passcode: "open sesame" });
    expect(await errorOf(await openLink(t, made.token))).toMatchObject({ status: 401, code: "passcode_required" });
    expect(await errorOf(await openLink(t, made.token, { "x-link-passcode": "wrong one" }))).toMatchObject({
      status: 401,
      code: "invalid_credentials",
    });
    const inUrl = await t.app.request(`/api/v1/public/${made.token}?passcode=open%20sesame`);
    expect(inUrl.status).toBe(400);
    expect((await openLink(t, made.token, { "x-link-passcode": "open sesame" })).status).toBe(200);
    // 3 wrong passcodes a window for this link (the harness's limit): then 429 even for the right one.
    await openLink(t, made.token, { "x-link-passcode": "wrong two" });
    await openLink(t, made.token, { "x-link-passcode": "wrong three" });
    const limited = await openLink(t, made.token, { "x-link-passcode": "open sesame" });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    // Another link is not affected.
    const other = await makeLink(t, { queries: [OFFERED], passcode: "open sesame" });
    expect((await openLink(t, other.token, { "x-link-passcode": "open sesame" })).status).toBe(200);
  });

  it("only the creator or an admin revokes or rotates", async () => {
    const aliceKey = await t.keyHeader("member");
    const made = await makeLink(t, { queries: [OFFERED] }, aliceKey);
    const bobKey = await t.keyHeader("member");
    for (const [method, path] of [
      ["DELETE", `/api/v1/links/${made.link.id}`],
      ["POST", `/api/v1/links/${made.link.id}/rotate`],
    ] as const) {
      const res = await t.request(path, { method, headers: { authorization: bobKey } });
      expect(res.status).toBe(403);
    }
    expect((await openLink(t, made.token)).status).toBe(200);
    // The member's own key may; an admin (the harness key) may.
    const rotated = await t.request(`/api/v1/links/${made.link.id}/rotate`, {
      method: "POST",
      headers: { authorization: aliceKey },
    });
    expect(rotated.status).toBe(200);
    const { token } = await json<{ token: string }>(rotated);
    expect((await t.request(`/api/v1/links/${made.link.id}`, { method: "DELETE" })).status).toBe(204);
    expect((await openLink(t, token)).status).toBe(404);
  });
});

describe("rate limit of the public path", () => {
  it("too many failed requests from one address: 429 with Retry-After, for valid tokens too", async () => {
    const u = await testApp(undefined, "UTC", {
      publicLimits: { failuresPerAddress: 5, passcodeFailuresPerLink: 10, windowSecs: 60 },
    });
    try {
      const made = await makeLink(u, { queries: [OFFERED] });
      for (let i = 0; i < 5; i++) expect((await openLink(u, randomBytes(32).toString("base64url"))).status).toBe(404);
      const res = await openLink(u, randomBytes(32).toString("base64url"));
      expect(res.status).toBe(429);
      expect(res.headers.get("retry-after")).toBe("60");
      expect((await openLink(u, made.token)).status).toBe(429);
      u.clock.now += 60_000;
      expect((await openLink(u, made.token)).status).toBe(200);
    } finally {
      await u.close();
    }
  });
});
