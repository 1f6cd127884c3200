/**
 * The dashboard's files on the real app (issue 13, "Fast"): pre-compressed copies chosen by
 * Accept-Encoding (Brotli, then gzip, else the file itself), a year's immutable cache on hashed
 * assets, `no-cache` on index.html and the single-page fallback, and the build manifest not served.
 */

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PUBLIC_PAGE_META } from "../src/app";
import { IMMUTABLE } from "../src/webAssets";
import { type TestApp, testApp } from "./harness";

let t: TestApp;
let web: string;
const js = `export const answer = ${"42 + ".repeat(200)}0;\n`;
const html = `<!doctype html><title>Tallyline</title><script type="module" src="/assets/index-AbC123xy.js"></script>${" ".repeat(300)}`;

/** Writes `body` at `path` under the dist folder with its .br and .gz copies, as the build does. */
const write = (path: string, body: string, compressed = true) => {
  writeFileSync(join(web, path), body);
  if (!compressed) return;
  writeFileSync(join(web, `${path}.br`), brotliCompressSync(body));
  writeFileSync(join(web, `${path}.gz`), gzipSync(body));
};

beforeAll(async () => {
  web = mkdtempSync(join(tmpdir(), "tl-web-"));
  mkdirSync(join(web, "assets"));
  mkdirSync(join(web, ".vite"));
  write("index.html", html);
  write("assets/index-AbC123xy.js", js);
  write("theme.js", "document.documentElement.dataset.theme='dark';", false);
  writeFileSync(join(web, ".vite/manifest.json"), "{}");
  t = await testApp([], "UTC", { webDist: web });
});
afterAll(async () => {
  await t.close();
  rmSync(web, { recursive: true, force: true });
});

const get = (path: string, encoding?: string) =>
  t.app.request(path, encoding === undefined ? {} : { headers: { "accept-encoding": encoding } });
const bytes = async (res: Response) => Buffer.from(await res.arrayBuffer());

describe("the dashboard's files", () => {
  it("sends Brotli when accepted, else gzip, else the plain file, always varying on Accept-Encoding", async () => {
    const br = await get("/assets/index-AbC123xy.js", "gzip, deflate, br");
    expect(br.status).toBe(200);
    expect(br.headers.get("content-encoding")).toBe("br");
    expect(br.headers.get("vary")).toMatch(/accept-encoding/i);
    expect(br.headers.get("content-type")).toMatch(/^text\/javascript/);
    expect(brotliDecompressSync(await bytes(br)).toString()).toBe(js);

    const gz = await get("/assets/index-AbC123xy.js", "gzip");
    expect(gz.headers.get("content-encoding")).toBe("gzip");
    expect(gunzipSync(await bytes(gz)).toString()).toBe(js);

    const plain = await get("/assets/index-AbC123xy.js");
    expect(plain.headers.get("content-encoding")).toBeNull();
    expect((await bytes(plain)).toString()).toBe(js);
  });

  it("caches hashed assets for a year, immutable; index.html and other files are revalidated", async () => {
    expect(IMMUTABLE).toBe("public, max-age=31536000, immutable");
    expect((await get("/assets/index-AbC123xy.js", "br")).headers.get("cache-control")).toBe(IMMUTABLE);
    expect((await get("/assets/index-AbC123xy.js")).headers.get("cache-control")).toBe(IMMUTABLE);
    expect((await get("/", "br")).headers.get("cache-control")).toBe("no-cache");
    expect((await get("/index.html")).headers.get("cache-control")).toBe("no-cache");
    expect((await get("/theme.js")).headers.get("cache-control")).toBe("no-cache");
    // A hashed name that is not there is the app's page, which must not be cached for a year.
    const missing = await get("/assets/gone-Zz987654.js");
    expect(missing.headers.get("content-type")).toMatch(/^text\/html/);
    expect(missing.headers.get("cache-control")).toBe("no-cache");
  });

  it("answers every page of the app with index.html, compressed and revalidated, security headers kept", async () => {
    for (const path of ["/", "/imports", "/admin?x=1", "/r/some-token"]) {
      const res = await get(path, "br");
      expect(res.status, path).toBe(200);
      expect(res.headers.get("content-type"), path).toMatch(/^text\/html/);
      expect(res.headers.get("content-encoding"), path).toBe("br");
      // Public link pages are never stored (issue 12); the app's own pages are revalidated.
      expect(res.headers.get("cache-control"), path).toBe(path.startsWith("/r/") ? "no-store" : "no-cache");
      expect(res.headers.get("content-security-policy"), path).toMatch(/script-src 'self'/);
      const page = brotliDecompressSync(await bytes(res)).toString();
      // A public link page's head starts with noindex and no-referrer; otherwise the file as built.
      if (path.startsWith("/r/")) expect(page, path).toBe(html.replace(/<head>/i, `<head>${PUBLIC_PAGE_META}`));
      else expect(page, path).toBe(html);
    }
  });

  it("honours a refused coding (q=0) on every page: a public link page as on the app's files", async () => {
    for (const path of ["/", "/assets/index-AbC123xy.js", "/r/some-token"]) {
      const gz = await get(path, "br;q=0, gzip");
      expect(gz.headers.get("content-encoding"), path).toBe("gzip");
      expect(gunzipSync(await bytes(gz)).length, path).toBeGreaterThan(0);
      const plain = await get(path, "br;q=0, gzip;q=0");
      expect(plain.headers.get("content-encoding"), path).toBeNull();
      const body = (await bytes(plain)).toString();
      expect(body, path).toContain(path.endsWith(".js") ? "answer" : "<title>Tallyline</title>");
    }
  });

  it("does not serve the build manifest, and API paths stay API answers", async () => {
    expect((await get("/.vite/manifest.json")).status).toBe(404);
    const api = await get("/api/v1/no-such-route", "br");
    expect(api.status).toBe(401);
    expect(api.headers.get("content-type")).toMatch(/application\/json/);
  });
});
