/**
 * Canonical tables as files for data teams (issue 12 "Canonical tables for data teams";
 * docs/canonical-format.md "Exports"): Parquet (zstd) or CSV (RFC 4180), written by DuckDB's own
 * `COPY ... TO` so rows stream from the table to the file without passing through JavaScript.
 *
 * What leaves: the written tables only ({@link EXPORT_TABLES}: what adapters and canonical files
 * write). Never `imports`, the derived tables (recomputed from the facts at every import) nor the
 * application's own tables (`app_*`: users, sessions, keys, segments).
 *
 * Layout of a folder export ({@link exportTables}):
 *   <out>/manifest.json
 *   <out>/<fact table>/year=YYYY/month=MM/<fact table>.<ext>   one file per UTC month of FACT_TIME_COLUMNS
 *   <out>/<fact table>/year=__HIVE_DEFAULT_PARTITION__/month=__HIVE_DEFAULT_PARTITION__/<fact table>.<ext>
 *                                                              rows whose time is NULL (no range given)
 *   <out>/<other table>/<other table>.<ext>                    tables without a time column, whole
 * Each file is named `<table>.<ext>`, the canonical format's own file name, so `tallyline ingest`
 * loads an exported folder back as it is (Hive readers ignore file names).
 *
 * Checksums. Every file of a folder export has the SHA-256 of its bytes in the manifest
 * ({@link FILE_CHECKSUM_DEFINITION}: what a data team verifies a download with, as data-lake
 * manifests do), hashed with node:crypto from the file just written, and its row count as DuckDB's
 * COPY returned it (no extra read of the table). Opt-in (`columnChecksums`; CLI
 * `--column-checksums`, API `?checksums=columns`), per column value checksums
 * ({@link CHECKSUM_DEFINITION}): the sum over the rows of DuckDB's `hash(value)` (a UBIGINT; NULL
 * hashes to a constant too), exact, as a decimal string. Order-independent and additive (a table's
 * sum is the sum of its files'), it depends on the value and its type, so it is compared between
 * DuckDB reads of the same types (the table, its Parquet files, its CSV loaded back through the
 * canonical import) with the same DuckDB version. They cost one more read of every column (about 3
 * of 11 CPU seconds on the bench data: docs/benchmarks.md "Canonical export"), hence opt-in.
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, readdir, rm, stat, writeFile } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import type { DuckDBConnection, DuckDBValue } from "@duckdb/node-api";
import { WarehouseError } from "./errors";
import { canonicalTables, FACT_TIME_COLUMNS, isWrittenTable, type WrittenTableName } from "./schema";
import { rowsOf } from "./values";

/** The tables that can be exported, in schema order: every written table (schema.ts `WrittenTableName`). */
export const EXPORT_TABLES: readonly WrittenTableName[] = (
  Object.keys(canonicalTables) as (keyof typeof canonicalTables)[]
).filter(isWrittenTable);

/** True when `name` is a table that can be exported (an own-property name of {@link EXPORT_TABLES}, nothing else). */
export function isExportTable(name: string): name is WrittenTableName {
  return (EXPORT_TABLES as readonly string[]).includes(name);
}

/** File formats of an export. */
export const EXPORT_FORMATS = ["parquet", "csv"] as const;
/** A file format of an export: Parquet with zstd, or CSV (RFC 4180, header row, CRLF, UTF-8). */
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/**
 * The days an export covers, inclusive, as UTC calendar days `YYYY-MM-DD` (the canonical format's
 * instants are UTC): a fact row is in when `from 00:00:00 <= time < (to + 1 day) 00:00:00` UTC.
 * Either end may be open. Rows whose time is NULL are in only when neither end is given. Tables
 * without a time column are exported whole whatever the range (they are what the facts refer to).
 */
export interface ExportRange {
  readonly from?: string;
  readonly to?: string;
}

/** The time column that splits `table` into month files, or undefined for a table exported whole. */
export function exportTimeColumn(table: WrittenTableName): string | undefined {
  return (FACT_TIME_COLUMNS as Partial<Record<WrittenTableName, string>>)[table];
}

