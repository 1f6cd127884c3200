import { canonicalTables, type Warehouse } from "@tallyline/warehouse";

/**
 * Row count and an order-independent hash of every row (`count:sum of row hashes`), per table, for
 * "nothing changed" checks: every canonical table by name (`imports` included), then every other
 * table of the database as `database.schema.table` (`schema_migrations`, and any table an import
 * left behind, temporary ones too).
 */
export async function tableChecksums(wh: Warehouse): Promise<Record<string, string>> {
  const canonical = Object.keys(canonicalTables);
  const others = await wh.query<{ name: string }>(
    `SELECT format('"{}"."{}"."{}"', database_name, schema_name, table_name) AS name FROM duckdb_tables()
     WHERE NOT internal AND NOT (schema_name = 'main' AND NOT temporary AND table_name IN (${canonical.map((t) => `'${t}'`).join(", ")}))
     ORDER BY name`,
  );
  const out: Record<string, string> = {};
  for (const table of [...canonical, ...others.map((o) => o.name)]) {
    const [row] = await wh.query(`SELECT count(*) AS n, coalesce(sum(hash(t)), 0)::VARCHAR AS h FROM ${table} t`);
    out[table] = `${row?.n}:${row?.h}`;
  }
  return out;
}
