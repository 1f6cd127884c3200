import type { CanonicalRow, CanonicalTableName, Transaction } from "@tallyline/warehouse";
import type { Record as DelimitedRecord } from "./delimited";
import type { RowIssue, Warnings } from "./errors";

/** Canonical rows by table, as an adapter produces them. */
export type CanonicalRows = Partial<Record<CanonicalTableName, CanonicalRow[]>>;

/** What an adapter knows while reading one file. */
export interface MapContext {
  /** File name as shown in errors (base name). */
  readonly file: string;
  /** IANA zone in which timestamps without an offset are read. */
  readonly timezone: string;
  /** Id of the import writing the rows (write it to every row's `import_id`). */
  readonly importId: string;
  /** Path of a mapping file given with `--mapping`, for adapters that take one. */
  readonly mappingPath?: string;
  /**
   * For SQL-native adapters: false on the first attempt, which may take a fast path that only works
   * for a clean file and throws {@link CarefulLoadNeeded} otherwise; true on the retry, which finds
   * and names every problem.
   */
  readonly careful?: boolean;
}

/**
 * Thrown by a SQL-native adapter's fast path (inside the import transaction, which then rolls back)
 * when the file is not clean (a bad value, a repeated key): the import runs the load again with
 * `careful` set.
 */
export class CarefulLoadNeeded extends Error {
  override readonly name = "CarefulLoadNeeded";
}

/** One input file: its path, base name and bytes. */
export interface SourceFile {
  readonly path: string;
  readonly name: string;
  readonly bytes: Buffer;
}

/** What detection sees of a file: its name, its bytes, and its text when it decodes as text. */
export interface Probe {
  readonly name: string;
  readonly bytes: Buffer;
  /** The decoded first 64 KiB of the file (BOM removed), or null for binary files (xlsx, parquet). */
  readonly text: string | null;
}

/**
 * How sure an adapter is that it reads a file: 1 when it certainly does (its header matches), 0
 * when it certainly does not; in between, `missing` names what it expected and did not find, so the
 * import can say "looks like X but lacks columns ...".
 */
export interface Detection {
  readonly score: number;
  readonly missing?: readonly string[];
}

/** The rows an adapter read, and the problems of the records it could not read (those records give no rows). */
export interface ReadResult {
  readonly rows: CanonicalRows;
  readonly issues: readonly RowIssue[];
  /** Values not used as written, their rows kept (see {@link Warnings}); none when absent. */
  readonly warnings?: Warnings;
  /** Data records seen (for the summary and the empty-file check). */
  readonly records: number;
}

/**
 * A source adapter: one export format. It detects its files and reads them into canonical rows;
 * it never writes to the database (the import transaction does), except SQL-native adapters
 * (`load`), which stage a file with DuckDB itself inside the import's transaction.
 */
export interface SourceAdapter {
  /** Stable id, written to every row's `source`, and the value of `--source`. */
  readonly id: string;
  readonly description: string;
  detect(probe: Probe): Detection;
  /** Reads the whole file. Throws IngestError for whole-file problems (bad header, unreadable). */
  read?(file: SourceFile, ctx: MapContext): Promise<ReadResult>;
  /**
   * SQL-native alternative to `read`: loads the file inside `tx` and returns rows per table and the
   * issues found; when issues are returned (and not skipped), the import rolls back.
   */
  load?(
    tx: Transaction,
    file: SourceFile,
    ctx: MapContext,
  ): Promise<{
    rowsByTable: Record<string, number>;
    issues: readonly RowIssue[];
    records: number;
    warnings?: Warnings;
  }>;
}

/**
 * The result of mapping one record: rows to write (and the warnings of values not used as written),
 * or the issues that reject it.
 */
export type MapResult =
  | { readonly issues: readonly RowIssue[] }
  | { readonly rows: CanonicalRows; readonly warnings?: readonly RowIssue[] };

/**
 * A delimited-text format with a fixed header (turned into a {@link SourceAdapter} by
 * `delimitedSource`): header detection and the mapping of each record into canonical rows.
 */
export interface DelimitedAdapter {
  readonly id: string;
  readonly description: string;
  /**
   * The field separator; several when the format's producers write any of them (the anonbank log is
   * tab-separated as published and comma- or semicolon-separated in re-hosted copies): the file's
   * is the one of these that splits its header into the most required columns (the first on a tie).
   */
  readonly delimiter: string | readonly string[];
  /**
   * The format's header: columns the header must contain (in any order), except those also in
   * {@link optionalColumns}. Detection scores a file by the share of these it has.
   */
  readonly requiredColumns: readonly string[];
  /**
   * Columns of {@link requiredColumns} a file may lack (an older or newer version of the export): their
   * values are then empty (NULL) in every row, and the import warns once per missing column.
   */
  readonly optionalColumns?: readonly string[];
  /** Maps one record; called once per data record in file order. */
  mapRecord(record: DelimitedRecord, ctx: MapContext): MapResult;
  /** Rows that depend on the whole file (e.g. its campaign). */
  fileRows?(ctx: MapContext): CanonicalRows;
}
