/**
 * SQL over the staging table, where every value is still text: which values are wrong for their
 * column (as SQL predicates, so DuckDB finds them in one pass), and the expression that turns a good
 * text into the column's type.
 *
 * Accepted text per type (docs/canonical-format.md repeats it):
 * - TIMESTAMP: what DuckDB reads as a timestamp, e.g. '2024-03-05 09:00:00', '2024-03-05T09:00:00.250Z',
 *   '2024-03-05' (midnight). Without an offset the time is UTC; with one ('+01:00') it is converted to
 *   UTC (see utcTimestamp). The UTC instant must fall in the years MIN_YEAR-MAX_YEAR of the
 *   warehouse's time.ts (1970-2099), the rule of every adapter.
 * - INTEGER / BIGINT: a whole number ('12', '12.0', '1e3'); '1.5' is refused rather than rounded.
 * - DOUBLE: a finite number ('12.5', '1e3'); 'nan' and 'inf' are refused.
 * - BOOLEAN: 'true' or 'false', any case.
 * - JSON: valid JSON text.
 */
import type { ColumnSpec, ColumnType } from "@tallyline/warehouse";
import { MAX_YEAR, MIN_YEAR, YEAR_RANGE_REASON } from "@tallyline/warehouse/time";

/** Quotes a column name (all names come from schema.ts) as an SQL identifier. */
export const ident = (name: string): string => `"${name}"`;

/**
 * Text to a UTC TIMESTAMP. DuckDB's TIMESTAMP cast reads 'Z' but silently drops any other offset, and
 * the TIMESTAMPTZ cast, which applies offsets, is several times slower (ICU). So a text that may hold
 * an offset ('+' anywhere, or '-' in its last 9 characters after a date and time, which holds
 * '-00:44:30', an offset with seconds) takes the TIMESTAMPTZ cast (the session zone is UTC), every
 * other one the plain cast. A '-' offset always follows at least 'YYYY-MM-DDTHH:MM', so it is never
 * missed; a false alarm only costs time.
 */
function utcTimestamp(v: string): string {
  const offset = `contains(${v}, '+') OR (length(${v}) > 16 AND contains(right(${v}, 9), '-'))`;
  return `CASE WHEN ${offset} THEN TRY_CAST(${v} AS TIMESTAMPTZ)::TIMESTAMP ELSE TRY_CAST(${v} AS TIMESTAMP) END`;
}

/**
 * The test a text must pass to be cast, and why it fails; `otherReason` gives a more precise reason
 * for the failing texts where its own predicate holds (worked out only for the rows an error lists,
 * so the test stays one predicate on the fast path).
 */
interface TypeCheck {
  readonly valid: (v: string) => string;
  readonly reason: string;
  readonly otherReason?: { readonly when: (v: string) => string; readonly reason: string };
}

/**
 * How text becomes one type: the cast, and the test a text must pass first (none for VARCHAR);
 * `fast` is the fast path's test (./upsert.ts), over the text `v` and its cast value `t` (computed
 * once): true only for texts `check` accepts and that `cast` turns into `t`. It may be stricter
 * (a text it refuses sends the file to the careful path, which decides), never looser.
 */
interface TypeRule {
  readonly cast: (v: string) => string;
  readonly check?: TypeCheck;
  readonly fast?: (v: string, t: string) => string;
}

const WHOLE = "is not a whole number";

/**
 * SQL true when text `v` reads as a timestamp whose UTC year is MIN_YEAR to MAX_YEAR (time.ts), NULL
 * when it does not read or is infinite (year() is then NULL). One cast for both tests, written with a
 * single reference to it: `BETWEEN` (and `>= AND <=`) would cast every value twice, which was
 * measured to nearly double the check's cost (2M timestamps: 0.53 s of CPU against 0.30 s).
 */
const inYears = (v: string): string => yearsOf(utcTimestamp(v));
const yearsOf = (t: string): string => `abs(2 * year(${t}) - ${MIN_YEAR + MAX_YEAR}) <= ${MAX_YEAR - MIN_YEAR}`;
/** A whole number written plainly ('12', '-3'): its cast printed back is the text ('012', '12.0' and '1e3' go the careful way). */
const plainWhole = (v: string, t: string): string => `${t}::VARCHAR = ${v}`;

