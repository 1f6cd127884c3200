/**
 * The built dashboard (apps/web/dist) as static files: compressed and cached (issue 13, "Fast").
 * - Each file goes out pre-compressed when the build wrote a copy (apps/web/precompress.ts) and the
 *   client accepts it: Brotli first, then gzip (`Content-Encoding`, `Vary: Accept-Encoding`).
 * - Hashed files under `/assets/` never change under their name: `Cache-Control: public,
 *   max-age=31536000, immutable`. Everything else (index.html, the theme script) is `no-cache`:
 *   the browser revalidates, so a new build is seen on the next load.
 * - Any other GET outside /api/ is the single-page app: index.html, compressed and `no-cache`.
 * - The build's manifest (`/.vite/`) is the build's own, not served.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { brotliCompressSync, gzipSync } from "node:zlib";
import { serveStatic } from "@hono/node-server/serve-static";
import type { Context, Hono } from "hono";
import type { AppEnv } from "./env";
import { acceptedEncoding } from "./links/encoding";

/** Cache-Control of a content-hashed file: kept a year, never revalidated. */
export const IMMUTABLE = "public, max-age=31536000, immutable";
/** Cache-Control of a file whose content changes under the same name: always revalidated. */
export const REVALIDATE = "no-cache";

/** Vite writes content-hashed files into assets/ (e.g. assets/index-CdNladY3.js and its .br/.gz). */
const HASHED = /(^|[\\/])assets[\\/][^\\/]+-[\w-]{8,}\.\w+(\.(br|gz))?$/;

/** The file each request was answered with (serveStatic's `onFound` runs after its response is built). */
const served = new WeakMap<Context, string>();
const remember = (path: string, c: Context) => {
  served.set(c, path);
};

/**
 * Serves the dashboard from `dist` on `app` (after every /api route) when `dist/index.html`
 * exists; otherwise does nothing (API only). Returns whether it mounted. `publicHead`: markup put
 * first in the `<head>` of index.html for public link pages (`/r/...`: noindex, no-referrer),
 * compressed once here and served like index.html, in the encoding `acceptedEncoding` (links/encoding.ts)
 * picks, so `br;q=0` is honoured as serveStatic honours it for the other files.
 */
export function mountWebAssets(
  app: Hono<AppEnv>,
  dist: string | undefined,
  options: { publicHead?: string } = {},
): boolean {
  if (!dist || !existsSync(join(dist, "index.html"))) return false;
  const root = relative(process.cwd(), dist) || ".";
  app.use("/*", async (c, next) => {
    if (c.req.path.startsWith("/.vite/")) return c.text("Not found", 404);
    await next();
    const file = served.get(c);
    if (file !== undefined && c.res.ok) c.header("Cache-Control", HASHED.test(file) ? IMMUTABLE : REVALIDATE);
  });
  app.use("/*", serveStatic({ root, precompressed: true, onFound: remember }));
  if (options.publicHead !== undefined) {
    const html = readFileSync(join(dist, "index.html"), "utf8").replace(/<head>/i, `<head>${options.publicHead}`);
    const bodies = { br: brotliCompressSync(html), gzip: gzipSync(html), identity: Buffer.from(html) };
    app.get("/r/*", (c) => {
      const encoding = acceptedEncoding(c.req.header("accept-encoding"));
      c.header("Vary", "Accept-Encoding");
      c.header("Cache-Control", REVALIDATE);
      if (encoding !== "identity") c.header("Content-Encoding", encoding);
      return c.body(new Uint8Array(bodies[encoding]), 200, { "content-type": "text/html; charset=utf-8" });
    });
  }
  app.get("*", serveStatic({ root, path: "index.html", precompressed: true, onFound: remember }));
  return true;
}
