/**
 * Business hours (issue 16): a campaign's weekly open hours in an IANA zone, with holidays, turned
 * into UTC open intervals and into the business seconds of any UTC interval. Pure (no I/O); the
 * zone arithmetic is the project's own (time.ts `zonedToUtc`), so a day of a DST change is 23 or 25
 * hours long where the schedule covers the change. The SQL twin is the derived table
 * `business_open_intervals` (derive.ts), which tests check against {@link businessSeconds}.
 *
 * Rules (docs/canonical-format.md "business_hours"): times are local wall-clock 'HH:MM', `closes`
 * after `opens`, '24:00' is midnight at the end of the day (a night shift is two rows, one per day);
 * a weekday without rows is closed; a holiday replaces its date's weekly hours: closed all day, or
 * (partial) open only from its `opens` to its `closes`. A wall time that a DST change skips moves
 * forward by the gap; a repeated one takes the earlier instant (as `zonedToUtc`). Overlapping or
 * touching intervals are merged, so no second counts twice.
 */
import { addDays, localDate, parseIsoDate, requireTimeZone, zonedToUtc } from "./time";

/** One interval of the weekly hours: ISO weekday (1 Monday ... 7 Sunday), local 'HH:MM' times. */
export interface WeeklyHours {
  readonly weekday: number;
  readonly opens: string;
  readonly closes: string;
}

/** A local date ('YYYY-MM-DD') whose weekly hours do not apply: closed, or open only opens-closes. */
export interface Holiday {
  readonly date: string;
  readonly opens?: string | null;
  readonly closes?: string | null;
}

/** A campaign's schedule: zone, weekly hours and holidays (tables business_hours, business_holidays). */
export interface BusinessSchedule {
  readonly timezone: string;
  readonly hours: readonly WeeklyHours[];
  readonly holidays?: readonly Holiday[];
}

/** A UTC interval [startMs, endMs) in milliseconds since the epoch. */
export interface OpenInterval {
  readonly startMs: number;
  readonly endMs: number;
}

/**
 * Minutes after local midnight of 'HH:MM' (00:00-23:59, or '24:00' = 1440). Throws RangeError for
 * anything else, naming the value.
 */
export function minutesOfDay(hhmm: string): number {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  if (m) return Number(m[1]) * 60 + Number(m[2]);
  if (hhmm === "24:00") return 1440;
  throw new RangeError(`Not a local time 'HH:MM' (00:00-24:00): "${hhmm}"`);
}

/** ISO weekday (1 Monday ... 7 Sunday) of local date 'YYYY-MM-DD'. Throws RangeError for a bad date. */
export function isoWeekday(date: string): number {
  const p = parseIsoDate(date);
  if (!p) throw new RangeError(`Not a date: ${date}`);
  const d = new Date(Date.UTC(p[0], p[1] - 1, p[2])).getUTCDay();
  return d === 0 ? 7 : d;
}

/**
 * The UTC open intervals of `schedule` on the local dates `from` to `to` (inclusive), in time order,
 * overlapping or touching ones merged. Throws RangeError for an unknown zone, a bad date or time, or
 * an interval whose closes is not after its opens.
 */
export function openIntervals(schedule: BusinessSchedule, from: string, to: string): OpenInterval[] {
  const tz = requireTimeZone(schedule.timezone);
  const holidays = new Map((schedule.holidays ?? []).map((h) => [h.date, h]));
  const raw: OpenInterval[] = [];
  for (let date = from; date <= to; date = addDays(date, 1)) {
    const p = parseIsoDate(date);
    if (!p) throw new RangeError(`Not a date: ${date}`);
    const holiday = holidays.get(date);
    const spans: { opens: string; closes: string }[] = holiday
      ? holiday.opens && holiday.closes
        ? [{ opens: holiday.opens, closes: holiday.closes }]
        : []
      : schedule.hours.filter((h) => h.weekday === isoWeekday(date));
    for (const { opens, closes } of spans) {
      const a = minutesOfDay(opens);
      const b = minutesOfDay(closes);
      if (b <= a) throw new RangeError(`closes ${closes} is not after opens ${opens} on ${date}`);
      raw.push({
        startMs: zonedToUtc(tz, p[0], p[1], p[2], 0, a).getTime(),
        endMs: zonedToUtc(tz, p[0], p[1], p[2], 0, b).getTime(),
      });
    }
  }
  raw.sort((x, y) => x.startMs - y.startMs);
  const merged: OpenInterval[] = [];
  for (const r of raw) {
    const last = merged[merged.length - 1];
    if (last && r.startMs <= last.endMs)
      merged[merged.length - 1] = { startMs: last.startMs, endMs: Math.max(last.endMs, r.endMs) };
    else if (r.endMs > r.startMs) merged.push(r);
  }
  return merged;
}

/**
 * Business seconds of the UTC interval [startMs, endMs) under `schedule`: the seconds of it that lie
 * in the schedule's open intervals (0 for an interval wholly outside them, or with endMs <= startMs).
 * Milliseconds are kept (the result may have a fraction). Throws as {@link openIntervals}.
 */
export function businessSeconds(schedule: BusinessSchedule, startMs: number, endMs: number): number {
  if (!(endMs > startMs)) return 0;
  const tz = requireTimeZone(schedule.timezone);
  // One local day either side covers every interval that can reach [startMs, endMs).
  const open = openIntervals(schedule, addDays(localDate(tz, startMs), -1), addDays(localDate(tz, endMs), 1));
  let ms = 0;
  for (const o of open) ms += Math.max(0, Math.min(o.endMs, endMs) - Math.max(o.startMs, startMs));
  return ms / 1000;
}
