/**
 * AI quality checks on calls (seeds/000): total calls analysed, average score, pass rate with the
 * seed's bands and sample-size rule, score distribution, trend, check performance and agent
 * performance. A check result belongs to the period of its call's start (`call_started_at`).
 *
 * Every report reads the results (`call_check_results`), so each takes every filter of a check
 * result, the check among them (seed 000's check scope). Figures over all checks (calls analysed,
 * average score, pass rate, trend, agents) read instead, when the query filters by no check,
 * `call_quality`, the results summed per call at import (schema.ts): one row per call instead of
 * about ten, and sums of sums give exactly the per-result figures. Per-check figures and the score
 * distribution read, for a query without filters or filtered by check only, `check_quality` (the
 * results summed per check, UTC quarter-hour and score band at import).
 */
import type { MeasureDefinition, ReportDefinition } from "../../definition";
import { filtersFor } from "../../filters";
import { agentRoster, ROSTER_NOTE, report } from "../common";

const S000 = "seeds/000 (AI quality reports)";
const fact = {
  table: "call_check_results",
  timeColumn: "call_started_at",
  filters: filtersFor("call_check_results"),
} satisfies Parameters<typeof report>[0];
const meta = (name: string, description: string) => ({ name, description, category: "Quality checks", source: S000 });

/** Pass-rate bands of seeds/000: 90+ excellent, 70-89 good, 50-69 concerning, under 50 critical. */
const bands = [
  { label: "Excellent", min: 90 },
  { label: "Good", min: 70 },
  { label: "Concerning", min: 50 },
  { label: "Critical", min: 0 },
];
/** Sample-size rule of seeds/000: under 20 calls insufficient, 20+ meaningful, 50+ reliable, 100+ high confidence. */
const sampleRule = [
  { label: "High confidence", min: 100 },
  { label: "Reliable", min: 50 },
  { label: "Meaningful", min: 20 },
  { label: "Insufficient", min: 0 },
];
/** Calls analysed, over `call_quality` (one row per call with results). */
const calls = { fn: "count" } as const;
/** Calls analysed, over the results: each call once. */
const distinctCalls = { fn: "countDistinct", column: "call_id" } as const;

const callsMeasure: MeasureDefinition = {
  id: "calls",
  label: "Calls analysed",
  aggregate: calls,
  format: "count",
  goodDirection: "neutral",
  definition:
    "Counts distinct calls with at least one quality-check result, by the local day the call arrived; calls never evaluated are excluded.",
};
const score: MeasureDefinition = {
  id: "average_score",
  label: "Average score",
  aggregate: {
    fn: "ratio",
    numerator: { fn: "sum", value: { column: "score_sum" } },
    denominator: { fn: "sum", value: { column: "scored" } },
    scale: 1,
    average: true,
  },
  format: "score",
  goodDirection: "up",
  definition:
    "Mean score (0-100) over every scored check result of calls that arrived in the period, each evaluated check weighing the same; pass/fail-only results without a score are excluded.",
};
const passRate: MeasureDefinition = {
  id: "pass_rate",
  label: "Pass rate",
  aggregate: {
    fn: "ratio",
    numerator: { fn: "sum", value: { column: "passed" } },
    denominator: { fn: "sum", value: { column: "results" } },
    scale: 100,
  },
  format: "percent",
  goodDirection: "up",
  definition:
    "Check results passed as a percentage (0-100) of all check results of calls that arrived in the period, every check of every call counting once.",
};
const resultsMeasure: MeasureDefinition = {
  id: "results",
  label: "Check results",
  aggregate: { fn: "count" },
  format: "count",
  goodDirection: "neutral",
  definition:
    "Counts scored check results of calls that arrived in the period by score range (the seed's bands: under 50, 50-69, 70-89, 90-100); results without a score are excluded.",
};
const checkCalls: MeasureDefinition = {
  ...callsMeasure,
  definition:
    "Counts calls evaluated by the check (a call has one result per check), by the local day the call arrived.",
};

/** The same two figures for one check, over its results (`call_check_results`). */
const checkScore: MeasureDefinition = {
  ...score,
  aggregate: { fn: "avg", value: { column: "score" }, where: { column: "score", isNull: false } },
};
const checkPassRate: MeasureDefinition = {
  ...passRate,
  aggregate: {
    fn: "ratio",
    numerator: { fn: "count", where: { column: "passed", equals: true } },
    denominator: { fn: "count" },
    scale: 100,
  },
};
const common = { thresholds: bands, minSample: sampleRule, sample: distinctCalls };

