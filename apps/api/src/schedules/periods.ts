/**
 * When a schedule's runs are due and which period each run reports on (issue 15).
 *
 * A schedule stores a local cadence (frequency, weekday or day of month, HH:MM send time) and an
 * IANA zone, never a UTC offset: each due instant is computed from them by croner in that zone, so a
 * weekly 08:00 in Europe/Amsterdam is 07:00 UTC in winter and 06:00 UTC in summer. A send time in
 * the hour a spring change skips runs at the end of the gap (03:00 for 02:30 in Amsterdam); in the
 * hour an autumn change repeats, once, at its first reading (croner's rules).
 *
 * Each run reports on the last complete period before its local send day, in calendar days of the
 * zone (the report runner turns the days into instants, DST-exact):
 * - `daily`: the day before;
 * - `weekly` (on a chosen ISO weekday): the last complete ISO week, Monday to Sunday;
 * - `biweekly` (every two weeks on a chosen weekday): the last two complete ISO weeks. Sends fall in
 *   every other ISO week: the weeks an even number of weeks after the week of Monday 1970-01-05;
 * - `twice_monthly` (the 1st and the 16th): the last complete half-month, 1st-15th or 16th-end;
 * - `monthly` (on day 1-31; past a month's end on its last day, so "the 31st" is 28 February):
 *   the last complete calendar month;
 * - `every_two_months` (January, March, May, July, September, November on the chosen day): the last
 *   complete two-month block (January-February, March-April, ...);
 * - `quarterly` (January, April, July, October on the chosen day): the last complete calendar quarter.
 *
 * Seed 002's "bi-monthly" has two readings in English: twice a month (`twice_monthly`, which we take
 * as the seed's meaning, since it is offered beside "weekly") and every two months (`every_two_months`).
 * Both are offered.
 */

import { FREQUENCIES, type Frequency } from "@tallyline/report-defs/frequencies";
import { Cron } from "croner";

/** A schedule's frequency (see the module comment for each one's period): the one list in report-defs. */
export { FREQUENCIES, type Frequency };

/** A schedule's local cadence. */
export interface Cadence {
  readonly frequency: Frequency;
  /** ISO weekday 1 (Monday) .. 7 (Sunday): weekly and biweekly only. */
  readonly weekday?: number | null;
  /** Day of the month 1-31 (the month's last day when past its end): monthly, every_two_months, quarterly. */
  readonly monthDay?: number | null;
  /** Local send time, `HH:MM` (24-hour). */
  readonly sendTime: string;
  /** IANA zone of the send time and of the period's days. */
  readonly timezone: string;
}

/** A reported period: local calendar days, both inclusive (`YYYY-MM-DD`). */
export interface Period {
  readonly from: string;
  readonly to: string;
}

/** A due run: its UTC instant (ms) and the period it reports on. */
export interface Due {
  readonly dueAt: number;
  readonly period: Period;
}

const MONTHS: Partial<Record<Frequency, string>> = {
  every_two_months: "1,3,5,7,9,11",
  quarterly: "1,4,7,10",
};

/** The croner pattern of a cadence (minute hour day-of-month month day-of-week). Throws on a bad cadence. */
export function cronPattern(c: Cadence): string {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(c.sendTime);
  if (!m) throw new Error(`sendTime: must be HH:MM (00:00-23:59), got ${JSON.stringify(c.sendTime)}`);
  const time = `${Number(m[2])} ${Number(m[1])}`;
  switch (c.frequency) {
    case "daily":
      return `${time} * * *`;
    case "weekly":
    case "biweekly": {
      const w = c.weekday;
      if (!w || w < 1 || w > 7) throw new Error("weekday: must be 1 (Monday) to 7 (Sunday)");
      return `${time} * * ${w % 7}`;
    }
    case "twice_monthly":
      return `${time} 1,16 * *`;
    case "monthly":
    case "every_two_months":
    case "quarterly": {
      const d = c.monthDay;
      if (!d || d < 1 || d > 31) throw new Error("monthDay: must be 1 to 31");
      // Past 28 a month may be shorter: also fire on its last day, and keep min(d, last day) below.
      return `${time} ${d <= 28 ? d : `${d},L`} ${MONTHS[c.frequency] ?? "*"} *`;
    }
  }
}

/** The local calendar date (`YYYY-MM-DD`) of instant `ms` in `zone`. */
export function localDate(ms: number, zone: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: zone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).formatToParts(new Date(ms));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")}`;
}

