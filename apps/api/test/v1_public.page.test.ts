/** The dashboard's HTML for public link pages (`/r/<token>`): noindex and no-referrer, as meta and as headers. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp, testApp } from "./harness";

let t: TestApp;
let web: string;
beforeAll(async () => {
  web = mkdtempSync(join(tmpdir(), "tl-web-"));
  writeFileSync(
    join(web, "index.html"),
    '<!doctype html><html><head><meta charset="utf-8"><title>T</title></head></html>',
  );
  t = await testApp([], "UTC", { webDist: web });
});
afterAll(async () => {
  await t.close();
  rmSync(web, { recursive: true, force: true });
});

describe("GET /r/{token} (the page)", () => {
  it("carries noindex and no-referrer in its head and headers, no-store, and the CSP", async () => {
    const res = await t.app.request(`/r/${"A".repeat(43)}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<meta name="robots" content="noindex, nofollow">');
    expect(html).toContain('<meta name="referrer" content="no-referrer">');
    expect(res.headers.get("x-robots-tag")).toMatch(/noindex/);
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("content-security-policy")).toMatch(/script-src 'self'/);
  });

  it("other pages keep their headers and have no noindex meta", async () => {
    const res = await t.app.request("/");
    expect(await res.text()).not.toContain("noindex");
    expect(res.headers.get("referrer-policy")).toBe("same-origin");
    expect(res.headers.get("x-robots-tag")).toBeNull();
  });
});