/** A measure as read from the results, for the report's fact. */
const overResults = (m: MeasureDefinition, aggregate: MeasureDefinition["aggregate"]): MeasureDefinition => ({
  ...m,
  aggregate,
});

/**
 * A report over all checks: its measures over the results (the fact), and the same measures over
 * `call_quality` (one row per call) as the summary every query without a check filter reads.
 */
function overAllChecks(
  rest: Omit<Parameters<typeof report>[1], "measures" | "summary">,
  measures: readonly MeasureDefinition[],
): ReportDefinition {
  const byResults: Record<string, MeasureDefinition["aggregate"]> = {
    calls: distinctCalls,
    average_score: checkScore.aggregate,
    pass_rate: checkPassRate.aggregate,
  };
  return report(fact, {
    ...rest,
    measures: measures.map((m) => overResults(m, byResults[m.id] ?? m.aggregate)),
    summary: {
      table: "call_quality",
      timeColumn: "call_started_at",
      measures: [...measures],
      ...(rest.sample ? { sample: calls } : {}),
      filters: filtersFor("call_quality"),
    },
  });
}

/** The seeds/000 score ranges, as a histogram over a score (or a band's lowest score). */
const scoreRanges = (column: string) => ({
  label: "Score",
  buckets: {
    value: { column },
    ranges: [
      { label: "0-49", lt: 50 },
      { label: "50-69", gte: 50, lt: 70 },
      { label: "70-89", gte: 70, lt: 90 },
      { label: "90-100", gte: 90 },
    ],
  },
});
const perQuarter = { table: "check_quality", timeColumn: "quarter_start" };
const resultsSum = { fn: "sum", value: { column: "results" } } as const;

export const qualityReports: ReportDefinition[] = [
  overAllChecks(
    { ...meta("Total calls analysed", "Calls with quality-check results."), id: "quality_checks.calls", shape: "kpi" },
    [callsMeasure],
  ),
  overAllChecks(
    { ...meta("Average score", "Mean quality score."), id: "quality_checks.average_score", shape: "kpi", ...common },
    [score],
  ),
  overAllChecks(
    { ...meta("Pass rate", "Share of checks passed."), id: "quality_checks.pass_rate", shape: "kpi", ...common },
    [passRate],
  ),
  report(fact, {
    ...meta("Score distribution", "Check results by score range."),
    id: "quality_checks.score_distribution",
    shape: "distribution",
    measures: [resultsMeasure],
    dimension: scoreRanges("score"),
    summary: {
      ...perQuarter,
      measures: [{ ...resultsMeasure, aggregate: resultsSum }],
      dimension: scoreRanges("score_floor"),
      filters: filtersFor("check_quality"),
    },
  }),
  overAllChecks(
    {
      ...meta("Quality trend", "Pass rate and average score per day."),
      id: "quality_checks.trend",
      shape: "timeseries",
    },
    [passRate, score],
  ),
  report(fact, {
    ...meta("Check performance", "Each check's pass rate, average score and trend."),
    id: "quality_checks.checks",
    shape: "table",
    measures: [checkPassRate, checkScore, checkCalls],
    summary: {
      ...perQuarter,
      measures: [passRate, score, { ...checkCalls, aggregate: resultsSum }],
      sample: resultsSum,
      filters: filtersFor("check_quality"),
    },
    dimension: {
      label: "Check",
      column: "check_id",
      labelFrom: { table: "quality_checks", key: "check_id", column: "name" },
    },
    // Calls per check: each result of one check is another call, so results are counted.
    ...common,
    sample: calls,
  }),
  overAllChecks(
    {
      ...meta(
        "Agent performance",
        `Calls, average score and pass rate per agent, with top and bottom performer.${ROSTER_NOTE}`,
      ),
      id: "quality_checks.agents",
      shape: "table",
      dimension: {
        label: "Agent",
        column: "agent_id",
        labelFrom: { table: "agents", key: "agent_id", column: "username" },
        roster: agentRoster,
      },
      highlight: { measure: "average_score" },
      ...common,
    },
    [callsMeasure, score, passRate],
  ),
];
