/**
 * Counters of the ground truth (./truth.ts) shared by its parts: calls and their quality-check
 * results (the figures of packages/report-defs/src/defs/calls.ts, operations.ts and quality.ts),
 * and small helpers for counters kept by key and merged. Counts; seconds; percent 0-100.
 */
import type { Call, CheckResult } from "./model";

/**
 * Call figures of a set of calls (industry definitions, see packages/report-defs/src/defs/calls.ts
 * and operations.ts, with those reports' default thresholds {@link SHORT_ABANDON_SECS} and
 * {@link SERVICE_LEVEL_SECS}). Counts; seconds; percent 0-100; a mean or rate is null without a denominator.
 */
export interface CallFigures {
  offered: number;
  answered: number;
  abandoned: number;
  /** Abandoned calls whose queue wait is under {@link SHORT_ABANDON_SECS}. */
  shortAbandoned: number;
  /** Answered calls whose queue wait is at most {@link SERVICE_LEVEL_SECS}. */
  answeredInServiceLevel: number;
  /** Queue seconds of answered calls (ASA numerator). */
  answeredWaitSecs: number;
  /** Handle seconds of answered calls (AHT numerator). */
  handleSecs: number;
  /** Talk seconds of answered calls (talk-time numerator). */
  talkSecs: number;
  /** Calls with a CSAT answer (1-5), the sum of the answers, and answers of 4 or 5. */
  csatAnswers: number;
  csatSum: number;
  csatSatisfied: number;
  /** Answered calls with a resolution flag, and those flagged resolved. */
  resolutionKnown: number;
  resolved: number;
  asaSecs: number | null;
  ahtSecs: number | null;
  talkTimeSecs: number | null;
  /** abandoned / (answered + abandoned) x 100. */
  abandonmentRatePercent: number | null;
  /** answeredInServiceLevel / (answered + abandoned - shortAbandoned) x 100. */
  serviceLevelPercent: number | null;
  csatMean: number | null;
  /** csatSatisfied / csatAnswers x 100. */
  csatSatisfiedPercent: number | null;
  /** resolved / resolutionKnown x 100. */
  resolutionRatePercent: number | null;
}

/**
 * Quality-check figures of a set of check results (seeds/000; a result counts on the local day its
 * call arrived). `calls` counts calls with at least one of the results. Scores are summed in tenths
 * (they have one decimal), so the sum is exact whatever the order.
 */
export interface QualityFigures {
  calls: number;
  results: number;
  passed: number;
  scored: number;
  scoreSumTenths: number;
  /** Mean score (0-100) over scored results, each weighing the same. */
  averageScore: number | null;
  /** passed / results x 100. */
  passRatePercent: number | null;
}

/** Short-abandon threshold (seconds of queue wait) of the truth: the default of report calls.short_abandoned. */
export const SHORT_ABANDON_SECS = 5;
/** Service-level threshold (seconds of queue wait) of the truth: the default of report calls.service_level. */
export const SERVICE_LEVEL_SECS = 20;

/** The counters behind {@link CallFigures}. */
export type CallCounts = Omit<
  CallFigures,
  | "asaSecs"
  | "ahtSecs"
  | "talkTimeSecs"
  | "abandonmentRatePercent"
  | "serviceLevelPercent"
  | "csatMean"
  | "csatSatisfiedPercent"
  | "resolutionRatePercent"
>;
/** The counters behind {@link QualityFigures}. */
export type QualityCounts = Omit<QualityFigures, "averageScore" | "passRatePercent">;

/** Call counters at zero. */
export const zeroCalls = (): CallCounts => ({
  offered: 0,
  answered: 0,
  abandoned: 0,
  shortAbandoned: 0,
  answeredInServiceLevel: 0,
  answeredWaitSecs: 0,
  handleSecs: 0,
  talkSecs: 0,
  csatAnswers: 0,
  csatSum: 0,
  csatSatisfied: 0,
  resolutionKnown: 0,
  resolved: 0,
});
/** Quality counters at zero. */
export const zeroQuality = (): QualityCounts => ({ calls: 0, results: 0, passed: 0, scored: 0, scoreSumTenths: 0 });

/** Adds every counter of `from` to `to`. */
export function addInto<T extends object>(to: T, from: T): void {
  const t = to as Record<string, number>;
  for (const [k, n] of Object.entries(from as Record<string, number>)) t[k] = (t[k] ?? 0) + n;
}

