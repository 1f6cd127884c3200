import {
  addDays,
  canonicalTimeZone,
  daysBetween,
  type IsoDate,
  isValidTimeZone,
  localDate,
  MAX_YEAR,
  MIN_YEAR,
  parseIsoDate,
  requireTimeZone,
} from "@tallyline/warehouse/time";
import { z } from "zod";
import { ReportError } from "./errors";
import { QueryFilters } from "./filters";
import { checkUntrusted } from "./untrusted";

/** A calendar date 'YYYY-MM-DD' in the years the warehouse accepts ({@link MIN_YEAR}-{@link MAX_YEAR}). */
const isoDate = z
  .string()
  .max(10)
  .refine((s) => parseIsoDate(s) !== undefined, "a calendar date YYYY-MM-DD")
  .refine((s) => {
    const year = parseIsoDate(s)?.[0] ?? MIN_YEAR;
    return year >= MIN_YEAR && year <= MAX_YEAR;
  }, `a date in the years ${MIN_YEAR}-${MAX_YEAR} (the years the warehouse accepts)`);

/**
 * A report query, kept apart from the definition (DESIGN.md). `from`/`to` are inclusive calendar
 * days in `timezone` and win over `periodDays`; `asOf` is the last day of a `periodDays` window
 * (default: today in `timezone`). `compare: 'previous'` adds the window of equal length that ends
 * the day before `from`. `grain` buckets breakdowns and series (default: the report's, else day); an
 * hourly grain is limited to 93 days.
 */
export const ReportQuery = z
  .strictObject({
    /** Accepted for compatibility with the seed-001 request body; Tallyline does not scope by user. */
    userId: z.string().optional(),
    periodDays: z.number().int().min(1).max(3660).default(30),
    asOf: isoDate.optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    /** IANA zone, in any case ('europe/amsterdam'); parseQuery gives its canonical name. */
    timezone: z.string().refine(isValidTimeZone, "an IANA time zone such as Europe/Amsterdam").optional(),
    compare: z.enum(["previous", "none"]).default("previous"),
    /** Bucket of breakdowns and series: hour, day, ISO week (Monday) or month, in `timezone`; default: the report's grain, else day. */
    grain: z.enum(["hour", "day", "week", "month"]).optional(),
    /** Report parameters, e.g. `{ "serviceLevelSecs": 30 }`; each report lists those it takes (others are refused). */
    parameters: z
      .record(z.string().regex(/^[a-z][a-zA-Z0-9]{0,63}$/, "a parameter name such as serviceLevelSecs"), z.number())
      .refine((p) => Object.keys(p).length <= 32, "at most 32 parameters")
      .default({}),
    /** Most rows of a ranking or series of a split timeseries (default: the definition's). */
    limit: z.number().int().min(1).max(1000).optional(),
    /** Filters (filters.ts): each a list of values; a filter the report cannot take is refused. */
    filters: QueryFilters.default({}),
  })
  .meta({ id: "ReportQuery", example: { from: "1999-02-01", to: "1999-02-28", timezone: "UTC" } });
export type ReportQueryInput = z.input<typeof ReportQuery>;
export type ReportQuery = z.output<typeof ReportQuery>;
/** Bucket size of breakdowns and series. */
export type Grain = NonNullable<ReportQuery["grain"]>;

/** Most days an hourly grain covers (whatever names the window: periodDays or from/to). */
export const MAX_HOURLY_DAYS = 93;
/** The first day a window may start on. */
const FIRST_DAY = `${MIN_YEAR}-01-01`;

/** The calendar windows a query resolves to, all inclusive local dates in `timezone`. */
export interface Period {
  readonly from: IsoDate;
  readonly to: IsoDate;
  /** Null when the query does not compare. */
  readonly previousFrom: IsoDate | null;
  readonly previousTo: IsoDate | null;
  readonly timezone: string;
  /** Human label: 'last 30 days' (seed 001) or '1999-02-01 to 1999-02-28'. */
  readonly label: string;
  readonly grain: Grain;
}

