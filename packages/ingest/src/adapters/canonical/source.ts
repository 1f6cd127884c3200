/**
 * Where DuckDB reads a canonical file's rows from: an SQL FROM item with one VARCHAR column per
 * column of the file (plus `_pos`, the row's position, when the source is positioned), so that every
 * check and cast afterwards is SQL over text. Problems with the file's shape (header, CSV structure,
 * JSON syntax) reject the whole file with an IngestError; problems with values are found later
 * (./checks.ts).
 *
 * Speed: inside the import's transaction DuckDB scans a table created in that transaction on one
 * thread, and numbering CSV records (WITH ORDINALITY) also reads on one thread. So a CSV file is
 * read directly with read_csv, in parallel, by every statement that needs it (counting, inserting);
 * only when a problem or a repeated key needs positions is it staged, numbered, into a temporary
 * table. Parquet is read directly and always positioned (file_row_number). NDJSON is staged once,
 * positioned by its physical lines.
 *
 * Positions and lines: CSV `_pos` is the data record number (1 = the first after the header),
 * mapped to the physical line only for the records named in an error (./lines.ts); NDJSON `_pos` is
 * the physical line; Parquet `_pos` is the 1-based row number, which errors give as their "line".
 */
import { isUtf8 } from "node:buffer";
import type { Row, Transaction } from "@tallyline/warehouse";
import { parse } from "csv-parse/sync";
import type { SourceFile } from "../../adapter";
import { IngestError, MAX_ISSUES, type RowIssue } from "../../errors";
import { csvRecordLines, lineAtByte } from "./lines";
import { columnsOf, type Format, fits, headerFit, type LoadableTable } from "./tables";
import { ident } from "./values";

/** Name of the temporary staging table (dropped by {@link Source.close}). */
const STAGE = "_canonical_stage";

/** A canonical file as DuckDB reads it. */
export interface Source {
  /** SQL FROM item: one text column per file column, plus `_pos` when {@link positioned}. */
  readonly from: string;
  /** The table's columns the file has. */
  readonly columns: readonly string[];
  readonly positioned: boolean;
  /** The physical line (row number for Parquet) of each `_pos` value. */
  lines(positions: readonly number[]): Map<number, number>;
  /** Throws IngestError 'bad_rows' when a read so far met rows it could not split into fields (CSV). */
  checkStructure(): Promise<void>;
  /** Drops the temporary tables the source made. */
  close(): Promise<void>;
}

/**
 * Opens `file` (of `format`, holding rows of `table`), positioned when `positioned` (NDJSON and
 * Parquet always are). Throws IngestError for a header that does not fit, a broken NDJSON line, an
 * unreadable file.
 */
export function openSource(
  tx: Transaction,
  file: SourceFile,
  table: LoadableTable,
  format: Format,
  positioned: boolean,
): Promise<Source> {
  if (format === "csv") return openCsv(tx, file, table, positioned);
  return format === "ndjson" ? openNdjson(tx, file, table) : openParquet(tx, file, table);
}

const identity = (positions: readonly number[]) => new Map(positions.map((p) => [p, p]));
const literal = (s: string) => `'${s.replaceAll("'", "''")}'`;
const dropTables =
  (tx: Transaction, ...names: string[]) =>
  async () => {
    for (const name of names) await tx.run(`DROP TABLE IF EXISTS ${name}`);
  };

/** Runs `sql` (a DuckDB read of the file); a failure (an unreadable or corrupt file) becomes IngestError 'unreadable'. */
async function read<T extends Row>(tx: Transaction, file: SourceFile, what: string, sql: string): Promise<T[]> {
  try {
    return await tx.query<T>(sql);
  } catch (cause) {
    const message = `Cannot read ${file.name} as ${what}: ${(cause as Error).message}`;
    throw new IngestError("unreadable", file.name, [], message, { cause });
  }
}

/** Throws IngestError 'bad_header' when `header` (line 1) does not fit `table`. */
function checkHeader(file: string, table: LoadableTable, header: readonly string[]): void {
  const fit = headerFit(table, header);
  if (fits(fit)) return;
  const issue = (column: string, value: string, reason: string): RowIssue => ({ file, line: 1, column, value, reason });
  throw new IngestError("bad_header", file, [
    ...fit.unknown.map((c) => issue(c, c, `is not a column of ${table} (see docs/canonical-format.md)`)),
    ...fit.duplicate.map((c) => issue(c, c, "is named twice")),
    ...fit.missing.map((c) => issue(c, "", `is required in ${table} but the header does not have it`)),
  ]);
}

