/**
 * Which source tables hold rows: the report list marks each report `hasData` from it, so the
 * Overview shows only the areas (categories) present in the data and hides the others instead of
 * showing zeros. Read once per data version on the read pool (the report runner's memo).
 */
import type { ReportDefinition } from "@tallyline/report-defs";
import { isCanonicalTable } from "@tallyline/warehouse";
import type { Services } from "./env";
import { type PoolReader, reportRunner } from "./services/reportRunner";

/**
 * The table whose rows a report counts: its fact, or for a derived fact (e.g. `contact_first_seen`
 * derived from `conversations`) the canonical table it is derived from.
 */
export function sourceTable(def: Pick<ReportDefinition, "table" | "derived">): string {
  return def.derived?.from ?? def.table;
}

/**
 * The canonical tables among `tables` that hold at least one row (one statement: an EXISTS per
 * table). Names that are not canonical tables are left out unread (identifiers only from the
 * schema, never from input).
 */
export async function tablesWithRows(q: PoolReader, tables: Iterable<string>): Promise<Set<string>> {
  const canonical = [...new Set(tables)].filter(isCanonicalTable).sort();
  if (canonical.length === 0) return new Set();
  const parts = canonical.map((t, i) => `SELECT $${i + 1} AS t, EXISTS (SELECT 1 FROM ${t}) AS has`);
  const rows = await q.query<{ t: string; has: boolean }>(parts.join(" UNION ALL "), canonical);
  return new Set(rows.filter((r) => r.has).map((r) => r.t));
}

/**
 * For each report of the registry, whether its source table ({@link sourceTable}) holds any row
 * (the whole database, any day): a `Map` from report id to true/false. A report over a table that
 * is not canonical counts as having data (it cannot be probed, and hiding it would be worse).
 * Memoised per data version, so the list's cost is one probe per import.
 */
export async function reportsWithData(services: Services): Promise<Map<string, boolean>> {
  const defs = services.registry.list();
  const present = await reportRunner(services).memo("tables-with-rows", (q) =>
    tablesWithRows(q, defs.map(sourceTable)),
  );
  return new Map(defs.map((d) => [d.id, !isCanonicalTable(sourceTable(d)) || present.has(sourceTable(d))]));
}
