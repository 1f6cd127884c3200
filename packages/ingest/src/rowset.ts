import { type CanonicalRow, type CanonicalTableName, canonicalTables } from "@tallyline/warehouse";
import type { CanonicalRows } from "./adapter";

/** Canonical rows of one import, de-duplicated by each table's natural key (the later row wins). */
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
      for (const row of list) m.set(key.map((k) => String(row[k])).join("\u0000"), row);
    }
  }

  byTable(): CanonicalRows {
    const out: CanonicalRows = {};
    for (const [table, m] of this.#tables) out[table] = [...m.values()];
    return out;
  }
}
