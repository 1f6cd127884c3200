/**
 * Calendar days and UTC offsets in IANA time zones, without I/O or DuckDB, for ingest (local
 * timestamps in exports) and the report compiler (local days of a query). Offsets come from the
 * runtime's ICU data through `@date-fns/tz`. Also what every adapter shares about timestamps: the
 * years rule ({@link isInYearRange}) and the ISO-8601 date-time parser ({@link parseIsoDateTime}).
 */
import { tzOffset } from "@date-fns/tz";

/** A calendar date as 'YYYY-MM-DD'. */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when `tz` is an IANA time-zone name this runtime knows (e.g. 'Europe/Amsterdam', 'UTC'). */
export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Parses 'YYYY-MM-DD' into [year, month 1-12, day]; returns undefined for anything else, including 1999-02-30. */
export function parseIsoDate(s: string): [number, number, number] | undefined {
  const m = ISO_DATE.exec(s);
  if (!m) return undefined;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d) return undefined;
  return [y, mo, d];
}

/**
 * The years an instant may fall in, as a UTC instant: from {@link MIN_YEAR}-01-01 00:00:00 UTC
 * (inclusive) to {@link MAX_YEAR}-12-31 23:59:59.999 UTC. One rule for every adapter (docs/ingest.md):
 * contact-centre exports all date from the Unix era, and a date outside it is a sentinel or a typo
 * (Excel's serial 0 = 1899-12-30, 0001-01-01, 9999-12-31, 2999 for 2024), not an event to report on.
 */
export const MIN_YEAR = 1970;
/** The last year an instant may fall in (UTC); see {@link MIN_YEAR}. */
export const MAX_YEAR = 2099;

/** The reason of a RowIssue for an instant outside {@link MIN_YEAR}-{@link MAX_YEAR}. */
export const YEAR_RANGE_REASON = `is outside the years ${MIN_YEAR}-${MAX_YEAR} (as a UTC instant, ${MIN_YEAR}-01-01 00:00:00 to ${MAX_YEAR}-12-31 23:59:59 are accepted)`;

const FIRST_MS = Date.UTC(MIN_YEAR, 0, 1);
const END_MS = Date.UTC(MAX_YEAR + 1, 0, 1);

/** True when UTC instant `at` falls in the years {@link MIN_YEAR} to {@link MAX_YEAR}; false for an invalid Date. */
export function isInYearRange(at: Date): boolean {
  const ms = at.getTime();
  return ms >= FIRST_MS && ms < END_MS;
}

/**
 * A date and time of day as an ISO-8601 text writes them: the calendar date [year, month 1-12, day],
 * the seconds since midnight of that wall clock (0 <= secs < 86,400, to the millisecond), and the UTC
 * offset written after it, in seconds east of UTC ('Z' is 0; '-05:30' is -19,800), or null when the
 * text has none.
 */
export interface WrittenDateTime {
  readonly date: readonly [number, number, number];
  readonly secs: number;
  readonly offsetSecs: number | null;
}

/** Spellings a caller refuses on top of {@link parseIsoDateTime}'s grammar (both allowed by default). */
export interface IsoDateTimeRules {
  /** Refuse a time without seconds ('2024-03-05T09:00'). */
  readonly requireSeconds?: boolean;
  /** Refuse a 'T'-separated time without an offset (a wall-clock time is then written with a space). */
  readonly offsetWithT?: boolean;
}

const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})([T ])(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|([+-])(\d{2}):?(\d{2}))?$/;

/**
 * Parses an ISO-8601 date-time: `YYYY-MM-DD`, `T` or a space, `HH:MM`, optional `:SS`, an optional
 * fraction of any length after the seconds (kept to the millisecond; finer digits are dropped), and
 * an optional offset `Z`, `+HH:MM`, `+HHMM`, `-HH:MM` or `-HHMM`. Examples: '2024-03-05 09:00:00',
 * '2024-03-05T09:00:00.250+01:00', '2021-01-01T09:12', '2020-04-01T10:00:00.000Z'. `rules` refuses
 * more (see {@link IsoDateTimeRules}).
 *
 * Returns the parts as written ({@link instantOf} turns them into a UTC instant); `{ reason }` when
 * the text has this shape but an impossible value ('2024-02-30', '24:00:00', an offset beyond 14
 * hours; also a year below 100, which `Date.UTC` cannot hold and the years rule refuses); null when the text does not have this shape (or a refused spelling), so that the caller
 * can name the spellings it accepts. The year range is not checked here: it applies to the instant.
 */
