/**
 * The one way the dashboard writes a number (issue 13, "one way to write each unit"): every
 * component of packages/ui and the web app formats through this module, in the browser's locale.
 *
 * Numbers go through `Intl.NumberFormat` (digits, decimal mark, grouping and percent sign of the
 * locale: en-US "1,234.5", de-DE "1.234,5", fr-FR "1 234,5"). Durations are written with the
 * symbols h, m and s after locale numbers ("41 s", "4 m 27 s", "93 h 20 m"): the same in every
 * browser. `Intl.DurationFormat` is deliberately not used: it is missing in Node 20 and older
 * browsers, and where present it writes other words per browser version ("4m 27s", "4 Min., 27 Sek."),
 * so tests and screens would disagree.
 */
import type { MeasureFormat } from "./types";

/** What every formatter prints for a missing value (an en dash). */
export const MISSING = "–";

/**
 * The unit registry: how the value of each measure format arrives from the API (report-defs'
 * `MeasureFormat`) and how it is written. `percent` is on the 0-100 scale (ratio x 100), never 0-1;
 * `duration` is seconds.
 */
export const UNITS: Readonly<Record<MeasureFormat, { input: string; example: string }>> = {
  count: { input: "a count (rounded to an integer)", example: "12,345" },
  percent: { input: "percent on the 0-100 scale", example: "87.3%" },
  duration: { input: "seconds", example: "41 s, 4 m 27 s, 93 h 20 m" },
  score: { input: "a plain number, e.g. CSAT 1-5", example: "4.27" },
  rate_per_minute: { input: "events per minute", example: "12.5/min" },
};

/** The browser's locale (`navigator.language`), else en-US (Node without a navigator, an empty language). */
export function defaultLocale(): string {
  // Through globalThis, so that the module also type-checks and runs in Node (the API's PDF tests).
  const language = (globalThis as { navigator?: { language?: string } }).navigator?.language;
  return language || "en-US";
}

/** The number styles the formatters use, by name (so the cache key needs no serialising per call). */
const STYLES = {
  integer: { minimumFractionDigits: 0, maximumFractionDigits: 0, signDisplay: "negative" },
  upToOne: { minimumFractionDigits: 0, maximumFractionDigits: 1, signDisplay: "negative" },
  upToTwo: { minimumFractionDigits: 0, maximumFractionDigits: 2, signDisplay: "negative" },
  oneDecimal: { minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: "negative" },
  score: { minimumFractionDigits: 1, maximumFractionDigits: 2, signDisplay: "negative" },
  percent: { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: "negative" },
} as const satisfies Record<string, Intl.NumberFormatOptions>;

const cache = new Map<string, Intl.NumberFormat>();

/** A cached `Intl.NumberFormat` of a named style; an unknown or malformed locale falls back to en-US. */
function numberFormat(locale: string, style: keyof typeof STYLES): Intl.NumberFormat {
  const key = `${style}|${locale}`;
  let format = cache.get(key);
  if (!format) {
    try {
      format = new Intl.NumberFormat(locale, STYLES[style]);
    } catch {
      format = new Intl.NumberFormat("en-US", STYLES[style]);
    }
    if (cache.size > 200) cache.clear();
    cache.set(key, format);
  }
  return format;
}

const isNumber = (value: number | null | undefined): value is number =>
  typeof value === "number" && Number.isFinite(value);

/** A count with the locale's thousands separators, rounded to an integer: "12,345" (en-US), "12.345" (de-DE). */
export function formatCount(value: number | null | undefined, locale = defaultLocale()): string {
  return isNumber(value) ? numberFormat(locale, "integer").format(value) : MISSING;
}

/** A plain number with up to `maxDigits` decimals (0, 1 or 2; default 2): "1,234.57", "1.234,57". */
export function formatNumber(value: number | null | undefined, locale = defaultLocale(), maxDigits = 2): string {
  return isNumber(value)
    ? numberFormat(locale, maxDigits >= 2 ? "upToTwo" : maxDigits === 1 ? "upToOne" : "integer").format(value)
    : MISSING;
}

