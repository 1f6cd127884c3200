/**
 * The reporting period the dashboard shows, and how it is written in the URL
 * (`?from=1999-02-01&to=1999-02-28`, inclusive calendar days) and sent to the API.
 */

/** Days of the preset periods, each ending today. */
export const PRESET_DAYS = [7, 30, 90] as const;
export type PresetDays = (typeof PRESET_DAYS)[number];

/** Period shown when the URL names none: the API's own `periodDays` window ending today. */
export const DEFAULT_DAYS: PresetDays = 30;

/** Either a window of days ending today (in the API's time zone) or a fixed range of days. */
export type Period = { kind: "days"; days: number } | { kind: "range"; from: string; to: string };

/** The body fields of `POST /report/{id}/fetch` that choose the period. */
export type PeriodRequest = { periodDays: number } | { from: string; to: string };

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a `YYYY-MM-DD` string, or null when it is not a real calendar day. */
function dayNumber(date: string): number | null {
  const match = ISO_DATE.exec(date);
  if (!match) return null;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const ms = Date.UTC(y, m - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== m - 1 || back.getUTCDate() !== d) {
    return null;
  }
  return ms / DAY_MS;
}

const fromDayNumber = (n: number): string => new Date(n * DAY_MS).toISOString().slice(0, 10);

/** True for a real calendar day written `YYYY-MM-DD`. */
export const isIsoDate = (date: string): boolean => dayNumber(date) !== null;

/** `date` moved by `days` calendar days ("1999-03-01", -1 -> "1999-02-28"). */
export function addDays(date: string, days: number): string {
  const n = dayNumber(date);
  if (n === null) throw new RangeError(`Not a calendar day: ${date}`);
  return fromDayNumber(n + days);
}

/** Number of days from `from` to `to`, both included; 0 or less when `to` is before `from`. */
export function daysInRange(from: string, to: string): number {
  const a = dayNumber(from);
  const b = dayNumber(to);
  if (a === null || b === null) return 0;
  return b - a + 1;
}

/** Today's calendar day in an IANA time zone (the browser's when none is given). */
export function todayIn(timeZone?: string, now: Date = new Date()): string {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).formatToParts(now);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("year")}-${part("month")}-${part("day")}`;
}

/** The range of a preset: `days` days ending on `today`, both included. */
export function presetRange(days: number, today: string): { from: string; to: string } {
  return { from: addDays(today, -(days - 1)), to: today };
}

/** The preset a range equals (ends today, preset length), if any. */
export function presetOf(from: string, to: string, today: string): PresetDays | undefined {
  if (to !== today) return undefined;
  return PRESET_DAYS.find((days) => days === daysInRange(from, to));
}

/** Why a custom range cannot be applied, or undefined when it can. */
export function rangeProblem(from: string, to: string): string | undefined {
  if (!isIsoDate(from) || !isIsoDate(to)) return "Choose both a start and an end day.";
  if (daysInRange(from, to) < 1) return "The start day must not be after the end day.";
  return undefined;
}

/**
 * The period a URL asks for. Without `from` and `to` it is the default window; a pair that is
 * not a valid range is ignored (`ignored: true`) so a bad link still opens a dashboard.
 */
export function periodFromSearch(search: { from?: string | undefined; to?: string | undefined }): {
  period: Period;
  ignored: boolean;
} {
  const { from, to } = search;
  if (from === undefined && to === undefined) {
    return { period: { kind: "days", days: DEFAULT_DAYS }, ignored: false };
  }
  if (from !== undefined && to !== undefined && rangeProblem(from, to) === undefined) {
    return { period: { kind: "range", from, to }, ignored: false };
  }
  return { period: { kind: "days", days: DEFAULT_DAYS }, ignored: true };
}

/** The request fields for a period. */
export function periodRequest(period: Period): PeriodRequest {
  return period.kind === "range" ? { from: period.from, to: period.to } : { periodDays: period.days };
}

/** The days the data spans (`data` of the report list), in the API's default zone; null days when there is no data. */
export interface DataDays {
  readonly firstDay: string | null;
  readonly lastDay: string | null;
}

/** True when the range `from`..`to` (both included) shares a day with the data. False when there is no data. */
export function rangeHasData(range: { from: string; to: string }, data: DataDays): boolean {
  if (data.firstDay === null || data.lastDay === null) return false;
  return range.from <= data.lastDay && range.to >= data.firstDay;
}

/** The {@link DEFAULT_DAYS} days ending on the last day with data (the latest period that has data), or undefined without data. */
export function latestDataRange(data: DataDays): { from: string; to: string } | undefined {
  return data.lastDay === null ? undefined : presetRange(DEFAULT_DAYS, data.lastDay);
}

/**
 * The period the dashboard opens on when the URL names none: the default window (the last
 * {@link DEFAULT_DAYS} days ending `today`) when it shares a day with the data or there is no
 * data; else the {@link DEFAULT_DAYS} days ending on the last day with data (`moved: true`), so a
 * database of last year's exports does not open on an empty month. Days are `YYYY-MM-DD` in the
 * API's zone.
 */
export function openingPeriod(data: DataDays | undefined, today: string): { period: Period; moved: boolean } {
  const usual = { period: { kind: "days", days: DEFAULT_DAYS } as Period, moved: false };
  if (!data) return usual;
  const latest = latestDataRange(data);
  if (!latest || rangeHasData(presetRange(DEFAULT_DAYS, today), data)) return usual;
  return { period: { kind: "range", ...latest }, moved: true };
}
