import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Principal } from "../src/auth/accounts";
import { PrintGrants } from "../src/pdf/grants";
import { testApp } from "./harness";
import { type PdfServer, pdfServer } from "./pdfServer";

/**
 * The print grant: how the headless browser authenticates (src/pdf/grants.ts). Tested over real
 * HTTP on 127.0.0.1 (the browser's path); nothing here prints, so no browser starts.
 */
let s: PdfServer;
let member: Principal;
beforeAll(async () => {
  s = await pdfServer();
  const verdict = await s.security.accounts.verifyKey(s.authorization.slice("Bearer ".length));
  if (!verdict.ok) throw new Error("the harness key does not verify");
  member = verdict.principal;
});
afterAll(async () => {
  await s.close();
});

const as = (grant: string, path: string, init: RequestInit = {}) =>
  fetch(`${s.url}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${grant}`, "content-type": "application/json", ...init.headers },
  });

describe("a print grant", () => {
  it("reads as the caller it was issued for, with the caller's role", async () => {
    const grant = s.security.printGrants.issue(member, 60_000);
    const me = await as(grant, "/api/v1/auth/me");
    expect(me.status).toBe(200);
    const body = (await me.json()) as { kind: string; role: string; key: { id: string } };
    expect(body).toMatchObject({ kind: "key", role: "member" });
    expect(body.key.id).toBe(member.kind === "key" ? member.key.id : "");
    const report = await as(grant, "/api/v1/report/calls.offered/fetch", {
      method: "POST",
      body: JSON.stringify({ from: "1999-02-01", to: "1999-02-03" }),
    });
    expect(report.status).toBe(200);
    // A member's grant is no admin.
    expect((await as(grant, "/api/v1/users")).status).toBe(403);
    s.security.printGrants.revoke(grant);
  });

  it("cannot write anything, nor ask for another PDF", async () => {
    const grant = s.security.printGrants.issue(member, 60_000);
    const writes: [string, string, unknown][] = [
      ["POST", "/api/v1/segments", { name: "by a grant", filters: { queue: ["PS"] } }],
      ["POST", "/api/v1/keys", { name: "by a grant", role: "member" }],
      ["POST", "/api/v1/pdf", { page: "/" }],
      ["DELETE", "/api/v1/keys/000000000000", undefined],
      ["POST", "/api/v1/auth/sign-out", undefined],
    ];
    for (const [method, path, body] of writes) {
      const res = await as(grant, path, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
      expect(res.status, `${method} ${path}`).toBe(403);
    }
    const segments = await s.warehouse.query<{ n: number }>("SELECT count(*)::INTEGER AS n FROM app_segments");
    expect(segments[0]?.n).toBe(0);
    s.security.printGrants.revoke(grant);
  });

  it("ends at once when revoked: 401", async () => {
    const grant = s.security.printGrants.issue(member, 60_000);
    expect((await as(grant, "/api/v1/auth/me")).status).toBe(200);
    s.security.printGrants.revoke(grant);
    expect((await as(grant, "/api/v1/auth/me")).status).toBe(401);
  });

  it("guessed, malformed and altered tokens: 401", async () => {
    const grant = s.security.printGrants.issue(member, 60_000);
    const altered = `${grant.slice(0, -1)}${grant.endsWith("A") ? "B" : "A"}`;
    for (const token of [altered, `tlp_${"x".repeat(43)}`, "tlp_", "tlp_short"]) {
      expect((await as(token, "/api/v1/auth/me")).status, token).toBe(401);
    }
    s.security.printGrants.revoke(grant);
  });

  it("is refused when the request does not come from this machine", async () => {
    // The bare app has no socket: no peer address, as for a request from elsewhere.
    const t = await testApp();
    try {
      const principal = await t.accounts.verifyKey(t.adminKey);
      if (!principal.ok) throw new Error("no admin key");
      const grant = t.security.printGrants.issue(principal.principal, 60_000);
      const res = await t.app.request("/api/v1/auth/me", { headers: { authorization: `Bearer ${grant}` } });
      expect(res.status).toBe(401);
    } finally {
      await t.close();
    }
  });

  it("expires after its time to live, and expired grants are pruned", () => {
    const clock = { now: 1_000 };
    const grants = new PrintGrants(() => clock.now);
    const grant = grants.issue(member, 5_000);
    expect(grants.verify(grant)).toBe(member);
    clock.now += 4_999;
    expect(grants.verify(grant)).toBe(member);
    clock.now += 1;
    expect(grants.verify(grant)).toBeUndefined();
    grants.issue(member, 5_000);
    clock.now += 10_000;
    grants.issue(member, 5_000);
    expect(grants.size).toBe(1);
  });

  it("is 256 random bits, never the same twice", () => {
    const grants = new PrintGrants();
    const tokens = new Set(Array.from({ length: 1000 }, () => grants.issue(member, 1000)));
    expect(tokens.size).toBe(1000);
    for (const t of tokens) expect(t).toMatch(/^tlp_[A-Za-z0-9_-]{43}$/);
  });
});

describe("POST /api/v1/pdf", () => {
  it("anonymous: 401, before anything is checked or printed", async () => {
    const res = await fetch(`${s.url}/api/v1/pdf`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ page: "/" }),
    });
    expect(res.status).toBe(401);
    expect(s.printer.launches).toBe(0);
  });
});
