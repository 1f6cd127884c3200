/**
 * What every response carries (security headers, request id, cache rules) and what every request
 * must pass (the Host check), on the real app: API answers and errors, open routes, the API
 * reference and the dashboard's files.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorOf, type TestApp, testApp } from "./harness";

let t: TestApp;
let web: string;
beforeAll(async () => {
  web = mkdtempSync(join(tmpdir(), "tl-web-"));
  writeFileSync(join(web, "index.html"), "<!doctype html><title>Tallyline</title>");
  t = await testApp(undefined, "UTC", { webDist: web });
});
afterAll(async () => {
  await t.close();
  rmSync(web, { recursive: true, force: true });
});

const samples = () => [
  t.request("/api/v1/platform/report/list"),
  t.post("/api/v1/report/calls.nope/fetch", {}),
  t.app.request("/api/v1/users"),
  t.app.request("/api/v1/health"),
  t.app.request("/api/v1/openapi.json"),
  t.app.request("/api/v1/docs"),
  t.app.request("/api/v1/docs/swagger-ui.css"),
  t.app.request("/"),
  t.app.request("/sign-in"),
  t.app.request("/", { headers: { host: "evil.example" } }),
];

describe("headers on every response", () => {
  it("CSP without inline scripts and no framing, nosniff, X-Frame-Options, Referrer-Policy", async () => {
    for (const res of await Promise.all(samples())) {
      const csp = res.headers.get("content-security-policy") ?? "";
      expect(csp).toMatch(/(^|; )script-src 'self'(;|$)/);
      expect(csp).toMatch(/(^|; )default-src 'self'(;|$)/);
      expect(csp).toMatch(/(^|; )frame-ancestors 'none'(;|$)/);
      expect(csp).toMatch(/(^|; )object-src 'none'(;|$)/);
      expect(csp).not.toMatch(/script-src[^;]*unsafe/);
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      expect(res.headers.get("referrer-policy")).toBe("same-origin");
      expect(res.headers.get("x-request-id")).toMatch(/\S/);
      // Plain http: no HSTS.
      expect(res.headers.get("strict-transport-security")).toBeNull();
    }
  });

  it("HSTS when the public URL is https", async () => {
    const tls = await testApp([], "UTC", { access: { publicUrl: "https://reports.example.com" } });
    const res = await tls.app.request("https://reports.example.com/api/v1/health");
    expect(res.headers.get("strict-transport-security")).toBe("max-age=31536000");
    await tls.close();
  });

  it("Cache-Control: private on data, no-store on accounts and keys, no-cache on the dashboard's page", async () => {
    expect((await t.request("/api/v1/platform/report/list")).headers.get("cache-control")).toBe("private");
    expect((await t.app.request("/api/v1/platform/report/list")).headers.get("cache-control")).toBe("private");
    for (const path of ["/api/v1/auth/me", "/api/v1/users", "/api/v1/keys"]) {
      expect((await t.request(path)).headers.get("cache-control")).toBe("no-store");
    }
    expect((await t.app.request("/")).headers.get("cache-control")).toBe("no-cache");
  });

  it("the API reference page runs no inline script: its start-up is a served file", async () => {
    const html = await (await t.app.request("/api/v1/docs")).text();
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBe(2);
    for (const [, attrs, inline] of scripts) {
      expect(attrs).toMatch(/src="\/api\/v1\/docs\/[\w.-]+\.js"/);
      expect(inline?.trim()).toBe("");
    }
    const init = await t.app.request("/api/v1/docs/init.js");
    expect(init.headers.get("content-type")).toMatch(/^text\/javascript/);
    expect(await init.text()).toMatch(
      /SwaggerUIBundle\(\{[\s\S]*url: "\/api\/v1\/openapi.json"[\s\S]*x-tallyline-csrf/,
    );
  });
});

describe("x-request-id", () => {
  it("echoes a short plain id, and replaces anything else with a new UUID", async () => {
    const idOf = async (id: string) =>
      (await t.app.request("/api/v1/health", { headers: { "x-request-id": id } })).headers.get("x-request-id");
    expect(await idOf("abc-123_x.y:z")).toBe("abc-123_x.y:z");
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    for (const bad of [
      "<script>alert(1)</script>",
      "a b",
      "x".repeat(65),
      "-leading",
      "ümlaut",
      "a\tb",
      "%0d%0aSet-Cookie:x",
    ]) {
      expect(await idOf(bad)).toMatch(uuid);
    }
    const res = await t.app.request("/api/v1/users", { headers: { "x-request-id": "<bad>" } });
    const body = (await res.json()) as { error: { requestId: string } };
    expect(body.error.requestId).toMatch(uuid);
    expect(body.error.requestId).toBe(res.headers.get("x-request-id"));
  });
});

describe("Host check (DNS rebinding)", () => {
  it("answers loopback names, refuses any other Host on every path, open or not", async () => {
    for (const host of ["localhost", "127.0.0.1", "[::1]"]) {
      expect((await t.app.request(`http://${host}/api/v1/health`)).status).toBe(200);
    }
    for (const url of [
      "http://evil.example/api/v1/health",
      "http://evil.example/",
      "http://localhost:8080/api/v1/health",
      "http://127.0.0.1.nip.io/api/v1/health",
    ]) {
      const e = await errorOf(await t.app.request(url, { headers: { authorization: `Bearer ${t.adminKey}` } }));
      expect(e).toMatchObject({ status: 400, code: "host_not_allowed" });
    }
  });

  it("answers the public URL's host and TALLYLINE_ALLOWED_HOSTS; X-Forwarded-Host counts only behind a trusted proxy", async () => {
    const site = await testApp([], "UTC", {
      access: { publicUrl: "https://reports.example.com", allowedHosts: ["tally.lan:8787"] },
    });
    const proxied = await testApp([], "UTC", {
      access: { publicUrl: "https://reports.example.com", trustProxy: true },
    });
    try {
      expect((await site.app.request("https://reports.example.com/api/v1/health")).status).toBe(200);
      expect((await site.app.request("http://tally.lan:8787/api/v1/health")).status).toBe(200);
      expect((await site.app.request("http://tally.lan/api/v1/health")).status).toBe(400);
      const rebound = { "x-forwarded-host": "evil.example" };
      expect((await site.app.request("http://localhost/api/v1/health", { headers: rebound })).status).toBe(200);
      expect((await proxied.app.request("http://localhost/api/v1/health", { headers: rebound })).status).toBe(400);
      expect(
        (
          await proxied.app.request("http://localhost/api/v1/health", {
            headers: { "x-forwarded-host": "reports.example.com" },
          })
        ).status,
      ).toBe(200);
    } finally {
      await site.close();
      await proxied.close();
    }
  });
});

describe("request bodies", () => {
  it("an empty or blank body sent as application/json reads as {}", async () => {
    for (const b of [undefined, "", "  \n"]) {
      const res = await t.post("/api/v1/report/calls.offered/fetch", b);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ period: "last 30 days" });
    }
  });

  it("a body over the limit is refused with 413 and the one error body", async () => {
    const small = await testApp([], "UTC", { access: { bodyLimitBytes: 2048 } });
    try {
      const e = await errorOf(
        await small.post("/api/v1/report/calls.offered/fetch", { filters: { queue: ["x".repeat(3000)] } }),
      );
      expect(e).toMatchObject({ status: 413, code: "payload_too_large" });
      expect(e.message).toMatch(/2048 bytes/);
      const open = await small.app.request("/api/v1/auth/sign-in", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: "a@example.com", password: "x".repeat(3000) }),
      });
      expect(open.status).toBe(413);
    } finally {
      await small.close();
    }
  });
});
