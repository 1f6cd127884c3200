/**
 * The canonical format (docs/canonical-format.md): any canonical table but `imports`, one table per
 * file, as CSV, NDJSON (JSON Lines) or Parquet, with exactly the schema's column names. A SQL-native
 * adapter: DuckDB reads the file as text (./source.ts), the value checks are SQL (./checks.ts,
 * ./values.ts), and the good rows are cast and upserted on the natural key (./upsert.ts), all inside
 * the import's transaction; no row passes through JavaScript. A clean file is written in one scan
 * (the fast path); any problem makes the import run the careful path, which names each one.
 *
 * Decisions:
 * - The table comes from the file name (./tables.ts): `<table>.csv|ndjson|jsonl|parquet` is detected
 *   automatically when its header fits the table; a name that merely contains the table as a word
 *   (`2024-05_calls.csv`) is detected when its header fits, and is always read with --source canonical.
 * - Columns: every header name must be a column of the table; every required column must be present
 *   except `source` (default 'canonical'; a row's own non-empty value is kept) and `import_id`
 *   (always the import's id, even when the file has the column: exports re-load unchanged).
 *   Optional columns may be left out (NULL). A header problem rejects the file ('bad_header').
 * - A file whose structure is broken (a CSV row with the wrong number of fields or an open quote, an
 *   NDJSON line that is not a JSON object) is rejected as a whole, even with --skip-invalid: which
 *   value belongs to which column is then guesswork.
 * - A bad value (empty while required, not of the column's type) is a row issue naming the physical
 *   line (CSV, NDJSON) or row number (Parquet); with --skip-invalid the row is left out.
 * - A key repeated within a file: the last row wins, as in every adapter (docs/ingest.md).
 */
import type { Transaction } from "@tallyline/warehouse";
import { parse } from "csv-parse/sync";
import type { Detection, MapContext, Probe, SourceAdapter, SourceFile } from "../../adapter";
import { IngestError, type RowIssue } from "../../errors";
import { firstLine } from "../../text";
import { anyBad, checksFor, findIssues } from "./checks";
import { asUtf8 } from "./encoding";
import { isParquet, openSource } from "./source";
import { columnsOf, type Format, fits, headerFit, type LoadableTable, namedTarget, SOURCE } from "./tables";
import { countRows, hasRows, insertClean, insertGood, replaceOlder } from "./upsert";

/** The canonical-format adapter (see the module comment). */
export const canonicalAdapter: SourceAdapter = {
  id: SOURCE,
  description: "canonical tables: <table>.csv, .ndjson, .jsonl or .parquet with the schema's columns",

  /**
   * 1 when the name names one table and the content fits it (CSV header, first NDJSON object's keys,
   * Parquet magic bytes). An exact `<table>.<ext>` name whose header does not fit scores the share
   * of its names that are columns (below 1), so the load can name each wrong column.
   */
  detect(probe: Probe): Detection {
    const named = namedTarget(probe.name);
    const [table] = named.tables;
    if (!named.format || !table || named.tables.length > 1) return { score: 0 };
    if (named.format === "parquet") return { score: isParquet(probe.bytes) ? 1 : 0 };
    const header = probe.text === null ? undefined : probeHeader(named.format, firstLine(probe.text));
    if (!header) return { score: 0 };
    const fit = headerFit(table, header);
    if (fits(fit)) return { score: 1 };
    if (!named.exact) return { score: 0 };
    const known = new Set(columnsOf(table).map(([c]) => c));
    const share = header.filter((h) => known.has(h)).length / Math.max(1, header.length);
    return { score: Math.min(share, 0.99), missing: fit.missing };
  },

  async load(tx: Transaction, original: SourceFile, ctx: MapContext) {
    const { table, format } = target(original.name);
    // DuckDB reads UTF-8: a text file in another encoding is read from a UTF-8 copy (./encoding.ts).
    const utf8 = format === "parquet" ? { file: original, close: () => {} } : asUtf8(original);
    try {
      return await loadFile(tx, utf8.file, table, format, ctx);
    } finally {
      utf8.close();
    }
  },
};

/** Loads `file` (UTF-8 text, or Parquet) into `table` on the fast or the careful path (module docstring). */
async function loadFile(tx: Transaction, file: SourceFile, table: LoadableTable, format: Format, ctx: MapContext) {
  let source = await openSource(tx, file, table, format, false);
  // DuckDB reads a NUL byte in a CSV value, and an escaped one in NDJSON, as a character: looked
  // for only in files that hold one (the test costs a scan of every text).
  const nul = (format === "csv" && file.bytes.includes(0)) || (format === "ndjson" && file.bytes.includes("\\u0000"));
  const checks = checksFor(table, source.columns, nul);
  const bad = anyBad(checks);
  const filled = await hasRows(tx, table);
  if (!ctx.careful) {
    const rows = await insertClean(tx, table, source, ctx.importId, nul, filled);
    await source.checkStructure();
    if (filled) await replaceOlder(tx, table, ctx.importId);
    await source.close();
    return { rowsByTable: { [table]: rows }, issues: [], records: rows };
  }
  const counts = await countRows(tx, table, source.from, bad);
  await source.checkStructure();
  const dedupe = counts.keys < counts.good;
  // Positions are needed only to name the lines of problems and to find each repeated key's last row.
  if ((counts.bad > 0 || dedupe) && !source.positioned) source = await openSource(tx, file, table, format, true);
  const issues: RowIssue[] = counts.bad > 0 ? await findIssues(tx, file.name, source, checks) : [];
  await insertGood(tx, table, source, ctx.importId, { bad: counts.bad > 0 ? bad : undefined, dedupe });
  if (filled) await replaceOlder(tx, table, ctx.importId);
  await source.close();
  return { rowsByTable: { [table]: counts.keys }, issues, records: counts.bad + counts.good };
}

/** The table and format of a file named for --source canonical; throws IngestError 'unknown_format'. */
function target(name: string): { table: LoadableTable; format: Format } {
  const named = namedTarget(name);
  const [table] = named.tables;
  if (named.format && table && named.tables.length === 1) return { table, format: named.format };
  const why = !named.format
    ? "its extension is not .csv, .ndjson, .jsonl or .parquet"
    : named.tables.length > 1
      ? `its name names several tables (${named.tables.join(", ")})`
      : "its name names no canonical table";
  throw new IngestError(
    "unknown_format",
    name,
    [{ file: name, line: 1, column: "-", value: name, reason: `cannot be read as canonical: ${why}` }],
    `Cannot load ${name} as canonical: ${why}. Name the file <table>.csv, <table>.ndjson, <table>.jsonl or <table>.parquet (docs/canonical-format.md).`,
  );
}

/** The column names a probe's first line shows: the CSV header, or the keys of the first NDJSON object. */
function probeHeader(format: "csv" | "ndjson", line: string): string[] | undefined {
  try {
    if (format === "csv") return (parse(line) as string[][])[0]?.map((n) => n.trim());
    const first: unknown = JSON.parse(line);
    return typeof first === "object" && first !== null && !Array.isArray(first) ? Object.keys(first) : undefined;
  } catch {
    return undefined; // a first line that does not parse is simply not this format
  }
}
