import { addDays, eachDay, parseIsoDate } from "@tallyline/warehouse/time";
import type { Grain } from "./query";

/**
 * Bucket labels of a grain, in local time: day 'YYYY-MM-DD'; ISO week 'YYYY-MM-DD' (its Monday);
 * month 'YYYY-MM'; hour 'YYYY-MM-DDTHH:00'.
 */
export function bucketLabel(grain: Grain, cell: unknown): string {
  const s = String(cell);
  switch (grain) {
    case "day":
    case "week":
      return s.slice(0, 10);
    case "month":
      return s.slice(0, 7);
    case "hour":
      return `${s.slice(0, 13)}:00`;
  }
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
