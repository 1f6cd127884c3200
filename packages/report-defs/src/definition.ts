/**
 * The report-definition contract (DESIGN.md "Report definitions"): definitions are data, validated
 * by these zod schemas when the registry loads. Modelled on semantic-layer measures and dimensions
 * (Rill metrics views, Cube): aggregates over one fact table (canonical, or derived from one), with
 * what the UI needs to present them.
 */
import { z } from "zod";
import { FILTER_NAMES } from "./filters";

/** How a measure's numbers are written: `percent` is on the 0-100 scale, `duration` is seconds. */
export const MeasureFormat = z.enum(["count", "percent", "duration", "score", "rate_per_minute"]);
export type MeasureFormat = z.infer<typeof MeasureFormat>;

/** Which way a change is good: 'up' (more is better), 'down' (less is better), 'neutral'. */
export const GoodDirection = z.enum(["up", "down", "neutral"]);
export type GoodDirection = z.infer<typeof GoodDirection>;

/** A number in a comparison: a constant, or a report parameter the query may set (e.g. the service-level threshold). */
export type Bound = number | { param: string };
export const Bound: z.ZodType<Bound> = z.union([z.number(), z.strictObject({ param: z.string() })]);

/**
 * A row filter over the fact's columns: equality, membership, comparison, NULL test, all/any/not,
 * or the existence of a related row in another canonical table (`exists`: `on` maps the other
 * table's column to the fact's column).
 */
export type Predicate =
  | { column: string; equals: string | number | boolean }
  | { column: string; in: (string | number)[] }
  | { column: string; gt?: Bound; gte?: Bound; lt?: Bound; lte?: Bound }
  | { column: string; isNull: boolean }
  | { all: Predicate[] }
  | { any: Predicate[] }
  | { not: Predicate }
  | { exists: { table: string; on: Record<string, string>; where?: Predicate } };

export const Predicate: z.ZodType<Predicate> = z.lazy(() =>
  z.union([
    z.strictObject({ column: z.string(), equals: z.union([z.string(), z.number(), z.boolean()]) }),
    z.strictObject({ column: z.string(), in: z.array(z.union([z.string(), z.number()])).min(1) }),
    z
      .strictObject({
        column: z.string(),
        gt: Bound.optional(),
        gte: Bound.optional(),
        lt: Bound.optional(),
        lte: Bound.optional(),
      })
      .refine(
        (p) => p.gt !== undefined || p.gte !== undefined || p.lt !== undefined || p.lte !== undefined,
        "give gt, gte, lt or lte",
      ),
    z.strictObject({ column: z.string(), isNull: z.boolean() }),
    z.strictObject({ all: z.array(Predicate).min(1) }),
    z.strictObject({ any: z.array(Predicate).min(1) }),
    z.strictObject({ not: Predicate }),
    z.strictObject({
      exists: z.strictObject({ table: z.string(), on: z.record(z.string(), z.string()), where: Predicate.optional() }),
    }),
  ]),
);

/** A numeric value per row: a column, or the seconds between two TIMESTAMP columns (`to` - `from`). */
export type ValueExpr = { column: string } | { secondsBetween: { from: string; to: string } };
export const ValueExpr: z.ZodType<ValueExpr> = z.union([
  z.strictObject({ column: z.string() }),
  z.strictObject({ secondsBetween: z.strictObject({ from: z.string(), to: z.string() }) }),
]);

