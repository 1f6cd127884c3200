/**
 * Value parsers of the Conversation24 exports (seed 003). Each {@link Field} reads the trimmed,
 * non-empty text of one CSV field and returns `{ value }` or `{ reason }` (the reason of the
 * RowIssue that rejects the record). Empty fields never reach a parser: `C24Record.req` rejects
 * them and `C24Record.opt` reads them as NULL.
 *
 * Accepted spellings (docs/ingest.md "Conversation24 exports" repeats them for file writers):
 * - timestamps ({@link instant}): an ISO-8601 date-time with seconds (`parseIsoDateTime` of the
 *   warehouse's time.ts): 'YYYY-MM-DD HH:MM:SS' (wall-clock time read in the import's time zone), or
 *   with 'T' and then always an offset 'Z', '+HH:MM' or '+HHMM' ('2024-03-05T09:00:00Z',
 *   '2024-03-05T10:00:00.250+01:00'); an optional fraction (to the millisecond); or Unix seconds, 9
 *   or 10 digits (a shorter number such as 20240305 and milliseconds are refused). Anything else,
 *   impossible dates or times ('2024-02-30 10:00:00', '24:00:00'), and instants outside the years
 *   1970-2099 (UTC; so Unix seconds above 4102444799) are rejected.
 * - {@link count}: a whole number 0 to 2,147,483,647 (the warehouse's INTEGER), digits only.
 * - {@link nonNegative}: seconds or a mean, '12' or '12.5' (no sign, no exponent, '.' as decimal point).
 * - {@link signedNumber}: like nonNegative with an optional leading '-'.
 * - {@link flag}: '1', 'yes', 'true' are true; '0', 'no', 'false' are false (any case).
 * - {@link id}: any text; written as 'c24:{text}' so ids from the eight exports join each other.
 * - {@link stateName}: 'Online' or 'Offline' (any case), stored lower-case.
 * - {@link handlingType}: 'self', 'external' or 'hybrid' (any case), stored lower-case.
 * - {@link surveyAnswer}: see its docstring.
 */
import {
  type IsoDateTimeRules,
  instantOf,
  isInYearRange,
  parseIsoDateTime,
  YEAR_RANGE_REASON,
} from "@tallyline/warehouse/time";

/** A parsed value, or why the text is not one. */
export type Parsed<T> = { readonly value: T } | { readonly reason: string };

/**
 * How to read one kind of field. `invalid` is what a reader returns after recording an issue: a
 * value that compares false with anything (NaN, an invalid Date), so cross-field checks on a record
 * that is already rejected add no second, spurious issue. It is never written (the record is dropped).
 */
export interface Field<T> {
  readonly parse: (text: string, timezone: string) => Parsed<T>;
  readonly invalid: T;
}

/** Prefix of every Conversation24 id (conversation, agent, campaign, account, host, ...). */
export const ID_PREFIX = "c24:";

/** Seconds always; a wall-clock time with a space, never 'T' (an export's 'T' time names its offset). */
const TIMESTAMP_RULES: IsoDateTimeRules = { requireSeconds: true, offsetWithT: true };
const UNIX = /^\d{9,10}$/;
const INTEGER = /^\d+$/;
const DECIMAL = /^\d+(\.\d+)?$/;
const SIGNED = /^-?\d+(\.\d+)?$/;
const INT32_MAX = 2_147_483_647;

/** Why a timestamp is refused: names every accepted spelling. */
export const TIMESTAMP_REASON =
  "is not a timestamp: use 'YYYY-MM-DD HH:MM:SS', ISO-8601 with an offset or Z, or Unix seconds";

/**
 * A UTC instant from any of the timestamp spellings (module docstring), in the years 1970-2099;
 * wall-clock times are read in `timezone`.
 */
export const instant: Field<Date> = {
  invalid: new Date(Number.NaN),
  parse(raw, timezone) {
    let at: Date;
    if (UNIX.test(raw)) at = new Date(Number(raw) * 1000);
    else {
      const written = parseIsoDateTime(raw, TIMESTAMP_RULES);
      if (written === null) return { reason: TIMESTAMP_REASON };
      if ("reason" in written) return written;
      at = instantOf(written, timezone);
    }
    return isInYearRange(at) ? { value: at } : { reason: YEAR_RANGE_REASON };
  },
};