export function parseIsoDateTime(
  text: string,
  rules: IsoDateTimeRules = {},
): WrittenDateTime | { readonly reason: string } | null {
  const m = ISO_DATE_TIME.exec(text);
  if (!m) return null;
  const [, ys, mos, ds, sep, hs, mis, ss, fraction, zone, sign, ohs, oms] = m;
  if ((rules.requireSeconds && ss === undefined) || (rules.offsetWithT && sep === "T" && zone === undefined))
    return null;
  const [h, mi, s] = [Number(hs), Number(mis), Number(ss ?? 0)];
  const date = parseIsoDate(`${ys}-${mos}-${ds}`);
  if (!date || h > 23 || mi > 59 || s > 59) return { reason: "is not a valid calendar date and time" };
  const [oh, om] = [Number(ohs ?? 0), Number(oms ?? 0)];
  if (oh > 14 || om > 59) return { reason: "has an impossible UTC offset" };
  const ms = Number((fraction ?? "").slice(0, 3).padEnd(3, "0"));
  const offset = oh * 3600 + om * 60;
  return {
    date,
    secs: ((h * 3600 + mi * 60 + s) * 1000 + ms) / 1000,
    offsetSecs: zone === undefined ? null : sign === "-" && offset > 0 ? -offset : offset,
  };
}

/**
 * The UTC instant of a written date-time: with an offset, the wall clock minus the offset; without,
 * the wall clock read in IANA zone `timezone` (as {@link zonedToUtc}: a time skipped by a DST change
 * moves forward by the gap, a repeated one takes the earlier instant). Milliseconds are kept.
 */
export function instantOf(t: WrittenDateTime, timezone: string): Date {
  const [y, mo, d] = t.date;
  const whole = Math.floor(t.secs);
  const ms = Math.round((t.secs - whole) * 1000);
  if (t.offsetSecs === null) return new Date(zonedToUtc(timezone, y, mo, d, 0, 0, whole).getTime() + ms);
  return new Date(Date.UTC(y, mo - 1, d, 0, 0, whole, ms) - t.offsetSecs * 1000);
}

/** `date` plus `days` calendar days (negative to go back), as 'YYYY-MM-DD'. */
export function addDays(date: IsoDate, days: number): IsoDate {
  const p = parseIsoDate(date);
  if (!p) throw new RangeError(`Not a date: ${date}`);
  return new Date(Date.UTC(p[0], p[1] - 1, p[2] + days)).toISOString().slice(0, 10);
}

/** Number of calendar days from `a` to `b` (b - a); 0 when equal. */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  const pa = parseIsoDate(a);
  const pb = parseIsoDate(b);
  if (!pa || !pb) throw new RangeError(`Not a date: ${pa ? b : a}`);
  return Math.round((Date.UTC(pb[0], pb[1] - 1, pb[2]) - Date.UTC(pa[0], pa[1] - 1, pa[2])) / 86_400_000);
}

/** Every date from `from` to `to`, both inclusive. */
export function eachDay(from: IsoDate, to: IsoDate): IsoDate[] {
  const n = daysBetween(from, to);
  return Array.from({ length: Math.max(0, n + 1) }, (_, i) => addDays(from, i));
}

/**
 * The UTC instant of local wall-clock time y-mo-d h:mi:s in `tz`. Fields may overflow as in
 * `Date.UTC` (s = 90000 is the next day 01:00:00). A wall time that does not exist (skipped by a DST
 * change) is moved forward by the gap; an ambiguous one (repeated hour) takes the earlier instant.
 * Month is 1-12.
 */
