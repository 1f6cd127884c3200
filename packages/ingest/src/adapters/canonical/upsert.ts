/**
 * Writes a canonical file's good rows into their canonical table, keyed by its natural key, paying for
 * conflict handling only where it is needed:
 * - {@link countRows} counts the bad rows, the good rows and their distinct keys, and whether the
 *   table already has rows;
 * - a key repeated inside the file keeps the file's last row: only a file that repeats one is
 *   de-duplicated (a window over the rows, by `_pos`);
 * - into an empty table the rows go with a plain INSERT; into a table with rows, with INSERT OR
 *   REPLACE, so rows whose keys exist are replaced whole (every column, NULL where the file has none).
 *   (DELETE of the existing keys then INSERT was measured 30x slower: DuckDB deletes from the
 *   PRIMARY KEY index row by row.)
 */
import { type ColumnSpec, canonicalTables, type Transaction } from "@tallyline/warehouse";
import type { Source } from "./source";
import { columnsOf, type LoadableTable, SOURCE } from "./tables";
import { castOf, ident } from "./values";

/** The file's rows counted: with a problem, without one, distinct keys among the latter; and whether the table has rows. */
export interface RowCounts {
  readonly bad: number;
  readonly good: number;
  readonly keys: number;
  readonly filled: boolean;
}

/** The typed key values of a row of `table`, as a comma-separated SQL list over its text columns. */
function keyValues(table: LoadableTable): string {
  const key = canonicalTables[table].key as readonly string[];
  return columnsOf(table)
    .filter(([c]) => key.includes(c))
    .map(([c, spec]) => castOf(c, spec))
    .join(", ");
}

/**
 * Counts the rows of `from` (an SQL FROM item over the file, ./source.ts) in one parallel scan
 * (grouped by key); `bad` is the SQL predicate of a row with a problem. Only when some rows are bad
 * does a second scan count the distinct keys of the good ones.
 */
export async function countRows(
  tx: Transaction,
  table: LoadableTable,
  from: string,
  bad: string | undefined,
): Promise<RowCounts> {
  const isBad = `coalesce(${bad ?? "false"}, false)`;
  const [row] = await tx.query<{ total: number; bad: number; keys: number; filled: boolean }>(
    `SELECT coalesce(sum(n), 0) AS total, coalesce(sum(nb), 0) AS bad, count(*) AS keys,
            EXISTS (SELECT 1 FROM ${table}) AS filled
     FROM (SELECT count(*) AS n, count(*) FILTER (WHERE ${isBad}) AS nb FROM ${from} GROUP BY ${keyValues(table)})`,
  );
  const { total = 0, bad: badRows = 0, keys = 0, filled = false } = row ?? {};
  if (badRows === 0) return { bad: 0, good: total, keys, filled };
  const [good] = await tx.query<{ keys: number }>(
    `SELECT count(*) AS keys FROM (SELECT DISTINCT ${keyValues(table)} FROM ${from} WHERE NOT ${isBad})`,
  );
  return { bad: badRows, good: total - badRows, keys: good?.keys ?? 0, filled };
}

/** How to write: leave out rows matching `bad`; keep each key's last row (needs `_pos`); replace existing rows. */
export interface UpsertPlan {
  readonly bad: string | undefined;
  readonly dedupe: boolean;
  readonly replace: boolean;
}

/**
 * Upserts the rows of `source` into `table` as `plan` says, with `import_id` = `importId` and
 * `source` = the row's own non-empty value or 'canonical'. Dedupe needs a positioned source.
 */
export async function upsertRows(
  tx: Transaction,
  table: LoadableTable,
  source: Source,
  importId: string,
  plan: UpsertPlan,
): Promise<void> {
  const written = (column: string, spec: ColumnSpec): string => {
    if (column === "import_id") return "$1";
    if (column === "source") return source.columns.includes(column) ? `coalesce("source", '${SOURCE}')` : `'${SOURCE}'`;
    return source.columns.includes(column) ? castOf(column, spec) : "NULL";
  };
  const specs = columnsOf(table);
  const good = plan.bad === undefined ? "" : `WHERE NOT coalesce(${plan.bad}, false)`;
  const last = plan.dedupe ? `QUALIFY row_number() OVER (PARTITION BY ${keyValues(table)} ORDER BY _pos DESC) = 1` : "";
  await tx.run(
    `INSERT ${plan.replace ? "OR REPLACE " : ""}INTO ${table} (${specs.map(([c]) => ident(c)).join(", ")})
     SELECT ${specs.map(([c, spec]) => written(c, spec)).join(", ")} FROM (SELECT * FROM ${source.from} ${good} ${last})`,
    [importId],
  );
}