/**
 * An aggregate over the fact rows of a period (or of one bucket or dimension value):
 * - `count`: rows matching `where`; `countDistinct`: distinct non-NULL values of `column`;
 * - `avg`, `sum`, `min`, `max`, `median`, `p90` of `value` over rows matching `where` (NULLs ignored);
 * - `timeAverage` (timeseries only, a measure's whole aggregate): the sum of `value` (seconds) over
 *   the rows of a bucket divided by the bucket's length in seconds within the window, e.g. the mean
 *   number of agents online when the rows are online intervals cut at the bucket's edges (see
 *   {@link Intervals}); 0 on a bucket without rows, null on a local hour a DST change skips;
 * - `ratio`: numerator / denominator x `scale` (100 for a percent on 0-100), NULL when the denominator is 0;
 *   with `average`, the ratio is a mean over events its denominator counts (a summary's sum of
 *   scores over its sum of scored results): results then give the denominator as the measure's
 *   count of events, as they do beside an `avg` (result.ts `eventCount`);
 * - `peakPerMinute`: the most rows (matching `where`) in any one minute of local time, or with
 *   `value` the greatest sum of `value` (a summary row standing for several events); its result
 *   also carries the minute (`peakAt`). A minute is a real minute, a local minute at one UTC offset:
 *   the two readings of a local minute an autumn change repeats are two minutes, never added up.
 * - `countFirstSeen` (summaries only; a kpi or an unsplit timeseries): over a summary table with one
 *   row per entity (a contact, a conversation) and UTC quarter-hour in which the entity has fact rows,
 *   where the TIMESTAMP column `previous` holds the start of the entity's previous such quarter-hour
 *   (NULL for its first), the rows whose previous quarter-hour lies before their bucket (or, for a
 *   window's total, before the window): each entity counts once per bucket and once per window, so
 *   it equals the fact's `countDistinct` of the entity without hashing any entity. With `where`,
 *   only rows matching it count, and `previous` must then hold the previous quarter-hour among
 *   the entity's rows that match it.
 * `fact` names one of the report's other `facts` the aggregate reads (default: the report's own
 * fact); a ratio's numerator and denominator may read different facts.
 */
export type Aggregate =
  | { fn: "count"; where?: Predicate; fact?: string }
  | { fn: "countDistinct"; column: string; where?: Predicate; fact?: string }
  | {
      fn: "avg" | "sum" | "min" | "max" | "median" | "p90" | "timeAverage";
      value: ValueExpr;
      where?: Predicate;
      fact?: string;
    }
  | { fn: "ratio"; numerator: Aggregate; denominator: Aggregate; scale: number; average?: boolean }
  | { fn: "peakPerMinute"; value?: ValueExpr; where?: Predicate }
  | { fn: "countFirstSeen"; previous: string; where?: Predicate };

export const Aggregate: z.ZodType<Aggregate> = z.lazy(() =>
  z.union([
    z.strictObject({ fn: z.literal("count"), where: Predicate.optional(), fact: z.string().optional() }),
    z.strictObject({
      fn: z.literal("countDistinct"),
      column: z.string(),
      where: Predicate.optional(),
      fact: z.string().optional(),
    }),
    z.strictObject({
      fn: z.enum(["avg", "sum", "min", "max", "median", "p90", "timeAverage"]),
      value: ValueExpr,
      where: Predicate.optional(),
      fact: z.string().optional(),
    }),
    z.strictObject({
      fn: z.literal("ratio"),
      numerator: Aggregate,
      denominator: Aggregate,
      scale: z.number().positive(),
      average: z.boolean().optional(),
    }),
    z.strictObject({ fn: z.literal("peakPerMinute"), value: ValueExpr.optional(), where: Predicate.optional() }),
    z.strictObject({ fn: z.literal("countFirstSeen"), previous: z.string(), where: Predicate.optional() }),
  ]),
);

/** One measure: the aggregate and how to present it. */
export const MeasureDefinition = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9_]*$/, "snake_case id"),
  label: z.string().min(1),
  aggregate: Aggregate,
  format: MeasureFormat,
  goodDirection: GoodDirection,
  /** One sentence: exactly what is counted, from which event to which, and what is excluded. */
  definition: z.string().min(40, "say what is counted, from which event to which, and what is excluded"),
  /** For time measures: also give median and p90 of the same values (means alone mislead). */
  stats: z.boolean().optional(),
});
export type MeasureDefinition = z.infer<typeof MeasureDefinition>;

/** Report shapes of DESIGN.md. */
export const ReportShape = z.enum(["kpi", "timeseries", "ranking", "distribution", "table", "heatmap"]);
export type ReportShape = z.infer<typeof ReportShape>;

