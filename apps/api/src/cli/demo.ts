/**
 * `tallyline demo [--host H] [--port N] [--data-dir DIR] [--db FILE]`: loads the built-in demo data
 * into a database without data of the user's own (whatever TALLYLINE_DEMO says) and serves it.
 * `tallyline demo remove [--db FILE]`: removes the demo data, in one line of output.
 * docs/ingest.md "Demo data" says how the demo is kept apart from the user's data.
 */
import { removeDemo } from "@tallyline/ingest";
import type { Command } from "commander";
import { dbPath, openDb } from "./database";
import { type ServeOptions, serveFromCli, serveOptions } from "./serve";

/** The one line `demo remove` prints: what it removed from `path`, or that there was no demo. */
export function describeDemoRemoval(path: string, removed: { importIds: readonly string[]; rows: number }): string {
  if (removed.importIds.length === 0) return `No demo data in ${path}: nothing removed.`;
  return `Removed the demo data from ${path}: ${removed.rows.toLocaleString("en-US")} rows of ${removed.importIds.length === 1 ? "1 import" : `${removed.importIds.length} imports`}. While the database is empty, 'tallyline serve' loads the demo again unless TALLYLINE_DEMO=off.`;
}

/** Registers `demo` and `demo remove` on `program` (which must enable positional options). */
export function registerDemo(program: Command): void {
  const demo = serveOptions(
    program
      .command("demo")
      .description("Load the demo data into a database without data of your own, and serve it")
      .enablePositionalOptions(),
  ).action((o: ServeOptions) => serveFromCli(o, { demo: true }));
  demo
    .command("remove")
    .description("Remove the demo data from the database")
    .option("--db <file>", "DuckDB file (default: $TALLYLINE_DATA_DIR/tallyline.duckdb)")
    .action(async (o: { db?: string }) => {
      const path = dbPath(o.db);
      const wh = await openDb(path);
      try {
        console.log(describeDemoRemoval(path, await removeDemo(wh)));
      } finally {
        await wh.close();
      }
    });
}
