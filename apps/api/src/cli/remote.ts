/**
 * `tallyline ingest --server URL --key KEY`: sends the files to a running server (which owns the
 * DuckDB file) through `POST /api/v1/imports`, follows each import by polling
 * `GET /api/v1/imports/{id}`, and prints what a local import prints: the same summary line, warning
 * lines and, for a rejected file, the same issue lines (file, line, column, value); exit code 1 when
 * a file is rejected.
 */
import { openAsBlob } from "node:fs";
import { basename, resolve } from "node:path";
import { formatIssue, type ImportSummary } from "@tallyline/ingest";
import type { ImportView } from "../imports/history";
import { describeImport, warningLines } from "./format";
import { progressBar } from "./progress";

/** Options of {@link ingestRemote} (those of `ingest` that apply to a server). */
export interface RemoteIngestOptions {
  readonly server: string;
  readonly key?: string | undefined;
  readonly source?: string;
  readonly timezone?: string;
  readonly mapping?: string;
  readonly json?: boolean;
  readonly progress?: boolean;
  readonly skipInvalid?: boolean;
  readonly db?: string;
}

/** How often the import is polled, in ms. */
const POLL_MS = 250;

/** Thrown for a usage or connection problem (not a rejected file): one line, exit code 2. */
class RemoteError extends Error {}

/**
 * Sends `files` one after the other and prints their outcome; sets `process.exitCode` 1 when one is
 * rejected, 2 on a usage error (no key, --db or --skip-invalid given) or when the server refuses
 * the request (its error message printed).
 */
export async function ingestRemote(files: string[], opts: RemoteIngestOptions): Promise<void> {
  try {
    if (!opts.key) throw new RemoteError("--server needs an admin API key: --key KEY or $TALLYLINE_KEY");
    if (opts.db) throw new RemoteError("--db names a local database; with --server the server's database is used");
    if (opts.skipInvalid) throw new RemoteError("--skip-invalid is not available with --server");
    const base = opts.server.replace(/\/+$/, "");
    const headers = { authorization: `Bearer ${opts.key}` };
    const showProgress = opts.progress ?? (!opts.json && Boolean(process.stderr.isTTY));
    const results: unknown[] = [];
    if (!opts.json) console.log(`Server: ${base}`);
    for (const file of files) {
      const form = new FormData();
      if (opts.source) form.append("source", opts.source);
      if (opts.timezone) form.append("timezone", opts.timezone);
      if (opts.mapping) form.append("mapping", await openAsBlob(resolve(opts.mapping)), basename(opts.mapping));
      form.append("file", await openAsBlob(resolve(file)), basename(file));
      const posted = await request(`${base}/api/v1/imports`, { method: "POST", headers, body: form });
      let job = posted.import;
      const bar = showProgress ? progressBar() : undefined;
      while (job.status === "queued" || job.status === "running") {
        bar?.update({
          file: job.file,
          phase: job.phase === "queued" ? "reading" : job.phase,
          percent: job.fraction === null ? null : job.fraction * 100,
        });
        await new Promise((ok) => setTimeout(ok, POLL_MS));
        job = (await request(`${base}/api/v1/imports/${job.id}`, { headers })).import;
      }
      if (bar && job.status !== "rejected" && job.status !== "failed")
        bar.update({ file: job.file, phase: "done", percent: 100 });
      bar?.stop();
      if (job.status === "rejected" || job.status === "failed") {
        process.exitCode = 1;
        const e = job.errors ?? { code: "internal", message: "The import failed", issues: [] };
        results.push({ ok: false, server: base, file, code: e.code, message: e.message, issues: e.issues });
        if (!opts.json) {
          console.error(
            e.issues.length
              ? `${e.message.split("\n")[0]}\n${e.issues
                  .slice(0, 20)
                  .map((i) => `  ${formatIssue(i)}`)
                  .join("\n")}`
              : e.message,
          );
        }
        continue;
      }
      const summary = asSummary(job);
      results.push({ ok: true, server: base, ...summary });
      if (!opts.json) {
        console.log(describeImport(file, summary, false));
        const warnings = warningLines(summary.warnings);
        if (warnings.length > 0) console.error(warnings.join("\n"));
      }
    }
    if (opts.json) console.log(JSON.stringify(results, null, 2));
  } catch (e) {
    if (!(e instanceof RemoteError)) throw e;
    console.error(`tallyline: ${e.message}`);
    process.exitCode = 2;
  }
}

/** The server's view of a finished import as the summary a local import returns. */
function asSummary(job: ImportView): ImportSummary {
  return {
    importId: job.importId,
    file: job.file,
    source: job.source,
    sha256: "",
    status: job.status === "unchanged" ? "unchanged" : job.status === "partial" ? "partial" : "imported",
    rowsByTable: job.rowsByTable,
    rejected: 0,
    durationMs: job.durationMs ?? 0,
    span: job.span ? { firstAt: "", lastAt: "", ...job.span } : null,
    warnings: job.warnings,
  };
}

/** One request to the server; its error body's message as a {@link RemoteError} when it refuses. */
async function request(url: string, init: RequestInit): Promise<{ import: ImportView }> {
  let res: Response;
  try {
    res = await fetch(url, init);
  } catch (cause) {
    throw new RemoteError(`cannot reach ${url}: ${(cause as Error).cause ?? (cause as Error).message}`);
  }
  if (res.ok) return (await res.json()) as { import: ImportView };
  const body = (await res.json().catch(() => undefined)) as { error?: { message?: string } } | undefined;
  throw new RemoteError(`the server answered ${res.status}: ${body?.error?.message ?? res.statusText}`);
}