export function zonedToUtc(tz: string, y: number, mo: number, d: number, h = 0, mi = 0, s = 0): Date {
  const local = Date.UTC(y, mo - 1, d, h, mi, s);
  if (tz === "UTC" || tz === "Etc/UTC") return new Date(local);
  const before = offsetSeconds(tz, local - 86_400_000);
  const after = offsetSeconds(tz, local + 86_400_000);
  if (before === after) return new Date(local - before * 1000);
  const early = local - before * 1000;
  const late = local - after * 1000;
  const valid = [early, late].filter((c, i) => offsetSeconds(tz, c) === (i === 0 ? before : after));
  // Ambiguous: both readings exist, take the earlier. Gap: neither exists, read with the old offset.
  return new Date(valid.length > 0 ? Math.min(...valid) : early);
}

/** The UTC instant at which local calendar day `date` starts in `tz`. */
export function startOfLocalDay(tz: string, date: IsoDate): Date {
  const p = parseIsoDate(date);
  if (!p) throw new RangeError(`Not a date: ${date}`);
  return zonedToUtc(tz, p[0], p[1], p[2]);
}

/** The local calendar date in `tz` of UTC instant `ms` (milliseconds since the epoch). */
export function localDate(tz: string, ms: number): IsoDate {
  return new Date(ms + offsetSeconds(tz, ms) * 1000).toISOString().slice(0, 10);
}

const QUARTER_HOUR = 900_000;
const offsetCache = new Map<string, Map<number, number>>();

/**
 * UTC offset of `tz` at instant `ms`, in seconds east of UTC (Amsterdam in winter: 3600).
 * Memoised per quarter hour: every offset change in the tz database since 1970 falls on a quarter
 * hour of UTC, so one lookup per 15 minutes is exact.
 */
export function offsetSeconds(tz: string, ms: number): number {
  const bucket = Math.floor(ms / QUARTER_HOUR);
  let zone = offsetCache.get(tz);
  if (!zone) {
    zone = new Map();
    offsetCache.set(tz, zone);
  }
  let off = zone.get(bucket);
  if (off === undefined) {
    off = Math.round(tzOffset(tz, new Date(bucket * QUARTER_HOUR)) * 60);
    if (zone.size > 200_000) zone.clear();
    zone.set(bucket, off);
  }
  return off;
}

/** A span of constant UTC offset: from instant `fromMs` (inclusive) on, the offset is `offsetSeconds`. */
export interface OffsetSpan {
  readonly fromMs: number;
  readonly offsetSeconds: number;
}

const SAMPLE_MS = 6 * 3600 * 1000;
const spanCache = new Map<string, OffsetSpan[]>();

/**
 * The UTC offsets of `tz` over [startMs, endMs): the first span starts at `startMs`, each next one at
 * an offset change (found to the second). Zones change offset at most a few times a year, so this is
 * short: Amsterdam over a 90-day window that crosses a DST change gives two spans. Sampled every 6
 * hours, then bisected, which assumes no zone changes offset twice within 6 hours (true of the tz
 * database since 1970). Memoised per (tz, range).
 */
export function offsetSpans(tz: string, startMs: number, endMs: number): OffsetSpan[] {
  const key = `${tz}|${startMs}|${endMs}`;
  const hit = spanCache.get(key);
  if (hit) return hit;
  const spans: OffsetSpan[] = [{ fromMs: startMs, offsetSeconds: offsetSeconds(tz, startMs) }];
  let prevMs = startMs;
  let prevOff = spans[0]?.offsetSeconds ?? 0;
  while (prevMs < endMs) {
    const nextMs = Math.min(prevMs + SAMPLE_MS, endMs);
    const off = offsetSeconds(tz, nextMs);
    if (off !== prevOff) {
      let lo = prevMs; // offset prevOff
      let hi = nextMs; // offset off
      while (hi - lo > 1000) {
        const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
        if (offsetSeconds(tz, mid) === prevOff) lo = mid;
        else hi = mid;
      }
      if (hi < endMs) spans.push({ fromMs: hi, offsetSeconds: off });
      prevOff = off;
    }
    prevMs = nextMs;
  }
  if (spanCache.size > 1000) spanCache.clear();
  spanCache.set(key, spans);
  return spans;
}
