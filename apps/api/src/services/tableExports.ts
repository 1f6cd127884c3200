/**
 * What the export routes share (routes/v1_exports_table.ts, v1_exports_manifest.ts): a connection of
 * its own per export, so a long COPY never holds the write connection (imports) or a report
 * connection of the read pool; at most {@link MAX_EXPORTS} at once per database (a third caller gets
 * 503 busy); the request's query checked into a table, a format and a range.
 */
import { createHash } from "node:crypto";
import { z } from "@hono/zod-openapi";
import {
  EXPORT_FORMATS,
  EXPORT_TABLES,
  type ExportRange,
  isExportTable,
  parseExportRange,
  type Warehouse,
  WarehouseError,
  type WrittenTableName,
} from "@tallyline/warehouse";
import { ApiError } from "../errors";

/** A DuckDB connection of the warehouse's instance. */
type DuckDBConnection = Awaited<ReturnType<Warehouse["attach"]>>[number];

/** Exports running at once per database; each holds a connection and up to two threads of DuckDB. */
export const MAX_EXPORTS = 2;
const running = new WeakMap<Warehouse, number>();

/** The query of the export routes: `from`/`to` are UTC calendar days, inclusive. */
export const ExportRangeQuery = z.object({
  from: z.string().optional().openapi({ description: "First UTC day, YYYY-MM-DD (inclusive)", example: "2024-02-01" }),
  to: z.string().optional().openapi({ description: "Last UTC day, YYYY-MM-DD (inclusive)", example: "2024-02-29" }),
});

/** The `format` of a table download (default parquet). */
export const ExportFormatQuery = z.enum(EXPORT_FORMATS).default("parquet");

/** The range of a query; throws ApiError 'invalid_query' naming the bad value. */
export function rangeOf(q: { from?: string | undefined; to?: string | undefined }): ExportRange {
  try {
    return parseExportRange(q.from, q.to);
  } catch (e) {
    if (e instanceof WarehouseError) throw new ApiError("invalid_query", e.message.replace(/--(from|to)/g, "$1"));
    throw e;
  }
}

/**
 * The weak ETag of an export route's answer, `W/"<32 base64url chars>"`: a SHA-256 of the route,
 * what it was asked (table, format, range; `parts`) and the warehouse's data version, which moves
 * after every committed write that may change the tables (an import, a delete, a migration) and on
 * every restart. Weak: a Parquet file's row order and the manifest's `exportedAt` may differ
 * between two answers of one ETag, the rows and checksums do not. Costs nothing: no query runs.
 */
export function exportEtag(warehouse: Warehouse, route: string, parts: readonly (string | null)[]): string {
  const key = JSON.stringify([route, warehouse.dataVersion, ...parts]);
  return `W/"${createHash("sha256").update(key).digest("base64url").slice(0, 32)}"`;
}

/** The table named in a path; throws ApiError 'not_found' listing the tables (also for app and derived tables). */
export function tableOf(name: string): WrittenTableName {
  if (isExportTable(name)) return name;
  throw new ApiError(
    "not_found",
    `No exported table "${name.slice(0, 100)}"; the tables are: ${EXPORT_TABLES.join(", ")}`,
  );
}

/**
 * Runs `fn` on a new connection of `warehouse`, interrupted when `signal` aborts, closed after.
 * Throws ApiError 'busy' (with Retry-After) when {@link MAX_EXPORTS} already run.
 */
export async function withExportConnection<T>(
  warehouse: Warehouse,
  signal: AbortSignal,
  fn: (conn: DuckDBConnection) => Promise<T>,
): Promise<T> {
  const now = running.get(warehouse) ?? 0;
  if (now >= MAX_EXPORTS)
    throw new ApiError("busy", `${now} exports are running; retry later`, undefined, { retryAfterSecs: 10 });
  running.set(warehouse, now + 1);
  let conn: DuckDBConnection | undefined;
  const owner = { close: async () => conn?.closeSync() };
  const stop = () => conn?.interrupt();
  try {
    [conn] = await warehouse.attach(owner, 1);
    if (!conn) throw new Error("no connection");
    signal.addEventListener("abort", stop);
    return await fn(conn);
  } catch (e) {
    if (signal.aborted) throw new ApiError("cancelled", "The client closed the request", undefined, { cause: e });
    throw e;
  } finally {
    signal.removeEventListener("abort", stop);
    conn?.closeSync();
    warehouse.detach(owner);
    running.set(warehouse, (running.get(warehouse) ?? 1) - 1);
  }
}
