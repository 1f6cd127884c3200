/**
 * The real app served over HTTP on 127.0.0.1 on a real DuckDB file, with its import jobs at hand,
 * for the tests of /api/v1/imports: uploads go through real multipart requests from `fetch`.
 */
import { existsSync, mkdtempSync, openAsBlob, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ServerType, serve } from "@hono/node-server";
import { importFile } from "@tallyline/ingest";
import { defaultRegistry } from "@tallyline/report-defs";
import { Warehouse } from "@tallyline/warehouse";
import { createApp } from "../../src/app";
import { createSecurity } from "../../src/auth/security";
import type { ImportView } from "../../src/imports/history";
import { ImportJobs } from "../../src/imports/jobs";
import { smallCallLog } from "../harness";

/** Options of {@link importServer}. */
export interface ImportServerOptions {
  /** Files imported (through the library, as the CLI would) before the server starts; default the small call log. */
  readonly files?: readonly string[];
  /** Largest upload in bytes (default 64 MiB). */
  readonly limitBytes?: number;
}

/** What an upload sends: a file on disk (streamed) or text, under `name`, and the form fields. */
export interface UploadInput {
  readonly path?: string;
  readonly text?: string;
  readonly name?: string;
  readonly fields?: Record<string, string>;
  readonly mapping?: { text: string };
  readonly authorization?: string;
}

/** Starts the served app; call `close()` after. */
export async function importServer(options: ImportServerOptions = {}) {
  const dir = mkdtempSync(join(tmpdir(), "tl-imports-"));
  const dbPath = join(dir, "t.duckdb");
  const warehouse = await Warehouse.open(dbPath);
  for (const f of options.files ?? [smallCallLog]) await importFile(warehouse, f, { timezone: "UTC" });
  const errors: unknown[] = [];
  const log = (_m: string, e: unknown) => void errors.push(e);
  const security = createSecurity(warehouse, { log });
  const uploadDir = join(dir, "uploads");
  const jobs = new ImportJobs(warehouse, {
    uploadDir,
    limitBytes: options.limitBytes ?? 64 * 1_048_576,
    reportTimezone: "UTC",
    log,
  });
  const app = createApp({
    services: { warehouse, registry: defaultRegistry(), now: Date.now, defaultTimezone: "UTC" },
    log,
    security,
    imports: jobs,
  });
  const admin = `Bearer ${(await security.accounts.createKey({ name: "imports admin", role: "admin" })).key}`;
  const member = `Bearer ${(await security.accounts.createKey({ name: "imports member", role: "member" })).key}`;
  const server: ServerType = await new Promise((ok) => {
    const s = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, () => ok(s));
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  security.site.listening("127.0.0.1", port);
  const url = `http://127.0.0.1:${port}`;

  /** POSTs a multipart upload to /api/v1/imports (as the admin key unless `authorization` says otherwise). */
  const upload = async (input: UploadInput): Promise<Response> => {
    const form = new FormData();
    for (const [k, v] of Object.entries(input.fields ?? {})) form.append(k, v);
    if (input.mapping) form.append("mapping", new Blob([input.mapping.text]), "mapping.json");
    const blob = input.path ? await openAsBlob(input.path) : new Blob([input.text ?? ""]);
    form.append("file", blob, input.name ?? (input.path ? input.path.split("/").pop() : "upload.csv"));
    return fetch(`${url}/api/v1/imports`, {
      method: "POST",
      headers: { authorization: input.authorization ?? admin },
      body: form,
    });
  };
  /** GETs `path` (as the admin key unless given another). */
  const get = (path: string, authorization = admin) => fetch(`${url}${path}`, { headers: { authorization } });
  /** DELETEs `path` (as the admin key unless given another). */
  const del = (path: string, authorization = admin) =>
    fetch(`${url}${path}`, { method: "DELETE", headers: { authorization } });
  /** Polls the import until it has finished; returns it and every distinct progress seen on the way. */
  const waitDone = async (id: string) => {
    const seen: ImportView[] = [];
    for (;;) {
      const res = await get(`/api/v1/imports/${id}`);
      if (res.status !== 200) throw new Error(`GET import answered ${res.status}: ${await res.text()}`);
      const { import: imp } = (await res.json()) as { import: ImportView };
      seen.push(imp);
      if (!["queued", "running"].includes(imp.status)) return { import: imp, seen };
      await new Promise((ok) => setTimeout(ok, 50));
    }
  };
  /** Files left in the upload folder (none once every job has ended). */
  const leftovers = () => (existsSync(uploadDir) ? readdirSync(uploadDir, { recursive: true }) : []);

  return {
    url,
    dir,
    dbPath,
    app,
    warehouse,
    jobs,
    security,
    admin,
    member,
    errors,
    upload,
    get,
    del,
    waitDone,
    uploadDir,
    leftovers,
    close: async () => {
      await new Promise<void>((ok) => server.close(() => ok()));
      await jobs.idle();
      await security.accounts.flush();
      await warehouse.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The server of {@link importServer}. */
export type ImportServer = Awaited<ReturnType<typeof importServer>>;
