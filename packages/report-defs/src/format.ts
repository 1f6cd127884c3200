import type { MeasureFormat } from "./definition";

/** What every formatter prints for a missing value (an en dash). */
export const MISSING = "–";

/** en-US digits so the output is the same on every machine; "negative" never prints "-0". */
const numberFormat = (minimumFractionDigits: number, maximumFractionDigits: number) =>
  new Intl.NumberFormat("en-US", {
    minimumFractionDigits,
    maximumFractionDigits,
    signDisplay: "negative",
  });
const integer = numberFormat(0, 0);
const oneDecimal = numberFormat(1, 1);
const score = numberFormat(1, 2);

const pad2 = (n: number): string => String(n).padStart(2, "0");

/**
 * Seconds as "41.7 s" below one minute, "m:ss" from one minute ("3:05"), "h:mm:ss" from one hour.
 * The switch happens on the value rounded to 0.1 s, so 59.96 s reads "1:00", never "60.0 s".
 */
function duration(seconds: number): string {
  const tenths = Math.round(Math.abs(seconds) * 10);
  const sign = seconds < 0 && tenths > 0 ? "-" : "";
  if (tenths < 600) return `${sign}${oneDecimal.format(tenths / 10)} s`;
  const total = Math.round(Math.abs(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0 ? `${sign}${h}:${pad2(m)}:${pad2(s)}` : `${sign}${m}:${pad2(s)}`;
}

const formatters: Record<MeasureFormat, (value: number) => string> = {
  count: (v) => integer.format(v),
  percent: (v) => `${oneDecimal.format(v)}%`,
  duration,
  score: (v) => score.format(v),
  rate_per_minute: (v) => `${oneDecimal.format(v)}/min`,
};

/** A format the API added later than this UI is written as a plain number rather than failing. */
const formatterFor = (format: MeasureFormat) => formatters[format] ?? formatters.score;

const isNumber = (value: number | null | undefined): value is number =>
  typeof value === "number" && Number.isFinite(value);

/**
 * Writes a measure's value in its format:
 * - count: integer with thousands separators, "12,345";
 * - percent: value on the 0-100 scale, one decimal, "87.3%";
 * - duration: seconds, "41.7 s", "3:05", "1:02:05";
 * - score: one or two decimals, "4.27";
 * - rate_per_minute: one decimal, "12.5/min".
 * Null, undefined, NaN and infinities give {@link MISSING}.
 */
export function formatValue(value: number | null | undefined, format: MeasureFormat): string {
  return isNumber(value) ? formatterFor(format)(value) : MISSING;
}

/** Puts "+" before a positive change unless it rounds to zero ("+3.5 s" but "0.0 s"). */
const signed = (change: number, body: string): string => (change > 0 && /[1-9]/.test(body) ? `+${body}` : body);

/**
 * Writes a change (`value - previousValue`, in the measure's unit) with an explicit sign:
 * "+3.5 s", "-120", "0". A change of a percent measure is in percentage points: "+1.2 pp".
 */
export function formatChange(change: number | null | undefined, format: MeasureFormat): string {
  if (!isNumber(change)) return MISSING;
  const body = format === "percent" ? `${oneDecimal.format(change)} pp` : formatterFor(format)(change);
  return signed(change, body);
}

/** Writes a relative change given on the 0-100 scale with a sign and one decimal: "+9.2%". */
export function formatChangePercent(changePercent: number | null | undefined): string {
  if (!isNumber(changePercent)) return MISSING;
  return signed(changePercent, `${oneDecimal.format(changePercent)}%`);
}
