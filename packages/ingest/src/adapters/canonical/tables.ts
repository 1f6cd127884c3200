/**
 * Which canonical table and file format a canonical file holds, read from its name, and whether a
 * header (CSV header, NDJSON keys, Parquet columns) fits that table.
 */
import {
  type CanonicalTableName,
  type ColumnSpec,
  canonicalTables,
  isWrittenTable,
  type WrittenTableName,
} from "@tallyline/warehouse";

/** The adapter id, written to `source` when a file gives none. */
export const SOURCE = "canonical";

/** A file format of the canonical adapter. */
export type Format = "csv" | "ndjson" | "parquet";

/** A table the canonical format loads: every canonical table except `imports`, the pipeline's own log. */
export type LoadableTable = WrittenTableName;

/** Columns a file may leave out although the table requires them: the import fills them in. */
export const FILLED_COLUMNS: readonly string[] = ["source", "import_id"];

const FORMATS: Readonly<Record<string, Format>> = { csv: "csv", ndjson: "ndjson", jsonl: "ndjson", parquet: "parquet" };

/** Every loadable table, in schema order. */
export const LOADABLE_TABLES: readonly LoadableTable[] = (Object.keys(canonicalTables) as CanonicalTableName[]).filter(
  isWrittenTable,
);

/** The columns of `table` with their specs, in DDL order. */
export function columnsOf(table: LoadableTable): [string, ColumnSpec][] {
  return Object.entries(canonicalTables[table].columns);
}

/** What a file name says: its format (by extension) and the tables it names, `exact` when the stem is the table. */
export interface NamedTarget {
  readonly format: Format | undefined;
  readonly tables: readonly LoadableTable[];
  readonly exact: boolean;
}

/**
 * Reads a file name: `calls.csv`, `messages.ndjson`, `messages.jsonl` and `call_check_results.parquet`
 * name their table exactly (any case). Otherwise the table may appear in the stem as a whole word
 * between '.', '_', '-' or ' ' (`2024-05_calls.csv`, `export.messages.jsonl`); a stem that names two
 * tables (`calls-and-messages.csv`) names none usable.
 */
export function namedTarget(fileName: string): NamedTarget {
  const dot = fileName.lastIndexOf(".");
  const stem = (dot < 0 ? fileName : fileName.slice(0, dot)).toLowerCase();
  const format = dot < 0 ? undefined : FORMATS[fileName.slice(dot + 1).toLowerCase()];
  const exact = LOADABLE_TABLES.find((t) => t === stem);
  if (exact) return { format, tables: [exact], exact: true };
  const tables = LOADABLE_TABLES.filter((t) => new RegExp(`(^|[._\\- ])${t}($|[._\\- ])`).test(stem));
  return { format, tables, exact: false };
}

/** How a header differs from `table`: names that are no column, required columns it lacks, names given twice. */
export interface HeaderFit {
  readonly unknown: readonly string[];
  readonly missing: readonly string[];
  readonly duplicate: readonly string[];
}

/** Compares `header` with `table`: every name must be a column; every required column but source and import_id must be there. */
export function headerFit(table: LoadableTable, header: readonly string[]): HeaderFit {
  const columns = columnsOf(table);
  const known = new Set(columns.map(([c]) => c));
  return {
    unknown: header.filter((h) => !known.has(h)),
    missing: columns
      .filter(([c, s]) => !s.nullable && !FILLED_COLUMNS.includes(c) && !header.includes(c))
      .map(([c]) => c),
    duplicate: header.filter((h, i) => header.indexOf(h) !== i),
  };
}

/** True when the header fits its table without any problem. */
export const fits = (f: HeaderFit): boolean => f.unknown.length + f.missing.length + f.duplicate.length === 0;
