import { addDays, eachDay, parseIsoDate } from "@tallyline/warehouse/time";
import type { Grain } from "./query";

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Label of a bucket the compiler returns, in local time: hour 'YYYY-MM-DDTHH:00' (from an hour
 * number), day 'YYYY-MM-DD' (day number), ISO week 'YYYY-MM-DD' of its Monday (week number, weeks
 * counted from Monday 1969-12-29), month 'YYYY-MM' (a TIMESTAMP of its first day).
 */
export function bucketLabel(grain: Grain, cell: unknown): string {
  switch (grain) {
    case "hour":
      return `${iso(Number(cell) * 3_600_000).slice(0, 13)}:00`;
    case "day":
      return iso(Number(cell) * 86_400_000).slice(0, 10);
    case "week":
      return iso((Number(cell) * 7 - 3) * 86_400_000).slice(0, 10);
    case "month":
      return String(cell).slice(0, 7);
  }
}

/** Label of a local minute number: 'YYYY-MM-DDTHH:MM'. */
export function minuteLabel(cell: unknown): string | null {
  return cell === null || cell === undefined ? null : iso(Number(cell) * 60_000).slice(0, 16);
}

/** Every bucket label of the days from..to (inclusive), in order; weeks and months that overlap the period. */
export function bucketsOf(grain: Grain, from: string, to: string): string[] {
  const days = eachDay(from, to);
  switch (grain) {
    case "day":
      return days;
    case "hour":
      return days.flatMap((d) => Array.from({ length: 24 }, (_, h) => `${d}T${String(h).padStart(2, "0")}:00`));
    case "week":
      return [...new Set(days.map(mondayOf))];
    case "month":
      return [...new Set(days.map((d) => d.slice(0, 7)))];
  }
}

/** The Monday of the ISO week of a date. */
export function mondayOf(date: string): string {
  const p = parseIsoDate(date);
  if (!p) throw new RangeError(`Not a date: ${date}`);
  const dow = new Date(Date.UTC(p[0], p[1] - 1, p[2])).getUTCDay(); // 0 = Sunday
  return addDays(date, -((dow + 6) % 7));
}
