import { type DuckDBAppender, timestampValue } from "@duckdb/node-api";
import { deleteRows } from "./derive";
import { WarehouseError } from "./errors";
import { type CanonicalTableName, type ColumnSpec, canonicalTables } from "./schema";
import type { Transaction } from "./warehouse";

/**
 * A canonical row as adapters produce it: column name to value. Timestamps are `Date`s (UTC
 * instants), durations numbers of seconds, JSON columns any JSON-serialisable value. Missing keys
 * and `undefined` are written as NULL.
 */
export type CanonicalRow = Record<string, string | number | boolean | Date | null | undefined | object>;

/**
 * The SQL condition that rows `a` and `b` (aliases) of canonical `table` have the same natural key.
 * Keys are NOT NULL columns, so plain equality is exact.
 */
export function sameKey(table: CanonicalTableName, a: string, b: string): string {
  return canonicalTables[table].key.map((k) => `${a}."${k}" = ${b}."${k}"`).join(" AND ");
}

/** The natural key columns of `table` as a comma-separated SQL list (quoted identifiers). */
export function keyList(table: CanonicalTableName): string {
  return canonicalTables[table].key.map((k) => `"${k}"`).join(", ");
}

/**
 * Upserts `rows` into canonical `table` inside transaction `tx`: rows are appended to a temporary
 * staging table with DuckDB's appender, then merged on the table's natural key (the tables have no
 * PRIMARY KEY constraint: migration 5): with `onConflict` 'replace' (default) rows of the table with
 * a staged key are deleted (through derive.ts `deleteRows`, which notes what they fed for the
 * derived tables) and the staged rows inserted (the file's row wins, so re-importing the same
 * rows changes nothing); with 'ignore' only staged rows whose key is not in the table yet are
 * inserted (a row already there wins). Within `rows`, the last row of a key wins. Returns the number
 * of rows staged.
 * Throws {@link WarehouseError} 'query_failed' when a value does not fit its column (the caller's
 * transaction then rolls back).
 */
export async function upsertRows(
  tx: Transaction,
  table: CanonicalTableName,
  rows: readonly CanonicalRow[],
  onConflict: "replace" | "ignore" = "replace",
): Promise<number> {
  if (rows.length === 0) return 0;
  const stage = `_stage_${table}`;
  const columns = Object.entries(canonicalTables[table].columns) as [string, ColumnSpec][];
  await tx.run(`CREATE OR REPLACE TEMP TABLE ${stage} AS SELECT * FROM ${table} LIMIT 0`);
  let appender: DuckDBAppender | undefined;
  try {
    appender = await tx.connection.createAppender(stage, "main", "temp");
    for (const row of rows) {
      for (const [name, spec] of columns) appendCell(appender, row[name], spec, table, name);
      appender.endRow();
    }
    appender.flushSync();
  } catch (cause) {
    if (cause instanceof WarehouseError) throw cause;
    throw new WarehouseError("query_failed", `Staging rows for ${table} failed: ${(cause as Error).message}`, {
      cause,
    });
  } finally {
    appender?.closeSync();
  }
  const last = `QUALIFY row_number() OVER (PARTITION BY ${keyList(table)} ORDER BY rowid DESC) = 1`;
  if (onConflict === "replace") {
    await deleteRows(tx, table, `SEMI JOIN ${stage} AS s ON ${sameKey(table, "t", "s")}`);
    await tx.run(`INSERT INTO ${table} SELECT * FROM ${stage} ${last}`);
  } else {
    await tx.run(
      `INSERT INTO ${table} SELECT * FROM ${stage} AS s WHERE NOT EXISTS (SELECT 1 FROM ${table} AS t WHERE ${sameKey(table, "t", "s")}) ${last}`,
    );
  }
  await tx.run(`DROP TABLE ${stage}`);
  return rows.length;
}

function appendCell(a: DuckDBAppender, value: unknown, spec: ColumnSpec, table: string, column: string): void {
  if (value === null || value === undefined) {
    if (!spec.nullable) throw new WarehouseError("query_failed", `${table}.${column} is required but was empty`);
    a.appendNull();
    return;
  }
  switch (spec.type) {
    case "VARCHAR":
      a.appendVarchar(String(value));
      return;
    case "JSON":
      a.appendVarchar(typeof value === "string" ? value : JSON.stringify(value));
      return;
    case "BOOLEAN":
      a.appendBoolean(Boolean(value));
      return;
    case "INTEGER":
      a.appendInteger(Number(value));
      return;
    case "BIGINT":
      a.appendBigInt(BigInt(value as number));
      return;
    case "DOUBLE":
      a.appendDouble(Number(value));
      return;
    case "TIMESTAMP": {
      const ms = value instanceof Date ? value.getTime() : Date.parse(String(value));
      if (!Number.isFinite(ms))
        throw new WarehouseError("query_failed", `${table}.${column}: invalid instant ${String(value)}`);
      a.appendTimestamp(timestampValue(BigInt(ms) * 1000n));
      return;
    }
  }
}
