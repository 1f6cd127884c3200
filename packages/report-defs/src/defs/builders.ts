/**
 * Small builders for shapes several report families repeat. Each returns plain definition data
 * (definitions are data, definition.ts); what a builder fills in is said in its docstring, and the
 * measure's `definition` sentence always comes from the caller.
 */
import type { Dimension, MeasureDefinition, ReportDefinition } from "../definition";
import { agentRoster, facts, ROSTER_NOTE, report } from "./common";
import { m } from "./measures";

/** Buckets of a duration histogram, in seconds: under 1 minute, 1-5, 5-15, 15-60, over 60 minutes. */
export const minuteBuckets = {
  ranges: [
    { label: "under 1 min", lt: 60 },
    { label: "1-5 min", gte: 60, lt: 300 },
    { label: "5-15 min", gte: 300, lt: 900 },
    { label: "15-60 min", gte: 900, lt: 3600 },
    { label: "over 60 min", gte: 3600 },
  ],
};

/**
 * A measure summing one numeric column of an aggregate export (seeds/003: one row per work shift or
 * hour already holds the counts and seconds), in the given format.
 */
export function sumOf(
  id: string,
  label: string,
  column: string,
  format: MeasureDefinition["format"],
  goodDirection: MeasureDefinition["goodDirection"],
  definition: string,
): MeasureDefinition {
  return { id, label, aggregate: { fn: "sum", value: { column } }, format, goodDirection, definition };
}

/**
 * A "share of X" measure: the sum of column `num` as a percentage (0-100) of the sum of column
 * `den` (null when that sum is 0), more being better.
 */
export function shareOf(id: string, label: string, num: string, den: string, definition: string): MeasureDefinition {
  return {
    id,
    label,
    aggregate: {
      fn: "ratio",
      numerator: { fn: "sum", value: { column: num } },
      denominator: { fn: "sum", value: { column: den } },
      scale: 100,
    },
    format: "percent",
    goodDirection: "up",
    definition,
  };
}

/** A count of thumbs answers of one `value` (1 up, 0 down) among the ratings (scale `thumbs`). */
export function thumbsCount(
  id: string,
  label: string,
  value: 0 | 1,
  goodDirection: MeasureDefinition["goodDirection"],
  definition: string,
): MeasureDefinition {
  const where = {
    all: [
      { column: "scale", equals: "thumbs" },
      { column: "value", equals: value },
    ],
  };
  return { id, label, aggregate: { fn: "count", where }, format: "count", goodDirection, definition };
}

/** What names a report: id, name, description, category and source. */
type Meta = Pick<ReportDefinition, "id" | "name" | "description" | "category" | "source">;

/**
 * Conversations that started in the period counted by one column of `conversations` (a ranking or
 * a distribution): the shared conversation count (measures.ts `m.conversations`) with the report's
 * own `definition` sentence.
 */
export function conversationsBy(
  meta: Meta,
  shape: "ranking" | "distribution",
  dimension: Dimension,
  definition: string,
): ReportDefinition {
  return report(facts.conversations, { ...meta, shape, measures: [{ ...m.conversations, definition }], dimension });
}

/**
 * A histogram of a duration (seconds from `from` to `to` of each fact row) in {@link minuteBuckets}:
 * one count `measure`, rows without both times left out by the compiler's bucket rule.
 */
export function durationHistogram(
  fact: Parameters<typeof report>[0],
  meta: Meta,
  measure: MeasureDefinition,
  axis: { label: string; from: string; to: string },
): ReportDefinition {
  return report(fact, {
    ...meta,
    shape: "distribution",
    measures: [measure],
    dimension: {
      label: axis.label,
      buckets: { value: { secondsBetween: { from: axis.from, to: axis.to } }, ...minuteBuckets },
    },
  });
}

/**
 * The two views of a per-agent measure (seeds/002 Agent performance): a ranking `id` of the period
 * (top `limit` agents, default 20) and a daily timeseries `${id}_daily` split by agent, both by
 * `dimension` (the agent with its username) and with the same measure. The ranking lists the
 * {@link agentRoster}: idle agents with 0 (the daily series shows agents with rows only).
 */
export function agentRankingAndDaily(
  fact: Parameters<typeof report>[0],
  meta: Meta & { dailyName: string },
  measure: MeasureDefinition,
  dimension: Dimension,
): [ReportDefinition, ReportDefinition] {
  const { dailyName, ...own } = meta;
  return [
    report(fact, {
      ...own,
      description: `${own.description}${ROSTER_NOTE}`,
      shape: "ranking",
      measures: [measure],
      dimension: { ...dimension, limit: 20, roster: agentRoster },
    }),
    report(fact, {
      ...own,
      id: `${own.id}_daily`,
      name: dailyName,
      description: "Daily evolution per agent.",
      shape: "timeseries",
      measures: [measure],
      dimension,
    }),
  ];
}
