/**
 * The report's prose (seed 000 "Report Contents"): an executive summary of 2-3 paragraphs, the
 * common issues, and recommendations in three horizons. {@link rulesNarrator} writes them from the
 * facts by fixed rules (the deterministic narrator: used without a model, and whenever a model's
 * answer fails validation twice). Every figure is a `{{fact:ID}}` reference, so the same validator
 * checks both narrators.
 */
import { BAND_WORDS } from "./bands";
import { type Fact, type FactSheet, factIndex } from "./facts";
import type { Issue } from "./issues";
import { fillFacts, validateProse } from "./validate";

/** The prose of a report, figures as `{{fact:ID}}` references (templates) or filled in. */
export interface Sections {
  /** 2-3 paragraphs: overall assessment, key achievements, primary concerns, top recommendations. */
  readonly executiveSummary: readonly string[];
  /** One paragraph per issue (by `issueId`, see issues.ts). */
  readonly commonIssues: readonly { readonly issueId: string; readonly text: string }[];
  readonly recommendations: {
    readonly immediate: readonly string[];
    readonly shortTerm: readonly string[];
    readonly longTerm: readonly string[];
  };
}

/** Every text of the sections with its place, e.g. ['recommendations.immediate[0]', '...']. */
export function sectionTexts(s: Sections): [string, string][] {
  return [
    ...s.executiveSummary.map((t, i): [string, string] => [`executiveSummary[${i}]`, t]),
    ...s.commonIssues.map((c, i): [string, string] => [`commonIssues[${i}]`, c.text]),
    ...s.recommendations.immediate.map((t, i): [string, string] => [`recommendations.immediate[${i}]`, t]),
    ...s.recommendations.shortTerm.map((t, i): [string, string] => [`recommendations.shortTerm[${i}]`, t]),
    ...s.recommendations.longTerm.map((t, i): [string, string] => [`recommendations.longTerm[${i}]`, t]),
  ];
}

/**
 * Every problem of a narrator's sections against the facts and issues (empty when valid): each text
 * validated (validate.ts), 2-3 summary paragraphs, known issue ids, at least one recommendation per
 * horizon.
 */
export function validateSections(s: Sections, facts: ReadonlyMap<string, Fact>, issues: readonly Issue[]): string[] {
  const errors: string[] = [];
  if (s.executiveSummary.length < 2 || s.executiveSummary.length > 3)
    errors.push(`executiveSummary: 2 or 3 paragraphs, not ${s.executiveSummary.length}`);
  const ids = new Set(issues.map((i) => i.id));
  for (const c of s.commonIssues) if (!ids.has(c.issueId)) errors.push(`commonIssues: unknown issue id "${c.issueId}"`);
  for (const h of ["immediate", "shortTerm", "longTerm"] as const)
    if (s.recommendations[h].length === 0) errors.push(`recommendations.${h}: at least one recommendation`);
  for (const [where, text] of sectionTexts(s)) errors.push(...validateProse(text, facts, where));
  return errors;
}

/** The sections with every reference replaced by the fact's formatted value. */
export function fillSections(s: Sections, facts: ReadonlyMap<string, Fact>): Sections {
  const f = (t: string) => fillFacts(t, facts);
  return {
    executiveSummary: s.executiveSummary.map(f),
    commonIssues: s.commonIssues.map((c) => ({ issueId: c.issueId, text: f(c.text) })),
    recommendations: {
      immediate: s.recommendations.immediate.map(f),
      shortTerm: s.recommendations.shortTerm.map(f),
      longTerm: s.recommendations.longTerm.map(f),
    },
  };
}

const ref = (id: string) => `{{fact:${id}}}`;

const TREND_WORDS: Record<string, string> = {
  improving: "improving",
  declining: "declining",
  stable: "stable",
  neutral: "changed",
  unknown: "without a previous period to compare",
};

/** "improving (+3.1 pp, ↑; stable within ±2.0 points)" for a fact with a trend. */
function trendPhrase(f: Fact | undefined, changeId: string): string {
  const t = f?.trend;
  if (!t || t.arrow === "–") return "without data for the previous period to compare";
  const band =
    f?.unit === "percent" || f?.unit === "score"
      ? `within ±${ref("rule.stable_points")} points`
      : `within ±${ref("rule.stable_percent")} of the previous value`;
  return `${TREND_WORDS[t.meaning]} (${ref(changeId)}, ${t.arrow}; stable means ${band})`;
}

const sampleWords = (f: Fact | undefined) =>
  f?.sample ? `${BAND_WORDS[f.sample.band]} confidence by sample size` : "unknown confidence";

/**
 * The deterministic narrator: sections from the facts by rules.
 * - No calls/conversations: insufficient data, and what to do (expand the range or wait).
 * - Under 20: the figures, stated as insufficient for conclusions.
 * - Otherwise: overall pass rate and score with bands and trends; checks in the excellent band and
 *   the top performer as achievements; critical/concerning and declining checks and the bottom
 *   performer as concerns; recommendations from those (immediate: critical checks; short-term:
 *   concerning and declining checks, coaching; long-term: structure and tracking).
 */
