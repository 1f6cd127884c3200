import { createHash, randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import {
  type CanonicalRow,
  type CanonicalTableName,
  canonicalTables,
  upsertRows,
  type Warehouse,
} from "@tallyline/warehouse";
import { isValidTimeZone } from "@tallyline/warehouse/time";
import type { CanonicalRows, DelimitedAdapter, MapContext } from "./adapter";
import { adapterById, adapters } from "./adapters/index";
import { parseDelimited } from "./delimited";
import { IngestError, MAX_ISSUES, type RowIssue } from "./errors";

/** Options of {@link importFile}. */
export interface ImportOptions {
  /** Adapter id, or 'auto' (default) to detect it from the header. */
  source?: string;
  /** IANA zone for timestamps without an offset (default 'UTC'). */
  timezone?: string;
}

/** What an import did. `status` 'unchanged' means a file with the same SHA-256 was imported before. */
export interface ImportSummary {
  readonly importId: string | null;
  readonly file: string;
  readonly source: string;
  readonly sha256: string;
  readonly status: "imported" | "unchanged";
  /** Distinct rows written per canonical table (after de-duplication by natural key). */
  readonly rowsByTable: Readonly<Record<string, number>>;
  readonly durationMs: number;
}

/**
 * Imports one export file in one transaction: all of its rows or none. The format comes from
 * `options.source` or is detected from the header. Importing a file whose SHA-256 is already in
 * `imports` changes nothing (status 'unchanged'); rows are also keyed by natural key, so the same
 * calls from a renamed copy replace themselves.
 *
 * Throws {@link IngestError} naming file, line, column and value ('unreadable', 'unknown_format',
 * 'bad_header', 'bad_rows', 'empty'); the database is then exactly as before.
 */
export async function importFile(wh: Warehouse, path: string, options: ImportOptions = {}): Promise<ImportSummary> {
  const started = Date.now();
  const file = basename(path);
  const timezone = options.timezone ?? "UTC";
  if (!isValidTimeZone(timezone)) {
    throw new IngestError(
      "unreadable",
      file,
      [],
      `Unknown time zone "${timezone}" (use an IANA name such as Europe/Amsterdam)`,
    );
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (cause) {
    throw new IngestError("unreadable", file, [], `Cannot read ${path}: ${(cause as Error).message}`, { cause });
  }
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const known = await wh.query<{ import_id: string; source: string }>(
    "SELECT import_id, source FROM imports WHERE sha256 = $1 LIMIT 1",
    [sha256],
  );
  if (known[0]) return unchanged(known[0].import_id, known[0].source, file, sha256, started);
  const text = decodeText(file, bytes);
  const adapter = chooseAdapter(file, text, options.source ?? "auto");
  const importId = randomUUID();
  const ctx: MapContext = { file, timezone, importId };
  const parsed = await parseDelimited(file, text, adapter.delimiter);
  const missing = adapter.requiredColumns.filter((c) => !parsed.header.includes(c));
  if (missing.length > 0) throw badHeader(file, adapter, parsed.header, missing);

  const issues: RowIssue[] = [...parsed.issues];
  const rows = new RowSet();
  if (adapter.fileRows) rows.add(adapter.fileRows(ctx));
  for (const record of parsed.records) {
    if (issues.length >= MAX_ISSUES) break;
    const result = adapter.mapRecord(record, ctx);
    if ("issues" in result) issues.push(...result.issues);
    else rows.add(result.rows);
  }
  if (issues.length > 0) {
    issues.sort((a, b) => a.line - b.line);
    throw new IngestError("bad_rows", file, issues.slice(0, MAX_ISSUES));
  }
  if (parsed.records.length === 0) {
    throw new IngestError("empty", file, [
      { file, line: 2, column: "-", value: "", reason: "the file has a header but no rows" },
    ]);
  }
  return writeImport(wh, { importId, file, source: adapter.id, sha256, rows: rows.byTable(), started });
}

/** Canonical rows of one import, de-duplicated by each table's natural key (the later row wins). */
export class RowSet {
  readonly #tables = new Map<CanonicalTableName, Map<string, CanonicalRow>>();

  add(rows: CanonicalRows): void {
    for (const [table, list] of Object.entries(rows) as [CanonicalTableName, CanonicalRow[]][]) {
      let m = this.#tables.get(table);
      if (!m) {
        m = new Map();
        this.#tables.set(table, m);
      }
      const key = canonicalTables[table].key;
      for (const row of list) m.set(key.map((k) => String(row[k])).join("\u0000"), row);
    }
  }

  byTable(): CanonicalRows {
    const out: CanonicalRows = {};
    for (const [table, m] of this.#tables) out[table] = [...m.values()];
    return out;
  }
}

/** Input of {@link writeImport}. */
export interface ImportWrite {
  readonly importId: string;
  readonly file: string;
  readonly source: string;
  readonly sha256: string;
  readonly rows: CanonicalRows;
  /** Date.now() when the import began. */
  readonly started: number;
}

/**
 * The import transaction: skips a file whose SHA-256 is known, else upserts every table's rows and
 * records the import, all in one transaction. Used by {@link importFile} and the demo generator.
 */
export async function writeImport(wh: Warehouse, w: ImportWrite): Promise<ImportSummary> {
  return wh.transaction(async (tx) => {
    const known = await tx.query<{ import_id: string }>("SELECT import_id FROM imports WHERE sha256 = $1 LIMIT 1", [
      w.sha256,
    ]);
    if (known[0]) return unchanged(known[0].import_id, w.source, w.file, w.sha256, w.started);
    const rowsByTable: Record<string, number> = {};
    for (const [table, list] of Object.entries(w.rows) as [CanonicalTableName, CanonicalRow[]][]) {
      rowsByTable[table] = await upsertRows(tx, table, list);
    }
    await upsertRows(tx, "imports", [
      {
        import_id: w.importId,
        source: w.source,
        file_name: w.file,
        sha256: w.sha256,
        started_at: new Date(w.started),
        finished_at: new Date(),
        rows_by_table: rowsByTable,
        status: "succeeded",
        errors: null,
      },
    ]);
    return {
      importId: w.importId,
      file: w.file,
      source: w.source,
      sha256: w.sha256,
      status: "imported" as const,
      rowsByTable,
      durationMs: Date.now() - w.started,
    };
  });
}

function unchanged(importId: string, source: string, file: string, sha256: string, started: number): ImportSummary {
  return { importId, file, source, sha256, status: "unchanged", rowsByTable: {}, durationMs: Date.now() - started };
}

function decodeText(file: string, bytes: Buffer): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch (cause) {
    const at = firstInvalidUtf8(bytes);
    throw new IngestError(
      "unreadable",
      file,
      [
        {
          file,
          line: at.line,
          column: `byte ${at.column}`,
          value: `0x${at.byte.toString(16)}`,
          reason: "is not valid UTF-8",
        },
      ],
      undefined,
      { cause },
    );
  }
}

function firstInvalidUtf8(bytes: Buffer): { line: number; column: number; byte: number } {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
      continue;
    }
    if ((bytes[i] ?? 0) < 0x80) continue;
    const len = (bytes[i] ?? 0) >= 0xf0 ? 4 : (bytes[i] ?? 0) >= 0xe0 ? 3 : 2;
    try {
      decoder.decode(bytes.subarray(i, i + len));
      i += len - 1;
    } catch {
      return { line, column: i - lineStart + 1, byte: bytes[i] ?? 0 };
    }
  }
  return { line, column: 0, byte: 0 };
}