/** What a file's `sha256` in the manifest is (written into the manifest as `fileChecksum`). */
export const FILE_CHECKSUM_DEFINITION =
  "sha256: SHA-256 of the file's bytes, 64 lowercase hex digits (sha256sum <file>)";

/** How the manifest's column checksums are computed (written into the manifest as `checksum` when they are asked for). */
export const CHECKSUM_DEFINITION =
  "per column: sum over the rows of DuckDB hash(value) (UBIGINT; NULL hashes to a constant), exact, as a decimal string; compare with the same DuckDB version and column types";

/** SQL of one column's checksum (see {@link CHECKSUM_DEFINITION}); `column` must come from the schema. */
export function checksumSql(column: string): string {
  return `coalesce(sum(hash(${ident(column)})), 0)::VARCHAR`;
}

/**
 * The same checksum as {@link checksumSql}, computed faster, as two SQL expressions whose values
 * (BIGINT-range integers, as DuckDB returns them) give the sum with {@link checksumOfHalves}: the
 * sums of the high and of the low 32 bits of each hash. Each half is below 2^32, so DuckDB adds them
 * on 64 bits instead of the 128-bit (HUGEINT) additions of `sum(hash(x))`, about 0.4 s less CPU per
 * 10 million rows of 11 columns (docs/benchmarks.md "Canonical export"); exact up to 2^31 rows per query.
 */
export function checksumHalvesSql(column: string): [high: string, low: string] {
  const h = `hash(${ident(column)})`;
  return [`coalesce(sum((${h} >> 32)::BIGINT), 0)`, `coalesce(sum((${h} & 4294967295)::BIGINT), 0)`];
}

/** The checksum (decimal string) from the two sums of {@link checksumHalvesSql}: high * 2^32 + low, exact. */
export function checksumOfHalves(high: unknown, low: unknown): string {
  return ((BigInt(String(high)) << 32n) + BigInt(String(low))).toString();
}

/** Checksum per column name (see {@link CHECKSUM_DEFINITION}). */
export type ColumnChecksums = Record<string, string>;

/** One written file of a folder export. */
export interface ManifestFile {
  /** Path relative to the export folder, with `/` separators. */
  readonly path: string;
  /** UTC year and month of the rows' time column; null for the NULL-time file and for tables exported whole. */
  readonly year: number | null;
  readonly month: number | null;
  /** Rows in the file: the count DuckDB's `COPY ... TO` returned (checked against the month list's count). */
  readonly rows: number;
  /** Size of the file in bytes. */
  readonly bytes: number;
  /** SHA-256 of the file's bytes, 64 lowercase hex digits ({@link FILE_CHECKSUM_DEFINITION}). */
  readonly sha256: string;
  /** Column checksums of the file's rows; only with `columnChecksums` ({@link CHECKSUM_DEFINITION}). */
  readonly columns?: ColumnChecksums;
}

/** One table of a manifest: totals over its files (rows and bytes summed, column checksums summed when asked for). */
export interface ManifestTable {
  /** The column that places a row in a month file, or null for a table exported whole. */
  readonly timeColumn: string | null;
  readonly rows: number;
  readonly bytes: number;
  /** Only with `columnChecksums`: the sums of the files' column checksums. */
  readonly columns?: ColumnChecksums;
  readonly files: readonly ManifestFile[];
}

/** `manifest.json` of a folder export. */
export interface ExportManifest {
  readonly format: ExportFormat;
  /** The highest migration version applied to the database (schema_migrations). */
  readonly schemaVersion: number;
  /** UTC instant the export's snapshot was read, ISO-8601. */
  readonly exportedAt: string;
  /** The range asked for (null ends are open), in UTC days. */
  readonly range: { readonly from: string | null; readonly to: string | null; readonly timezone: "UTC" };
  readonly duckdbVersion: string;
  /** {@link FILE_CHECKSUM_DEFINITION}: what each file's `sha256` is. */
  readonly fileChecksum: string;
  /** {@link CHECKSUM_DEFINITION}, only when the column checksums were asked for (`columnChecksums`). */
  readonly checksum?: string;
  readonly tables: Readonly<Partial<Record<WrittenTableName, ManifestTable>>>;
}

