/**
 * `pnpm bench:render [--smoke] [--write] [--runs N]`: how fast the Overview renders (issue 13: "the
 * overview rendered in under 1 s from navigation on demo data (Playwright timing, in bench/, median
 * of 10)"), and the JS its first view loads.
 *
 * The server is the README's main command: `tallyline serve` (a child process, e2e/server.ts) over
 * an empty data folder, which loads the built-in demo (90 days ending today) and serves the built
 * dashboard (apps/web/dist, built first when absent); an admin made with `tallyline user add` signs
 * in through the real sign-in route. Chromium (/usr/bin/chromium, or $CHROMIUM_PATH) through
 * Playwright, 1440 x 1000, light.
 *
 * Time: from the navigation's start (the page's `performance.timeOrigin`) to the moment the page
 * sets `data-ready` on `.tl-app` (every figure of the one batch answered and drawn: routes/Overview.tsx),
 * recorded in the page by a MutationObserver installed before any script. Two series of N runs (10):
 * - cold: each run in a new browser context (no HTTP cache: every script is fetched and parsed);
 *   the server's result cache is empty for the first run only (its time is also given alone);
 * - warm: runs one after another in one context (HTTP cache and server cache warm).
 * Median and p90 (nearest rank) of each. First-view JS: the scripts loaded before `data-ready`
 * (resource timing), each file's gzip -9 size from dist, and the bytes on the wire (Brotli).
 *
 * `--smoke`: 2 runs of each, no file written; fails (exit 1) when the page never gets `data-ready`.
 * `--write` rewrites the "Overview render time (issue 13)" section of docs/benchmarks.md with the
 * command, machine and load average. The machine may be shared: figures are noisy, the load is printed.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { type BrowserContext, chromium } from "@playwright/test";
import { signIn, startTallyline, tempDataDir } from "../e2e/server";
import { machine, writeSection } from "./doc";

const argv = process.argv.slice(2);
const option = (name: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const smoke = argv.includes("--smoke");
const write = argv.includes("--write");
const runs = Number(option("--runs") ?? (smoke ? 2 : 10));
const REPO = resolve(import.meta.dirname, "..");
const DIST = join(REPO, "apps/web/dist");
/** The issue's target: rendered in under 1 s (median). */
const TARGET_MS = 1000;
const load = () => loadavg()[0]?.toFixed(2) ?? "?";

/** Median and p90 (nearest rank) of `xs`, in the same unit. */
function summary(xs: readonly number[]): { median: number; p90: number } {
  const s = [...xs].sort((a, b) => a - b);
  const rank = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))] ?? Number.NaN;
  const median =
    s.length % 2 === 1 ? (s[(s.length - 1) / 2] ?? 0) : ((s[s.length / 2 - 1] ?? 0) + (s[s.length / 2] ?? 0)) / 2;
  return { median, p90: rank(0.9) };
}

/** Runs before the page's own scripts: notes `performance.now()` when `.tl-app[data-ready]` first appears. */
const READY_PROBE = `(() => {
  const seen = () => {
    if (window.__readyAt === undefined && document.querySelector(".tl-app[data-ready]")) window.__readyAt = performance.now();
  };
  new MutationObserver(seen).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-ready"] });
})();`;

/** Read in the page after data-ready: the time, the scripts fetched before it (path, bytes on the wire), the areas shown. */
const READ_BACK = `(() => {
  const readyAt = window.__readyAt;
  const scripts = performance.getEntriesByType("resource")
    .filter((e) => e.startTime < readyAt && new URL(e.name).pathname.endsWith(".js"))
    .map((e) => ({ path: new URL(e.name).pathname.slice(1), wire: e.transferSize }));
  return { ms: readyAt, scripts, areas: document.querySelectorAll('section[data-testid^="area-"]').length };
})()`;

/** One navigation to the Overview in `context`: ms to data-ready, and the scripts loaded before it. */
async function renderOnce(context: BrowserContext, url: string) {
  const page = await context.newPage();
  try {
    await page.goto(url, { waitUntil: "commit" });
    // A function, not a string: the page's CSP forbids eval, which a string predicate needs.
    await page.waitForFunction(() => (globalThis as { __readyAt?: number }).__readyAt !== undefined, undefined, {
      timeout: 30_000,
    });
    return (await page.evaluate(READ_BACK)) as {
      ms: number;
      scripts: { path: string; wire: number }[];
      areas: number;
    };
  } finally {
    await page.close();
  }
}

