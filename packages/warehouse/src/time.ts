/**
 * Calendar days and UTC offsets in IANA time zones, without I/O or DuckDB, for ingest (local
 * timestamps in exports) and the report compiler (local days of a query). Offsets come from the
 * runtime's ICU data (`Intl.DateTimeFormat`), cached per zone by its canonical name. Also what every
 * adapter shares about timestamps: the years rule ({@link isInYearRange}) and the ISO-8601 date-time
 * parser ({@link parseIsoDateTime}).
 */

/** A calendar date as 'YYYY-MM-DD'. */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when `tz` is an IANA time-zone name this runtime knows, in any case ('Europe/Amsterdam', 'utc'); see {@link canonicalTimeZone}. */
export function isValidTimeZone(tz: string): boolean {
  return canonicalTimeZone(tz) !== undefined;
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

// ---------------------------------------------------------------------------------------------
// Zone names

/** How many distinct spellings of zone names {@link canonicalTimeZone} remembers (valid or not). */
const NAME_CACHE_SIZE = 1000;
const canonicalNames = new Map<string, string | null>();

/**
 * Zones whose name in ICU (which CLDR keeps stable) is an old spelling of the name IANA now gives the
 * same place: Node 20 resolves 'Asia/Kolkata' to 'Asia/Calcutta'. The IANA name is the one shown.
 * Newer runtimes no longer resolve these links, so this also keeps the name the same across them.
 */
const IANA_NAMES: Readonly<Record<string, string>> = {
  "Africa/Asmera": "Africa/Asmara",
  "America/Buenos_Aires": "America/Argentina/Buenos_Aires",
  "America/Catamarca": "America/Argentina/Catamarca",
  "America/Coral_Harbour": "America/Atikokan",
  "America/Cordoba": "America/Argentina/Cordoba",
  "America/Godthab": "America/Nuuk",
  "America/Indianapolis": "America/Indiana/Indianapolis",
  "America/Jujuy": "America/Argentina/Jujuy",
  "America/Louisville": "America/Kentucky/Louisville",
  "America/Mendoza": "America/Argentina/Mendoza",
  "Asia/Calcutta": "Asia/Kolkata",
  "Asia/Katmandu": "Asia/Kathmandu",
  "Asia/Rangoon": "Asia/Yangon",
  "Asia/Saigon": "Asia/Ho_Chi_Minh",
  "Atlantic/Faeroe": "Atlantic/Faroe",
  "Europe/Kiev": "Europe/Kyiv",
  "Pacific/Enderbury": "Pacific/Kanton",
  "Pacific/Ponape": "Pacific/Pohnpei",
  "Pacific/Truk": "Pacific/Chuuk",
};

/**
 * The canonical name of IANA zone `tz`, or undefined when `tz` is not a zone the runtime knows.
 * Intl reads zone names case-insensitively and resolves links: 'eUrOpe/AmsTerdam' gives
 * 'Europe/Amsterdam', 'US/Eastern' 'America/New_York', 'utc' and 'Etc/GMT' 'UTC' (the name
 * `Intl.DateTimeFormat(...).resolvedOptions().timeZone` reports), and 'asia/kolkata' 'Asia/Kolkata'
 * (ICU's old spellings are replaced by IANA's current names, see {@link IANA_NAMES}). Every cache
 * keyed by a zone, here and in the report compiler, is keyed by this name, and results echo it.
 * The answer for each spelling is remembered (at most {@link NAME_CACHE_SIZE}, oldest dropped
 * first): building the formatter costs about 0.25 ms.
 */
export function canonicalTimeZone(tz: string): string | undefined {
  let name = canonicalNames.get(tz);
  if (name === undefined) {
    try {
      const resolved = new Intl.DateTimeFormat("en-US", { timeZone: tz }).resolvedOptions().timeZone;
      name = IANA_NAMES[resolved] ?? resolved;
    } catch {
      name = null;
    }
    if (canonicalNames.size >= NAME_CACHE_SIZE) canonicalNames.delete(canonicalNames.keys().next().value as string);
    canonicalNames.set(tz, name);
  }
  return name ?? undefined;
}

/**
 * {@link canonicalTimeZone}, for a name that must be a zone. Throws RangeError
 * `Unknown time zone "..."` naming the value when the runtime does not know it.
 */
export function requireTimeZone(tz: string): string {
  const name = canonicalTimeZone(tz);
  if (name === undefined) throw new RangeError(`Unknown time zone "${tz}" (use an IANA name such as Europe/Amsterdam)`);
  return name;
}

/**
 * An offset in seconds east of UTC as text: '+05:45', '-03:30', '+00:00', and with seconds when it
 * has them ('-00:44:30', Monrovia until 1972). The sign belongs to the whole offset.
 */
export function formatOffset(seconds: number): string {
  const abs = Math.abs(seconds);
  const pad = (n: number) => String(n).padStart(2, "0");
  const hm = `${seconds < 0 ? "-" : "+"}${pad(Math.floor(abs / 3600))}:${pad(Math.floor((abs % 3600) / 60))}`;
  return abs % 60 === 0 ? hm : `${hm}:${pad(abs % 60)}`;
}

// ---------------------------------------------------------------------------------------------
// UTC offsets

/**
 * Offsets are worked out per chunk of {@link CHUNK_MS} of UTC time (chunk n covers
 * [n x CHUNK_MS, (n + 1) x CHUNK_MS)): the offset at the chunk's start, then each change in it.
 */
const CHUNK_MS = 365 * 86_400_000;
/**
 * The step at which a chunk is sampled before each change is bisected to the second. A zone that
 * changed offset and changed back within one step would go unseen: the closest two changes of any
 * zone from 1970 to 2037 are 6.96 days apart (America/Noronha, October 2000), over three times this
 * step; time.oracle.test.ts checks every zone against an independent reading of the runtime's data
 * and that no two changes come closer than three steps.
 */
const SAMPLE_MS = 2 * 86_400_000;
/** Zones whose offsets are kept (least recently used dropped first), and chunks kept per zone. */
const ZONE_CACHE_SIZE = 64;
const CHUNKS_PER_ZONE = 256;

/** One chunk: the offset (seconds east of UTC) at its start, then the instants (ms) of its changes and the offsets from them on. */
interface Chunk {
  readonly first: number;
  readonly at: readonly number[];
  readonly offsets: readonly number[];
}

interface ZoneOffsets {
  /** The offset at an instant, read from the runtime (uncached). */
  readonly read: (ms: number) => number;
  readonly chunks: Map<number, Chunk>;
}

const zones = new Map<string, ZoneOffsets>();

/** '0 GMT', '0 GMT+05:45', '0 GMT-00:44:30' (en-US `longOffset` after the seconds); some runtimes write U+2212 for minus. */
const LONG_OFFSET = /GMT(?:([+\-\u2212])(\d{1,2})(?::?(\d{2}))?(?::?(\d{2}))?)?$/;

/**
 * Seconds east of UTC from a `longOffset` name. The sign applies to the whole offset: '-00:44:30'
 * is -2,670 s (reading hours and minutes apart made it +2,670 s in the library used before).
 */
export function parseLongOffset(text: string): number {
  const m = LONG_OFFSET.exec(text);
  if (!m) throw new Error(`Cannot read a UTC offset in ${JSON.stringify(text)}`);
  const [, sign, h, mi, s] = m;
  if (sign === undefined) return 0;
  const abs = Number(h) * 3600 + Number(mi ?? 0) * 60 + Number(s ?? 0);
  return sign === "+" ? abs : -abs;
}

function zoneOffsets(tz: string): ZoneOffsets {
  const name = requireTimeZone(tz);
  let zone = zones.get(name);
  if (zone) {
    // Most recently used last.
    zones.delete(name);
    zones.set(name, zone);
    return zone;
  }
  // With a single field besides the offset the formatter is twice as fast as with the date.
  const format = new Intl.DateTimeFormat("en-US", { timeZone: name, timeZoneName: "longOffset", second: "numeric" })
    .format;
  zone = { read: name === "UTC" ? () => 0 : (ms) => parseLongOffset(format(ms)), chunks: new Map() };
  if (zones.size >= ZONE_CACHE_SIZE) zones.delete(zones.keys().next().value as string);
  zones.set(name, zone);
  return zone;
}

/**
 * Chunk `n` of a zone: sampled every {@link SAMPLE_MS} from its start to its end (both included),
 * each change bisected to the second (offsets change on whole seconds). A change exactly at the
 * chunk's end is the chunk's last; the next chunk starts with its offset.
 */
function chunkOf(zone: ZoneOffsets, n: number): Chunk {
  let chunk = zone.chunks.get(n);
  if (chunk) return chunk;
  const start = n * CHUNK_MS;
  const end = start + CHUNK_MS;
  const first = zone.read(start);
  const at: number[] = [];
  const offsets: number[] = [];
  let lo = start;
  let current = first;
  for (let t = Math.min(start + SAMPLE_MS, end); lo < end; t = Math.min(t + SAMPLE_MS, end)) {
    // Each change between lo (offset `current`) and t; a second one in the same step is found next.
    while (zone.read(t) !== current) {
      let hi = t;
      while (hi - lo > 1000) {
        const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
        if (zone.read(mid) === current) lo = mid;
        else hi = mid;
      }
      current = zone.read(hi);
      at.push(hi);
      offsets.push(current);
      lo = hi;
    }
    lo = t;
  }
  chunk = { first, at, offsets };
  if (zone.chunks.size >= CHUNKS_PER_ZONE) zone.chunks.delete(zone.chunks.keys().next().value as number);
  zone.chunks.set(n, chunk);
  return chunk;
}

/** The offset of a chunk at instant `ms` inside it. */
function offsetIn(chunk: Chunk, ms: number): number {
  let off = chunk.first;
  for (let i = 0; i < chunk.at.length && (chunk.at[i] as number) <= ms; i++) off = chunk.offsets[i] as number;
  return off;
}

/**
 * UTC offset of IANA zone `tz` (any spelling Intl accepts) at instant `ms` (milliseconds since the
 * epoch), in seconds east of UTC: Amsterdam in winter 3600, New York in winter -18000, Monrovia in
 * 1971 -2670 (UTC-0:44:30). Exact to the second at every change, including those not on a UTC
 * quarter-hour (St John's and Goose Bay changed at 00:01 local until 2011). NaN for an instant that
 * is not a finite number. Throws RangeError for an unknown zone.
 */
export function offsetSeconds(tz: string, ms: number): number {
  const zone = zoneOffsets(tz);
  if (!Number.isFinite(ms)) return Number.NaN;
  return offsetIn(chunkOf(zone, Math.floor(ms / CHUNK_MS)), ms);
}

/** A span of constant UTC offset: from instant `fromMs` (inclusive) on, the offset is `offsetSeconds`. */
export interface OffsetSpan {
  readonly fromMs: number;
  readonly offsetSeconds: number;
}

/**
 * The UTC offsets of IANA zone `tz` over [startMs, endMs): the first span starts at `startMs`, each
 * next one at an offset change (to the second). Zones change offset at most a few times a year, so
 * this is short: Amsterdam over a 90-day window that crosses a DST change gives two spans. A fresh
 * array each call (the changes behind it are cached per zone). Throws RangeError for an unknown zone.
 */
export function offsetSpans(tz: string, startMs: number, endMs: number): OffsetSpan[] {
  const zone = zoneOffsets(tz);
  const firstChunk = Math.floor(startMs / CHUNK_MS);
  const spans: OffsetSpan[] = [{ fromMs: startMs, offsetSeconds: offsetIn(chunkOf(zone, firstChunk), startMs) }];
  if (endMs <= startMs) return spans;
  for (let n = firstChunk, last = Math.floor((endMs - 1) / CHUNK_MS); n <= last; n++) {
    const chunk = chunkOf(zone, n);
    chunk.at.forEach((at, i) => {
      if (at > startMs && at < endMs) spans.push({ fromMs: at, offsetSeconds: chunk.offsets[i] as number });
    });
  }
  return spans;
}

/**
 * What the zone caches hold: spellings of zone names, zones with offsets, and chunks of offsets over
 * all zones (each a year of one zone). Bounded by {@link NAME_CACHE_SIZE}, {@link ZONE_CACHE_SIZE} and
 * {@link CHUNKS_PER_ZONE} per zone; for tests and diagnostics.
 */
export function zoneCacheSize(): { names: number; zones: number; chunks: number } {
  let chunks = 0;
  for (const zone of zones.values()) chunks += zone.chunks.size;
  return { names: canonicalNames.size, zones: zones.size, chunks };
}

/** More than any UTC offset of any zone (LMT reached 15 h 57 min), in ms. */
const MAX_OFFSET_MS = 18 * 3600 * 1000;

/**
 * The UTC instant of local wall-clock time y-mo-d h:mi:s in IANA zone `tz`. Fields may overflow as
 * in `Date.UTC` (s = 90000 is the next day 01:00:00). A wall time that does not exist (skipped by a
 * DST change) is moved forward by the gap (read with the offset before the change); an ambiguous one
 * (repeated hour) takes the earlier instant. Month is 1-12. An Invalid Date when a field is not a
 * number. Throws RangeError for an unknown zone.
 */
export function zonedToUtc(tz: string, y: number, mo: number, d: number, h = 0, mi = 0, s = 0): Date {
  const zone = requireTimeZone(tz);
  const local = Date.UTC(y, mo - 1, d, h, mi, s);
  if (!Number.isFinite(local)) return new Date(Number.NaN);
  // Every instant whose wall clock reads `local` lies within the largest offset of it.
  const spans = offsetSpans(zone, local - MAX_OFFSET_MS, local + MAX_OFFSET_MS + 1);
  const only = spans[0] as OffsetSpan;
  if (spans.length === 1) return new Date(local - only.offsetSeconds * 1000);
  let gapAt: number | undefined;
  for (let i = 0; i < spans.length; i++) {
    const span = spans[i] as OffsetSpan;
    const next = spans[i + 1];
    const at = local - span.offsetSeconds * 1000;
    // The earliest reading that lies in its own span wins.
    if (at >= span.fromMs && (!next || at < next.fromMs)) return new Date(at);
    if (next && gapAt === undefined && at >= next.fromMs && local - next.offsetSeconds * 1000 < next.fromMs) gapAt = at;
  }
  return new Date(gapAt ?? local - only.offsetSeconds * 1000);
}

/**
 * The UTC offsets (seconds east of UTC, in time order) at which IANA zone `tz` shows a wall-clock
 * time in [localMs, localMs + lengthMs) (local time in ms since 1970-01-01T00:00 local): one for
 * most times, two for a time an autumn change repeats (Amsterdam's 02:47 on 2026-10-25: 7200 then
 * 3600), none for one a spring change skips. Throws RangeError for an unknown zone.
 */
export function wallClockOffsets(tz: string, localMs: number, lengthMs = 1): number[] {
  const spans = offsetSpans(tz, localMs - MAX_OFFSET_MS, localMs + lengthMs + MAX_OFFSET_MS);
  return spans
    .filter((span, i) => {
      const next = spans[i + 1];
      const from = localMs - span.offsetSeconds * 1000;
      // The instants that show the interval at this offset overlap the span of this offset.
      return from + lengthMs > span.fromMs && (!next || from < next.fromMs);
    })
    .map((span) => span.offsetSeconds);
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