/** Progress of {@link exportTables}: sent once per table, after its files are written. */
export interface TableProgress {
  readonly table: WrittenTableName;
  /** 1-based position of the table and the number of tables. */
  readonly index: number;
  readonly count: number;
  readonly rows: number;
  readonly bytes: number;
  readonly files: number;
  /** Wall-clock milliseconds the table took. */
  readonly ms: number;
  /**
   * Where the table's time went: `checksum`, the month list (a count by month of the time column)
   * and, with `columnChecksums`, the column checksum reads; `write`, the writing of its files (one
   * COPY per file); `hash`, the SHA-256 of the files written (the hashing itself, which runs while
   * the connections write the next files). `ms` is the summed time of the phase's steps; `cpuMs`
   * the table's CPU time (user + system of the whole process, DuckDB's threads included) shared
   * between the phases in proportion to their `ms` (an estimate: steps overlap).
   */
  readonly phases: { readonly checksum: PhaseTime; readonly write: PhaseTime; readonly hash: PhaseTime };
}

/** Wall-clock and process CPU milliseconds of one phase of an export (see {@link TableProgress}). */
export interface PhaseTime {
  readonly ms: number;
  readonly cpuMs: number;
}

/** Runs `fn`, returning its value and its wall-clock and process CPU milliseconds. */
async function timed<T>(fn: () => Promise<T>): Promise<[T, PhaseTime]> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const value = await fn();
  const used = process.cpuUsage(cpu);
  return [value, { ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000 }];
}

/** Options of {@link exportTables}. */
export interface ExportOptions {
  readonly format: ExportFormat;
  /** The folder to write into (created when missing). */
  readonly out: string;
  readonly tables?: readonly WrittenTableName[];
  readonly range?: ExportRange;
  /** Current instant (tests pin it); default Date.now. */
  readonly now?: () => number;
  readonly onTable?: (p: TableProgress) => void;
  /**
   * Also compute the per-column value checksums ({@link CHECKSUM_DEFINITION}) of every file and
   * table: one more read of every column of every table. Default false: the manifest then holds
   * each file's rows, bytes and SHA-256 only.
   */
  readonly columnChecksums?: boolean;
  /**
   * More connections of the same database (the CLI passes one). The export's statements (a checksum
   * pass and a COPY per month file) then run one per connection at a time, each on ONE thread:
   * `threads` is set to 1 for the export and restored after. Month files written by several threads
   * cost up to twice the CPU of one thread for small files (docs/benchmarks.md "Canonical export"),
   * while two one-thread statements side by side still use both cores. Each connection reads in a
   * transaction of its own, all begun before the first read: the caller must make sure no write
   * commits while the export begins (the CLI holds the database file alone). Default: none, every
   * statement on `conn` with DuckDB's threads.
   */
  readonly moreConnections?: readonly DuckDBConnection[];
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Checks a range given as text (from a command line or a query string): each end a real calendar
 * date `YYYY-MM-DD` in 1970-2099 (the canonical years), `from` not after `to`. Throws
 * {@link WarehouseError} 'invalid_export' naming the bad value.
 */
export function parseExportRange(from: string | undefined, to: string | undefined): ExportRange {
  for (const [name, value] of [
    ["from", from],
    ["to", to],
  ] as const) {
    if (value === undefined) continue;
    const m = DAY.exec(value);
    const ok =
      m !== null &&
      Number(m[1]) >= 1970 &&
      Number(m[1]) <= 2099 &&
      new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value;
    if (!ok)
      throw new WarehouseError(
        "invalid_export",
        `--${name} "${value}" is not a date YYYY-MM-DD in 1970-2099 (days are UTC calendar days)`,
      );
  }
  if (from !== undefined && to !== undefined && from > to)
    throw new WarehouseError("invalid_export", `--from ${from} is after --to ${to}`);
  return { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) };
}

/**
 * Throws {@link WarehouseError} 'invalid_export' unless `name` can be exported, listing the tables
 * that can (and saying why when it is a table that never leaves).
 */