/** Filters a query may apply, by name (filters.ts says how each restricts each table). Each report lists those it takes. */
export const FilterName = z.enum(FILTER_NAMES);
export type FilterName = z.infer<typeof FilterName>;

/** A lookup of a human label for a dimension value in another canonical table. */
export const LabelLookup = z.strictObject({ table: z.string(), key: z.string(), column: z.string() });

/**
 * What rows are grouped by (ranking, distribution, table; a timeseries split into one series per
 * value): a column of the fact, or numeric `buckets` of a value (a histogram: each bucket is
 * [gte, lt) in the value's unit; open ends allowed).
 */
export const Dimension = z.strictObject({
  label: z.string().min(1),
  column: z.string().optional(),
  labelFrom: LabelLookup.optional(),
  buckets: z
    .strictObject({
      value: ValueExpr,
      ranges: z
        .array(z.strictObject({ label: z.string(), gte: z.number().optional(), lt: z.number().optional() }))
        .min(2),
    })
    .optional(),
  /** Rows shown at most (the rest are summed into `others`); default 10 for rankings, all otherwise. */
  limit: z.number().int().positive().optional(),
  /**
   * The roster of a ranking or table: the rows of `table` matching `where`, by `key` (the values
   * the dimension's column holds), each shown even without a fact row in the period (counts and
   * sums 0, averages and rates null). With a campaign filter, only the roster's keys that have a
   * row of the report's fact in one of the campaigns (at any time); with an agent filter, only those
   * agents; with any other filter (a selection of calls or conversations), no roster: only keys
   * with rows are shown. A table without rows gives no extra rows (e.g. a source without agents).
   */
  roster: z.strictObject({ table: z.string(), key: z.string(), where: Predicate.optional() }).optional(),
});
export type Dimension = z.infer<typeof Dimension>;

/**
 * A fact derived from a canonical table by grouping (e.g. each contact's first conversation:
 * `{ from: 'conversations', groupBy: ['contact_id'], columns: { first_seen_at: { fn: 'min', column: 'started_at' } } }`).
 */
export const DerivedFact = z.strictObject({
  from: z.string(),
  groupBy: z.array(z.string()).min(1),
  columns: z.record(
    z.string().regex(/^[a-z][a-z0-9_]*$/),
    z.strictObject({ fn: z.enum(["min", "max", "count"]), column: z.string() }),
  ),
  where: Predicate.optional(),
});
export type DerivedFact = z.infer<typeof DerivedFact>;

/**
 * A fact of intervals (timeseries only): each row of the table that matches `where` (and the query's
 * filters) lasts from the time column to the TIMESTAMP column `end`; rows without an end, or that
 * end where they start, are left out. With `prefer`, the rows of each `mergeBy` group come from one
 * source only: those whose `column` holds the first value of `order` the group has in the window
 * (e.g. Agent activity, else Slots: two exports of the same states are never added). A group's rows
 * then count as their union (an agent online in two campaigns at once is online once), which is
 * clipped to the window and cut where the zone's UTC offset changes and at every local hour (hourly
 * grain) or day (other grains). Each fact row is one such piece: its `mergeBy` columns, and the time
 * column and `end` holding the piece's bounds (start inclusive, end exclusive), so `secondsBetween`
 * them gives the seconds of the union that fall in the piece's bucket.
 */
export const Intervals = z.strictObject({
  end: z.string(),
  mergeBy: z.array(z.string()).min(1),
  where: Predicate.optional(),
  prefer: z.strictObject({ column: z.string(), order: z.array(z.string()).min(2) }).optional(),
});
export type Intervals = z.infer<typeof Intervals>;

/** Another fact of a timeseries (a canonical table, or intervals of one), read by aggregates that name it in `fact`. */
export const Fact = z.strictObject({
  table: z.string(),
  timeColumn: z.string(),
  intervals: Intervals.optional(),
});
export type Fact = z.infer<typeof Fact>;

/** Pass-rate bands (seed 000): the lowest value of each band, highest band first. */
export const Threshold = z.strictObject({ label: z.string(), min: z.number() });

