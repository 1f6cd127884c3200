/**
 * `tallyline serve [--host H] [--port N] [--data-dir DIR] [--db FILE]`: the API and the dashboard
 * over one database, named as `ingest` names it (`Database: <path>`).
 */
import type { Command } from "commander";
import { loadConfig } from "../config";
import { startServer } from "../server";

/** Options of `serve` and `demo`. */
export interface ServeOptions {
  host?: string;
  port?: string;
  dataDir?: string;
  db?: string;
}

/** Adds the options of `serve` (and `demo`) to `command`. */
export function serveOptions(command: Command): Command {
  return command
    .option("--host <host>", "address to listen on (default $TALLYLINE_HOST or 127.0.0.1)")
    .option("--port <port>", "port (default $TALLYLINE_PORT or 8787)")
    .option("--data-dir <dir>", "data folder (default $TALLYLINE_DATA_DIR or ./data)")
    .option("--db <file>", "DuckDB file (default: $TALLYLINE_DATA_DIR/tallyline.duckdb)");
}

/**
 * Starts the server with the command line's options over the environment's, and keeps it until
 * SIGINT/SIGTERM. `options.demo` loads the demo data first (`tallyline demo`).
 */
export async function serveFromCli(o: ServeOptions, options: { demo?: boolean } = {}): Promise<void> {
  const config = loadConfig({
    ...process.env,
    ...(o.host ? { TALLYLINE_HOST: o.host } : {}),
    ...(o.port ? { TALLYLINE_PORT: o.port } : {}),
    ...(o.dataDir ? { TALLYLINE_DATA_DIR: o.dataDir } : {}),
  });
  const server = await startServer({ ...config, ...(o.db ? { db: o.db } : {}) }, console.log, options);
  console.log(`Tallyline is serving on ${server.url} (dashboard at /, API at /api/v1, docs at /api/v1/docs)`);
  const stop = async () => {
    await server.close();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

/** Registers `serve` on `program`. */
export function registerServe(program: Command): void {
  serveOptions(
    program
      .command("serve")
      .description("Serve the API and the dashboard (loads the demo data into an empty database, see TALLYLINE_DEMO)"),
  ).action((o: ServeOptions) => serveFromCli(o));
}