function headerLine(text: string): string {
  const nl = text.indexOf("\n");
  return (nl < 0 ? text : text.slice(0, nl)).replace(/^\uFEFF/, "").replace(/\r$/, "");
}

function chooseAdapter(file: string, text: string, source: string): DelimitedAdapter {
  if (source !== "auto") {
    const a = adapterById(source);
    if (!a) {
      throw new IngestError(
        "unknown_format",
        file,
        [],
        `Unknown source "${source}". Known: ${adapters.map((x) => x.id).join(", ")}, or auto`,
      );
    }
    return a;
  }
  const line = headerLine(text);
  if (line.trim() === "")
    throw new IngestError("empty", file, [{ file, line: 1, column: "-", value: "", reason: "the file is empty" }]);
  let best: { adapter: DelimitedAdapter; score: number } | undefined;
  for (const a of adapters) {
    const cols = line.split(a.delimiter).map((c) => c.trim());
    const score = a.requiredColumns.filter((c) => cols.includes(c)).length / a.requiredColumns.length;
    if (!best || score > best.score) best = { adapter: a, score };
  }
  if (best && best.score === 1) return best.adapter;
  if (best && best.score >= 0.5) {
    const cols = line.split(best.adapter.delimiter).map((c) => c.trim());
    const missing = best.adapter.requiredColumns.filter((c) => !cols.includes(c));
    throw badHeader(file, best.adapter, cols, missing);
  }
  throw new IngestError(
    "unknown_format",
    file,
    [{ file, line: 1, column: "-", value: line.slice(0, 80), reason: "the header matches no known export format" }],
    `Cannot tell the format of ${file} from its header (line 1: "${line.slice(0, 80)}"). Known formats: ${adapters.map((a) => `${a.id} (${a.description})`).join("; ")}. Name one with --source.`,
  );
}

function badHeader(
  file: string,
  adapter: DelimitedAdapter,
  header: readonly string[],
  missing: readonly string[],
): IngestError {
  const issues = missing.map((m) => {
    const pos = adapter.requiredColumns.indexOf(m);
    return {
      file,
      line: 1,
      column: `column ${pos + 1} (${m})`,
      value: header[pos] ?? "",
      reason: `expected column "${m}" for ${adapter.id} but the header does not have it`,
    };
  });
  return new IngestError("bad_header", file, issues);
}
