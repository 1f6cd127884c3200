import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { importFile } from "@tallyline/ingest";
import { Warehouse } from "@tallyline/warehouse";
import { ReportRunner, type ReportRunnerOptions } from "../src/services/reportRunner";
import { smallCallLog } from "./harness";
import { serveApp } from "./testutil/served";

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
  const { url, authorization, close } = await serveApp({ warehouse, reports: runner, log, keyName: "live server" });
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
      await close();
      await runner.close();
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