/**
 * A percentage given on the 0-100 scale, one decimal, in the locale's percent form:
 * 87.345 -> "87.3%" (en-US), "87,3 %" (de-DE, fr-FR).
 */
export function formatPercent(value: number | null | undefined, locale = defaultLocale()): string {
  return isNumber(value) ? numberFormat(locale, "percent").format(value / 100) : MISSING;
}

/**
 * Seconds as a duration, its precision falling as it grows:
 * - under 10 s: at most one decimal, "4.5 s", "0 s";
 * - under a minute: whole seconds, "41 s";
 * - under an hour: minutes and seconds, "4 m 27 s" ("4 m" on a whole minute);
 * - from an hour: hours and minutes, "93 h 20 m" ("2 h" on a whole hour; hours are never folded into days).
 * The unit is chosen on the rounded value (59.6 s is "1 m", 3599.7 s is "1 h"). A negative value
 * is written with a leading minus, "-4 m 27 s"; one that rounds to zero is "0 s".
 */
export function formatDuration(seconds: number | null | undefined, locale = defaultLocale()): string {
  if (!isNumber(seconds)) return MISSING;
  const whole = (n: number) => numberFormat(locale, "integer").format(n);
  const abs = Math.abs(seconds);
  const tenths = Math.round(abs * 10);
  const sign = (nonZero: boolean) => (seconds < 0 && nonZero ? "-" : "");
  if (tenths < 100) return `${sign(tenths > 0)}${numberFormat(locale, "upToOne").format(tenths / 10)} s`;
  const secs = Math.round(abs);
  if (secs < 60) return `${sign(true)}${whole(secs)} s`;
  if (secs < 3600) {
    const m = Math.floor(secs / 60);
    const s = secs % 60;
    return `${sign(true)}${whole(m)} m${s ? ` ${whole(s)} s` : ""}`;
  }
  const mins = Math.round(abs / 60);
  const h = Math.floor(mins / 60);
  const m = mins % 60;
  return `${sign(true)}${whole(h)} h${m ? ` ${whole(m)} m` : ""}`;
}

const formatters: Record<MeasureFormat, (value: number, locale: string) => string> = {
  count: formatCount,
  percent: formatPercent,
  duration: formatDuration,
  score: (v, locale) => numberFormat(locale, "score").format(v),
  rate_per_minute: (v, locale) => `${numberFormat(locale, "oneDecimal").format(v)}/min`,
};

/** A format the API added later than this UI is written as a plain number rather than failing. */
const formatterFor = (format: MeasureFormat) => formatters[format] ?? formatters.score;

/**
 * Writes a measure's value in its format (see {@link UNITS}) and the locale: count "12,345";
 * percent (0-100) "87.3%"; duration (seconds) "41 s", "4 m 27 s", "93 h 20 m"; score "4.27";
 * rate_per_minute "12.5/min". Null, undefined, NaN and infinities give {@link MISSING}.
 */
export function formatValue(value: number | null | undefined, format: MeasureFormat, locale = defaultLocale()): string {
  return isNumber(value) ? formatterFor(format)(value, locale) : MISSING;
}

/** Puts "+" before a positive change unless it rounds to zero ("+3.5 s" but "0 s"). */
const signed = (change: number, body: string): string => (change > 0 && /[1-9]/.test(body) ? `+${body}` : body);

/**
 * Writes a change (`value - previousValue`, in the measure's unit) with an explicit sign:
 * "+3.5 s", "-120", "0". A change of a percent measure is in percentage points: "+1.2 pp".
 */
export function formatChange(
  change: number | null | undefined,
  format: MeasureFormat,
  locale = defaultLocale(),
): string {
  if (!isNumber(change)) return MISSING;
  const body =
    format === "percent"
      ? `${numberFormat(locale, "oneDecimal").format(change)} pp`
      : formatterFor(format)(change, locale);
  return signed(change, body);
}

/** Writes a relative change given on the 0-100 scale with a sign and one decimal: "+9.2%", "-3,0 %". */
export function formatChangePercent(changePercent: number | null | undefined, locale = defaultLocale()): string {
  if (!isNumber(changePercent)) return MISSING;
  return signed(changePercent, formatPercent(changePercent, locale));
}
