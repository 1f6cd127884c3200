import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ServerType, serve } from "@hono/node-server";
import { importFile } from "@tallyline/ingest";
import { defaultRegistry } from "@tallyline/report-defs";
import { Warehouse } from "@tallyline/warehouse";
import { createApp } from "../src/app";
import { createSecurity } from "../src/auth/security";
import { ReportRunner, type ReportRunnerOptions } from "../src/services/reportRunner";
import { smallCallLog } from "./harness";

/** Options of {@link liveServer}. */
export interface LiveServerOptions {
  /** Files imported before the server starts (default: the small call log). */
  readonly files?: readonly string[];
  /** The report runner's options (pool size, time limit, queue, cache memory). */
  readonly runner?: ReportRunnerOptions;
  /** Runs on the warehouse after the imports, before the server starts. */
  readonly prepare?: (wh: Warehouse) => Promise<void>;
}

/**
 * The real app on a real HTTP server on 127.0.0.1 (a free port) over a real DuckDB file in a temp
 * folder, with its own report runner; `now` is pinned to 1999-02-03 12:00 UTC like the app harness.
 * Call `close()` after.
 */
export async function liveServer(options: LiveServerOptions = {}) {
  const dir = mkdtempSync(join(tmpdir(), "tl-live-"));
  const warehouse = await Warehouse.open(join(dir, "t.duckdb"));
  for (const f of options.files ?? [smallCallLog]) await importFile(warehouse, f, { timezone: "UTC" });
  await options.prepare?.(warehouse);
  const runner = new ReportRunner(warehouse, options.runner);
  const errors: unknown[] = [];
  const log = (_m: string, e: unknown) => errors.push(e);
  const now = () => Date.parse("1999-02-03T12:00:00Z");
  const security = createSecurity(warehouse, { now, log });
  const app = createApp({
    services: { warehouse, registry: defaultRegistry(), now, defaultTimezone: "UTC", reports: runner },
    log,
    security,
  });
  // Requests authenticate as a member with an API key (the API is closed to anonymous callers).
  const { key } = await security.accounts.createKey({ name: "live server", role: "member" });
  const authorization = `Bearer ${key}`;
  const server: ServerType = await new Promise((ok) => {
    const s = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, () => ok(s));
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  security.site.listening("127.0.0.1", port);
  const url = `http://127.0.0.1:${port}`;
  /** POSTs `body` as JSON to `path` on the server, as a member with an API key. */
  const post = (
    path: string,
    body: unknown = {},
    init: { headers?: Record<string, string>; signal?: AbortSignal } = {},
  ) =>
    fetch(`${url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization, ...init.headers },
      body: JSON.stringify(body),
      signal: init.signal,
    });
  return {
    url,
    /** The `Authorization` header value of the member key the helpers send. */
    authorization,
    warehouse,
    runner,
    errors,
    dir,
    post,
    close: async () => {
      if ("closeAllConnections" in server) server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
      await runner.close();
      await security.accounts.flush();
      await warehouse.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls `cond` every 10 ms for up to `ms` (default 10 s); true once it holds. */
export async function eventually(cond: () => boolean, ms = 10_000): Promise<boolean> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 10));
  }
  return true;
}
