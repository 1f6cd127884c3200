import { type CanonicalRow, type CanonicalTableName, canonicalTables } from "@tallyline/warehouse";
import type { CanonicalRows } from "./adapter";

/**
 * Marks a reference row: one written only so that its key exists (e.g. a campaign an export names
 * by id only). It never overwrites a row with the same key, in the file or in the database.
 */
export const REFERENCE: unique symbol = Symbol("reference");

/** `row` marked as a reference (see {@link REFERENCE}). */
export function reference(row: CanonicalRow): CanonicalRow {
  return Object.assign(row, { [REFERENCE]: true });
}

/** True when `row` is a reference row. */
export function isReference(row: CanonicalRow): boolean {
  return (row as { [REFERENCE]?: boolean })[REFERENCE] === true;
}

/**
 * Canonical rows of one import, de-duplicated by each table's natural key: the later row wins,
 * except that a reference row never replaces a full one.
 */
export class RowSet {
  readonly #tables = new Map<CanonicalTableName, Map<string, CanonicalRow>>();

  add(rows: CanonicalRows): void {
    for (const [table, list] of Object.entries(rows) as [CanonicalTableName, CanonicalRow[]][]) {
      let m = this.#tables.get(table);
      if (!m) {
        m = new Map();
        this.#tables.set(table, m);
      }
      const key = canonicalTables[table].key;
      for (const row of list) {
        const k = key.map((c) => String(row[c])).join("\u0000");
        const held = m.get(k);
        if (held && isReference(row) && !isReference(held)) continue;
        m.set(k, row);
      }
    }
  }

  byTable(): CanonicalRows {
    const out: CanonicalRows = {};
    for (const [table, m] of this.#tables) out[table] = [...m.values()];
    return out;
  }
}
