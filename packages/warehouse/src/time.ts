/**
 * Calendar days and UTC offsets in IANA time zones, without I/O or DuckDB, for ingest (local
 * timestamps in exports) and the report compiler (local days of a query). Offsets come from the
 * runtime's ICU data through `@date-fns/tz`.
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
