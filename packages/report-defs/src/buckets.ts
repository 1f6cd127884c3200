import { addDays, formatOffset, parseIsoDate, wallClockOffsets } from "@tallyline/warehouse/time";
import { Lru } from "./lru";
import type { Grain } from "./query";

const DAY_MS = 86_400_000;
const pad2 = (n: number) => String(n).padStart(2, "0");

/**
 * 'YYYY-MM-DD' of a day number (days since 1970-01-01), memoised: the same few hundred days recur in
 * every report, and formatting a Date each time cost a tenth of a millisecond per report.
 */
const dayLabels = new Map<number, string>();
function dayLabel(day: number): string {
  let label = dayLabels.get(day);
  if (label === undefined) {
    label = new Date(day * DAY_MS).toISOString().slice(0, 10);
    if (dayLabels.size >= 100_000) dayLabels.clear();
    dayLabels.set(day, label);
  }
  return label;
}

/**
 * 'YYYY-MM-DDTHH:00' of a local hour number (hours since 1970-01-01T00:00), memoised like
 * {@link dayLabel}: an hourly series of 90 days labels 2,160 hours per measure, and a reused string
 * keeps its hash for the Map lookups that match rows to buckets.
 */
const hourLabels = new Map<number, string>();
function hourLabel(hour: number): string {
  let label = hourLabels.get(hour);
  if (label === undefined) {
    const day = Math.floor(hour / 24);
    label = `${dayLabel(day)}T${pad2(hour - day * 24)}:00`;
    if (hourLabels.size >= 100_000) hourLabels.clear();
    hourLabels.set(hour, label);
  }
  return label;
}

/** Day number of 'YYYY-MM-DD'. */
function dayNumber(date: string): number {
  const p = parseIsoDate(date);
  if (!p) throw new RangeError(`Not a date: ${date}`);
  return Date.UTC(p[0], p[1] - 1, p[2]) / DAY_MS;
}

/**
 * Label of a bucket the compiler returns, in local time: hour 'YYYY-MM-DDTHH:00' (from an hour
 * number), day 'YYYY-MM-DD' (day number), ISO week 'YYYY-MM-DD' of its Monday (week number, weeks
 * counted from Monday 1969-12-29), month 'YYYY-MM' (text that starts with it, such as a TIMESTAMP
 * of its first day). Instants after 1970.
 */
export function bucketLabel(grain: Grain, cell: unknown): string {
  switch (grain) {
    case "hour":
      return hourLabel(Number(cell));
    case "day":
      return dayLabel(Number(cell));
    case "week":
      return dayLabel(Number(cell) * 7 - 3);
    case "month":
      return String(cell).slice(0, 7);
  }
}

/**
 * The `grain` bucket (as {@link bucketLabel} reads it) that holds a unit of the compiler's finest
 * rows: a local hour number for the hourly grain, else a local day number.
 */
export function bucketOfUnit(grain: Grain, unit: number): number | string {
  switch (grain) {
    case "hour":
    case "day":
      return unit;
    case "week":
      return Math.floor((unit + 3) / 7);
    case "month":
      return dayLabel(unit).slice(0, 7);
  }
}

/** Label of a local minute number: 'YYYY-MM-DDTHH:MM'. */
export function minuteLabel(cell: unknown): string | null {
  if (cell === null || cell === undefined) return null;
  const minute = Number(cell);
  const day = Math.floor(minute / 1440);
  const inDay = minute - day * 1440;
  return `${dayLabel(day)}T${pad2(Math.floor(inDay / 60))}:${pad2(inDay % 60)}`;
}

/**
 * Label of a real minute in IANA zone `timezone`: local minute number `minute` whose first instant
 * is `at` (epoch seconds), as 'YYYY-MM-DDTHH:MM', followed by its UTC offset when the zone shows
 * that local minute at another offset too (the hour an autumn change repeats):
 * '2026-10-25T02:47+01:00' is the second 02:47 of that day in Amsterdam. Null without a minute.
 */
export function realMinuteLabel(minute: unknown, at: unknown, timezone: string): string | null {
  const label = minuteLabel(minute);
  if (label === null || at === null || at === undefined) return label;
  const offset = Number(minute) * 60 - Number(at);
  const repeated = wallClockOffsets(timezone, Number(minute) * 60_000, 60_000).some((o) => o !== offset);
  return repeated ? `${label}${formatOffset(offset)}` : label;
}

/**
 * The last few lists {@link bucketsOf} made, by grain and days (a dashboard asks for the same
 * windows), at most 16 MB of them (a label and its slot counted as 64 bytes).
 */
const bucketLists = new Lru<readonly string[]>({
  maxEntries: 64,
  maxBytes: 16 * 2 ** 20,
  sizeOf: (l) => l.length * 64,
});

/**
 * Every bucket label of the days from..to (inclusive), in order; weeks and months that overlap the
 * period. The list is shared by later calls for the same grain and days: do not change it.
 */
export function bucketsOf(grain: Grain, from: string, to: string): readonly string[] {
  const key = `${grain} ${from} ${to}`;
  let list = bucketLists.get(key);
  if (!list) {
    list = Object.freeze(makeBuckets(grain, from, to));
    bucketLists.set(key, list);
  }
  return list;
}

function makeBuckets(grain: Grain, from: string, to: string): string[] {
  const days: number[] = [];
  for (let d = dayNumber(from), last = dayNumber(to); d <= last; d++) days.push(d);
  switch (grain) {
    case "day":
      return days.map(dayLabel);
    case "hour":
      return days.flatMap((d) => Array.from({ length: 24 }, (_, h) => hourLabel(d * 24 + h)));
    case "week":
      return [...new Set(days.map((d) => dayLabel(d - ((((d + 3) % 7) + 7) % 7))))];
    case "month":
      return [...new Set(days.map((d) => dayLabel(d).slice(0, 7)))];
  }
}

/** The Monday of the ISO week of a date. */
export function mondayOf(date: string): string {
  const p = parseIsoDate(date);
  if (!p) throw new RangeError(`Not a date: ${date}`);
  const dow = new Date(Date.UTC(p[0], p[1] - 1, p[2])).getUTCDay(); // 0 = Sunday
  return addDays(date, -((dow + 6) % 7));
}
