/**
 * The `Import` object of the API and the history of imports: the jobs of this process (queued,
 * running, rejected ones) merged with the `imports` table (every committed import, also those of
 * the CLI or of an earlier run of the server).
 */
import { z } from "@hono/zod-openapi";
import { dataSpan } from "@tallyline/ingest";
import type { Warehouse } from "@tallyline/warehouse";
import type { ImportJob, ImportJobs } from "./jobs";

const Issue = z
  .object({
    file: z.string(),
    line: z.number().int().openapi({ description: "1-based physical line; the header is line 1" }),
    column: z.string(),
    value: z.string(),
    reason: z.string(),
  })
  .openapi("ImportIssue");

/** One import (a job of this process, or a row of the `imports` table). */
export const ImportSchema = z
  .object({
    id: z.string().openapi({ description: "The import's id (`imports.import_id`; also the job id of an upload)" }),
    file: z.string().openapi({ description: "Base name of the file (sanitised for uploads)" }),
    source: z.string().openapi({ description: "Adapter id that read the file ('auto' until detected)" }),
    status: z.enum(["queued", "running", "imported", "partial", "unchanged", "rejected", "failed"]).openapi({
      description:
        "'unchanged': a file with the same SHA-256 was imported before (see importId). 'rejected': nothing was written; errors lists why. 'failed': an unexpected error (server log).",
    }),
    phase: z.enum(["queued", "reading", "writing", "done"]),
    fraction: z.number().min(0).max(1).nullable().openapi({ description: "Progress 0-1 of the phase, when known" }),
    rows: z.number().int().openapi({ description: "Rows written, all tables (known when done)" }),
    rowsByTable: z.record(z.string(), z.number().int()),
    span: z
      .object({ firstDay: z.string(), lastDay: z.string(), timezone: z.string() })
      .nullable()
      .openapi({ description: "First and last day (YYYY-MM-DD) of the facts written, in `timezone` (the server's)" }),
    durationMs: z.number().int().nullable().openapi({ description: "Milliseconds the import took (when known)" }),
    warnings: z.object({ total: z.number().int(), first: z.array(Issue) }).openapi({
      description: "Values not used as written, their rows kept: how many, the first 100",
    }),
    errors: z
      .object({ code: z.string(), message: z.string(), issues: z.array(Issue) })
      .nullable()
      .openapi({ description: "Why the file was rejected (the CLI's error list: file, line, column, value)" }),
    importId: z
      .string()
      .nullable()
      .openapi({ description: "The import that holds the rows (another one when unchanged)" }),
    createdAt: z.string().openapi({ description: "ISO instant the upload was received (or the import began)" }),
    finishedAt: z.string().nullable(),
  })
  .openapi("Import");
export type ImportView = z.infer<typeof ImportSchema>;

export const ImportIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9-]{1,64}$/, "must be an import id")
  .openapi({ param: { name: "importId", in: "path" }, example: "3f0c9a4e-5d1b-4c2e-9a77-1d0b6c2f9e11" });

/** The API view of a job. */
export function jobView(job: ImportJob): ImportView {
  return {
    id: job.id,
    file: job.file,
    source: job.source,
    status: job.status,
    phase: job.phase,
    fraction: job.fraction,
    rows: job.rows,
    rowsByTable: job.rowsByTable,
    span: job.span,
    durationMs: job.durationMs,
    warnings: { total: job.warnings.total, first: [...job.warnings.first] },
    errors: job.errors ? { ...job.errors, issues: [...job.errors.issues] } : null,
    importId: job.importId,
    createdAt: job.createdAt,
    finishedAt: job.finishedAt,
  };
}

type ImportRow = {
  import_id: string;
  source: string;
  file_name: string;
  started_at: string;
  finished_at: string;
  rows_by_table: string;
  status: string;
  warnings: string | null;
};

const SELECT = `SELECT import_id, source, file_name, strftime(started_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS started_at,
  strftime(finished_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS finished_at, rows_by_table::VARCHAR AS rows_by_table, status,
  warnings::VARCHAR AS warnings FROM imports`;

async function rowView(wh: Warehouse, r: ImportRow, timezone: string): Promise<ImportView> {
  const rowsByTable = JSON.parse(r.rows_by_table) as Record<string, number>;
  const warnings = r.warnings ? (JSON.parse(r.warnings) as ImportView["warnings"]) : { total: 0, first: [] };
  const tables = Object.keys(rowsByTable).filter((t) => (rowsByTable[t] ?? 0) > 0);
  const span = await dataSpan(wh, timezone, { importId: r.import_id, tables });
  return {
    id: r.import_id,
    file: r.file_name,
    source: r.source,
    status: r.status === "partial" ? "partial" : "imported",
    phase: "done",
    fraction: 1,
    rows: Object.values(rowsByTable).reduce((a, b) => a + b, 0),
    rowsByTable,
    span: span ? { firstDay: span.firstDay, lastDay: span.lastDay, timezone } : null,
    durationMs: Date.parse(r.finished_at) - Date.parse(r.started_at),
    warnings,
    errors: null,
    importId: r.import_id,
    createdAt: r.started_at,
    finishedAt: r.finished_at,
  };
}

/** One import by id: the job of this process, else the `imports` row; undefined when neither. */
export async function findImport(
  jobs: ImportJobs,
  wh: Warehouse,
  id: string,
  timezone: string,
): Promise<ImportView | undefined> {
  const job = jobs.get(id);
  if (job) return jobView(job);
  const [row] = await wh.query<ImportRow>(`${SELECT} WHERE import_id = $1`, [id]);
  return row ? rowView(wh, row, timezone) : undefined;
}

/**
 * The history, newest first: this process's jobs that are not in `imports` (queued, running,
 * rejected, unchanged) and the `imports` rows (the job's view when this process ran it).
 */
export async function listImports(jobs: ImportJobs, wh: Warehouse, timezone: string): Promise<ImportView[]> {
  const rows = await wh.query<ImportRow>(`${SELECT} ORDER BY started_at DESC, import_id`);
  const out: ImportView[] = [];
  const inTable = new Set(rows.map((r) => r.import_id));
  for (const r of rows) {
    const job = jobs.get(r.import_id);
    out.push(job ? jobView(job) : await rowView(wh, r, timezone));
  }
  const extra = jobs
    .jobs()
    .filter((j) => !inTable.has(j.id))
    .map(jobView);
  return [...extra, ...out].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}
