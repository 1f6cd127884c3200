import type { DuckDBResultReader, DuckDBType } from "@duckdb/node-api";

/** A JSON-safe cell value as the warehouse returns it. */
export type Cell = string | number | boolean | null | Cell[] | { [key: string]: Cell };

/** A result row: column name to JSON-safe value. */
export type Row = Record<string, Cell>;

/**
 * Converts one value from `getRowObjectsJS()` into a JSON-safe cell.
 * BIGINT/HUGEINT become numbers when they fit in a double exactly, else decimal strings;
 * DATE becomes 'YYYY-MM-DD'; TIMESTAMP becomes an ISO-8601 UTC string ('...Z').
 */
export function toCell(value: unknown, type: DuckDBType | undefined): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === "bigint") {
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)
      ? Number(value)
      : value.toString();
  }
  if (value instanceof Date) {
    const iso = value.toISOString();
    return String(type) === "DATE" ? iso.slice(0, 10) : iso;
  }
  if (Array.isArray(value)) return value.map((v) => toCell(v, undefined));
  if (typeof value === "object") {
    const out: Record<string, Cell> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toCell(v, undefined);
    return out;
  }
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  return String(value);
}

/** Every row of a read result as JSON-safe objects (column name to {@link toCell} of its value). */
export function rowsOf<T extends Row = Row>(reader: DuckDBResultReader): T[] {
  const types = reader.columnTypes();
  const names = reader.columnNames();
  return reader.getRowsJS().map((values) => {
    const row: Row = {};
    names.forEach((name, i) => {
      row[name] = toCell(values[i], types[i]);
    });
    return row as T;
  });
}