export function exportTable(name: string): WrittenTableName {
  if (isExportTable(name)) return name;
  const why = Object.hasOwn(canonicalTables, name)
    ? ` (${name} is ${name === "imports" ? "the import log" : "derived from other tables"}, not exported)`
    : name.startsWith("app_") || ["accounts", "users", "sessions", "keys", "segments"].includes(name)
      ? " (application tables never leave)"
      : "";
  throw new WarehouseError(
    "invalid_export",
    `Unknown table "${name.slice(0, 100)}"${why}; the tables are: ${EXPORT_TABLES.join(", ")}`,
  );
}

/**
 * `SELECT <columns> FROM <table> WHERE <range>` and its parameters; with `part`, only that UTC
 * month's rows (or the rows whose time is NULL), so that DuckDB's zone maps skip the other row groups.
 */
function selectSql(table: WrittenTableName, range: ExportRange, part?: Part): { sql: string; params: DuckDBValue[] } {
  const columns = Object.keys(canonicalTables[table].columns).map(ident);
  const time = exportTimeColumn(table);
  const where: string[] = [];
  const params: DuckDBValue[] = [];
  const bind = (value: string) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (time && range.from !== undefined) where.push(`${ident(time)} >= CAST(${bind(range.from)} AS DATE)::TIMESTAMP`);
  if (time && range.to !== undefined) where.push(`${ident(time)} < (CAST(${bind(range.to)} AS DATE) + 1)::TIMESTAMP`);
  if (time && part) {
    if (part.year === null || part.month === null) where.push(`${ident(time)} IS NULL`);
    else {
      const start = `${String(part.year).padStart(4, "0")}-${String(part.month).padStart(2, "0")}-01`;
      const month = `CAST(${bind(start)} AS DATE)::TIMESTAMP`;
      where.push(`${ident(time)} >= ${month} AND ${ident(time)} < ${month} + INTERVAL 1 MONTH`);
    }
  }
  const filter = where.length ? ` WHERE ${where.join(" AND ")}` : "";
  return { sql: `SELECT ${columns.join(", ")} FROM ${ident(table)}${filter}`, params };
}

/** `COPY` options of a format (Parquet: zstd; CSV: RFC 4180 with a header row and CRLF line ends). */
function formatOptions(format: ExportFormat): string {
  return format === "parquet"
    ? "FORMAT parquet, COMPRESSION zstd"
    : "FORMAT csv, HEADER true, DELIMITER ',', QUOTE '\"', ESCAPE '\"', NEW_LINE '\\r\\n'";
}

interface Part {
  year: number | null;
  month: number | null;
  rows: number;
  /** Empty until computed (column checksums are opt-in). */
  columns: ColumnChecksums;
}

/**
 * The parts of `table` in `range`: its UTC months with rows (and the rows whose time is NULL), or
 * one part when it has no time column; with their row counts, checksums not yet computed.
 */
async function partList(conn: DuckDBConnection, table: WrittenTableName, range: ExportRange): Promise<Part[]> {
  const time = exportTimeColumn(table);
  const { sql, params } = selectSql(table, range);
  const by = time ? `year(${ident(time)}) AS y, month(${ident(time)}) AS m, ` : "NULL AS y, NULL AS m, ";
  const reader = await conn.runAndReadAll(
    `SELECT ${by}count(*) AS n FROM (${sql}) GROUP BY ALL ORDER BY y NULLS LAST, m`,
    params.length ? params : undefined,
  );
  return rowsOf(reader)
    .filter((r) => Number(r.n) > 0)
    .map((r) => ({
      year: r.y === null ? null : Number(r.y),
      month: r.m === null ? null : Number(r.m),
      rows: Number(r.n),
      columns: {},
    }));
}

