import { createHash, randomUUID } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { basename } from "node:path";
import {
  type CanonicalRow,
  type CanonicalTableName,
  deriveColumns,
  upsertRows,
  type Warehouse,
} from "@tallyline/warehouse";
import { canonicalTimeZone } from "@tallyline/warehouse/time";
import { type CanonicalRows, CarefulLoadNeeded, type MapContext, type SourceFile } from "./adapter";
import { chooseAdapter } from "./detect";
import { IngestError, MAX_ISSUES, NO_WARNINGS, type RowIssue, type Warnings } from "./errors";
import { removeDemo } from "./remove";
import { isReference } from "./rowset";
import { type DataSpan, dataSpan } from "./span";

/** Options of {@link importFile}. */
export interface ImportOptions {
  /** Adapter id, or 'auto' (default) to detect it from the file; 'mapped' when a mapping is given. */
  source?: string;
  /** IANA zone for timestamps without an offset (default 'UTC'). */
  timezone?: string;
  /** IANA zone of the days of the summary's `span` (default: `timezone`). */
  reportTimezone?: string;
  /** Mapping file for adapters that take one (spreadsheets). */
  mapping?: string;
  /**
   * Keep the good rows of a file with bad ones: the bad records are written with their reasons to
   * `rejectPath` (default `<file>.rejects.csv`) and the import is recorded as 'partial'.
   */
  skipInvalid?: boolean;
  rejectPath?: string;
  /** Id of the import when it writes (default a random UUID): the API uses its job id, so both name one import. */
  importId?: string;
  /**
   * Called as the import goes on (for a progress bar): phase 'reading' (an adapter parses the file),
   * 'writing' (rows go into the database; `percent` 0-100 as DuckDB estimates the running statement,
   * polled every 200 ms, never going back), and 'done' (percent 100) when the import has committed
   * or found the file unchanged. Not called for a rejected file after its last phase.
   */
  onProgress?: (progress: ImportProgress) => void;
}

/** One progress report of {@link importFile}. */
export interface ImportProgress {
  readonly file: string;
  readonly phase: "reading" | "writing" | "done";
  /** Percent 0-100 of the phase, when known. */
  readonly percent: number | null;
}

/** What an import did. `status` 'unchanged' means a file with the same SHA-256 was imported before. */
export interface ImportSummary {
  readonly importId: string | null;
  readonly file: string;
  readonly source: string;
  readonly sha256: string;
  readonly status: "imported" | "partial" | "unchanged";
  /** Distinct rows written per canonical table (after de-duplication by natural key). */
  readonly rowsByTable: Readonly<Record<string, number>>;
  /** Records rejected and written to `rejectPath` (with `skipInvalid`). */
  readonly rejected: number;
  readonly rejectPath?: string;
  readonly durationMs: number;
  /** First and last instant of the facts this import wrote (./span.ts), days in the report zone; null when none or unchanged. */
  readonly span: DataSpan | null;
  /**
   * Values not used as written, their rows kept (an unreadable value in a field no report needs, a
   * clamped one): how many, and the first MAX_WARNINGS with file, line, column and value. Also kept
   * in `imports.warnings`.
   */
  readonly warnings: Warnings;
  /** The mapping file the rows were read through: `--mapping`, or a shipped one its header matched. */
  readonly mapping?: string;
}

/**
 * Imports one export file in one transaction: all of its rows or none. The format comes from
 * `options.source` or is detected from the file. Importing a file whose SHA-256 is already in
 * `imports` changes nothing (status 'unchanged'); rows are also keyed by natural key, so the same
 * records from a renamed copy replace themselves.
 *
 * Throws {@link IngestError} naming file, line, column and value ('unreadable', 'unknown_format',
 * 'bad_header', 'bad_rows', 'empty'); the database is then exactly as before.
 */
export async function importFile(wh: Warehouse, path: string, options: ImportOptions = {}): Promise<ImportSummary> {
  const report = options.onProgress;
  if (!report) return importOnce(wh, path, options, () => undefined);
  const file = basename(path);
  let best = 0;
  let polling: ReturnType<typeof setInterval> | undefined;
  const phase = (p: ImportProgress["phase"]) => {
    if (polling) clearInterval(polling);
    polling = undefined;
    report({ file, phase: p, percent: p === "done" ? 100 : p === "writing" ? 0 : null });
    if (p !== "writing") return;
    best = 0;
    polling = setInterval(() => {
      const now = wh.statementProgress();
      if (now === null || now <= best) return;
      best = now;
      report({ file, phase: "writing", percent: now });
    }, 200);
  };
  await wh.run("SET enable_progress_bar = true; SET enable_progress_bar_print = false");
  try {
    const summary = await importOnce(wh, path, options, phase);
    phase("done");
    return summary;
  } finally {
    if (polling) clearInterval(polling);
    await wh.run("RESET enable_progress_bar; RESET enable_progress_bar_print");
  }
}

