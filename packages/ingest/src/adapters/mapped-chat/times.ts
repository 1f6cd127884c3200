/**
 * One-cell instants in the named formats the call mapping's parsers do not read: RFC 2822 and the
 * Twitter API's spelling (both through luxon, which checks the weekday against the date), and Unix
 * seconds or milliseconds. ISO 8601 and Excel serials are read by the call mapping's RowReader.
 */
import { DateTime } from "luxon";
import type { Parsed } from "../mapped/formats";

/** The formats of this module. */
export type OwnFormat = "rfc-2822" | "twitter" | "unix-seconds" | "unix-milliseconds";

/** True when `format` is read here rather than by the call mapping's parsers. */
export const isOwnFormat = (format: string): format is OwnFormat =>
  format === "rfc-2822" || format === "twitter" || format === "unix-seconds" || format === "unix-milliseconds";

/** The Twitter API's `created_at` ('Tue Oct 31 22:10:47 +0000 2017') as a luxon format. */
const TWITTER = "EEE MMM dd HH:mm:ss ZZZ yyyy";
const NUMBER = /^-?\d+(\.\d+)?$/;

const EXAMPLES: Record<OwnFormat, string> = {
  "rfc-2822": "an RFC 2822 date-time (Tue, 31 Oct 2017 22:10:47 +0000)",
  twitter: "a Twitter date-time (Tue Oct 31 22:10:47 +0000 2017)",
  "unix-seconds": "a number of seconds since 1970-01-01 UTC",
  "unix-milliseconds": "a number of milliseconds since 1970-01-01 UTC",
};

/**
 * The UTC instant written as `value` (a cell's text, or a number from a workbook or JSON) in `format`.
 * RFC 2822 and Twitter texts carry their offset, so no zone is needed; Unix times are UTC. Returns
 * `{ reason }` naming the expected spelling, with luxon's explanation when the shape is right but a
 * value is not (a weekday that does not match the date, hour 25).
 */
export function parseOwnFormat(value: string | number, format: OwnFormat): Parsed<Date> {
  if (format === "unix-seconds" || format === "unix-milliseconds") {
    const n = typeof value === "number" ? value : NUMBER.test(value) ? Number(value) : Number.NaN;
    if (!Number.isFinite(n)) return { reason: `is not ${EXAMPLES[format]}` };
    return new Date(Math.round(format === "unix-seconds" ? n * 1000 : n));
  }
  const text = String(value);
  const parsed =
    format === "rfc-2822"
      ? DateTime.fromRFC2822(text, { setZone: true })
      : DateTime.fromFormat(text, TWITTER, { locale: "en-US", setZone: true });
  if (parsed.isValid) return parsed.toJSDate();
  const why =
    parsed.invalidReason === "mismatched weekday"
      ? ": the weekday does not match the date"
      : parsed.invalidReason === "unit out of range"
        ? `: ${parsed.invalidExplanation}`
        : "";
  return { reason: `is not ${EXAMPLES[format]}${why}` };
}
