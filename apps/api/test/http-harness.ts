/**
 * The real app served over HTTP on 127.0.0.1 (a free port) on a real DuckDB file, for the routes'
 * tests that send raw bodies the way a client on the network does. The warehouse is the real one,
 * wrapped only to record the SQL text of every statement (so a test can show that no value sent
 * reached SQL as text, or to fail chosen statements), on the write connection and on the read pool
 * the report runner opens over it; unexpected errors the app logs are collected.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { importFile } from "@tallyline/ingest";
import { GENERATED_TABLES, generate, writeGenerated } from "@tallyline/synth";
import { ReadPool, Warehouse } from "@tallyline/warehouse";
import { vi } from "vitest";
import { smallCallLog } from "./harness";
import { serveApp } from "./testutil/served";

/** Options of {@link httpApp}. */
export interface HttpAppOptions {
  /** Also import a small generated data set (calls, checks, chats; a week to 2026-10-27 in Europe/Amsterdam). */
  readonly generated?: boolean;
  /**
   * Statements for which the database fails (an error thrown instead of running them): the only way
   * to see how a route answers a database failure; every other statement runs on the real file.
   */
  readonly failWhen?: (sql: string) => boolean;
}

/** A served app: its URL, raw POST/GET helpers, the SQL texts it ran, the errors it logged; `close()` after. */
export async function httpApp(options: HttpAppOptions = {}) {
  const dir = mkdtempSync(join(tmpdir(), "tl-http-"));
  const warehouse = await Warehouse.open(join(dir, "t.duckdb"));
  await importFile(warehouse, smallCallLog, { timezone: "UTC" });
  if (options.generated) {
    const out = join(dir, "generated");
    await writeGenerated(
      out,
      generate({ seed: 11, days: 7, end: "2026-10-27", timezone: "Europe/Amsterdam", scale: 40 }),
    );
    for (const t of GENERATED_TABLES) await importFile(warehouse, join(out, `${t}.csv`), { source: "canonical" });
  }
  const sql: string[] = [];
  const recording = new Proxy(warehouse, {
    get(target, prop) {
      if (prop === "query")
        return (text: string, params?: Parameters<Warehouse["query"]>[1]) => {
          sql.push(text);
          if (options.failWhen?.(text)) return Promise.reject(new Error("simulated database failure"));
          return target.query(text, params);
        };
      const v = Reflect.get(target, prop, target);
      return typeof v === "function" ? v.bind(target) : v;
    },
  });
  // The report runner reads on a pool over `recording`: its statements are recorded (and failed) alike.
  const poolQuery = ReadPool.prototype.query;
  const poolSpy = vi.spyOn(ReadPool.prototype, "query").mockImplementation(function (this: ReadPool, text, ...rest) {
    if ((this as unknown as { warehouse: unknown }).warehouse === recording) {
      sql.push(text);
      if (options.failWhen?.(text)) return Promise.reject(new Error("simulated database failure"));
    }
    return poolQuery.call(this, text, ...rest) as ReturnType<ReadPool["query"]>;
  });
  const errors: unknown[] = [];
  const logs: string[] = [];
  const log = (m: string, e: unknown) => {
    logs.push(m);
    errors.push(e);
  };
  // Keys and sessions are checked on the real warehouse (their statements are not the routes' own).
  const { app, url, authorization, close } = await serveApp({
    warehouse,
    routesWarehouse: recording,
    log,
    keyName: "http harness",
  });
  /**
   * POSTs `body` as it is (a string) or as JSON, with content-type application/json unless `headers`
   * say otherwise, as a member with an API key (unless `headers` carry their own `authorization`).
   */
  const post = (
    path: string,
    body?: unknown,
    headers: Record<string, string> = { "content-type": "application/json" },
  ) =>
    fetch(`${url}${path}`, {
      method: "POST",
      headers: { authorization, ...headers },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
  /** GETs `path` as a member with an API key. */
  const get = (path: string) => fetch(`${url}${path}`, { headers: { authorization } });
  return {
    url,
    app,
    warehouse,
    sql,
    errors,
    logs,
    post,
    get,
    authorization,
    close: async () => {
      await close();
      poolSpy.mockRestore();
      await warehouse.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The error body's fields, for assertions. */
export interface ErrorJson {
  error: { code: string; message: string; requestId: string; details?: { path?: string } };
}

/** The path an error body names: `details.path`, else the path of zod's first issue (undefined for the body itself). */
export const errorPath = (body: ErrorJson): string | undefined =>
  body.error.details?.path ??
  ((body.error.details as { issues?: { path: (string | number)[] }[] } | undefined)?.issues?.[0]?.path.join(".") ||
    undefined);
