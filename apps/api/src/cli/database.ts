/** The database the commands use, named and opened the same way by `ingest`, `report run`, `serve` and `demo`. */
import { resolve } from "node:path";
import { Warehouse, WarehouseError } from "@tallyline/warehouse";
import { databasePath, loadConfig } from "../config";

/** The database a command uses: `--db FILE` (made absolute), else tallyline.duckdb in $TALLYLINE_DATA_DIR. */
export function dbPath(db: string | undefined): string {
  return db ? resolve(db) : databasePath(loadConfig());
}

/**
 * Opens the database at `path` (migrating it). Throws an Error saying so when another process
 * (a running server) holds the file, else the WarehouseError.
 */
export async function openDb(path: string): Promise<Warehouse> {
  try {
    return await Warehouse.open(path);
  } catch (e) {
    if (e instanceof WarehouseError && /lock/i.test(e.message)) {
      throw new Error(
        `${path} is in use by another process (is 'tallyline serve' running?). Send files to it with 'tallyline ingest --server URL --key KEY', stop it, or pass --db with another file.`,
      );
    }
    throw e;
  }
}

/**
 * The zone of report days when a command names none: $TALLYLINE_TIMEZONE, default UTC (read
 * alone, so a command given --db needs no other variable). Throws naming the variable when it is
 * not an IANA zone.
 */
export function reportZone(): string {
  return loadConfig({ TALLYLINE_TIMEZONE: process.env.TALLYLINE_TIMEZONE }).timezone;
}