/**
 * Resolves a parsed query into calendar windows, in the canonical name of the zone. `now` is the
 * current instant (ms) used for "today"; `defaultTimezone` applies when the query names none,
 * `defaultGrain` (the report's) when it names no grain, except that an hourly default over more than 93 days gives days. Throws
 * {@link ReportError} 'invalid_query' when only one of from/to is given, from is after to, the
 * window is over 3660 days, the query asks for hours over more than {@link MAX_HOURLY_DAYS} days,
 * or a window (the previous one included) would start before 1970-01-01.
 */
export function resolvePeriod(
  q: ReportQuery,
  now: number,
  defaultTimezone: string,
  defaultGrain: Grain = "day",
): Period {
  const timezone = requireTimeZone(q.timezone ?? defaultTimezone);
  let from: IsoDate;
  let to: IsoDate;
  let label: string;
  if (q.from !== undefined || q.to !== undefined) {
    if (q.from === undefined || q.to === undefined) {
      throw new ReportError("invalid_query", "Give both from and to, or neither", q.from ? "to" : "from");
    }
    if (daysBetween(q.from, q.to) < 0)
      throw new ReportError("invalid_query", `from ${q.from} is after to ${q.to}`, "from");
    if (daysBetween(q.from, q.to) >= 3660)
      throw new ReportError("invalid_query", "A period is at most 3660 days", "to");
    from = q.from;
    to = q.to;
    label = from === to ? from : `${from} to ${to}`;
  } else {
    const today = localDate(timezone, now);
    to = q.asOf ?? today;
    from = addDays(to, -(q.periodDays - 1));
    label = to === today ? `last ${q.periodDays} days` : `${q.periodDays} days to ${to}`;
  }
  const length = daysBetween(from, to) + 1;
  if (q.grain === "hour" && length > MAX_HOURLY_DAYS) {
    throw new ReportError("invalid_query", `An hourly grain covers at most ${MAX_HOURLY_DAYS} days`, "grain");
  }
  const grain = q.grain ?? (defaultGrain === "hour" && length > 93 ? "day" : defaultGrain);
  const compare = q.compare === "previous";
  const previousTo = compare ? addDays(from, -1) : null;
  const previousFrom = compare ? addDays(from, -length) : null;
  const first = previousFrom ?? from;
  if (first < FIRST_DAY) {
    const field = q.from !== undefined ? "from" : q.asOf !== undefined ? "asOf" : "periodDays";
    throw new ReportError(
      "invalid_query",
      `${field}: the ${previousFrom ? "previous period" : "period"} would start on ${first}, before ${FIRST_DAY} (the warehouse holds no earlier day); choose a later period${previousFrom ? ' or compare: "none"' : ""}`,
      field,
    );
  }
  return { from, to, previousFrom, previousTo, timezone, label, grain };
}

/**
 * Parses an untrusted query body (JSON from the API or CLI flags); the zone comes out under its
 * canonical name ('eUrOpe/AmsTerdam' gives 'Europe/Amsterdam', see canonicalTimeZone), so that
 * results echo it and caches keyed by zone hold one entry per zone. Throws {@link ReportError}
 * 'invalid_query' whose path names the bad field: an unknown field anywhere, a `__proto__` key or a
 * body nested too deep ({@link checkUntrusted}), a wrong value.
 */
export function parseQuery(input: unknown): ReportQuery {
  checkUntrusted(input);
  const r = ReportQuery.safeParse(input ?? {});
  if (!r.success) {
    const issue = r.error.issues[0];
    const path = issue?.path.join(".") ?? "";
    throw new ReportError("invalid_query", `${path || "query"}: ${issue?.message}`, path);
  }
  const timezone = r.data.timezone === undefined ? undefined : canonicalTimeZone(r.data.timezone);
  return timezone === undefined ? r.data : { ...r.data, timezone };
}
