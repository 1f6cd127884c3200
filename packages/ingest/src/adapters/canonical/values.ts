/**
 * SQL over the staging table, where every value is still text: which values are wrong for their
 * column (as SQL predicates, so DuckDB finds them in one pass), and the expression that turns a good
 * text into the column's type.
 *
 * Accepted text per type (docs/canonical-format.md repeats it):
 * - TIMESTAMP: what DuckDB reads as a timestamp, e.g. '2024-03-05 09:00:00', '2024-03-05T09:00:00.250Z',
 *   '2024-03-05' (midnight). Without an offset the time is UTC; with one ('+01:00') it is converted to
 *   UTC (see utcTimestamp).
 * - INTEGER / BIGINT: a whole number ('12', '12.0', '1e3'); '1.5' is refused rather than rounded.
 * - DOUBLE: a finite number ('12.5', '1e3'); 'nan' and 'inf' are refused.
 * - BOOLEAN: 'true' or 'false', any case.
 * - JSON: valid JSON text.
 */
import type { ColumnSpec, ColumnType } from "@tallyline/warehouse";

/** Quotes a column name (all names come from schema.ts) as an SQL identifier. */
export const ident = (name: string): string => `"${name}"`;

/**
 * Text to a UTC TIMESTAMP. DuckDB's TIMESTAMP cast reads 'Z' but silently drops any other offset, and
 * the TIMESTAMPTZ cast, which applies offsets, is several times slower (ICU). So a text that may hold
 * an offset ('+' anywhere, or '-' in its last 6 characters after a date and time) takes the
 * TIMESTAMPTZ cast (the session zone is UTC), every other one the plain cast. A '-' offset always
 * follows at least 'YYYY-MM-DDTHH:MM', so it is never missed; a false alarm only costs time.
 */
function utcTimestamp(v: string): string {
  const offset = `contains(${v}, '+') OR (length(${v}) > 16 AND contains(right(${v}, 6), '-'))`;
  return `CASE WHEN ${offset} THEN TRY_CAST(${v} AS TIMESTAMPTZ)::TIMESTAMP ELSE TRY_CAST(${v} AS TIMESTAMP) END`;
}

/** How text becomes one type: the cast, and the test a text must pass first (none for VARCHAR). */
interface TypeRule {
  readonly cast: (v: string) => string;
  readonly check?: { readonly valid: (v: string) => string; readonly reason: string };
}

const WHOLE = "is not a whole number";

const RULES: Readonly<Record<ColumnType, TypeRule>> = {
  VARCHAR: { cast: (v) => v },
  JSON: { cast: (v) => v, check: { valid: (v) => `json_valid(${v})`, reason: "is not valid JSON" } },
  INTEGER: {
    cast: (v) => `TRY_CAST(${v} AS INTEGER)`,
    check: { valid: (v) => `TRY_CAST(${v} AS DOUBLE) = TRY_CAST(${v} AS INTEGER)`, reason: WHOLE },
  },
  BIGINT: {
    cast: (v) => `TRY_CAST(${v} AS BIGINT)`,
    check: { valid: (v) => `TRY_CAST(${v} AS DOUBLE) = TRY_CAST(${v} AS BIGINT)`, reason: WHOLE },
  },
  DOUBLE: {
    cast: (v) => `TRY_CAST(${v} AS DOUBLE)`,
    check: { valid: (v) => `isfinite(TRY_CAST(${v} AS DOUBLE))`, reason: "is not a finite number" },
  },
  BOOLEAN: {
    cast: (v) => `lower(trim(${v})) = 'true'`,
    check: { valid: (v) => `lower(trim(${v})) IN ('true', 'false')`, reason: "is not true or false" },
  },
  TIMESTAMP: {
    cast: utcTimestamp,
    check: {
      valid: (v) => `isfinite(${utcTimestamp(v)})`,
      reason: "is not a timestamp 'YYYY-MM-DD HH:MM:SS[.fff]' (UTC, optionally ending in Z)",
    },
  },
};

/** One way a value can be wrong: an SQL predicate over the staging table, true for the bad rows. */
export interface Check {
  readonly column: string;
  readonly bad: string;
  readonly reason: string;
}

/**
 * The checks of column `name`: empty while required (unless `filled`: the import supplies it), and
 * not readable as its type. A value is empty when the CSV field is empty or the JSON value null/absent.
 */
export function checksOf(name: string, spec: ColumnSpec, filled: boolean): Check[] {
  const v = ident(name);
  const typed = RULES[spec.type].check;
  return [
    ...(!spec.nullable && !filled ? [{ column: name, bad: `${v} IS NULL`, reason: "is required but empty" }] : []),
    ...(typed
      ? [{ column: name, bad: `${v} IS NOT NULL AND NOT coalesce(${typed.valid(v)}, false)`, reason: typed.reason }]
      : []),
  ];
}

/** The SQL expression giving column `name`'s typed value from its (checked) text. */
export const castOf = (name: string, spec: ColumnSpec): string => RULES[spec.type].cast(ident(name));

/** A NUL character in column `name`'s text (shown as \0 in issues): a damaged file, never a value. */
export const nulCheck = (name: string): Check => ({
  column: name,
  bad: `coalesce(contains(${ident(name)}, chr(0)), false)`,
  reason: "contains a NUL character (shown as \\0): the file is damaged or not plain text",
});