/** Adds each keyed counter of `from` to `to`'s counter of the same key. */
export function mergeKeyed<C extends object>(to: Map<string, C>, from: ReadonlyMap<string, C>, zero: () => C): void {
  for (const [k, c] of from) addInto(entry(to, k, zero), c);
}

/** The counter of `key` in `m`, created with `zero` when missing. */
export function entry<C>(m: Map<string, C>, key: string, zero: () => C): C {
  let c = m.get(key);
  if (c === undefined) {
    c = zero();
    m.set(key, c);
  }
  return c;
}

/** Counts one call (report definitions in packages/report-defs/src/defs/calls.ts and operations.ts). */
export function countCall(c: CallCounts, call: Call): void {
  c.offered++;
  if (call.abandoned) {
    c.abandoned++;
    if (call.waitSecs < SHORT_ABANDON_SECS) c.shortAbandoned++;
  }
  if (call.csat !== null) {
    c.csatAnswers++;
    c.csatSum += call.csat;
    if (call.csat >= 4) c.csatSatisfied++;
  }
  if (!call.answered) return;
  c.answered++;
  if (call.waitSecs <= SERVICE_LEVEL_SECS) c.answeredInServiceLevel++;
  c.answeredWaitSecs += call.waitSecs;
  c.handleSecs += call.handleSecs ?? 0;
  c.talkSecs += call.talkSecs ?? 0;
  if (call.resolved !== null) {
    c.resolutionKnown++;
    if (call.resolved) c.resolved++;
  }
}

/** Counts the check results of one call (all of them from that call). */
export function countChecks(q: QualityCounts, results: readonly CheckResult[]): void {
  q.calls++;
  for (const r of results) {
    q.results++;
    if (r.passed) q.passed++;
    if (r.score === null) continue;
    q.scored++;
    q.scoreSumTenths += Math.round(r.score * 10);
  }
}

/** `n / d` (times `scale`), null when `d` is 0. */
export const rate = (n: number, d: number, scale = 1) => (d > 0 ? (n / d) * scale : null);

/** The {@link CallFigures} of call counters. */
export const callFigures = (c: CallCounts): CallFigures => ({
  ...c,
  asaSecs: rate(c.answeredWaitSecs, c.answered),
  ahtSecs: rate(c.handleSecs, c.answered),
  talkTimeSecs: rate(c.talkSecs, c.answered),
  abandonmentRatePercent: rate(c.abandoned, c.answered + c.abandoned, 100),
  serviceLevelPercent: rate(c.answeredInServiceLevel, c.answered + c.abandoned - c.shortAbandoned, 100),
  csatMean: rate(c.csatSum, c.csatAnswers),
  csatSatisfiedPercent: rate(c.csatSatisfied, c.csatAnswers, 100),
  resolutionRatePercent: rate(c.resolved, c.resolutionKnown, 100),
});

/** The {@link QualityFigures} of quality counters. */
export const qualityFigures = (q: QualityCounts): QualityFigures => ({
  ...q,
  averageScore: q.scored > 0 ? q.scoreSumTenths / q.scored / 10 : null,
  passRatePercent: rate(q.passed, q.results, 100),
});

/** A keyed map of counters as a plain object of figures, keys sorted. */
export function keyedFigures<C, F>(m: ReadonlyMap<string, C>, figures: (c: C) => F): Record<string, F> {
  return Object.fromEntries([...m.keys()].sort().map((k) => [k, figures(m.get(k) as C)]));
}

/** The seeds/000 score range (report quality_checks.score_distribution) of a 0-100 score. */
export const scoreBand = (score: number) =>
  score < 50 ? "0-49" : score < 70 ? "50-69" : score < 90 ? "70-89" : "90-100";

/** A map as a plain object with its keys sorted (stable JSON). */
export function sortedRecord<K extends string | number>(m: ReadonlyMap<K, number>): Record<string, number> {
  const entries = [...m.entries()].map(([k, v]): [string, number] => [String(k), v]);
  return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** Adds `by` to the count of `key`. */
export const bump = <K>(m: Map<K, number>, key: K, by = 1) => m.set(key, (m.get(key) ?? 0) + by);