/** Row count and column checksums of one part (the whole table when it has no time column). */
async function partChecksums(
  conn: DuckDBConnection,
  table: WrittenTableName,
  range: ExportRange,
  part: Part | undefined,
): Promise<{ rows: number; columns: ColumnChecksums }> {
  const names = Object.keys(canonicalTables[table].columns);
  const { sql, params } = selectSql(table, range, part);
  const sums = names
    .map((c, i) => {
      const [high, low] = checksumHalvesSql(c);
      return `${high} AS h${i}, ${low} AS l${i}`;
    })
    .join(", ");
  const reader = await conn.runAndReadAll(
    `SELECT count(*) AS n, ${sums} FROM (${sql})`,
    params.length ? params : undefined,
  );
  const r = rowsOf(reader)[0] ?? {};
  return {
    rows: Number(r.n ?? 0),
    columns: Object.fromEntries(names.map((c, i) => [c, checksumOfHalves(r[`h${i}`] ?? 0, r[`l${i}`] ?? 0)])),
  };
}

/** Row count and column checksums of `table` in `range`, per UTC month of its time column (one part when it has none), in one read. */
async function monthChecksums(conn: DuckDBConnection, table: WrittenTableName, range: ExportRange): Promise<Part[]> {
  const names = Object.keys(canonicalTables[table].columns);
  const time = exportTimeColumn(table);
  const { sql, params } = selectSql(table, range);
  const by = time ? `year(${ident(time)}) AS y, month(${ident(time)}) AS m, ` : "NULL AS y, NULL AS m, ";
  const sums = names
    .map((c, i) => {
      const [high, low] = checksumHalvesSql(c);
      return `${high} AS h${i}, ${low} AS l${i}`;
    })
    .join(", ");
  const reader = await conn.runAndReadAll(
    `SELECT ${by}count(*) AS n, ${sums} FROM (${sql}) GROUP BY ALL ORDER BY y NULLS LAST, m`,
    params.length ? params : undefined,
  );
  return rowsOf(reader)
    .filter((r) => Number(r.n) > 0)
    .map((r) => ({
      year: r.y === null ? null : Number(r.y),
      month: r.m === null ? null : Number(r.m),
      rows: Number(r.n),
      columns: Object.fromEntries(names.map((c, i) => [c, checksumOfHalves(r[`h${i}`], r[`l${i}`])])),
    }));
}

/** Relative path of a part's file under its table folder. */
function partPath(table: WrittenTableName, part: Part, format: ExportFormat, partitioned: boolean): string {
  const file = `${table}.${format}`;
  if (!partitioned) return file;
  const y = part.year === null ? "__HIVE_DEFAULT_PARTITION__" : String(part.year).padStart(4, "0");
  const m = part.month === null ? "__HIVE_DEFAULT_PARTITION__" : String(part.month).padStart(2, "0");
  return `year=${y}/month=${m}/${file}`;
}

/** Sums checksums of several parts (exact, BigInt). */
function addChecksums(names: readonly string[], list: readonly ColumnChecksums[]): ColumnChecksums {
  return Object.fromEntries(names.map((c) => [c, list.reduce((sum, cs) => sum + BigInt(cs[c] ?? "0"), 0n).toString()]));
}

/** Every file under `dir`, relative, with `/` separators. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join("/"))
    .sort();
}

/** The highest applied migration (0 for a database without migrations). */
export async function schemaVersion(conn: DuckDBConnection): Promise<number> {
  const reader = await conn.runAndReadAll("SELECT coalesce(max(version), 0) AS v FROM schema_migrations");
  return Number(rowsOf(reader)[0]?.v ?? 0);
}

/**
 * Writes `tables` (default {@link EXPORT_TABLES}) into `out` in the layout above, with
 * `manifest.json`, and returns the manifest. Reads one snapshot: every table, its checksums and its
 * files come from one transaction on `conn` (an import committed meanwhile is not in the export).
 * The folder's existing files are not checked here (the caller refuses a non-empty folder); the
 * table folders written are removed first so no file of an earlier export stays among them.
 * `conn` should be a connection of its own (not the warehouse's write connection, which it would
 * hold for the whole export). Throws WarehouseError 'query_failed' (DuckDB or file errors).
 */