/** Day number since 1970-01-01 of a `YYYY-MM-DD` date (calendar arithmetic in UTC; no zone involved). */
function dayNumber(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / 86_400_000;
}

function dateOf(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

function ymd(y: number, m: number, d: number): string {
  return new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10);
}

/** Last day of month `m` (1-12; may be out of range: normalised) of year `y`. */
function lastOfMonth(y: number, m: number): string {
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/** ISO weekday 1 (Monday) .. 7 (Sunday) of a day number. */
function isoWeekday(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

/** Index of the ISO week holding `day`, counted from the week of Monday 1970-01-05 (week 0). */
function weekIndex(day: number): number {
  return Math.floor((day - 4) / 7);
}

/**
 * The period a run sent on local date `sendDate` reports on (see the module comment). Pure calendar
 * arithmetic: the send time does not matter, only the local day.
 */
export function periodFor(frequency: Frequency, sendDate: string): Period {
  const day = dayNumber(sendDate);
  const [y, m, d] = sendDate.split("-").map(Number) as [number, number, number];
  const monday = day - isoWeekday(day) + 1;
  switch (frequency) {
    case "daily":
      return { from: dateOf(day - 1), to: dateOf(day - 1) };
    case "weekly":
      return { from: dateOf(monday - 7), to: dateOf(monday - 1) };
    case "biweekly":
      return { from: dateOf(monday - 14), to: dateOf(monday - 1) };
    case "twice_monthly":
      return d >= 16
        ? { from: ymd(y, m, 1), to: ymd(y, m, 15) }
        : { from: ymd(y, m - 1, 16), to: lastOfMonth(y, m - 1) };
    case "monthly":
      return { from: ymd(y, m - 1, 1), to: lastOfMonth(y, m - 1) };
    case "every_two_months": {
      const start = m - ((m - 1) % 2) - 2; // first month of the block before the one holding m
      return { from: ymd(y, start, 1), to: lastOfMonth(y, start + 1) };
    }
    case "quarterly": {
      const start = m - ((m - 1) % 3) - 3;
      return { from: ymd(y, start, 1), to: lastOfMonth(y, start + 2) };
    }
  }
}

/** True when croner's fire at local date `date` is one the cadence keeps (biweekly parity, month-day clamp). */
function keeps(c: Cadence, date: string): boolean {
  const day = dayNumber(date);
  if (c.frequency === "biweekly") return weekIndex(day) % 2 === 0;
  if ((c.frequency === "monthly" || c.frequency === "every_two_months" || c.frequency === "quarterly") && c.monthDay) {
    const [y, m, d] = date.split("-").map(Number) as [number, number, number];
    const last = Number(lastOfMonth(y, m).slice(8));
    return d === Math.min(c.monthDay, last);
  }
  return true;
}

/**
 * The runs due after `afterMs` (exclusive) up to `untilMs` (inclusive), oldest first, at most `limit`
 * (default 1,000; a bound for a long downtime of a daily schedule). Throws on a bad cadence or zone.
 */
export function dueBetween(c: Cadence, afterMs: number, untilMs: number, limit = 1000): Due[] {
  const cron = new Cron(cronPattern(c), { timezone: c.timezone, paused: true });
  const out: Due[] = [];
  let cursor = new Date(afterMs);
  for (let guard = 0; out.length < limit && guard < limit * 3; guard++) {
    const next = cron.nextRun(cursor);
    if (!next || next.getTime() > untilMs) break;
    const date = localDate(next.getTime(), c.timezone);
    if (keeps(c, date)) out.push({ dueAt: next.getTime(), period: periodFor(c.frequency, date) });
    cursor = next;
  }
  return out;
}

/** The next run due after `afterMs`, or null when none within ~20 years. */
export function nextDue(c: Cadence, afterMs: number): Due | null {
  return dueBetween(c, afterMs, afterMs + 20 * 366 * 86_400_000, 1)[0] ?? null;
}

/** The period a run asked for now (run-now) reports on: the one a scheduled run sent now would. */
export function periodNow(c: Pick<Cadence, "frequency" | "timezone">, nowMs: number): Period {
  return periodFor(c.frequency, localDate(nowMs, c.timezone));
}

/** True when `zone` is an IANA zone this runtime knows. */
export function isZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return zone.length > 0 && zone.length <= 64;
  } catch {
    return false;
  }
}
