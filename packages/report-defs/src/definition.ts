/**
 * The report-definition contract (DESIGN.md "Report definitions"): definitions are data, validated
 * by these zod schemas when the registry loads. Modelled on semantic-layer measures (Rill metrics
 * views, Cube measures): an aggregate over one canonical table, plus what the UI needs to present it.
 */
import { z } from "zod";

/** How a measure's numbers are written: `percent` is on the 0-100 scale, `duration` is seconds. */
export const MeasureFormat = z.enum(["count", "percent", "duration", "score", "rate_per_minute"]);
export type MeasureFormat = z.infer<typeof MeasureFormat>;

/** Which way a change is good: 'up' (more is better), 'down' (less is better), 'neutral'. */
export const GoodDirection = z.enum(["up", "down", "neutral"]);
export type GoodDirection = z.infer<typeof GoodDirection>;

/** A row filter over canonical columns: equality, NULL test, or all/any of other predicates. */
export type Predicate =
  | { column: string; equals: string | number | boolean }
  | { column: string; isNull: boolean }
  | { all: Predicate[] }
  | { any: Predicate[] };

export const Predicate: z.ZodType<Predicate> = z.lazy(() =>
  z.union([
    z.strictObject({ column: z.string(), equals: z.union([z.string(), z.number(), z.boolean()]) }),
    z.strictObject({ column: z.string(), isNull: z.boolean() }),
    z.strictObject({ all: z.array(Predicate).min(1) }),
    z.strictObject({ any: z.array(Predicate).min(1) }),
  ]),
);

/**
 * An aggregate over the rows of a measure's table that fall in the period:
 * `count` (rows matching `where`), `avg`/`sum` of a numeric column over rows matching `where`
 * (NULLs ignored), or `ratio`: numerator / denominator x `scale` (100 for a percent on 0-100),
 * NULL when the denominator is 0.
 */
export type Aggregate =
  | { fn: "count"; where?: Predicate }
  | { fn: "avg" | "sum"; column: string; where?: Predicate }
  | { fn: "ratio"; numerator: Aggregate; denominator: Aggregate; scale: number };

export const Aggregate: z.ZodType<Aggregate> = z.lazy(() =>
  z.union([
    z.strictObject({ fn: z.literal("count"), where: Predicate.optional() }),
    z.strictObject({ fn: z.enum(["avg", "sum"]), column: z.string(), where: Predicate.optional() }),
    z.strictObject({
      fn: z.literal("ratio"),
      numerator: Aggregate,
      denominator: Aggregate,
      scale: z.number().positive(),
    }),
  ]),
);

/** One measure: the aggregate, where its rows come from, and how to present it. */
export const MeasureDefinition = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9_]*$/, "snake_case id"),
  label: z.string().min(1),
  /** Canonical table the measure aggregates. */
  table: z.string(),
  /** TIMESTAMP column (UTC) that places a row in a period and on a local day. */
  timeColumn: z.string(),
  aggregate: Aggregate,
  format: MeasureFormat,
  goodDirection: GoodDirection,
  /** One sentence: exactly what is counted, from which event to which, and what is excluded. */
  definition: z.string().min(40, "say what is counted, from which event to which, and what is excluded"),
});
export type MeasureDefinition = z.infer<typeof MeasureDefinition>;

/** Report shapes of DESIGN.md; only `kpi` is implemented by the compiler so far. */
export const ReportShape = z.enum(["kpi"]);
export type ReportShape = z.infer<typeof ReportShape>;

/** A filter a query may apply, by name, and the column of the measure's table it restricts. */
export const FilterName = z.enum(["campaign", "agent", "queue"]);
export type FilterName = z.infer<typeof FilterName>;

/** Column each filter restricts, per canonical table that supports it. */
export const filterColumns: Record<FilterName, string> = {
  campaign: "campaign_id",
  agent: "agent_id",
  queue: "queue",
};

/** A report definition: stable id, presentation, and its measure. */
export const ReportDefinition = z.strictObject({
  /** Stable and never reused, e.g. 'calls.asa'. */
  id: z.string().regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/, "dotted snake_case id such as calls.asa"),
  name: z.string().min(1),
  description: z.string().min(1),
  category: z.string().min(1),
  version: z.number().int().positive(),
  shape: ReportShape,
  measure: MeasureDefinition,
  /** Filters a query may use with this report. */
  filters: z.array(FilterName),
  /** ISO-8601 instants the definition was created and last changed. */
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  /** Where a definition comes from: seed document or industry definition. */
  source: z.string().min(1),
});
export type ReportDefinition = z.infer<typeof ReportDefinition>;
