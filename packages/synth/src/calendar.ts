/**
 * The generator's calendar: the local days of the simulated contact centre in its IANA time zone,
 * and the conversions between local wall-clock time and instants. Instants are whole epoch seconds
 * (UTC) throughout the generator. Local times become instants with `zonedToUtc`, so local hours are
 * DST-correct: a wall time skipped in spring moves forward by the gap, and a wall time in the
 * repeated autumn hour is read the first time (so local arrivals fall in the first of the two).
 */
import {
  addDays,
  formatOffset,
  type IsoDate,
  offsetSeconds,
  parseIsoDate,
  startOfLocalDay,
  wallClockOffsets,
  zonedToUtc,
} from "@tallyline/warehouse/time";
import type { Random } from "./random";

/** One local calendar day of the generated range. */
export interface Day {
  /** 'YYYY-MM-DD'. */
  readonly date: IsoDate;
  /** Position in the range, from 0. */
  readonly index: number;
  /** 0 = Sunday ... 6 = Saturday. */
  readonly weekday: number;
  readonly weekend: boolean;
  readonly y: number;
  readonly mo: number;
  readonly d: number;
}

/** Seconds in an hour of wall-clock time. */
export const HOUR = 3600;
const DAY = 86_400;

/** The days from `end - count + 1` to `end` (inclusive) in `timezone`, and time conversions in that zone. */
export class Calendar {
  readonly days: readonly Day[];
  readonly #dates = new Map<number, IsoDate>();

  constructor(
    readonly timezone: string,
    end: IsoDate,
    count: number,
  ) {
    if (!parseIsoDate(end)) throw new RangeError(`Not a date: ${end}`);
    this.days = Array.from({ length: count }, (_, index) => {
      const date = addDays(end, index - count + 1);
      const [y, mo, d] = parseIsoDate(date) as [number, number, number];
      const weekday = new Date(Date.UTC(y, mo - 1, d)).getUTCDay();
      return { date, index, weekday, weekend: weekday === 0 || weekday === 6, y, mo, d };
    });
  }

  /** The instant (epoch seconds) of local wall-clock second `secondOfDay` (may exceed a day) of `day`. */
  at(day: Day, secondOfDay: number): number {
    return zonedToUtc(this.timezone, day.y, day.mo, day.d, 0, 0, secondOfDay).getTime() / 1000;
  }

  /** Seconds east of UTC at instant `sec`. */
  offset(sec: number): number {
    return offsetSeconds(this.timezone, sec * 1000);
  }

  /** The local calendar date of instant `sec`. */
  localDate(sec: number): IsoDate {
    const day = Math.floor((sec + this.offset(sec)) / DAY);
    let date = this.#dates.get(day);
    if (date === undefined) {
      date = new Date(day * DAY * 1000).toISOString().slice(0, 10);
      this.#dates.set(day, date);
    }
    return date;
  }

  /** The instant (epoch seconds) the local day holding `sec` began. */
  midnight(sec: number): number {
    return startOfLocalDay(this.timezone, this.localDate(sec)).getTime() / 1000;
  }

  /** The local hour (0-23) of instant `sec`. */
  localHour(sec: number): number {
    return Math.floor(((((sec + this.offset(sec)) % DAY) + DAY) % DAY) / HOUR);
  }

  /** The local wall-clock minute of `sec`, as minutes since 1970-01-01T00:00 local (equal for the two readings of a repeated hour). */
  localMinute(sec: number): number {
    return Math.floor((sec + this.offset(sec)) / 60);
  }

  /**
   * The instant the local minute holding `sec` began: a real minute, so the two readings of a local
   * minute that an autumn change repeats are two minutes (issue 10: the busiest minute is one minute).
   */
  minuteStart(sec: number): number {
    const off = this.offset(sec);
    return Math.floor((sec + off) / 60) * 60 - off;
  }

  /**
   * 'YYYY-MM-DDTHH:MM' of the local minute that begins at instant `start` (see {@link minuteStart}),
   * with its UTC offset appended when the zone shows that local minute twice ('2026-10-25T02:47+01:00').
   */
  minuteLabelAt(start: number): string {
    const off = this.offset(start);
    const local = (start + off) * 1000;
    const repeated = wallClockOffsets(this.timezone, local, 60_000).length > 1;
    const label = new Date(local).toISOString().slice(0, 16);
    return repeated ? `${label}${formatOffset(off)}` : label;
  }

  /** The instant the local hour holding `sec` began (two distinct instants for the two readings of a repeated hour). */
  hourStart(sec: number): number {
    const off = this.offset(sec);
    return Math.floor((sec + off) / HOUR) * HOUR - off;
  }

  /**
   * `sec` as local ISO-8601 with its offset, e.g. '2026-03-29T03:15:00+02:00'; in UTC ('Z') when the
   * offset has seconds (Monrovia's -0:44:30 until 1972), which an ISO-8601 offset cannot carry.
   */
  isoLocal(sec: number): string {
    const off = this.offset(sec);
    if (off % 60 !== 0) return `${new Date(sec * 1000).toISOString().slice(0, 19)}Z`;
    const sign = off < 0 ? "-" : "+";
    const abs = Math.abs(off);
    const hh = String(Math.floor(abs / HOUR)).padStart(2, "0");
    const mm = String(Math.floor((abs % HOUR) / 60)).padStart(2, "0");
    return `${new Date((sec + off) * 1000).toISOString().slice(0, 19)}${sign}${hh}:${mm}`;
  }
}

/** 'YYYY-MM-DDTHH:MM' of a local minute from {@link Calendar.localMinute}. */
export function minuteLabel(localMinute: number): string {
  return new Date(localMinute * 60_000).toISOString().slice(0, 16);
}

/**
 * `count` arrival instants on `day`, sorted: each picks a local hour with probability proportional
 * to `curve[hour]` (24 weights), then a uniform second within it.
 */
export function arrivals(rng: Random, cal: Calendar, day: Day, count: number, curve: readonly number[]): number[] {
  const hours = curve.map((w, h) => [h, w] as const).filter(([, w]) => w > 0);
  const seconds = Array.from({ length: count }, () => rng.weighted(hours) * HOUR + rng.int(0, HOUR - 1));
  // Sorted as instants: a wall time in a spring-forward gap moves past the times just after the gap.
  return seconds.map((s) => cal.at(day, s)).sort((a, b) => a - b);
}

/** A day's volume: `perWeekday` x the weekday's factor x a day-to-day variation of +-15%, rounded. */
export function dailyVolume(rng: Random, perWeekday: number, factor: number): number {
  return Math.round(perWeekday * factor * (0.85 + 0.3 * rng.next()));
}