export function rulesNarrator(sheet: FactSheet, issues: readonly Issue[]): Sections {
  const facts = factIndex(sheet);
  const unit = sheet.kind === "calls" ? "calls" : "conversations";
  const total = sheet.kind === "calls" ? "total_calls" : "conversations";
  const period = `from ${ref("period.from")} to ${ref("period.to")}`;
  const commonIssues = issues.map((i) => ({ issueId: i.id, text: issueText(i) }));
  if (sheet.sampleSize === 0) {
    return {
      executiveSummary: [
        `There are no ${unit}${sheet.kind === "calls" ? " with quality-check results" : ""} in this scope ${period}, so this report has insufficient data: no performance can be assessed.`,
        `Expand the date range or wait for more ${unit}, then generate the report again.`,
      ],
      commonIssues: [],
      recommendations: {
        immediate: [`Expand the date range or wait for more ${unit} before drawing conclusions.`],
        shortTerm: [
          `Check that ${unit} of this scope are being imported${sheet.kind === "calls" ? " and evaluated" : ""}.`,
        ],
        longTerm: ["Generate this report regularly once data arrives, to track progress over time."],
      },
    };
  }
  if (sheet.sampleSize < 20) {
    const lead =
      sheet.kind === "calls"
        ? `Only ${ref(total)} calls were analysed ${period}, below the minimum of ${ref("rule.sample_meaningful")} calls for meaningful patterns: the figures below are insufficient data for conclusions. The pass rate was ${ref("pass_rate")} and the average score ${ref("average_score")}.`
        : `Only ${ref(total)} conversations started ${period}, below the minimum of ${ref("rule.sample_meaningful")} for meaningful patterns: the figures are insufficient data for conclusions.`;
    return {
      executiveSummary: [
        lead,
        `Expand the date range or wait for more ${unit} before acting; ${ref("rule.sample_reliable")} or more give reliable insights.`,
      ],
      commonIssues,
      recommendations: {
        immediate: [`Do not act on these figures alone: the sample is insufficient.`],
        shortTerm: [
          `Generate the report again over a longer period to reach at least ${ref("rule.sample_meaningful")} ${unit}.`,
        ],
        longTerm: [`Aim for ${ref("rule.sample_high")} or more ${unit} per report for high confidence.`],
      },
    };
  }
  return sheet.kind === "calls"
    ? callNarrative(sheet, facts, commonIssues, period)
    : chatNarrative(sheet, facts, commonIssues, period);
}

function issueText(i: Issue): string {
  const base = `issue.${i.id}`;
  if (i.source === "failed_check")
    return `"${ref(`${base}.pattern`)}" on ${ref(`${base}.check`)}: ${ref(`${base}.count`)} failed results (${ref(`${base}.share`)} of the check's failures). ${i.remediation.replace(/"[^"]*"/, `"${ref(`${base}.check`)}"`)}`;
  const what = i.source === "call_topic" ? "calls" : "conversations";
  const kind = { call_topic: "topic", chat_intent: "intent", closing_reason: "closing reason", failed_check: "" }[
    i.source
  ];
  return `The ${kind} "${ref(`${base}.pattern`)}": ${ref(`${base}.count`)} ${what} (${ref(`${base}.share`)} of all). ${i.remediation.replace(/"[^"]*"/, `"${ref(`${base}.pattern`)}"`)}`;
}