async function importOnce(
  wh: Warehouse,
  path: string,
  options: ImportOptions,
  phase: (p: ImportProgress["phase"]) => void,
): Promise<ImportSummary> {
  const started = Date.now();
  const name = basename(path);
  // Zone names are read in any case; from here on the canonical name ('europe/amsterdam' -> 'Europe/Amsterdam').
  const timezone = canonicalTimeZone(options.timezone ?? "UTC");
  if (timezone === undefined) {
    throw new IngestError(
      "unreadable",
      name,
      [],
      `Unknown time zone "${options.timezone}" (use an IANA name such as Europe/Amsterdam)`,
    );
  }
  const reportTimezone = options.reportTimezone === undefined ? timezone : canonicalTimeZone(options.reportTimezone);
  if (reportTimezone === undefined) {
    throw new IngestError(
      "unreadable",
      name,
      [],
      `Unknown report time zone "${options.reportTimezone}" (use an IANA name)`,
    );
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (cause) {
    throw new IngestError("unreadable", name, [], `Cannot read ${path}: ${(cause as Error).message}`, { cause });
  }
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const known = await wh.query<{ import_id: string; source: string }>(
    "SELECT import_id, source FROM imports WHERE sha256 = $1 LIMIT 1",
    [sha256],
  );
  if (known[0]) return unchanged(known[0].import_id, known[0].source, name, sha256, started);

  const file: SourceFile = { path, name, bytes };
  // A mapping file means a spreadsheet read through it: never let detection pick another adapter.
  const { adapter, mapping } = await chooseAdapter(file, options.source ?? (options.mapping ? "mapped" : "auto"));
  const mappingPath = options.mapping ?? mapping;
  const importId = options.importId ?? randomUUID();
  const ctx: MapContext = { file: name, timezone, importId, ...(mappingPath ? { mappingPath } : {}) };
  const via = adapter.id === "mapped" && mappingPath ? { mapping: mappingPath } : {};
  const rejectPath = options.rejectPath ?? `${path}.rejects.csv`;

  if (adapter.load) {
    phase("writing");
    const load = adapter.load.bind(adapter);
    const attempt = (careful: boolean) =>
      wh.transaction(async (tx) => {
        await removeDemo(tx);
        const r = await load(tx, file, { ...ctx, careful });
        if (r.records === 0) throw emptyFile(name);
        await rejectOrKeep(r.issues, options.skipInvalid, name, rejectPath);
        await deriveColumns(tx, r.rowsByTable, importId);
        const warnings = r.warnings ?? NO_WARNINGS;
        await recordImport(tx, importId, adapter.id, name, sha256, started, r.rowsByTable, r.issues, warnings);
        const span = await importSpan(tx, importId, r.rowsByTable, reportTimezone);
        return {
          ...summary(importId, name, adapter.id, sha256, started, r.rowsByTable, r.issues, rejectPath, warnings),
          span,
        };
      });
    try {
      return await attempt(false);
    } catch (error) {
      if (!(error instanceof CarefulLoadNeeded)) throw error;
    } finally {
      // A fast path may stop with preserve_insertion_order off (a setting, not rolled back).
      await wh.run("RESET preserve_insertion_order");
    }
    return attempt(true);
  }
  if (!adapter.read) throw new Error(`Adapter ${adapter.id} has neither read nor load`);
  phase("reading");
  const result = await adapter.read(file, ctx);
  if (result.records === 0) throw emptyFile(name);
  await rejectOrKeep(result.issues, options.skipInvalid, name, rejectPath);
  phase("writing");
  const written = await writeImport(wh, {
    importId,
    file: name,
    source: adapter.id,
    sha256,
    rows: result.rows,
    started,
    issues: result.issues,
    rejectPath,
    reportTimezone,
    ...(result.warnings ? { warnings: result.warnings } : {}),
  });
  return { ...written, ...via };
}

async function rejectOrKeep(
  issues: readonly RowIssue[],
  skip: boolean | undefined,
  file: string,
  rejectPath: string,
): Promise<void> {
  if (issues.length === 0) return;
  const sorted = [...issues].sort((a, b) => a.line - b.line);
  if (!skip) throw new IngestError("bad_rows", file, sorted.slice(0, MAX_ISSUES));
  const csv = (v: string | number) => `"${String(v).replaceAll('"', '""')}"`;
  const lines = [
    "file,line,column,value,reason",
    ...sorted.map((i) => [i.file, i.line, i.column, i.value, i.reason].map(csv).join(",")),
  ];
  await writeFile(rejectPath, `${lines.join("\n")}\n`);
}

const emptyFile = (file: string) =>
  new IngestError("empty", file, [{ file, line: 2, column: "-", value: "", reason: "the file has no data records" }]);

/** Input of {@link writeImport}. */
export interface ImportWrite {
  readonly importId: string;
  readonly file: string;
  readonly source: string;
  readonly sha256: string;
  readonly rows: CanonicalRows;
  /** Date.now() when the import began. */
  readonly started: number;
  /** Issues of records left out (a partial import); none for a full one. */
  readonly issues?: readonly RowIssue[];
  readonly rejectPath?: string;
  /** IANA zone of the days of the summary's `span` (default UTC). */
  readonly reportTimezone?: string;
  /** Values not used as written, their rows kept; none when absent. */
  readonly warnings?: Warnings;
}

/**
 * The import transaction: skips a file whose SHA-256 is known, else removes the demo data
 * (./remove.ts: an import never mixes with it; a demo import replaces an older demo), upserts every
 * table's rows and records the import, all in one transaction. Used by {@link importFile} and the
 * demo loader.
 */
export async function writeImport(wh: Warehouse, w: ImportWrite): Promise<ImportSummary> {
  return wh.transaction(async (tx) => {
    const known = await tx.query<{ import_id: string }>("SELECT import_id FROM imports WHERE sha256 = $1 LIMIT 1", [
      w.sha256,
    ]);
    if (known[0]) return unchanged(known[0].import_id, w.source, w.file, w.sha256, w.started);
    await removeDemo(tx);
    const rowsByTable: Record<string, number> = {};
    for (const [table, list] of Object.entries(w.rows) as [CanonicalTableName, CanonicalRow[]][]) {
      const full = list.filter((r) => !isReference(r));
      rowsByTable[table] =
        (await upsertRows(tx, table, full)) + (await upsertRows(tx, table, list.filter(isReference), "ignore"));
    }
    const issues = w.issues ?? [];
    const warnings = w.warnings ?? NO_WARNINGS;
    await deriveColumns(tx, rowsByTable, w.importId);
    await recordImport(tx, w.importId, w.source, w.file, w.sha256, w.started, rowsByTable, issues, warnings);
    const span = await importSpan(tx, w.importId, rowsByTable, w.reportTimezone ?? "UTC");
    return {
      ...summary(w.importId, w.file, w.source, w.sha256, w.started, rowsByTable, issues, w.rejectPath, warnings),
      span,
    };
  });
}

type Tx = Parameters<Parameters<Warehouse["transaction"]>[0]>[0];

/** The span of the facts import `importId` wrote in the tables it wrote, days in `timezone`. */
const importSpan = (tx: Tx, importId: string, rowsByTable: Record<string, number>, timezone: string) =>
  dataSpan(tx, timezone, { importId, tables: Object.keys(rowsByTable).filter((t) => (rowsByTable[t] ?? 0) > 0) });

async function recordImport(
  tx: Tx,
  importId: string,
  source: string,
  file: string,
  sha256: string,
  started: number,
  rowsByTable: Record<string, number>,
  issues: readonly RowIssue[],
  warnings: Warnings,
): Promise<void> {
  await upsertRows(tx, "imports", [
    {
      import_id: importId,
      source,
      file_name: file,
      sha256,
      started_at: new Date(started),
      finished_at: new Date(),
      rows_by_table: rowsByTable,
      status: issues.length > 0 ? "partial" : "succeeded",
      errors: issues.length > 0 ? { rejected: issues.length, first: issues.slice(0, MAX_ISSUES) } : null,
      warnings: warnings.total > 0 ? { total: warnings.total, first: warnings.first } : null,
    },
  ]);
}

function summary(
  importId: string,
  file: string,
  source: string,
  sha256: string,
  started: number,
  rowsByTable: Record<string, number>,
  issues: readonly RowIssue[],
  rejectPath: string | undefined,
  warnings: Warnings,
): Omit<ImportSummary, "span"> {
  return {
    importId,
    file,
    source,
    sha256,
    status: issues.length > 0 ? "partial" : "imported",
    rowsByTable,
    rejected: issues.length,
    ...(issues.length > 0 && rejectPath ? { rejectPath } : {}),
    durationMs: Date.now() - started,
    warnings: { total: warnings.total, first: warnings.first },
  };
}

function unchanged(importId: string, source: string, file: string, sha256: string, started: number): ImportSummary {
  return {
    importId,
    file,
    source,
    sha256,
    status: "unchanged",
    rowsByTable: {},
    rejected: 0,
    durationMs: Date.now() - started,
    span: null,
    warnings: NO_WARNINGS,
  };
}
