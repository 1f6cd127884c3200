import { canonicalTimeZone as warehouseCanonicalTimeZone } from "@tallyline/warehouse/time";
import type { Period, ReportQuery } from "./query";

/**
 * The canonical spelling of a valid IANA zone name (packages/warehouse/src/time.ts
 * `canonicalTimeZone`: case-insensitive, current IANA names for ICU's old ones, cached and bounded):
 * `eUrOpe/AmsTerdam` -> `Europe/Amsterdam`, `utc` -> `UTC`. Names differing only in letter case are
 * one zone, so they share one plan, one set of offsets and one cached result. Throws RangeError for a
 * name Intl does not know (callers validate first).
 */
export function canonicalTimeZone(tz: string): string {
  const name = warehouseCanonicalTimeZone(tz);
  if (name === undefined) throw new RangeError(`Invalid time zone specified: ${tz}`);
  return name;
}

/**
 * The key of a parsed query over its resolved period: two queries with equal keys compile to the
 * same statement and give the same result (with the same definition and data). It is JSON text of
 * the period (every field, the label included, with the zone already canonical) and of the rest of
 * the query that reaches the compiler or the result: `parameters` with sorted names, `limit`, and
 * `filters` with sorted names and sorted, de-duplicated values (a filter is a set). `periodDays`,
 * `asOf`, `from`, `to`, `timezone`, `grain` and `compare` are in the period; `userId` changes nothing.
 */
export function queryKey(query: ReportQuery, period: Period): string {
  const filters = Object.keys(query.filters)
    .sort()
    .map((name) => [name, [...new Set(query.filters[name as keyof ReportQuery["filters"]])].sort()]);
  const parameters = Object.keys(query.parameters)
    .sort()
    .map((name) => [name, query.parameters[name]]);
  return JSON.stringify([
    period.from,
    period.to,
    period.previousFrom,
    period.previousTo,
    period.timezone,
    period.grain,
    period.label,
    query.limit ?? null,
    parameters,
    filters,
  ]);
}