/** The names on the first line of a CSV file (the bytes up to the first line feed, BOM removed). */
function csvHeader(file: SourceFile): string[] {
  const nl = file.bytes.indexOf(0x0a);
  const first = file.bytes
    .subarray(0, nl < 0 ? file.bytes.length : nl)
    .toString("utf8")
    .replace(/^\uFEFF/, "");
  let names: string[] | undefined;
  try {
    [names] = parse(first) as string[][];
  } catch (cause) {
    const issue = { file: file.name, line: 1, column: "-", value: first, reason: "the header is not valid CSV" };
    throw new IngestError("bad_header", file.name, [issue], undefined, { cause });
  }
  if (!names) {
    const issue = { file: file.name, line: 1, column: "-", value: "", reason: "the file is empty" };
    throw new IngestError("empty", file.name, [issue]);
  }
  return names.map((n) => n.trim());
}

const CSV_REASONS: Readonly<Record<string, string>> = {
  "TOO MANY COLUMNS": "the row has more fields than the header",
  "MISSING COLUMNS": "the row has fewer fields than the header",
  "UNQUOTED VALUE": "a quote is not closed, or text follows a closing quote",
  "INVALID UNICODE": "is not valid UTF-8",
  "LINE SIZE OVER MAXIMUM": "the line is longer than 2 MB",
};

/** At most this many characters of a rejected line are shown as an issue's value (then "..."). */
const SHOWN_CHARS = 100;

const REJECTS = "_canonical_rejects";
const SCANS = "_canonical_scans";

/**
 * CSV: comma-separated, RFC 4180 double quotes, UTF-8, header on line 1, read with DuckDB's read_csv
 * as text with a fixed dialect (no sniffing). Rows DuckDB cannot split into the header's fields are
 * kept aside with `store_rejects` and reject the file, naming their physical lines.
 */
async function openCsv(tx: Transaction, file: SourceFile, table: LoadableTable, positioned: boolean): Promise<Source> {
  const header = csvHeader(file);
  checkHeader(file.name, table, header);
  const close = dropTables(tx, STAGE, REJECTS, SCANS);
  await close();
  const csv = `read_csv(${literal(file.path)}, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"',
    columns = {${header.map((h) => `'${h}': 'VARCHAR'`).join(", ")}}, store_rejects = true,
    rejects_table = '${REJECTS}', rejects_scan = '${SCANS}')`;
  const checkStructure = async () => {
    const rejects = await tx.query<{
      at: number;
      column: string | null;
      idx: number | null;
      type: string;
      line: string;
    }>(
      `SELECT line_byte_position AS at, column_name AS "column", column_idx AS idx, error_type::VARCHAR AS type,
              csv_line AS line
       FROM ${REJECTS} ORDER BY line_byte_position LIMIT ${MAX_ISSUES}`,
    );
    if (rejects.length === 0) return;
    // A line too long to split has no column; its value is shown cut (it can be megabytes).
    const issues = rejects.map((r) => ({
      file: file.name,
      line: lineAtByte(file.bytes, r.at),
      column: r.column ?? (r.idx === null ? "-" : `column ${r.idx}`),
      value: r.line.length > SHOWN_CHARS ? `${r.line.slice(0, SHOWN_CHARS)}...` : r.line.trim(),
      reason: CSV_REASONS[r.type] ?? r.type.toLowerCase(),
    }));
    throw new IngestError("bad_rows", file.name, issues);
  };
  const lines = (p: readonly number[]) => csvRecordLines(file.bytes, p);
  if (!positioned) return { from: csv, columns: header, positioned, lines, checkStructure, close };
  await read(
    tx,
    file,
    "CSV",
    `CREATE TEMP TABLE ${STAGE} AS SELECT ordinality AS _pos, ${header.map(ident).join(", ")} FROM ${csv} WITH ORDINALITY`,
  );
  await checkStructure();
  return { from: STAGE, columns: header, positioned, lines, checkStructure, close };
}