const RULES: Readonly<Record<ColumnType, TypeRule>> = {
  VARCHAR: { cast: (v) => v },
  JSON: {
    cast: (v) => v,
    check: { valid: (v) => `json_valid(${v})`, reason: "is not valid JSON" },
    fast: (v) => `json_valid(${v})`,
  },
  INTEGER: {
    cast: (v) => `TRY_CAST(${v} AS INTEGER)`,
    check: { valid: (v) => `TRY_CAST(${v} AS DOUBLE) = TRY_CAST(${v} AS INTEGER)`, reason: WHOLE },
    fast: plainWhole,
  },
  BIGINT: {
    cast: (v) => `TRY_CAST(${v} AS BIGINT)`,
    check: { valid: (v) => `TRY_CAST(${v} AS DOUBLE) = TRY_CAST(${v} AS BIGINT)`, reason: WHOLE },
    fast: plainWhole,
  },
  DOUBLE: {
    cast: (v) => `TRY_CAST(${v} AS DOUBLE)`,
    check: { valid: (v) => `isfinite(TRY_CAST(${v} AS DOUBLE))`, reason: "is not a finite number" },
    fast: (_v, t) => `isfinite(${t})`,
  },
  BOOLEAN: {
    cast: (v) => `lower(trim(${v})) = 'true'`,
    check: { valid: (v) => `lower(trim(${v})) IN ('true', 'false')`, reason: "is not true or false" },
    fast: (v) => `lower(trim(${v})) IN ('true', 'false')`,
  },
  TIMESTAMP: {
    cast: utcTimestamp,
    fast: (_v, t) => yearsOf(t),
    check: {
      valid: inYears,
      reason: "is not a timestamp 'YYYY-MM-DD HH:MM:SS[.fff]' (UTC, optionally ending in Z)",
      otherReason: { when: (v) => `isfinite(${utcTimestamp(v)})`, reason: YEAR_RANGE_REASON },
    },
  },
};

/**
 * One way a value can be wrong: an SQL predicate over the staging table, true for the bad rows, and
 * its reason; for the bad rows where `otherReason.when` (SQL) holds, `otherReason.reason` instead.
 */
export interface Check {
  readonly column: string;
  readonly bad: string;
  readonly reason: string;
  readonly otherReason?: { readonly when: string; readonly reason: string };
}

/**
 * The checks of column `name`: empty while required (unless `filled`: the import supplies it), and
 * not readable as its type (a TIMESTAMP also outside the years 1970-2099). A value is empty when the
 * CSV field is empty or the JSON value null/absent.
 */
export function checksOf(name: string, spec: ColumnSpec, filled: boolean): Check[] {
  const v = ident(name);
  const typed = RULES[spec.type].check;
  const other = typed?.otherReason;
  return [
    ...(!spec.nullable && !filled ? [{ column: name, bad: `${v} IS NULL`, reason: "is required but empty" }] : []),
    ...(typed
      ? [
          {
            column: name,
            bad: `${v} IS NOT NULL AND NOT coalesce(${typed.valid(v)}, false)`,
            reason: typed.reason,
            ...(other ? { otherReason: { when: other.when(v), reason: other.reason } } : {}),
          },
        ]
      : []),
  ];
}

/** The SQL expression giving column `name`'s typed value from its (checked) text. */
export const castOf = (name: string, spec: ColumnSpec): string => RULES[spec.type].cast(ident(name));

/**
 * The fast path's problem test of column `name` (./upsert.ts): SQL true when its text is not
 * certainly good, given `typed`, the SQL name of its already cast value; undefined when the column
 * needs none (VARCHAR; a required column's emptiness is left to the table's NOT NULL).
 */
export function fastBad(name: string, spec: ColumnSpec, typed: string): string | undefined {
  const fast = RULES[spec.type].fast;
  const v = ident(name);
  return fast ? `${v} IS NOT NULL AND NOT coalesce(${fast(v, typed)}, false)` : undefined;
}

/** A NUL character in column `name`'s text (shown as \0 in issues): a damaged file, never a value. */
export const nulCheck = (name: string): Check => ({
  column: name,
  bad: `coalesce(contains(${ident(name)}, chr(0)), false)`,
  reason: "contains a NUL character (shown as \\0): the file is damaged or not plain text",
});
