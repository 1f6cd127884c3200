/**
 * The fact rows of one report's current window, for text that no figure aggregates: the reasons of
 * failed checks, call topics, intents and closing reasons behind a narrative report's "common
 * issues" (seed 000). The rows are chosen exactly as the report's figures choose them (the same
 * fact CTE: window in the query's zone, filters, segment), so a count of them is the report's count
 * over the same scope. Only columns of the fact's own canonical table are read; every value is a
 * bound parameter, and column names come from the canonical schema.
 */
import { canonicalTables } from "@tallyline/warehouse/schema";
import { resolveParameters } from "./compile";
import type { Predicate, ReportDefinition } from "./definition";
import { type Dialect, duckdb } from "./dialect";
import { ReportError } from "./errors";
import { planReport, type RunOptions } from "./run";
import { factCte, Params, type SqlParam } from "./sql";

/** Most rows {@link compileScopeRows} returns (a bound on memory; the caller states when it is reached). */
export const MAX_SCOPE_ROWS = 200_000;

/** What to read: columns of the report's fact table, an extra condition, and at most `limit` rows. */
export interface ScopeRowsOptions extends RunOptions {
  /** Columns of the fact's canonical table (checked against the schema). */
  readonly columns: readonly string[];
  /** Rows must also meet this (e.g. `{ column: 'passed', equals: false }`). */
  readonly where?: Predicate;
  /** Most rows, 1..{@link MAX_SCOPE_ROWS} (default {@link MAX_SCOPE_ROWS}). */
  readonly limit?: number;
  /**
   * Group the rows by `columns` instead: each group gives the columns, `n` (its rows) and
   * `examples` (the first `maxExamples` values of column `examples`, in order). Used to count
   * texts without moving every row out of the database.
   */
  readonly group?: { readonly examples: string; readonly maxExamples: number };
}

/**
 * SQL and parameters reading `columns` of the rows behind report `def` for `rawQuery` (current
 * window only), ordered by the columns for a stable result. Throws ReportError 'invalid_query' for
 * a bad query or a filter the report cannot take, 'invalid_definition' for a column the table does
 * not have or a derived/interval fact (those rows are not canonical rows).
 */
export function compileScopeRows(
  def: ReportDefinition,
  rawQuery: unknown,
  options: ScopeRowsOptions,
): { sql: string; params: SqlParam[] } {
  if (def.derived || def.intervals)
    throw new ReportError("invalid_definition", `Report ${def.id} reads no canonical rows`);
  const table = (canonicalTables as Record<string, { columns: Record<string, unknown> }>)[def.table];
  if (!table) throw new ReportError("invalid_definition", `Report ${def.id} reads unknown table ${def.table}`);
  for (const c of [...options.columns, ...(options.group ? [options.group.examples] : [])])
    if (!Object.hasOwn(table.columns, c))
      throw new ReportError("invalid_definition", `Table ${def.table} has no column ${c}`);
  const plan = planReport(def, rawQuery, options);
  const d: Dialect = options.dialect ?? duckdb;
  const ps = new Params(d, resolveParameters(def, plan.query));
  const cte = factCte("scope", def, plan.query, plan.period, d, ps, {
    currentOnly: true,
    ...(options.where ? { where: options.where } : {}),
  });
  const cols = options.columns.map((c) => d.ident(c));
  const limit = Math.max(1, Math.min(options.limit ?? MAX_SCOPE_ROWS, MAX_SCOPE_ROWS));
  const g = options.group;
  const sql = g
    ? `WITH ${cte}\nSELECT ${cols.join(", ")}, count(*) AS n, list(${d.ident(g.examples)} ORDER BY ${d.ident(g.examples)})[1:${ps.integer(Math.max(1, Math.min(g.maxExamples, 100)))}] AS examples FROM scope GROUP BY ${cols.join(", ")} ORDER BY ${cols.join(", ")} LIMIT ${ps.integer(limit)}`
    : `WITH ${cte}\nSELECT ${cols.join(", ")} FROM scope ORDER BY ${cols.join(", ")} LIMIT ${ps.integer(limit)}`;
  return { sql, params: ps.values };
}
