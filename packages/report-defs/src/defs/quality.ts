/**
 * AI quality checks on calls (seeds/000): total calls analysed, average score, pass rate with the
 * seed's bands and sample-size rule, score distribution, trend, check performance and agent
 * performance. A check result belongs to the period of its call's start (`call_started_at`).
 */
import type { MeasureDefinition, ReportDefinition } from "../definition";
import { kpi, report } from "./common";

const S000 = "seeds/000 (AI quality reports)";
const fact = {
  table: "call_check_results",
  timeColumn: "call_started_at",
  filters: ["campaign", "agent"],
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
const calls = { fn: "countDistinct", column: "call_id" } as const;

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
  aggregate: { fn: "avg", value: { column: "score" }, where: { column: "score", isNull: false } },
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
    numerator: { fn: "count", where: { column: "passed", equals: true } },
    denominator: { fn: "count" },
    scale: 100,
  },
  format: "percent",
  goodDirection: "up",
  definition:
    "Check results passed as a percentage (0-100) of all check results of calls that arrived in the period, every check of every call counting once.",
};
const common = { thresholds: bands, minSample: sampleRule, sample: calls };

export const qualityReports: ReportDefinition[] = [
  kpi(fact, "quality_checks.calls", meta("Total calls analysed", "Calls with quality-check results."), callsMeasure),
  report(fact, {
    ...meta("Average score", "Mean quality score."),
    id: "quality_checks.average_score",
    shape: "kpi",
    measures: [score],
    ...common,
  }),
  report(fact, {
    ...meta("Pass rate", "Share of checks passed."),
    id: "quality_checks.pass_rate",
    shape: "kpi",
    measures: [passRate],
    ...common,
  }),
  report(fact, {
    ...meta("Score distribution", "Check results by score range."),
    id: "quality_checks.score_distribution",
    shape: "distribution",
    measures: [
      {
        id: "results",
        label: "Check results",
        aggregate: { fn: "count" },
        format: "count",
        goodDirection: "neutral",
        definition:
          "Counts scored check results of calls that arrived in the period by score range (the seed's bands: under 50, 50-69, 70-89, 90-100); results without a score are excluded.",
      },
    ],
    dimension: {
      label: "Score",
      buckets: {
        value: { column: "score" },
        ranges: [
          { label: "0-49", lt: 50 },
          { label: "50-69", gte: 50, lt: 70 },
          { label: "70-89", gte: 70, lt: 90 },
          { label: "90-100", gte: 90 },
        ],
      },
    },
  }),
  report(fact, {
    ...meta("Quality trend", "Pass rate and average score per day."),
    id: "quality_checks.trend",
    shape: "timeseries",
    measures: [passRate, score],
  }),
  report(fact, {
    ...meta("Check performance", "Each check's pass rate, average score and trend."),
    id: "quality_checks.checks",
    shape: "table",
    measures: [
      passRate,
      score,
      {
        ...callsMeasure,
        definition: "Counts distinct calls evaluated by the check, by the local day the call arrived.",
      },
    ],
    dimension: {
      label: "Check",
      column: "check_id",
      labelFrom: { table: "quality_checks", key: "check_id", column: "name" },
    },
    ...common,
  }),
  report(fact, {
    ...meta("Agent performance", "Calls, average score and pass rate per agent, with top and bottom performer."),
    id: "quality_checks.agents",
    shape: "table",
    measures: [callsMeasure, score, passRate],
    dimension: {
      label: "Agent",
      column: "agent_id",
      labelFrom: { table: "agents", key: "agent_id", column: "username" },
    },
    highlight: { measure: "average_score" },
    ...common,
  }),
];