/** A whole number >= 0 that fits the warehouse's INTEGER (counts, lengths, hours). */
export const count: Field<number> = {
  invalid: Number.NaN,
  parse(raw) {
    if (!INTEGER.test(raw)) return { reason: "is not a whole number >= 0" };
    const n = Number(raw);
    return n > INT32_MAX ? { reason: `is larger than ${INT32_MAX}` } : { value: n };
  },
};

/** A decimal number >= 0: a duration in seconds, or a mean (concurrency, message length). */
export const nonNegative: Field<number> = {
  invalid: Number.NaN,
  parse: (raw) => (DECIMAL.test(raw) ? { value: Number(raw) } : { reason: "is not a number >= 0" }),
};

/** A decimal number, possibly negative (goal values). */
export const signedNumber: Field<number> = {
  invalid: Number.NaN,
  parse: (raw) => (SIGNED.test(raw) ? { value: Number(raw) } : { reason: "is not a number" }),
};

/** Free text, kept as exported (trimmed). */
export const text: Field<string> = { invalid: "", parse: (value) => ({ value }) };

/** A source id, prefixed with {@link ID_PREFIX}. */
export const id: Field<string> = { invalid: "", parse: (value) => ({ value: `${ID_PREFIX}${value}` }) };

/** Builds a field that accepts exactly the keys of `table` (case-insensitive) and returns the mapped value. */
function oneOf<T>(invalid: T, table: Readonly<Record<string, T>>, reason: string): Field<T> {
  return {
    invalid,
    parse(raw) {
      const key = raw.toLowerCase();
      return Object.hasOwn(table, key) ? { value: table[key] as T } : { reason };
    },
  };
}

/** A yes/no value: 1, yes, true / 0, no, false (seed 003: `disabled` is 0/1, `blocked` is yes/no). */
export const flag: Field<boolean> = oneOf(
  false,
  { "1": true, yes: true, true: true, "0": false, no: false, false: false },
  "is not a yes/no value (1/0, yes/no, true/false)",
);

/** An agent state of Agent activity and Slots: 'online' or 'offline'. */
export const stateName: Field<string> = oneOf(
  "",
  { online: "online", offline: "offline" },
  "is not an agent state (Online or Offline)",
);

/** Conversation24 handlingType: 'self', 'external' or 'hybrid' (seed 003 Conversations). */
export const handlingType: Field<string> = oneOf(
  "",
  { self: "self", external: "external", hybrid: "hybrid" },
  "is not a handling type (self, external, hybrid)",
);

/** A satisfaction answer on its scale, as the `ratings` table stores it. */
export interface SurveyAnswer {
  readonly scale: "face" | "thumbs" | "1-5";
  readonly value: number;
}

const face = (value: number): SurveyAnswer => ({ scale: "face", value });
const thumbs = (word: string, value: number) =>
  Object.fromEntries(
    ["", "thumbs_", "thumbs ", "thumbs", "thumb_"].map((p): [string, SurveyAnswer] => [
      `${p}${word}`,
      { scale: "thumbs", value },
    ]),
  );

/**
 * A Conversation24 `survey_result` (seed 003: good/moderate/bad faces, thumbs, or a score).
 * Accepted, case-insensitive: faces `good` (3), `moderate` (2), `bad` (1); thumbs `up`,
 * `thumbs_up`, `thumbs up`, `thumbsup`, `thumb_up` (1) and the same with `down` (0); a score
 * `1` to `5` (scale '1-5'). `good`/`bad` always mean faces: a thumbs survey must say up/down.
 */
export const surveyAnswer: Field<SurveyAnswer> = oneOf<SurveyAnswer>(
  { scale: "1-5", value: Number.NaN },
  {
    good: face(3),
    moderate: face(2),
    bad: face(1),
    ...thumbs("up", 1),
    ...thumbs("down", 0),
    ...Object.fromEntries([1, 2, 3, 4, 5].map((n): [string, SurveyAnswer] => [String(n), { scale: "1-5", value: n }])),
  },
  "is not a survey answer (good, moderate, bad, up, down, or 1 to 5)",
);
