/**
 * Dates, times of day and durations as spreadsheets and delimited exports write them: text patterns
 * ('YYMMDD', 'DD/MM/YYYY', 'H:MM:SS'), Excel serial dates (days since 1899-12-30, or since 1904-01-01
 * in workbooks that use the 1904 date system) and Excel day fractions (0.5 = 12:00:00 = 43,200 s).
 * Pure functions: each returns its value, or a reason string saying why the input is not one.
 */

/** A calendar date: [year, month 1-12, day 1-31]. */
export type CalendarDate = readonly [number, number, number];

/** A parse result: the value, or a `{ reason }` that becomes a RowIssue. */
export type Parsed<T> = T | { readonly reason: string };

/** True when a parse failed. */
export function failed<T>(p: Parsed<T>): p is { readonly reason: string } {
  return typeof p === "object" && p !== null && !Array.isArray(p) && !(p instanceof Date) && "reason" in p;
}

const DAY_SECS = 86_400;
const DAY_MS = 86_400_000;
/** The instant of Excel serial 0 as a UTC wall clock: 1899-12-30 (1900 date system) or 1904-01-01. */
const serialZero = (date1904: boolean): number => (date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 30));

/** Rounds seconds to whole milliseconds (Excel fractions are binary: 0.3958333... * 86400 = 34199.99999...). */
export const roundMs = (secs: number): number => Math.round(secs * 1000) / 1000;

/** The JS Date (UTC wall clock) of Excel serial `serial`, to the millisecond, as exceljs builds it. */
export function dateOfSerial(serial: number, date1904: boolean): Date {
  return new Date(serialZero(date1904) + Math.round(serial * DAY_MS));
}

/**
 * Seconds since serial 0 of a Date that a workbook reader built from a serial (exceljs returns date- and
 * time-formatted cells as Dates whose UTC fields are the wall clock): 1899-12-30T00:02:23Z is 143 s.
 */
export function secondsOf(date: Date, date1904: boolean): number {
  return (date.getTime() - serialZero(date1904)) / 1000;
}

/** Calendar date and seconds since midnight of a UTC-wall-clock Date. */
export function wallClock(date: Date): { date: CalendarDate; secs: number } {
  const ms = date.getTime();
  const dayMs = ((ms % DAY_MS) + DAY_MS) % DAY_MS;
  return {
    date: [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()],
    secs: roundMs(dayMs / 1000),
  };
}

/** True when [y, mo, d] is a real calendar date (1999-02-30 is not). */
export function isCalendarDate(y: number, mo: number, d: number): boolean {
  const probe = new Date(Date.UTC(y, mo - 1, d));
  return probe.getUTCFullYear() === y && probe.getUTCMonth() === mo - 1 && probe.getUTCDate() === d;
}

/** Two-digit years: 70-99 are 19xx, 00-69 are 20xx (as the anonbank adapter reads them). */
const fullYear = (yy: number): number => (yy >= 70 ? 1900 + yy : 2000 + yy);

const DATE_TOKENS: Readonly<Record<string, string>> = {
  YYYY: "(?<year>\\d{4})",
  YY: "(?<yy>\\d{2})",
  MM: "(?<month>\\d{2})",
  M: "(?<month>\\d{1,2})",
  DD: "(?<day>\\d{2})",
  D: "(?<day>\\d{1,2})",
};
const TIME_TOKENS: Readonly<Record<string, string>> = {
  HH: "(?<hour>\\d{2})",
  H: "(?<hour>\\d{1,2})",
  MM: "(?<minute>\\d{2})",
  SS: "(?<second>\\d{2}(?:\\.\\d+)?)",
};

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

/**
 * Compiles a pattern of `tokens` (longest first) and literal characters into an anchored regular
 * expression, or returns a reason when a group in `needed` is missing or appears twice.
 */
function compile(pattern: string, tokens: Readonly<Record<string, string>>, needed: readonly string[]): Parsed<RegExp> {
  const names = Object.keys(tokens).sort((a, b) => b.length - a.length);
  let source = "";
  const seen: string[] = [];
  for (let i = 0; i < pattern.length; ) {
    const token = names.find((t) => pattern.startsWith(t, i));
    if (token) {
      const group = /\?<(\w+)>/.exec(tokens[token] as string)?.[1] as string;
      if (seen.includes(group)) return { reason: `has ${group} twice` };
      seen.push(group);
      source += tokens[token];
      i += token.length;
    } else {
      source += escapeRegExp(pattern[i] as string);
      i += 1;
    }
  }
  const missing = needed.filter((n) => !n.split("|").some((alt) => seen.includes(alt)));
  if (missing.length > 0) return { reason: `lacks ${missing.join(", ").replaceAll("|", " or ")}` };
  return new RegExp(`^${source}$`);
}

