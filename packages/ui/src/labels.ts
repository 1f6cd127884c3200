/**
 * Labels of time buckets, minutes and weekday x hour cells, read from the API's local-time strings
 * (never through a Date, so no time zone can shift them). Values are formatted by
 * `./format`; these only name when something happened.
 */

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** Weekday names of the heatmap's rows, index 0 = weekday 1 = Monday (ISO). */
export const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] as const;

/** Hours of the heatmap's columns, 0-23. */
export const HOURS = Array.from({ length: 24 }, (_, hour) => hour);

/** "1999-02-01" -> "Feb 1"; anything that is not a calendar day comes back unchanged. */
export function shortDate(date: string): string {
  const [, month, day] = date.split("-");
  const name = MONTHS[Number(month) - 1];
  return name && day && /^\d{2}$/.test(day) ? `${name} ${Number(day)}` : date;
}

/**
 * A bucket label of any grain, shortened for an axis: day or week "1999-02-01" -> "Feb 1",
 * month "1999-02" -> "Feb 1999", hour "1999-02-01T14:00" -> "Feb 1 14:00".
 */
export function bucketShortLabel(bucket: string): string {
  const month = /^(\d{4})-(\d{2})$/.exec(bucket);
  if (month) return `${MONTHS[Number(month[2]) - 1] ?? month[2]} ${month[1]}`;
  const [date = "", time] = bucket.split("T");
  return time ? `${shortDate(date)} ${time}` : shortDate(date);
}

/** A local minute 'YYYY-MM-DDTHH:MM' (e.g. a KPI's `peakAt`) as "1999-02-01 14:05". */
export function minuteLabel(minute: string): string {
  return minute.replace("T", " ");
}

/** "09:00–10:00": the hour a heatmap cell covers. */
export function hourRange(hour: number): string {
  const hh = (h: number) => `${String(h % 24).padStart(2, "0")}:00`;
  return `${hh(hour)}–${hh(hour + 1)}`;
}
