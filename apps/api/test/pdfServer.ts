/**
 * A real server for the PDF tests: the app with the built dashboard (apps/web, built once per
 * source state into apps/web/node_modules/.cache and shared by every test file) and a real
 * Printer (Chromium at CHROMIUM_PATH, else /usr/bin/chromium) on 127.0.0.1, over a real DuckDB
 * file. One server, hence one browser, per test file: launch Chromium once and print many times.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { type ServerType, serve } from "@hono/node-server";
import { importFile } from "@tallyline/ingest";
import { defaultRegistry } from "@tallyline/report-defs";
import { Warehouse } from "@tallyline/warehouse";
import { createApp } from "../src/app";
import { createSecurity } from "../src/auth/security";
import { Printer, type PrinterOptions } from "../src/pdf/printer";
import { ReportRunner } from "../src/services/reportRunner";
import { smallCallLog } from "./harness";

const repo = join(import.meta.dirname, "../../..");
const WEB_SOURCES = ["apps/web/src", "apps/web/index.html", "apps/web/vite.config.ts", "packages/ui/src"];

function filesUnder(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => filesUnder(join(path, name)));
}

/**
 * The built dashboard for the current sources: a folder named by the SHA-256 of every source
 * file (path and content), built with `vite build` when absent (about 10 s), then reused. Built
 * into a temporary folder and renamed, so test files building at once do not see half a build.
 */
export function builtWeb(): string {
  const hash = createHash("sha256");
  for (const source of WEB_SOURCES) {
    for (const file of filesUnder(join(repo, source))) {
      hash.update(relative(repo, file)).update("\0").update(readFileSync(file)).update("\0");
    }
  }
  const cache = join(repo, "apps/web/node_modules/.cache/tallyline-print");
  const dist = join(cache, hash.digest("hex").slice(0, 16));
  if (existsSync(join(dist, "index.html"))) return dist;
  mkdirSync(cache, { recursive: true });
  const partial = `${dist}.${process.pid}`;
  execFileSync("npx", ["vite", "build", "--outDir", partial, "--emptyOutDir", "--logLevel", "error"], {
    cwd: join(repo, "apps/web"),
    stdio: ["ignore", "ignore", "inherit"],
  });
  try {
    renameSync(partial, dist);
  } catch {
    // Another test file finished the same build first: use its folder.
    rmSync(partial, { recursive: true, force: true });
  }
  return dist;
}

/** Options of {@link pdfServer}. */
export interface PdfServerOptions {
  /** Files imported before the server starts (default: the small call log). */
  readonly files?: readonly string[];
  readonly printer?: PrinterOptions;
  /** PDFs per caller per minute. */
  readonly perMinute?: number;
}

/**
 * The app with the built dashboard and a Printer on a real HTTP server on 127.0.0.1; `now` is
 * pinned to 1999-02-03 12:00 UTC (the API's "today"), time zone UTC. `post` sends JSON as a member
 * with an API key. Call `close()` after (closes the browser too).
 */
export async function pdfServer(options: PdfServerOptions = {}) {
  const webDist = builtWeb();
  const dir = mkdtempSync(join(tmpdir(), "tl-pdf-"));
  const warehouse = await Warehouse.open(join(dir, "t.duckdb"));
  for (const f of options.files ?? [smallCallLog]) await importFile(warehouse, f, { timezone: "UTC" });
  const runner = new ReportRunner(warehouse);
  const errors: unknown[] = [];
  const log = (_m: string, e: unknown) => errors.push(e);
  const now = () => Date.parse("1999-02-03T12:00:00Z");
  const security = createSecurity(warehouse, { now, log });
  const printer = new Printer(options.printer);
  const app = createApp({
    services: { warehouse, registry: defaultRegistry(), now, defaultTimezone: "UTC", reports: runner },
    log,
    security,
    webDist,
    pdf: { printer, ...(options.perMinute === undefined ? {} : { perMinute: options.perMinute }) },
  });
  const { key } = await security.accounts.createKey({ name: "pdf tests", role: "member" });
  const authorization = `Bearer ${key}`;
  const server: ServerType = await new Promise((ok) => {
    const s = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, () => ok(s));
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  security.site.listening("127.0.0.1", port);
  printer.setOrigin(security.site.listeningOrigin);
  const url = `http://127.0.0.1:${port}`;
  /** POSTs `body` as JSON to `path`, as a member with an API key unless `headers` say otherwise. */
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization, ...headers },
      body: JSON.stringify(body),
    });
  return {
    url,
    authorization,
    warehouse,
    security,
    printer,
    errors,
    dir,
    post,
    close: async () => {
      if ("closeAllConnections" in server) server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
      await printer.close();
      await runner.close();
      await security.accounts.flush();
      await warehouse.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type PdfServer = Awaited<ReturnType<typeof pdfServer>>;

/**
 * The text of a PDF by poppler's `pdftotext` (Debian poppler-utils): `-raw` in the order the page
 * drew it (a paragraph's lines stay together), `-layout` as laid out (a row's cells on one line).
 */
export function pdfText(pdf: Buffer, dir: string, name = "out", mode: "-raw" | "-layout" = "-raw"): string {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync("pdftotext", [mode, file, "-"], { encoding: "utf8" });
}

/** The page count of a PDF by poppler's `pdfinfo`. */
export function pdfPages(pdf: Buffer, dir: string, name = "out"): number {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  const info = execFileSync("pdfinfo", [file], { encoding: "utf8" });
  return Number(/^Pages:\s+(\d+)/m.exec(info)?.[1] ?? Number.NaN);
}

/** The raster images of a PDF by poppler's `pdfimages -list`: one { width, height } per image. */
export function pdfImages(pdf: Buffer, dir: string, name = "out"): { width: number; height: number }[] {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  const list = execFileSync("pdfimages", ["-list", file], { encoding: "utf8" });
  return list
    .split("\n")
    .slice(2)
    .filter((line) => line.trim() !== "")
    .map((line) => {
      const cols = line.trim().split(/\s+/);
      return { width: Number(cols[3]), height: Number(cols[4]) };
    });
}