const cache = new Map<string, Parsed<RegExp>>();
function cached(key: string, make: () => Parsed<RegExp>): Parsed<RegExp> {
  let hit = cache.get(key);
  if (!hit) {
    hit = make();
    cache.set(key, hit);
  }
  return hit;
}

/** Date patterns: YYYY or YY, MM or M, DD or D, other characters literal ('DD/MM/YYYY', 'YYMMDD'). */
export const datePattern = (pattern: string): Parsed<RegExp> =>
  cached(`d:${pattern}`, () => compile(pattern, DATE_TOKENS, ["year|yy", "month", "day"]));

/** Time patterns: H (1-2 digits) or HH, MM, optional SS (with optional decimals); 'H:MM:SS', 'HH:MM'. */
export const timePattern = (pattern: string): Parsed<RegExp> =>
  cached(`t:${pattern}`, () => compile(pattern, TIME_TOKENS, ["hour", "minute"]));

/** The date written as `text` in `format` (a date pattern or 'excel-serial'). */
export function parseDateText(text: string, format: string): Parsed<CalendarDate> {
  if (format === "excel-serial") {
    const serial = Number(text);
    if (text === "" || !Number.isFinite(serial)) return { reason: "is not an Excel date serial" };
    return wallClock(dateOfSerial(Math.floor(serial), false)).date;
  }
  const re = datePattern(format);
  if (failed(re)) return { reason: `date format "${format}" ${re.reason}` };
  const g = re.exec(text)?.groups;
  if (!g) return { reason: `is not a date ${format}` };
  const y = g.year ? Number(g.year) : fullYear(Number(g.yy));
  const [mo, d] = [Number(g.month), Number(g.day)];
  return isCalendarDate(y, mo, d) ? [y, mo, d] : { reason: "is not a calendar date" };
}

/** Seconds since midnight of a time of day written as `text` in `format` (a time pattern or 'excel-fraction'). */
export function parseTimeText(text: string, format: string): Parsed<number> {
  if (format === "excel-fraction") {
    const f = Number(text);
    if (text === "" || !Number.isFinite(f) || f < 0 || f >= 1) return { reason: "is not a day fraction 0 <= x < 1" };
    return roundMs(f * DAY_SECS);
  }
  const re = timePattern(format);
  if (failed(re)) return { reason: `time format "${format}" ${re.reason}` };
  const g = re.exec(text)?.groups;
  if (!g) return { reason: `is not a time of day ${format}` };
  const [h, mi, s] = [Number(g.hour), Number(g.minute), Number(g.second ?? 0)];
  if (h > 23 || mi > 59 || s >= 60) return { reason: "is not a valid time of day" };
  return roundMs(h * 3600 + mi * 60 + s);
}

/** How a duration is written in text: plain seconds or minutes, H:MM:SS, or an Excel day fraction. */
export type DurationFormat = "seconds" | "minutes" | "H:MM:SS" | "excel-fraction";

const NUMBER = /^-?\d+(\.\d+)?$/;
const HMS = /^(-?)(\d+):(\d{2}):(\d{2}(?:\.\d+)?)$/;

/** Seconds of a duration written as `text` in `format` (may be negative: the caller applies its policy). */
export function parseDurationText(text: string, format: DurationFormat): Parsed<number> {
  if (format === "H:MM:SS") {
    const m = HMS.exec(text);
    if (!m) return { reason: "is not a duration H:MM:SS" };
    const [mi, s] = [Number(m[3]), Number(m[4])];
    if (mi > 59 || s >= 60) return { reason: "is not a valid duration H:MM:SS" };
    const secs = Number(m[2]) * 3600 + mi * 60 + s;
    return roundMs(m[1] ? -secs : secs);
  }
  if (!NUMBER.test(text)) return { reason: `is not a number (${format})` };
  const n = Number(text);
  return roundMs(format === "minutes" ? n * 60 : format === "excel-fraction" ? n * DAY_SECS : n);
}
