/**
 * Imports over HTTP (issue 11 point 3): an upload is streamed to a temp folder under the data folder,
 * then imported by `importFile` (the same all-or-nothing transaction and error list as
 * `tallyline ingest`) in the background, one import at a time (one writer). Jobs live in memory
 * while the process runs; the history of committed imports is the `imports` table (a rejected
 * upload is kept in memory only, so it leaves the history at a restart: docs/api.md "Imports").
 */
import { randomUUID } from "node:crypto";
import { createWriteStream, existsSync } from "node:fs";
import { mkdir, readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import {
  type ImportSummary,
  IngestError,
  importFile,
  type RowIssue,
  removeImports,
  SHIPPED_MAPPINGS,
  type Warnings,
} from "@tallyline/ingest";
import type { Warehouse } from "@tallyline/warehouse";
import busboy from "busboy";
import { ApiError } from "../errors";

/** Default largest upload, in MiB (TALLYLINE_UPLOAD_LIMIT_MB). */
export const DEFAULT_UPLOAD_LIMIT_MB = 1024;

/** Largest uploaded mapping file part, in bytes. */
export const MAPPING_LIMIT_BYTES = 1_048_576;

/** Options of {@link ImportJobs}. */
export interface ImportJobsOptions {
  /** Folder of the uploads being received or imported (made if absent; emptied at start). */
  readonly uploadDir: string;
  /** Largest data file part, in bytes; a larger upload is refused with 413 and its partial file deleted. */
  readonly limitBytes: number;
  /** Zone of the days of an import's span when the upload names none (the server's TALLYLINE_TIMEZONE). */
  readonly reportTimezone?: string;
  /** Where an unexpected failure of a job is logged. */
  readonly log?: (message: string, error: unknown) => void;
  /**
   * Called after every import or delete that changed the data (to invalidate caches keyed by a data
   * version). TODO(issue 11 point 7): call the warehouse's data-version bump here once main has one.
   */
  readonly onDataChanged?: () => void;
}

/** Status of an import job. */
export type JobStatus = "queued" | "running" | "imported" | "partial" | "unchanged" | "rejected" | "failed";

/** Phase of a running job: waiting for the writer, the adapter parsing, rows going in, finished. */
export type JobPhase = "queued" | "reading" | "writing" | "done";

/** The error list of a rejected upload: the IngestError of the CLI (file, line, column, value, reason). */
export interface JobErrors {
  readonly code: string;
  readonly message: string;
  readonly issues: readonly RowIssue[];
}

/** One import: its upload, progress and outcome (the API's `Import` object). */
export interface ImportJob {
  /** The id of the job, and of the import it writes (`imports.import_id`). */
  readonly id: string;
  /** The uploaded file's base name (sanitised). */
  readonly file: string;
  /** Adapter id asked for ('auto' to detect), then the one that read the file. */
  source: string;
  readonly timezone: string;
  status: JobStatus;
  phase: JobPhase;
  /** Fraction 0-1 of the current phase (DuckDB's estimate while writing), null when unknown. */
  fraction: number | null;
  /** Rows written, all tables (known when done). */
  rows: number;
  rowsByTable: Readonly<Record<string, number>>;
  /** The first and last day of the facts written, in the report zone; null when none. */
  span: { readonly firstDay: string; readonly lastDay: string; readonly timezone: string } | null;
  /** Milliseconds the import took (from the start of its turn to its commit), known when done. */
  durationMs: number | null;
  warnings: Warnings;
  errors: JobErrors | null;
  /** Bytes of the uploaded file. */
  readonly bytes: number;
  /** The import an unchanged file was imported by (else the job's own id once it wrote). */
  importId: string | null;
  /** ISO instants. */
  readonly createdAt: string;
  finishedAt: string | null;
}

/** What {@link ImportJobs.receive} read from a multipart request. */
export interface Upload {
  readonly id: string;
  readonly dir: string;
  readonly path: string;
  readonly file: string;
  readonly bytes: number;
  readonly source: string;
  readonly timezone: string;
  readonly mapping?: string;
}

const TERMINAL = new Set<JobStatus>(["imported", "partial", "unchanged", "rejected", "failed"]);

/** True when a job has finished (it will not change again). */
export const isFinished = (job: Pick<ImportJob, "status">): boolean => TERMINAL.has(job.status);

/**
 * A client's file name made safe to write under the job's folder and to show: its last path
 * segment (either slash), characters outside `A-Z a-z 0-9 . _ - space` as `_`, no leading dot,
 * at most 120 characters; `upload` when nothing is left. Path traversal (`../../x`) keeps only `x`.
 */
export function safeFileName(name: string | undefined): string {
  const last = (name ?? "").split(/[\\/]/).pop() ?? "";
  const clean = last
    .replace(/[^A-Za-z0-9._ -]/g, "_")
    .replace(/^[.\s]+/, "")
    .slice(-120)
    .trim();
  return clean === "" ? "upload" : clean;
}

/** The shipped mapping named `name` (a file name in packages/ingest/mappings, with or without .json). */
function shippedMapping(name: string): string {
  const file = name.endsWith(".json") ? name : `${name}.json`;
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(file) || /schema/.test(file) || !existsSync(join(SHIPPED_MAPPINGS, file))) {
    throw new ApiError("bad_request", `mapping: no shipped mapping named "${name}"`, { path: "mapping" });
  }
  return join(SHIPPED_MAPPINGS, file);
}