export async function exportTables(conn: DuckDBConnection, options: ExportOptions): Promise<ExportManifest> {
  const { format, out } = options;
  const range = options.range ?? {};
  const tables = options.tables ?? EXPORT_TABLES;
  const now = options.now ?? Date.now;
  await mkdir(out, { recursive: true });
  const conns = [conn, ...(options.moreConnections ?? [])];
  const threads =
    conns.length > 1 ? String(rowsOf(await conn.runAndReadAll("SELECT current_setting('threads') AS t"))[0]?.t) : null;
  // Files promise no row order: DuckDB may then write with every thread.
  await run(conn, "SET preserve_insertion_order = false");
  if (threads !== null) await run(conn, "SET threads = 1");
  const begun: DuckDBConnection[] = [];
  try {
    for (const c of conns) {
      await run(c, "BEGIN TRANSACTION");
      begun.push(c);
    }
    const exportedAt = new Date(now()).toISOString();
    const version = await schemaVersion(conn);
    const duckdb = String(rowsOf(await conn.runAndReadAll("SELECT version() AS v"))[0]?.v);
    const written: Partial<Record<WrittenTableName, ManifestTable>> = {};
    for (const [i, table] of tables.entries()) {
      const started = performance.now();
      const [t, phases] = await exportOne(
        conns,
        table,
        format,
        range,
        join(out, table),
        options.columnChecksums ?? false,
      );
      written[table] = t;
      options.onTable?.({
        table,
        index: i + 1,
        count: tables.length,
        rows: t.rows,
        bytes: t.bytes,
        files: t.files.length,
        ms: performance.now() - started,
        phases,
      });
    }
    const manifest: ExportManifest = {
      format,
      schemaVersion: version,
      exportedAt,
      range: { from: range.from ?? null, to: range.to ?? null, timezone: "UTC" },
      duckdbVersion: duckdb,
      fileChecksum: FILE_CHECKSUM_DEFINITION,
      ...(options.columnChecksums ? { checksum: CHECKSUM_DEFINITION } : {}),
      tables: written,
    };
    await writeFile(join(out, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
    return manifest;
  } finally {
    for (const c of begun) await run(c, "ROLLBACK");
    await run(conn, "RESET preserve_insertion_order");
    if (threads !== null) await run(conn, `SET threads = ${Number(threads)}`);
  }
}

/**
 * Writes one table's files into `dir` (removed first) and describes them; with the time of each
 * phase. The table's statements run on `conns`, one statement per connection at a time: first the
 * month list (a count by month of the time column; with `columnChecksums` and one connection, one
 * read giving every month's column checksums too), with `columnChecksums` and several connections
 * a checksum read per part, then a COPY per part. Each file written is hashed (SHA-256) by Node
 * while the connections go on with the next statements. A phase's `ms` is the summed time of its
 * steps, and the table's CPU time is shared between the phases in proportion to it (an estimate:
 * steps run side by side).
 */
async function exportOne(
  conns: readonly DuckDBConnection[],
  table: WrittenTableName,
  format: ExportFormat,
  range: ExportRange,
  dir: string,
  columnChecksums: boolean,
): Promise<[ManifestTable, TableProgress["phases"]]> {
  const names = Object.keys(canonicalTables[table].columns);
  const time = exportTimeColumn(table);
  const first = conns[0] as DuckDBConnection;
  await rm(dir, { recursive: true, force: true });
  const cpu0 = process.cpuUsage();
  const busy = { checksum: 0, write: 0, hash: 0 };
  // With column checksums and one connection, one read gives every part's rows and checksums; else
  // the parts are listed first (a count by month, a read of the time column only) and, with column
  // checksums, each part's checksums read apart, so that the reads and COPYs spread over the connections.
  const [list, listed] = await timed(() =>
    columnChecksums && conns.length === 1 ? monthChecksums(first, table, range) : partList(first, table, range),
  );
  busy.checksum += listed.ms;
  // The checksums are read from the table, in the export's transaction, not from the files written:
  // reading the files back costs as much CPU as reading the table (both decode every value; measured
  // in docs/benchmarks.md "Canonical export"), and Parquet footers hold no per-value checksum.
  const jobs: ((c: DuckDBConnection) => Promise<void>)[] = [];
  if (columnChecksums && conns.length > 1)
    for (const part of list)
      jobs.push(async (c) => {
        const [sums, took] = await timed(() => partChecksums(c, table, range, time ? part : undefined));
        busy.checksum += took.ms;
        if (sums.rows !== part.rows)
          throw new WarehouseError(
            "query_failed",
            `Export of ${table}: ${sums.rows} rows read for ${partPath(table, part, format, time !== undefined)}, ${part.rows} listed`,
          );
        part.columns = sums.columns;
      });
  // One COPY per month file (DuckDB's PARTITION_BY writes the same layout but took more CPU on 10M
  // messages: docs/benchmarks.md "Canonical export"). Each COPY's row count must be its part's; the
  // file's SHA-256 is computed while the connection runs its next statement.
  const hashes = new Map<Part, Promise<string>>();
  for (const part of list)
    jobs.push(async (c) => {
      const path = join(dir, partPath(table, part, format, time !== undefined));
      await mkdir(dirname(path), { recursive: true });
      const { sql, params } = selectSql(table, range, time ? part : undefined);
      const [copied, took] = await timed(() =>
        copyRows(c, `COPY (${sql}) TO ${literal(path)} (${formatOptions(format)})`, params),
      );
      busy.write += took.ms;
      if (copied !== part.rows)
        throw new WarehouseError(
          "query_failed",
          `Export of ${table}: DuckDB wrote ${copied} rows to ${partPath(table, part, format, time !== undefined)}, the part list counted ${part.rows}`,
        );
      const hashed = sha256File(path, (ms) => {
        busy.hash += ms;
      });
      // Awaited below; marked handled now so that a failure before then is not an unhandled rejection.
      hashed.catch(() => undefined);
      hashes.set(part, hashed);
    });
  // Each connection takes the next statement when its last one ends. After an error no statement
  // starts, the running ones end, and the first error is thrown (the transactions are then rolled back).
  let next = 0;
  let failed = false;
  const settled = await Promise.allSettled(
    conns.map(async (c) => {
      while (!failed && next < jobs.length) {
        const job = jobs[next++] as (c: DuckDBConnection) => Promise<void>;
        try {
          await job(c);
        } catch (e) {
          failed = true;
          throw e;
        }
      }
    }),
  );
  const hashed = await Promise.allSettled(hashes.values());
  const error = [...settled, ...hashed].find((r) => r.status === "rejected");
  if (error)
    throw error.reason instanceof WarehouseError
      ? error.reason
      : new WarehouseError("query_failed", `Export of ${table}: ${(error.reason as Error).message}`, {
          cause: error.reason,
        });
  const used = process.cpuUsage(cpu0);
  const cpuMs = (used.user + used.system) / 1000;
  const total = busy.checksum + busy.write + busy.hash || 1;
  const share = (ms: number): PhaseTime => ({ ms, cpuMs: (cpuMs * ms) / total });
  const phases = { checksum: share(busy.checksum), write: share(busy.write), hash: share(busy.hash) };
  const expected = new Map(list.map((p) => [partPath(table, p, format, time !== undefined), p]));
  const found = await filesUnder(dir);
  // The folder must hold exactly the files described: anything else would make the manifest wrong.
  if (found.length !== expected.size || found.some((f) => !expected.has(f)))
    throw new WarehouseError(
      "query_failed",
      `Export of ${table}: DuckDB wrote ${found.join(", ") || "no file"}, expected ${[...expected.keys()].join(", ") || "none"}`,
    );
  const files: ManifestFile[] = [];
  for (const [path, p] of expected) {
    const bytes = (await stat(join(dir, path))).size;
    const sha256 = await (hashes.get(p) as Promise<string>);
    files.push({
      path: `${table}/${path}`,
      year: p.year,
      month: p.month,
      rows: p.rows,
      bytes,
      sha256,
      ...(columnChecksums ? { columns: p.columns } : {}),
    });
  }
  const summary: ManifestTable = {
    timeColumn: time ?? null,
    rows: files.reduce((n, f) => n + f.rows, 0),
    bytes: files.reduce((n, f) => n + f.bytes, 0),
    ...(columnChecksums
      ? {
          columns: addChecksums(
            names,
            files.map((f) => f.columns ?? {}),
          ),
        }
      : {}),
    files,
  };
  return [summary, phases];
}

/**
 * SHA-256 of a file's bytes, 64 lowercase hex digits, read as a stream (1 MiB reads). `onBusy`
 * receives the milliseconds spent hashing (the synchronous work on this thread, not the waits for
 * the reads): the hash phase of {@link TableProgress}, which overlaps the connections' statements.
 * Throws the file system's error.
 */
export async function sha256File(path: string, onBusy?: (ms: number) => void): Promise<string> {
  const hash = createHash("sha256");
  let busy = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    const t0 = performance.now();
    hash.update(chunk as Buffer);
    busy += performance.now() - t0;
  }
  const t0 = performance.now();
  const hex = hash.digest("hex");
  onBusy?.(busy + performance.now() - t0);
  return hex;
}

/**
 * Row count of a table in a range, as the API's manifest gives it; with the column checksums
 * ({@link CHECKSUM_DEFINITION}) only when they were asked for.
 */
export interface TableSummary {
  readonly timeColumn: string | null;
  readonly rows: number;
  readonly columns?: ColumnChecksums;
}

/**
 * Row counts of `tables` in `range` from one snapshot (one transaction on `conn`), without writing
 * files: what a single-file download of each table holds. With `columnChecksums`, the column
 * checksums too (one read of every column; without, a count by month of the time column).
 */
export async function summarizeTables(
  conn: DuckDBConnection,
  tables: readonly WrittenTableName[],
  range: ExportRange,
  options: { readonly columnChecksums?: boolean } = {},
): Promise<Partial<Record<WrittenTableName, TableSummary>>> {
  await run(conn, "BEGIN TRANSACTION");
  try {
    const out: Partial<Record<WrittenTableName, TableSummary>> = {};
    for (const table of tables) {
      const list = options.columnChecksums
        ? await monthChecksums(conn, table, range)
        : await partList(conn, table, range);
      out[table] = {
        timeColumn: exportTimeColumn(table) ?? null,
        rows: list.reduce((n, p) => n + p.rows, 0),
        ...(options.columnChecksums
          ? {
              columns: addChecksums(
                Object.keys(canonicalTables[table].columns),
                list.map((p) => p.columns),
              ),
            }
          : {}),
      };
    }
    return out;
  } finally {
    await run(conn, "ROLLBACK");
  }
}

/**
 * Writes `table` in `range` to ONE file at `path` (all months together; the API's download), by
 * DuckDB's COPY. Returns the number of rows written. Throws WarehouseError 'query_failed'.
 */
export async function exportTableFile(
  conn: DuckDBConnection,
  table: WrittenTableName,
  format: ExportFormat,
  range: ExportRange,
  path: string,
): Promise<number> {
  const { sql, params } = selectSql(table, range);
  try {
    await conn.run("SET preserve_insertion_order = false");
    const reader = await conn.runAndReadAll(`COPY (${sql}) TO ${literal(path)} (${formatOptions(format)})`, params);
    return Number(reader.getRowsJS()[0]?.[0] ?? 0);
  } catch (cause) {
    throw new WarehouseError("query_failed", `Export of ${table}: ${(cause as Error).message}`, { cause });
  }
}

/** Runs a `COPY ... TO` and returns the number of rows it wrote (DuckDB's answer to COPY). */
async function copyRows(conn: DuckDBConnection, sql: string, params: DuckDBValue[]): Promise<number> {
  try {
    const reader = await conn.runAndReadAll(sql, params.length ? params : undefined);
    return Number(reader.getRowsJS()[0]?.[0] ?? 0);
  } catch (cause) {
    throw new WarehouseError("query_failed", (cause as Error).message, { cause });
  }
}

async function run(conn: DuckDBConnection, sql: string, params: DuckDBValue[] = []): Promise<void> {
  try {
    await conn.run(sql, params.length ? params : undefined);
  } catch (cause) {
    throw new WarehouseError("query_failed", (cause as Error).message, { cause });
  }
}

/** A quoted SQL identifier (names come from the schema only). */
function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** A SQL string literal of a file path (COPY TO takes no parameter for its target). */
function literal(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
