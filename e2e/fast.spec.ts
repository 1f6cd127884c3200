/**
 * Fast (issue 13), in real Chromium against a real server serving the real build (apps/web/dist):
 * - every script, style sheet and the page itself arrive compressed (Brotli, as Chromium accepts
 *   it), hashed assets with `Cache-Control: public, max-age=31536000, immutable`, the page `no-cache`;
 * - the first view's JS (everything the dashboard loads but the ECharts chunks) stays under
 *   120 kB gzip, and the ECharts chunks are requested only after the first paint.
 * The chunks are named by the build's manifest (apps/web/dist/.vite/manifest.json): ECharts is
 * what the `*ChartRuntime` dynamic entries import.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { expect, test } from "@playwright/test";
import { signIn, startTallyline, type Tallyline, tempDataDir } from "./server";

/** The budget of the first view's JS, gzip level 9, in bytes (issue 13: "under 120 kB gzip"). */
const FIRST_VIEW_BUDGET = 120_000;
const DIST = join(import.meta.dirname, "../apps/web/dist");

interface ManifestChunk {
  file: string;
  src?: string;
  imports?: string[];
  dynamicImports?: string[];
  isDynamicEntry?: boolean;
  isEntry?: boolean;
}
const manifest = (): Record<string, ManifestChunk> =>
  JSON.parse(readFileSync(join(DIST, ".vite/manifest.json"), "utf8"));

/** Files (under dist) a set of chunks imports, statically, from `keys` on. */
function reachable(chunks: Record<string, ManifestChunk>, keys: string[]): Set<string> {
  const files = new Set<string>();
  const add = (key: string) => {
    const chunk = chunks[key];
    if (!chunk || files.has(chunk.file)) return;
    files.add(chunk.file);
    for (const next of chunk.imports ?? []) add(next);
  };
  for (const key of keys) add(key);
  return files;
}

/**
 * Files (under dist) of the chart runtimes and every chunk they import (ECharts), less the chunks
 * the entry imports too (a shared bundler runtime is part of the first view, not of ECharts).
 */
function chartFiles(chunks: Record<string, ManifestChunk>): Set<string> {
  const keys = Object.keys(chunks);
  const charts = reachable(
    chunks,
    keys.filter((k) => /Runtime\.ts$/.test(chunks[k]?.src ?? "")),
  );
  const entry = reachable(
    chunks,
    keys.filter((k) => chunks[k]?.isEntry === true),
  );
  for (const file of entry) charts.delete(file);
  return charts;
}

const gzipBytes = (file: string) => gzipSync(readFileSync(join(DIST, file)), { level: 9 }).length;

let server: Tallyline;
test.beforeAll(async () => {
  server = await startTallyline(tempDataDir(), { TALLYLINE_DEMO: "off" }, { command: "demo" });
});
test.afterAll(async () => server?.stop());

test("the dashboard's files arrive compressed, hashed ones cached for a year, the page revalidated", async ({
  page,
}) => {
  await signIn(page, server);
  const seen: { url: string; type: string; headers: Record<string, string> }[] = [];
  page.on("response", (res) => {
    const url = new URL(res.url());
    if (!url.pathname.startsWith("/api/")) {
      seen.push({ url: url.pathname, type: res.request().resourceType(), headers: res.headers() });
    }
  });
  await page.goto(`${server.url}/area/operations`);
  await expect(page.getByTestId("daily-chart").locator("svg")).toBeVisible();

  const document = seen.find((r) => r.type === "document");
  expect(document?.headers["content-encoding"]).toBe("br");
  expect(document?.headers["cache-control"]).toBe("no-cache");
  const assets = seen.filter((r) => r.url.startsWith("/assets/"));
  expect(assets.filter((r) => r.type === "script").length).toBeGreaterThanOrEqual(2);
  expect(assets.some((r) => r.type === "stylesheet")).toBe(true);
  for (const asset of assets) {
    expect(asset.headers["cache-control"], asset.url).toBe("public, max-age=31536000, immutable");
    if (gzipBytes(asset.url.slice(1)) > 256) expect(asset.headers["content-encoding"], asset.url).toBe("br");
  }
  const theme = seen.find((r) => r.url === "/theme.js");
  expect(theme?.headers["cache-control"]).toBe("no-cache");

  // A client that takes only gzip gets gzip.
  const js = assets.find((r) => r.type === "script" && gzipBytes(r.url.slice(1)) > 256)?.url ?? "";
  const gz = await page.request.get(`${server.url}${js}`, { headers: { "accept-encoding": "gzip" } });
  expect(gz.headers()["content-encoding"]).toBe("gzip");
});

test("the first view's JS is under 120 kB gzip, and ECharts loads after the first paint", async ({ page }) => {
  const charts = chartFiles(manifest());
  expect(charts.size).toBeGreaterThanOrEqual(2);
  await signIn(page, server);
  await page.goto(`${server.url}/area/operations`);
  await expect(page.getByTestId("daily-chart").locator("svg")).toBeVisible();
  await page.waitForLoadState("networkidle");

  const timing = await page.evaluate(() => ({
    paint: performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? Number.NaN,
    scripts: performance
      .getEntriesByType("resource")
      .filter((e) => new URL(e.name).pathname.endsWith(".js"))
      .map((e) => ({ path: new URL(e.name).pathname.slice(1), start: e.startTime })),
  }));
  const firstView = timing.scripts.filter((s) => !charts.has(s.path) && s.path.startsWith("assets/"));
  const loadedCharts = timing.scripts.filter((s) => charts.has(s.path));
  expect(loadedCharts.length).toBeGreaterThanOrEqual(1);
  for (const chunk of loadedCharts) expect(chunk.start, chunk.path).toBeGreaterThan(timing.paint);

  const sizes = firstView.map((s) => ({ path: s.path, gzip: gzipBytes(s.path) }));
  const total = sizes.reduce((sum, s) => sum + s.gzip, 0);
  console.log(`first view JS (gzip -9): ${JSON.stringify(sizes)} = ${total} bytes; budget ${FIRST_VIEW_BUDGET}`);
  expect(sizes.some((s) => /^assets\/index-/.test(s.path))).toBe(true);
  expect(total).toBeLessThan(FIRST_VIEW_BUDGET);
});