function callNarrative(
  sheet: FactSheet,
  facts: Map<string, Fact>,
  commonIssues: Sections["commonIssues"],
  period: string,
): Sections {
  const pass = facts.get("pass_rate");
  const band = pass?.passBand ? BAND_WORDS[pass.passBand] : "unknown";
  const p1 = `Across ${ref("total_calls")} calls analysed ${period}, the pass rate was ${ref("pass_rate")} (${band}) and the average score ${ref("average_score")}. Against the previous period the pass rate is ${trendPhrase(pass, "pass_rate.change")}, and the average score is ${trendPhrase(facts.get("average_score"), "average_score.change")}. Findings have ${sampleWords(facts.get("pass_rate"))}.`;
  const checks = sheet.checks.map((c) => ({ c, pass: facts.get(`${c.prefix}.pass_rate`) }));
  const excellent = checks.filter((x) => x.pass?.passBand === "excellent");
  const improving = checks.filter((x) => x.pass?.trend?.meaning === "improving");
  const critical = checks.filter((x) => x.pass?.passBand === "critical");
  const concerning = checks.filter((x) => x.pass?.passBand === "concerning");
  const declining = checks.filter((x) => x.pass?.trend?.meaning === "declining");
  const top = sheet.agents.find((a) => a.rank === "top");
  const bottom = sheet.agents.find((a) => a.rank === "bottom");
  const list = (xs: typeof checks) =>
    xs.map((x) => `${ref(`${x.c.prefix}.name`)} (${ref(`${x.c.prefix}.pass_rate`)})`).join(", ");
  const good: string[] = [];
  if (excellent.length > 0) good.push(`Checks in the excellent band: ${list(excellent)}.`);
  if (improving.length > 0) good.push(`Improving against the previous period: ${list(improving)}.`);
  if (top)
    good.push(
      `The top performer is ${ref(`${top.prefix}.name`)}, with an average score of ${ref(`${top.prefix}.average_score`)} over ${ref(`${top.prefix}.calls`)} calls.`,
    );
  if (good.length === 0) good.push("No check reached the excellent band and none improved beyond the stable band.");
  const bad: string[] = [];
  if (critical.length > 0) bad.push(`Critical checks needing immediate action: ${list(critical)}.`);
  if (concerning.length > 0) bad.push(`Concerning checks: ${list(concerning)}.`);
  if (declining.length > 0) bad.push(`Declining against the previous period: ${list(declining)}.`);
  if (bottom)
    bad.push(
      `The bottom performer is ${ref(`${bottom.prefix}.name`)}, with an average score of ${ref(`${bottom.prefix}.average_score`)} over ${ref(`${bottom.prefix}.calls`)} calls.`,
    );
  if (bad.length === 0)
    bad.push("No check is in the concerning or critical band, and none declined beyond the stable band.");
  const topRec =
    critical.length > 0
      ? `The top recommendation is to address ${ref(`${critical[0]?.c.prefix}.name`)} now.`
      : concerning.length > 0
        ? `The top recommendation is to focus coaching on ${ref(`${concerning[0]?.c.prefix}.name`)}.`
        : "The top recommendation is to maintain current efforts and keep tracking the trend.";
  const immediate = critical.map(
    (x) =>
      `Address ${ref(`${x.c.prefix}.name`)} (pass rate ${ref(`${x.c.prefix}.pass_rate`)}, critical): brief agents and review the failed calls this week.`,
  );
  if (immediate.length === 0)
    immediate.push("No critical check: no immediate action is required beyond normal monitoring.");
  const shortTerm = [...concerning, ...declining.filter((d) => !concerning.includes(d) && !critical.includes(d))].map(
    (x) =>
      `Coach on ${ref(`${x.c.prefix}.name`)} (pass rate ${ref(`${x.c.prefix}.pass_rate`)}) over the next weeks, using the example calls.`,
  );
  if (bottom)
    shortTerm.push(
      `Schedule coaching with ${ref(`${bottom.prefix}.name`)}, pairing with the top performer where possible.`,
    );
  if (shortTerm.length === 0) shortTerm.push("Recognise what is working and share the best calls as examples.");
  const longTerm = [
    "Review the check definitions and training material for checks that stay below the good band, and compare future reports of this scope to track progress.",
  ];
  if (sheet.agentsTooFew > 0)
    longTerm.push("Link more calls to agents, or widen the period, so that every agent reaches a meaningful sample.");
  return {
    executiveSummary: [p1, good.join(" "), `${bad.join(" ")} ${topRec}`],
    commonIssues,
    recommendations: { immediate, shortTerm, longTerm },
  };
}

function chatNarrative(
  _sheet: FactSheet,
  facts: Map<string, Fact>,
  commonIssues: Sections["commonIssues"],
  period: string,
): Sections {
  const p1 = `${ref("conversations")} conversations started ${period}, with ${ref("messages")} messages (${ref("messages_per_conversation")} per conversation) from ${ref("unique_contacts")} unique contacts. Against the previous period conversations are ${trendPhrase(facts.get("conversations"), "conversations.change")}.`;
  const missed = facts.get("missed");
  const p2 = `The contact centre handled ${ref("assignments")} assignments, of which ${ref("missed")} were missed (${trendPhrase(missed, "missed.change")}); the average conversation took ${ref("avg_conversation_time")} and users waited ${ref("avg_wait_time")} on average. Positive ratings were ${ref("positive_share")} of ${ref("ratings")} ratings.`;
  const declining = ["missed", "avg_wait_time", "positive_share"].filter(
    (id) => facts.get(id)?.trend?.meaning === "declining",
  );
  const p3 =
    declining.length > 0
      ? `Primary concerns: ${declining.map((id) => `${facts.get(id)?.label} ${ref(id)}`).join(", ")} declined beyond the stable band. The top recommendation is to review staffing at peak times and the most frequent intents.`
      : "No service figure declined beyond the stable band. The top recommendation is to keep the current staffing and review the most frequent intents for self-service answers.";
  return {
    executiveSummary: [p1, p2, p3],
    commonIssues,
    recommendations: {
      immediate:
        declining.length > 0
          ? ["Review missed conversations and wait times at peak hours this week."]
          : ["No immediate action required."],
      shortTerm: ["Add self-service answers for the most frequent intents and review closing reasons with agents."],
      longTerm: ["Compare future reports of this scope to track the trend of missed conversations and ratings."],
    },
  };
}

/** Validates and fills a narrator's sections; throws Error listing the problems when they are not valid. */
export function finalSections(s: Sections, facts: ReadonlyMap<string, Fact>, issues: readonly Issue[]): Sections {
  const errors = validateSections(s, facts, issues);
  if (errors.length > 0) throw new Error(`sections not valid: ${errors.join("; ")}`);
  return fillSections(s, facts);
}
