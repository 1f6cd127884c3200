/**
 * `tallyline export-c24 --out DIR [--from D --to D] [--timezone TZ] [--db FILE] [--json]`: writes the
 * eight Conversation24 exports of seed 003 from the database's canonical tables
 * (packages/ingest/src/export/c24.ts; docs/exports.md "Conversation24 exports"). `--from`/`--to`
 * are local days (inclusive) in `--timezone`, which also gives the timestamps their offset
 * (default $TALLYLINE_TIMEZONE or UTC). Prints one line per file (or, with --json, the list of
 * `{ file, adapter, rows }`). Exit status 1 when a row cannot be written or a day or zone is rejected, 2 when only one of
 * --from/--to is given.
 */
import { C24ExportError, writeC24Exports } from "@tallyline/ingest";
import type { Command } from "commander";
import { databaseLine } from "../config";
import { dbPath, openDb, reportZone } from "./database";

/** Registers the `export-c24` command on `program`. */
export function registerExportC24(program: Command): void {
  program
    .command("export-c24")
    .description("Write the eight Conversation24 exports (seed 003) from the database, as CSV files the importer reads")
    .requiredOption("--out <dir>", "output folder (created; files of the same names are replaced)")
    .option("--from <date>", "first day, YYYY-MM-DD (with --to); default: everything")
    .option("--to <date>", "last day, YYYY-MM-DD (inclusive)")
    .option(
      "--timezone <tz>",
      "IANA zone of the days and of the timestamps' offsets (default $TALLYLINE_TIMEZONE or UTC)",
    )
    .option("--db <file>", "DuckDB file (default: $TALLYLINE_DATA_DIR/tallyline.duckdb)")
    .option("--json", "print a JSON summary instead of text")
    .action(async (o: { out: string; from?: string; to?: string; timezone?: string; db?: string; json?: boolean }) => {
      if ((o.from === undefined) !== (o.to === undefined)) {
        console.error("tallyline: give both --from and --to, or neither");
        process.exitCode = 2;
        return;
      }
      const database = dbPath(o.db);
      const timezone = o.timezone ?? reportZone();
      const wh = await openDb(database);
      try {
        const started = Date.now();
        const files = await writeC24Exports(wh, o.out, {
          timezone,
          ...(o.from !== undefined ? { from: o.from } : {}),
          ...(o.to !== undefined ? { to: o.to } : {}),
        });
        if (o.json) {
          console.log(JSON.stringify({ database, timezone, from: o.from ?? null, to: o.to ?? null, files }, null, 2));
        } else {
          console.log(databaseLine(database));
          for (const f of files) console.log(`${f.file}: ${f.rows.toLocaleString("en-US")} rows (${f.adapter})`);
          console.log(`8 files in ${((Date.now() - started) / 1000).toFixed(1)} s`);
        }
      } catch (e) {
        if (!(e instanceof C24ExportError || e instanceof RangeError)) throw e;
        console.error(`tallyline: ${e.message}`);
        process.exitCode = 1;
      } finally {
        await wh.close();
      }
    });
}
