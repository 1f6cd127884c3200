/**
 * Value problems of a canonical file, found with SQL over its rows (./source.ts): a required column
 * left empty, a value that does not read as its column's type, a timestamp outside the years
 * 1970-2099 (./values.ts), a value that cannot be true (./rules.ts).
 */
import type { Transaction } from "@tallyline/warehouse";
import type { RowIssue } from "../../errors";
import { rulesFor } from "./rules";
import type { Source } from "./source";
import { columnsOf, FILLED_COLUMNS, type LoadableTable } from "./tables";
import { type Check, castOf, checksOf, ident, nulCheck } from "./values";

/** At most this many problems are listed (in file order); every row with a problem is left out regardless. */
export const LISTED_ISSUES = 10_000;

/**
 * The checks of every column of `table` that the file has; with `nul` (the file holds a NUL byte: only
 * then, as the check costs a scan of every text), also a NUL character in any value.
 */
export function checksFor(table: LoadableTable, columns: readonly string[], nul = false): Check[] {
  const specs = new Map(columnsOf(table));
  const typed = (c: string) => {
    const spec = specs.get(c);
    if (!spec) throw new Error(`${table} has no column ${c}`);
    return castOf(c, spec);
  };
  return [
    ...columnsOf(table)
      .filter(([c]) => columns.includes(c))
      .flatMap(([c, spec]) => [...checksOf(c, spec, FILLED_COLUMNS.includes(c)), ...(nul ? [nulCheck(c)] : [])]),
    ...rulesFor(table, columns).map((r) => ({
      column: r.column,
      bad: `coalesce(${r.broken(typed)}, false)`,
      reason: r.reason,
    })),
  ];
}

/** The SQL predicate true for rows with any problem, or undefined when `checks` is empty. */
export function anyBad(checks: readonly Check[]): string | undefined {
  return checks.length === 0 ? undefined : checks.map((c) => `(${c.bad})`).join(" OR ");
}

/**
 * The problems of the rows of `source` (which must be positioned), in file order (then column order),
 * each with its physical line (its row number for Parquet). When there are more than
 * {@link LISTED_ISSUES}, a last issue says so.
 */
export async function findIssues(
  tx: Transaction,
  file: string,
  source: Source,
  checks: readonly Check[],
): Promise<RowIssue[]> {
  if (checks.length === 0) return [];
  const union = checks
    .map((c, k) => {
      const other = c.otherReason ? `coalesce(${c.otherReason.when}, false)` : "false";
      return `SELECT _pos, ${k} AS k, ${ident(c.column)} AS value, ${other} AS other FROM ${source.from} WHERE ${c.bad}`;
    })
    .join(" UNION ALL ");
  const found = await tx.query<{ _pos: number; k: number; value: string | null; other: boolean }>(
    `SELECT _pos, k, value, other FROM (${union}) ORDER BY _pos, k LIMIT ${LISTED_ISSUES + 1}`,
  );
  const lines = source.lines(found.map((f) => f._pos));
  const issues: RowIssue[] = found.slice(0, LISTED_ISSUES).map((f) => {
    const check = checks[f.k] as Check;
    return {
      file,
      line: lines.get(f._pos) ?? f._pos,
      column: check.column,
      value: (f.value ?? "").replaceAll("\u0000", "\\0"),
      reason: f.other && check.otherReason ? check.otherReason.reason : check.reason,
    };
  });
  const more = found[LISTED_ISSUES];
  if (more) {
    issues.push({
      file,
      line: lines.get(more._pos) ?? more._pos,
      column: "-",
      value: "",
      reason: `more problems from here on are not listed (only the first ${LISTED_ISSUES} are); every row with a problem is left out`,
    });
  }
  return issues;
}