/** The import jobs of one server: uploads, the one-writer queue, the in-memory job map. */
export class ImportJobs {
  readonly #jobs = new Map<string, ImportJob>();
  readonly #listeners = new Map<string, Set<(job: ImportJob) => void>>();
  #queue: Promise<void> = Promise.resolve();
  #ready: Promise<void>;

  constructor(
    readonly warehouse: Warehouse,
    readonly options: ImportJobsOptions,
  ) {
    // Uploads left by a process that stopped mid-import are of no use: their import rolled back.
    this.#ready = (async () => {
      await mkdir(options.uploadDir, { recursive: true });
      for (const entry of await readdir(options.uploadDir)) {
        await rm(join(options.uploadDir, entry), { recursive: true, force: true });
      }
    })();
    // A folder that cannot be made fails the first upload (500, logged), not the process.
    this.#ready.catch(() => undefined);
  }

  /**
   * Resolves once the uploads left by an earlier process are deleted (the server awaits it before
   * it listens, so nobody sees them); never rejects (a folder that cannot be made fails the first
   * upload instead).
   */
  ready(): Promise<void> {
    return this.#ready.catch(() => undefined);
  }

  /**
   * Reads a multipart/form-data body: the data file part `file` (streamed to disk, never held whole
   * in memory), the fields `source` (default 'auto'), `timezone` (default UTC) and `mapping` (a
   * shipped mapping's name, or a file part with a mapping). Throws ApiError 413 `payload_too_large`
   * past the limit (the partial file deleted), 400 for a malformed body or a missing or extra part,
   * 415 when the body is not multipart.
   */
  async receive(body: ReadableStream<Uint8Array> | null, headers: Record<string, string>): Promise<Upload> {
    await this.#ready;
    const type = headers["content-type"] ?? "";
    if (!/^multipart\/form-data/i.test(type)) {
      throw new ApiError("unsupported_media_type", "Send the upload as multipart/form-data with a 'file' part");
    }
    const length = Number(headers["content-length"]);
    if (Number.isFinite(length) && length > this.options.limitBytes + MAPPING_LIMIT_BYTES + 65_536) {
      throw this.#tooLarge();
    }
    if (body === null) throw new ApiError("bad_request", "file: the upload has no body", { path: "file" });
    const id = randomUUID();
    const dir = join(this.options.uploadDir, id);
    await mkdir(dir);
    try {
      return await this.#parse(id, dir, body, headers);
    } catch (error) {
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
  }

  #tooLarge(): ApiError {
    return new ApiError(
      "payload_too_large",
      `The upload is over the limit of ${this.options.limitBytes} bytes (TALLYLINE_UPLOAD_LIMIT_MB)`,
      { limitBytes: this.options.limitBytes },
    );
  }

  async #parse(
    id: string,
    dir: string,
    body: ReadableStream<Uint8Array>,
    headers: Record<string, string>,
  ): Promise<Upload> {
    const fields: Record<string, string> = {};
    let data: { path: string; file: string; bytes: number } | undefined;
    let mappingFile: string | undefined;
    const writes: Promise<void>[] = [];
    let failure: unknown;
    const fail = (e: unknown) => {
      failure ??= e;
    };
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers,
        limits: { fileSize: this.options.limitBytes, files: 2, fields: 8, fieldSize: 1024, parts: 10 },
      });
    } catch (cause) {
      throw new ApiError("bad_request", `The multipart body is malformed: ${(cause as Error).message}`);
    }
    parser.on("field", (name, value) => {
      if (!["source", "timezone", "mapping"].includes(name)) {
        fail(new ApiError("bad_request", `${name}: unknown field`, { path: name }));
      } else fields[name] = value;
    });
    parser.on("file", (name, stream, info) => {
      if ((name !== "file" && name !== "mapping") || (name === "file" ? data : mappingFile)) {
        fail(new ApiError("bad_request", `${name}: unknown or repeated file part`, { path: name }));
        stream.resume();
        return;
      }
      const file = name === "file" ? safeFileName(info.filename) : "mapping.json";
      const path = join(dir, name === "file" ? file : `mapping-${id}.json`);
      let bytes = 0;
      const limit = name === "file" ? this.options.limitBytes : MAPPING_LIMIT_BYTES;
      stream.on("data", (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes > limit) {
          fail(this.#tooLarge());
          stream.destroy();
        }
      });
      stream.on("limit", () => fail(this.#tooLarge()));
      if (name === "file") data = { path, file, bytes: 0 };
      else mappingFile = path;
      writes.push(
        pipeline(stream, createWriteStream(path)).then(
          () => {
            if (name === "file" && data) data.bytes = bytes;
          },
          (e: unknown) => fail(failure ?? e),
        ),
      );
    });
    parser.on("filesLimit", () => fail(new ApiError("bad_request", "Send one data file (and at most one mapping)")));
    parser.on("fieldsLimit", () => fail(new ApiError("bad_request", "Too many form fields")));
    parser.on("partsLimit", () => fail(new ApiError("bad_request", "Too many form parts")));
    try {
      await pipeline(Readable.fromWeb(body as WebReadableStream<Uint8Array>), parser);
    } catch (cause) {
      fail(failure ?? new ApiError("bad_request", `The multipart body is malformed: ${(cause as Error).message}`));
    }
    await Promise.all(writes);
    if (failure) throw failure;
    if (!data) throw new ApiError("bad_request", "file: the upload has no 'file' part", { path: "file" });
    if (fields.mapping !== undefined && mappingFile) {
      throw new ApiError("bad_request", "mapping: send a shipped mapping's name or a mapping file, not both", {
        path: "mapping",
      });
    }
    const source = fields.source?.trim() || "auto";
    if (!/^[a-z0-9][a-z0-9._-]{0,63}$/.test(source)) {
      throw new ApiError("bad_request", `source: "${source.slice(0, 64)}" is not an adapter id or 'auto'`, {
        path: "source",
      });
    }
    const mapping = mappingFile ?? (fields.mapping ? shippedMapping(fields.mapping) : undefined);
    return {
      id,
      dir,
      path: data.path,
      file: data.file,
      bytes: data.bytes,
      source,
      timezone: fields.timezone?.trim() || "UTC",
      ...(mapping ? { mapping } : {}),
    };
  }

  /** Queues the import of a received upload (imports run one at a time); returns its job at once. */
  start(upload: Upload): ImportJob {
    const job: ImportJob = {
      id: upload.id,
      file: upload.file,
      source: upload.source,
      timezone: upload.timezone,
      status: "queued",
      phase: "queued",
      fraction: null,
      rows: 0,
      rowsByTable: {},
      span: null,
      durationMs: null,
      warnings: { total: 0, first: [] },
      errors: null,
      bytes: upload.bytes,
      importId: null,
      createdAt: new Date().toISOString(),
      finishedAt: null,
    };
    this.#jobs.set(job.id, job);
    this.#queue = this.#queue.then(() => this.#run(job, upload));
    return job;
  }

  async #run(job: ImportJob, upload: Upload): Promise<void> {
    job.status = "running";
    job.phase = "reading";
    this.#emit(job);
    // The outcome shows only once the upload is deleted: a finished job has left no file behind.
    let outcome: Partial<ImportJob>;
    try {
      const summary: ImportSummary = await importFile(this.warehouse, upload.path, {
        importId: job.id,
        ...(upload.source === "auto" ? {} : { source: upload.source }),
        timezone: upload.timezone,
        ...(this.options.reportTimezone ? { reportTimezone: this.options.reportTimezone } : {}),
        ...(upload.mapping ? { mapping: upload.mapping } : {}),
        onProgress: (p) => {
          job.phase = p.phase;
          job.fraction = p.percent === null ? null : p.percent / 100;
          this.#emit(job);
        },
      });
      outcome = {
        source: summary.source,
        status: summary.status,
        importId: summary.importId,
        rowsByTable: summary.rowsByTable,
        rows: Object.values(summary.rowsByTable).reduce((a, b) => a + b, 0),
        span: summary.span
          ? { firstDay: summary.span.firstDay, lastDay: summary.span.lastDay, timezone: summary.span.timezone }
          : null,
        durationMs: summary.durationMs,
        warnings: summary.warnings,
      };
      if (summary.status !== "unchanged") this.options.onDataChanged?.();
    } catch (error) {
      outcome = {
        status: error instanceof IngestError ? "rejected" : "failed",
        errors:
          error instanceof IngestError
            ? { code: error.code, message: error.message, issues: error.issues }
            : { code: "internal", message: "The import failed; see the server log", issues: [] },
      };
      if (!(error instanceof IngestError)) this.options.log?.(`import ${job.id} failed`, error);
    }
    await rm(upload.dir, { recursive: true, force: true }).catch(() => undefined);
    Object.assign(job, outcome, { phase: "done", fraction: 1, finishedAt: new Date().toISOString() });
    this.#emit(job);
    this.#listeners.delete(job.id);
  }

  /** The job `id` of this process (undefined when unknown or deleted). */
  get(id: string): ImportJob | undefined {
    return this.#jobs.get(id);
  }

  /** Every job of this process, newest first. */
  jobs(): ImportJob[] {
    return [...this.#jobs.values()].reverse();
  }

  /** Calls `fn` with the job at every change until it finishes; returns the unsubscribe function. */
  subscribe(id: string, fn: (job: ImportJob) => void): () => void {
    const set = this.#listeners.get(id) ?? new Set();
    set.add(fn);
    this.#listeners.set(id, set);
    return () => set.delete(fn);
  }

  #emit(job: ImportJob): void {
    for (const fn of this.#listeners.get(job.id) ?? []) fn(job);
  }

  /**
   * Deletes import `id`: its rows through `removeImports` (exactly the rows it last wrote; the
   * derived tables follow), queued behind running imports; a rejected job is forgotten. Returns
   * false when there is no such import. Throws ApiError 409 while the job has not finished.
   */
  async remove(id: string): Promise<boolean> {
    const job = this.#jobs.get(id);
    if (job && !isFinished(job)) throw new ApiError("conflict", "The import is still running; delete it after it ends");
    const removed = await new Promise<number>((ok, ko) => {
      this.#queue = this.#queue.then(() => removeImports(this.warehouse, [id]).then((r) => ok(r.importIds.length), ko));
    });
    if (removed > 0) this.options.onDataChanged?.();
    const forgotten = job !== undefined && (job.status === "rejected" || job.status === "failed");
    this.#jobs.delete(id);
    for (const j of this.#jobs.values()) if (j.importId === id) this.#jobs.delete(j.id);
    return removed > 0 || forgotten;
  }

  /** Makes the writer wait for `gate` before the next queued import or delete (tests; maintenance). */
  hold(gate: Promise<void>): void {
    this.#queue = this.#queue.then(() => gate);
  }

  /** Resolves when every queued import and delete has ended (tests, shutdown). */
  async idle(): Promise<void> {
    let seen: Promise<void>;
    do {
      seen = this.#queue;
      await seen;
    } while (seen !== this.#queue);
  }
}
