/**
 * `tallyline export <table|all> --format parquet|csv --out DIR [--from D --to D] [--db FILE] [--force] [--json]
 *  [--column-checksums]`:
 * the canonical tables as files for data teams (packages/warehouse/src/exports.ts; layout and
 * manifest in docs/canonical-format.md "Exports"). One progress line per table on stderr and a
 * summary on stdout; with --json only the manifest, on stdout. The manifest lists every file's rows,
 * bytes and SHA-256; `--column-checksums` adds the per-column value checksums (one more read of
 * every column). `--from`/`--to` are UTC calendar days, inclusive.
 * Refuses a non-empty --out unless --force (which replaces the exported tables' folders and
 * manifest.json in it, and leaves everything else). Exit status 1 when refused or failed.
 *
 * Other kinds of export (e.g. the Conversation24 files) register their own first argument in
 * {@link otherExports} from their own file, so `export <name>` dispatches to them.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { resolve } from "node:path";
import {
  EXPORT_FORMATS,
  EXPORT_TABLES,
  type ExportFormat,
  exportTable,
  exportTables,
  parseExportRange,
  type TableProgress,
  type Warehouse,
  type WrittenTableName,
} from "@tallyline/warehouse";
import { type Command, Option } from "commander";
import { databaseLine } from "../config";
import { dbPath } from "./database";

/** Options of `tallyline export` as commander parses them. */
export interface ExportCliOptions {
  format: ExportFormat;
  out: string;
  from?: string;
  to?: string;
  db?: string;
  force?: boolean;
  json?: boolean;
  /** Add the per-column value checksums to the manifest (exportTables' `columnChecksums`). */
  columnChecksums?: boolean;
}

/** Exports other than canonical tables, by first argument (e.g. `c24`), registered by their own modules. */
export const otherExports = new Map<string, (options: ExportCliOptions) => Promise<void>>();

/** "12.3 MB" (decimal megabytes). */
function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/**
 * One progress line: `[2/15] messages: 10,000,000 rows in 13 files, 49.4 MB, 12.3 s (months 0.2 s,
 * files 10.3 s, sha256 0.4 s)`; "months and checksums" when the column checksums are computed.
 */
export function progressLine(p: TableProgress, columnChecksums = false): string {
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const { checksum, write, hash } = p.phases;
  return `[${p.index}/${p.count}] ${p.table}: ${p.rows.toLocaleString("en-US")} rows in ${p.files} file${p.files === 1 ? "" : "s"}, ${megabytes(p.bytes)}, ${s(p.ms)} (${columnChecksums ? "months and checksums" : "months"} ${s(checksum.ms)}, files ${s(write.ms)}, sha256 ${s(hash.ms)})`;
}

/** Throws unless `out` is absent, an empty folder, or `force` is set (then it must still be a folder). */
function checkOut(out: string, force: boolean): void {
  if (!existsSync(out)) return;
  if (!statSync(out).isDirectory()) throw new Error(`--out ${out} is a file, not a folder`);
  const entries = readdirSync(out);
  if (entries.length > 0 && !force)
    throw new Error(
      `--out ${out} is not empty (${entries.length} entr${entries.length === 1 ? "y" : "ies"}); pass --force to replace the exported tables' folders and manifest.json in it`,
    );
}

/**
 * Registers `export` on `program`; `open(path)` opens the database (the CLI's openDb, which names a
 * running server holding the file).
 */
export function registerExport(program: Command, open: (path: string) => Promise<Warehouse>): void {
  program
    .command("export")
    .description("Write canonical tables as Parquet or CSV files, one per UTC month, with manifest.json")
    .argument("<table|all>", `a table (${EXPORT_TABLES.join(", ")}) or all`)
    .addOption(new Option("--format <format>", "file format").choices(EXPORT_FORMATS).makeOptionMandatory())
    .requiredOption("--out <dir>", "folder to write (must be empty unless --force)")
    .option("--from <date>", "first UTC day, YYYY-MM-DD (rows of tables with a time column)")
    .option("--to <date>", "last UTC day, YYYY-MM-DD, inclusive")
    .option("--db <file>", "DuckDB file (default: $TALLYLINE_DATA_DIR/tallyline.duckdb)")
    .option("--force", "write into a non-empty --out, replacing the exported tables' folders and manifest.json")
    .option("--json", "print the manifest as JSON instead of a summary")
    .option(
      "--column-checksums",
      "also write per-column value checksums (sum of DuckDB hash) into manifest.json: one more read of every column",
    )
    .action(async (name: string, o: ExportCliOptions) => {
      const other = otherExports.get(name);
      if (other) return other(o);
      const tables: WrittenTableName[] = name === "all" ? [...EXPORT_TABLES] : [exportTable(name)];
      const range = parseExportRange(o.from, o.to);
      const out = resolve(o.out);
      checkOut(out, o.force ?? false);
      const database = dbPath(o.db);
      if (!existsSync(database)) throw new Error(`No database at ${database}; pass --db FILE`);
      const wh = await open(database);
      // Two connections: the export's statements run two at a time, one thread each (exportTables'
      // moreConnections). The CLI holds the database file alone, so no write can commit meanwhile.
      const owner = {
        close: async () => {
          for (const c of conns) c.closeSync();
        },
      };
      const conns = await wh.attach(owner, 2);
      const [conn, second] = conns;
      try {
        if (!conn) throw new Error("No connection");
        if (!o.json) console.error(databaseLine(database));
        const started = performance.now();
        const manifest = await exportTables(conn, {
          format: o.format,
          out,
          tables,
          range,
          ...(second ? { moreConnections: [second] } : {}),
          columnChecksums: o.columnChecksums ?? false,
          ...(o.json ? {} : { onTable: (p: TableProgress) => console.error(progressLine(p, o.columnChecksums)) }),
        });
        const list = Object.values(manifest.tables);
        if (o.json) console.log(JSON.stringify(manifest, null, 2));
        else
          console.log(
            `Exported ${list.length} table${list.length === 1 ? "" : "s"}, ${list.reduce((n, t) => n + t.rows, 0).toLocaleString("en-US")} rows, ${megabytes(list.reduce((n, t) => n + t.bytes, 0))} as ${o.format} to ${out} in ${((performance.now() - started) / 1000).toFixed(1)} s (manifest.json)`,
          );
      } finally {
        for (const c of conns) c.closeSync();
        wh.detach(owner);
        await wh.close();
      }
    });
}