/** Sample-size rule (seed 000): the fewest rows for each confidence label, highest first. */
export const SampleRule = z.strictObject({ label: z.string(), min: z.number().int().nonnegative() });

/**
 * A number a query may set for one report (`parameters` in the query), with its default and
 * bounds, e.g. the service-level threshold in seconds (default 20).
 */
export const Parameter = z.strictObject({
  label: z.string(),
  default: z.number(),
  min: z.number(),
  max: z.number(),
  /** Unit shown to users, e.g. 'seconds'. */
  unit: z.string(),
});
export type Parameter = z.infer<typeof Parameter>;

/**
 * A faster reading of the same report: a table derived at import whose rows each cover one UTC
 * quarter-hour or minute (`timeColumn` is its start), with measures of the same ids, labels and
 * formats (e.g. sums of per-quarter counts instead of counts), and the dimension and sample over it.
 * Used instead of the fact when the query sets no filter but the summary's `filters`, and every UTC
 * offset of the query's zone over its windows is a whole number of quarter-hours (true of every zone
 * today), since each summary row then lies inside one local hour and day (run.ts). A summary may
 * also have one row per fact entity at the entity's own instant (call_quality: one per call).
 */
export const Summary = z.strictObject({
  table: z.string(),
  timeColumn: z.string(),
  measures: z.array(MeasureDefinition).min(1),
  dimension: Dimension.optional(),
  sample: Aggregate.optional(),
  /**
   * Filters the summary applies exactly (each must apply to its table, filters.ts): a query whose
   * filters are all among them may read the summary; any other filter reads the fact. Default none.
   */
  filters: z.array(FilterName).optional(),
});
export type Summary = z.infer<typeof Summary>;

/** A report definition: stable id, presentation, fact, measures and shape. */
export const ReportDefinition = z.strictObject({
  /** Stable and never reused, e.g. 'calls.asa'. */
  id: z.string().regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/, "dotted snake_case id such as calls.asa"),
  name: z.string().min(1),
  description: z.string().min(1),
  category: z.string().min(1),
  version: z.number().int().positive(),
  shape: ReportShape,
  /** The fact: a canonical table, or a derived one, or intervals of a canonical table. */
  table: z.string(),
  derived: DerivedFact.optional(),
  intervals: Intervals.optional(),
  /**
   * Other facts of a timeseries without a dimension, by name: each is bucketed like the report's
   * own, its aggregates (those naming it in `fact`) computed apart, and the buckets joined.
   */
  facts: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/), Fact).optional(),
  /** TIMESTAMP column (UTC) that places a row in a period and in a bucket. */
  timeColumn: z.string(),
  measures: z.array(MeasureDefinition).min(1),
  dimension: Dimension.optional(),
  /**
   * Filters a query may use with this report: each must apply to every fact it reads (filters.ts
   * `FILTER_TARGETS`); the built-in reports take every filter their facts allow (`filtersFor`) unless
   * they say less. A query with another filter is refused, naming the filter and the report.
   */
  filters: z.array(FilterName),
  /** The grain of a query that names none (default day); an hourly default covers windows of up to 93 days, longer ones get days. */
  grain: z.enum(["hour", "day", "week", "month"]).optional(),
  thresholds: z.array(Threshold).optional(),
  minSample: z.array(SampleRule).optional(),
  /** What the sample-size rule counts (e.g. distinct calls); results then carry `sample: { size, label }`. */
  sample: Aggregate.optional(),
  /** Tables: mark the top and bottom row by this measure among rows with a sufficient sample (seed 000). */
  highlight: z.strictObject({ measure: z.string() }).optional(),
  /** A summary table that gives the same result faster when the query allows (see {@link Summary}). */
  summary: Summary.optional(),
  /** Numbers a query may set, by name (referenced in predicates as `{ param: name }`). */
  parameters: z.record(z.string().regex(/^[a-z][a-zA-Z0-9]*$/), Parameter).optional(),
  /** ISO-8601 instants the definition was created and last changed. */
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  /** Where a definition comes from: seed document or industry definition. */
  source: z.string().min(1),
});
export type ReportDefinition = z.infer<typeof ReportDefinition>;