/**
 * NDJSON: one JSON object per line (blank lines skipped), UTF-8. Lines are split and numbered with
 * read_text + string_split, so `_pos` is the physical line. A line that is not a JSON object, or a key
 * that is not a column of the table, rejects the file; a missing key is NULL.
 */
async function openNdjson(tx: Transaction, file: SourceFile, table: LoadableTable): Promise<Source> {
  if (!isUtf8(file.bytes)) {
    const issue = { file: file.name, line: 1, column: "-", value: "", reason: "is not valid UTF-8" };
    throw new IngestError("unreadable", file.name, [issue]);
  }
  const close = dropTables(tx, STAGE, "_canonical_lines");
  await close();
  await read(
    tx,
    file,
    "NDJSON",
    `CREATE TEMP TABLE _canonical_lines AS
     SELECT _pos, j FROM (SELECT generate_subscripts(l, 1) AS _pos, unnest(l) AS j
                          FROM (SELECT string_split(ltrim(content, chr(65279)), chr(10)) AS l FROM read_text(${literal(file.path)})))
     WHERE trim(j, ' \t\r') <> ''`,
  );
  const broken = await tx.query<{ _pos: number; j: string }>(
    `SELECT _pos, j FROM _canonical_lines
     WHERE NOT coalesce(CASE WHEN json_valid(j) THEN json_type(j) = 'OBJECT' END, false) ORDER BY _pos LIMIT ${MAX_ISSUES}`,
  );
  if (broken.length > 0) {
    const issue = (b: { _pos: number; j: string }) => ({
      file: file.name,
      line: b._pos,
      column: "-",
      value: b.j.trim(),
      reason: "is not a JSON object",
    });
    throw new IngestError("bad_rows", file.name, broken.map(issue));
  }
  const keys = await tx.query<{ key: string; line: number }>(
    `SELECT key, min(_pos) AS line FROM (SELECT _pos, unnest(json_keys(j)) AS key FROM _canonical_lines)
     GROUP BY key ORDER BY line, key`,
  );
  const columns = columnsOf(table).map(([c]) => c);
  const unknown = keys.filter((k) => !columns.includes(k.key));
  if (unknown.length > 0) {
    const issue = (k: { key: string; line: number }) => ({
      file: file.name,
      line: k.line,
      column: k.key,
      value: k.key,
      reason: `is not a column of ${table} (see docs/canonical-format.md)`,
    });
    throw new IngestError("bad_header", file.name, unknown.map(issue));
  }
  const extract = columns.map((c) => `json_extract_string(j, '$."${c}"') AS ${ident(c)}`).join(", ");
  await tx.run(`CREATE TEMP TABLE ${STAGE} AS SELECT _pos, ${extract} FROM _canonical_lines`);
  await tx.run("DROP TABLE _canonical_lines");
  return { from: STAGE, columns, positioned: true, lines: identity, checkStructure: async () => {}, close };
}

const magic = (b: Uint8Array) => Buffer.from(b).toString("latin1") === "PAR1";

/** True when `bytes` begin and end with Parquet's magic 'PAR1'. */
export const isParquet = (bytes: Uint8Array): boolean =>
  bytes.length >= 8 && magic(bytes.subarray(0, 4)) && magic(bytes.subarray(-4));

/** Parquet: any column types, read directly; every value is cast to text for the same checks as CSV. */
async function openParquet(tx: Transaction, file: SourceFile, table: LoadableTable): Promise<Source> {
  if (!isParquet(file.bytes)) {
    const issue = { file: file.name, line: 1, column: "-", value: "", reason: "is not a Parquet file" };
    throw new IngestError("unreadable", file.name, [issue]);
  }
  const path = literal(file.path);
  const described = await read<{ column_name: string }>(
    tx,
    file,
    "Parquet",
    `DESCRIBE SELECT * FROM read_parquet(${path})`,
  );
  const header = described.map((d) => d.column_name);
  checkHeader(file.name, table, header);
  const text = header.map((c) => `CAST(${ident(c)} AS VARCHAR) AS ${ident(c)}`).join(", ");
  return {
    from: `(SELECT file_row_number + 1 AS _pos, ${text} FROM read_parquet(${path}, file_row_number = true))`,
    columns: header,
    positioned: true,
    lines: identity,
    checkStructure: async () => {},
    close: async () => {},
  };
}