if (!existsSync(join(DIST, "index.html"))) {
  console.log("bench:render: building the dashboard (apps/web/dist is absent)");
  const built = spawnSync("pnpm", ["--filter", "@tallyline/web", "build"], { cwd: REPO, stdio: "inherit" });
  if (built.status !== 0) process.exit(1);
}

const server = await startTallyline(tempDataDir());
const executablePath = process.env.CHROMIUM_PATH ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);
const browser = await chromium.launch({
  headless: true,
  ...(executablePath ? { executablePath } : {}),
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-sync"],
});
let failed = false;
try {
  const newContext = async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, colorScheme: "light" });
    await context.addInitScript(READY_PROBE);
    const page = await context.newPage();
    await signIn(page, server);
    await page.close();
    return context;
  };
  const loadBefore = load();
  const cold: number[] = [];
  let firstView: { path: string; wire: number }[] = [];
  let areas = 0;
  for (let i = 0; i < runs; i++) {
    const context = await newContext();
    const r = await renderOnce(context, server.url);
    await context.close();
    cold.push(r.ms);
    if (i === 0) {
      firstView = r.scripts.filter((s) => s.path.startsWith("assets/"));
      areas = r.areas;
    }
  }
  const warm: number[] = [];
  const context = await newContext();
  await renderOnce(context, server.url);
  for (let i = 0; i < runs; i++) warm.push((await renderOnce(context, server.url)).ms);
  await context.close();
  const loadAfter = load();

  const js = firstView.map((s) => ({ ...s, gzip: gzipSync(readFileSync(join(DIST, s.path)), { level: 9 }).length }));
  const gzip = js.reduce((sum, s) => sum + s.gzip, 0);
  const wire = js.reduce((sum, s) => sum + s.wire, 0);
  const c = summary(cold);
  const w = summary(warm);
  const ms = (x: number) => `${Math.round(x)} ms`;
  console.log(`overview areas shown: ${areas}`);
  console.log(
    `cold (new context each): median ${ms(c.median)}, p90 ${ms(c.p90)}; first run ${ms(cold[0] ?? Number.NaN)}`,
  );
  console.log(`warm (same context): median ${ms(w.median)}, p90 ${ms(w.p90)}`);
  console.log(
    `first-view JS: ${js.map((s) => `${s.path} ${s.gzip} B`).join(", ")} = ${gzip} B gzip -9, ${wire} B on the wire`,
  );
  console.log(`load average (1 min) before / after: ${loadBefore} / ${loadAfter}`);
  if (areas === 0 || [...cold, ...warm].some((x) => !Number.isFinite(x))) failed = true;

  if (write && !smoke) {
    writeSection("Overview render time (issue 13)", [
      `Produced by \`pnpm bench:render --write\` (bench/render.ts, ${runs} runs each) on ${machine()}; load average (1 min) before / after: ${loadBefore} / ${loadAfter}. The server (\`tallyline serve\` over an empty folder: the 90-day demo, the built dashboard) and headless Chromium share the cores; the load average says how busy the rest of the machine was.`,
      "",
      "Time from the navigation's start to the Overview's `data-ready` (every headline of its one `POST /reports/batch` answered and drawn), 1440 x 1000, signed in. Cold: a new browser context per run (no HTTP cache; the server's result cache is empty for the first run only). Warm: one context, runs in a row.",
      "",
      `| series | median | p90 | target |`,
      "| --- | --- | --- | --- |",
      `| cold (${runs} runs; first alone ${ms(cold[0] ?? Number.NaN)}) | ${ms(c.median)} | ${ms(c.p90)} | median under ${TARGET_MS} ms: ${c.median < TARGET_MS ? "met" : "NOT met"} |`,
      `| warm (${runs} runs) | ${ms(w.median)} | ${ms(w.p90)} | |`,
      "",
      `First view's JS (scripts loaded before \`data-ready\`): ${js.map((s) => `\`${s.path}\` ${s.gzip.toLocaleString("en")} B`).join(", ")}; ${gzip.toLocaleString("en")} bytes at gzip -9 (budget 120 kB), ${wire.toLocaleString("en")} bytes on the wire (Brotli, with headers). ECharts is not loaded by the Overview.`,
    ]);
    console.log("wrote docs/benchmarks.md");
  }
} catch (error) {
  console.error(error);
  failed = true;
} finally {
  await browser.close();
  await server.stop();
}
if (failed) {
  console.error("bench:render: the Overview did not render");
  process.exit(1);
}
