import { StatementType } from "@duckdb/node-api";
import { canonicalTables } from "./schema";

/** Any canonical table's name (those of schema.ts: written, derived, and `imports`) as a word, in any case. */
const dataTable = new RegExp(`\\b(?:${Object.keys(canonicalTables).join("|")})\\b`, "i");

/**
 * True when a statement that ran on the write connection may have changed report data, and so must
 * move the data version (Warehouse.dataVersion): unless it was a plain read (one SELECT or EXPLAIN
 * statement), when its text names a canonical table (schema.ts, `imports` and the derived tables
 * included) anywhere. Conservative by design: a false "yes" only costs a cache miss, a false "no"
 * would serve stale numbers; statements that touch only application state (users, sessions, keys)
 * name no canonical table and leave cached reports alone. `type` is DuckDB's type of the last statement.
 */
export function changesData(sql: string, type: StatementType): boolean {
  const plainRead = (type === StatementType.SELECT || type === StatementType.EXPLAIN) && !severalStatements(sql);
  return !plainRead && dataTable.test(sql);
}

/** String literals, quoted identifiers and comments, whose ';' do not end a statement. */
const quotedOrComment = /'(?:[^']|'')*'|"(?:[^"]|"")*"|--[^\n]*|\/\*[\s\S]*?\*\//g;

/** True when `sql` may hold more than one statement (a ';' outside quotes and comments, but at its end). */
function severalStatements(sql: string): boolean {
  return sql.replace(quotedOrComment, "").trimEnd().replace(/;$/, "").includes(";");
}
