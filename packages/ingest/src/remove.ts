/**
 * Removing imports: the rows an import last wrote, its `imports` row, and what was derived from them.
 * Used to take the demo data out before a user's own import (docs/ingest.md "Demo data"), by
 * `tallyline demo remove`, and (issue 11) to delete one import through the API.
 */
import {
  type CanonicalTableName,
  canonicalTables,
  deleteRows,
  isWrittenTable,
  noteChangedRows,
  refreshDerived,
  type Transaction,
  Warehouse,
  type WrittenTableName,
} from "@tallyline/warehouse";

/** Source id of the built-in demo data (packages/synth `loadDemo`): always one import. */
export const DEMO_SOURCE = "demo";

/** Every table adapters and files write (schema.ts `isWrittenTable`), in schema order. */
export const WRITTEN_TABLES: readonly WrittenTableName[] = (
  Object.keys(canonicalTables) as CanonicalTableName[]
).filter(isWrittenTable);

/** What {@link removeImports} removed. */
export interface RemovedImports {
  /** The ids of `importIds` that were in `imports` (ids not found are left out). */
  readonly importIds: readonly string[];
  /** Rows deleted per written table (tables without any are left out). */
  readonly rowsByTable: Readonly<Record<string, number>>;
  /** Sum of `rowsByTable`. */
  readonly rows: number;
}

/**
 * Removes imports: deletes, from every written table, exactly the rows whose `import_id` is one of
 * `importIds` (the rows those imports last wrote: a row a later import wrote again belongs to the
 * later one and stays), deletes their `imports` rows, and brings the derived data up to date as if
 * the rows had never been written: the results of a removed call lose the call's start (no period
 * counts them, as when the call was never imported), then `refreshDerived`
 * (packages/warehouse/src/derive.ts: the rows go through `deleteRows`, which notes what they fed)
 * recomputes `call_quality` for the calls involved, resets the contact-centre flags from the
 * remaining assignments and rebuilds the summaries (`check_quality`, `message_minutes`, the
 * per-entity quarter-hour tables) the removed tables feed.
 *
 * Not undone: keys that rows of *other* imports copied from a removed row when they were written
 * (a message's campaign and contact from its conversation, a check result's agent and campaign from
 * its call) stay on those rows. The demo shares no key with any other source, so removing it
 * leaves nothing of the kind.
 *
 * `target` is a {@link Warehouse} (one transaction is opened) or a transaction of one (the removal
 * then commits or rolls back with it). Ids are bound as parameters. Throws WarehouseError
 * 'query_failed' when a statement fails; in its own transaction nothing is then removed.
 */
export async function removeImports(
  target: Warehouse | Transaction,
  importIds: readonly string[],
): Promise<RemovedImports> {
  if (target instanceof Warehouse) return target.transaction((tx) => removeImports(tx, importIds));
  const tx = target;
  const none: RemovedImports = { importIds: [], rowsByTable: {}, rows: 0 };
  if (importIds.length === 0) return none;
  const ids = [...new Set(importIds)];
  const list = ids.map((_, i) => `$${i + 1}`).join(", ");
  const found = await tx.query<{ import_id: string }>(
    `SELECT import_id FROM imports WHERE import_id IN (${list}) ORDER BY import_id`,
    ids,
  );
  if (found.length === 0) return none;

  const rowsByTable: Record<string, number> = {};
  for (const table of WRITTEN_TABLES) {
    const [row] = await tx.query<{ n: number }>(
      `SELECT count(*)::INTEGER AS n FROM ${table} WHERE import_id IN (${list})`,
      ids,
    );
    if (row && row.n > 0) rowsByTable[table] = row.n;
  }
  const callsTouched = Boolean(rowsByTable.calls || rowsByTable.call_check_results);
  if (callsTouched) {
    await tx.run(
      `CREATE OR REPLACE TEMP TABLE _removed_calls AS
       SELECT call_id FROM calls WHERE import_id IN (${list})
       UNION SELECT call_id FROM call_check_results WHERE import_id IN (${list})`,
      ids,
    );
  }
  // deleteRows notes what each deleted fact row fed (derive.ts), for refreshDerived below.
  for (const table of Object.keys(rowsByTable) as WrittenTableName[]) {
    await deleteRows(tx, table, `WHERE t.import_id IN (${list})`, ids);
  }
  await tx.run(`DELETE FROM imports WHERE import_id IN (${list})`, ids);
  if (callsTouched) await forgetRemovedCallStarts(tx);
  // call_quality and check_quality of the removed calls follow from the noted rows here.
  await refreshDerived(tx);
  return {
    importIds: found.map((r) => r.import_id),
    rowsByTable,
    rows: Object.values(rowsByTable).reduce((a, b) => a + b, 0),
  };
}

/**
 * For the calls in `_removed_calls`: results whose call is gone lose its start (noted first, so
 * that `refreshDerived` recomputes what they fed: derive.ts); then drops the temp table.
 */
async function forgetRemovedCallStarts(tx: Transaction): Promise<void> {
  const orphaned = `WHERE t.call_started_at IS NOT NULL AND t.call_id IN (SELECT call_id FROM _removed_calls)
      AND t.call_id NOT IN (SELECT call_id FROM calls)`;
  // An in-place change of fact rows is noted before (old instants) and after (new ones): derive.ts.
  await noteChangedRows(tx, "call_check_results", orphaned);
  await tx.run(`UPDATE call_check_results AS t SET call_started_at = NULL ${orphaned}`);
  await tx.run("DROP TABLE _removed_calls");
}

/** Ids of the demo imports in the database (source {@link DEMO_SOURCE}), oldest first; usually none or one. */
export async function demoImportIds(q: Pick<Transaction, "query">): Promise<string[]> {
  const rows = await q.query<{ import_id: string }>(
    "SELECT import_id FROM imports WHERE source = $1 ORDER BY started_at, import_id",
    [DEMO_SOURCE],
  );
  return rows.map((r) => r.import_id);
}

/**
 * Removes every demo import ({@link removeImports} of {@link demoImportIds}); nothing when there is
 * none. The import transaction calls it before it writes (import.ts), so the demo never mixes with
 * a user's own rows.
 */
export async function removeDemo(target: Warehouse | Transaction): Promise<RemovedImports> {
  if (target instanceof Warehouse) return target.transaction((tx) => removeDemo(tx));
  return removeImports(target, await demoImportIds(target));
}

/**
 * What the database holds: `rows`, true when any written table has a row; `ownRows`, true when a
 * written table has a row of an import that is not the demo (or of no recorded import).
 * Each is one `LIMIT 1` probe per table.
 */
export async function databaseContents(q: Pick<Transaction, "query">): Promise<{ rows: boolean; ownRows: boolean }> {
  const demo = new Set(await demoImportIds(q));
  let rows = false;
  for (const table of WRITTEN_TABLES) {
    const own = await q.query<{ import_id: string }>(
      `SELECT import_id FROM ${table} WHERE import_id NOT IN (SELECT import_id FROM imports WHERE source = $1) LIMIT 1`,
      [DEMO_SOURCE],
    );
    if (own.length > 0) return { rows: true, ownRows: true };
    if (!rows && demo.size > 0) rows = (await q.query(`SELECT 1 FROM ${table} LIMIT 1`)).length > 0;
  }
  return { rows, ownRows: false };
}
