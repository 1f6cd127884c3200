import { canonicalTables, type Warehouse } from "@tallyline/warehouse";

/** Row count and an order-independent hash of every row, per canonical table (for "nothing changed" checks). */
export async function tableChecksums(wh: Warehouse): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of Object.keys(canonicalTables)) {
    const [row] = await wh.query(`SELECT count(*) AS n, coalesce(sum(hash(t)), 0)::VARCHAR AS h FROM ${table} t`);
    out[table] = `${row?.n}:${row?.h}`;
  }
  return out;
}
