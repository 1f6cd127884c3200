/**
 * The fact sheet of a narrative report: every figure comes from a registry report (report-defs
 * runReport) over the scope's filters, the same reports and query the dashboard fetches, so a fact
 * equals the dashboard's figure for the same scope and period. Each fact carries its id, value, unit,
 * formatted value, the definition sentence of its measure, sample size and band, pass-rate band and
 * trend where they apply (bands.ts).
 */
import {
  defaultRegistry,
  type Executor,
  formatChange,
  formatValue,
  type KpiResult,
  type MeasureFormat,
  type QueryFilters,
  type RankingResult,
  type Registry,
  type ReportResult,
  runReport,
  type TableResult,
} from "@tallyline/report-defs";
import {
  type PassBand,
  passBand,
  type SampleBand,
  STABLE_POINTS,
  STABLE_RELATIVE_PERCENT,
  sampleBand,
  type Trend,
  trendOf,
} from "./bands";
import { isChatScope, type Scope, scopeFilters } from "./scope";

/** Units of a fact's value: percent on 0-100, scores on 0-100, seconds, counts, per minute, a date, text. */
export type FactUnit =
  | "count"
  | "percent"
  | "score"
  | "seconds"
  | "rate_per_minute"
  | "percentage_points"
  | "date"
  | "text";

/** One figure of the sheet. */
export interface Fact {
  /** Stable id, `[a-z0-9_.]+` ('pass_rate', 'check.2.pass_rate', 'agent.1.name'). */
  readonly id: string;
  readonly label: string;
  /** Number in `unit`, text for 'text'/'date', null when the figure has no value (no rows). */
  readonly value: number | string | null;
  readonly unit: FactUnit;
  /** The value as the dashboard writes it (report-defs formatValue): '87.3%', '1,234', '3:05'. */
  readonly formatted: string;
  /** The definition sentence of the measure it came from (the registry's), or how a derived fact is made. */
  readonly definition: string;
  /** The registry report it came from, or null for the period. */
  readonly reportId: string | null;
  readonly sample?: { readonly size: number; readonly band: SampleBand };
  readonly passBand?: PassBand;
  readonly previous?: number | null;
  readonly trend?: Trend;
  /** Personal data (an agent's name): never sent to a model; the prose refers to it by fact id. */
  readonly personal?: boolean;
}

/** A check of the check-performance table: its name and the prefix of its facts (`check.N`). */
export interface CheckLine {
  readonly key: string;
  readonly name: string;
  readonly prefix: string;
}
/** An agent of the agent-performance table: only linked agents with a meaningful sample. */
export interface AgentLine {
  readonly key: string;
  readonly prefix: string;
  readonly rank: "top" | "bottom" | null;
}

/** The fact sheet of one scope and period. */
export interface FactSheet {
  readonly kind: "calls" | "chats";
  readonly from: string;
  readonly to: string;
  readonly previousFrom: string | null;
  readonly previousTo: string | null;
  readonly timezone: string;
  /** The filters every report ran with (the scope's). */
  readonly filters: QueryFilters;
  readonly facts: readonly Fact[];
  readonly checks: readonly CheckLine[];
  readonly agents: readonly AgentLine[];
  /** Linked agents left out of the agent table for a sample under 20 calls. */
  readonly agentsTooFew: number;
  /** The main sample: calls analysed (call scopes) or conversations (chat scopes). */
  readonly sampleSize: number;
}

/** The period of a report: from/to (inclusive local days) or the last `periodDays` days (default 30). */
export interface PeriodInput {
  readonly from?: string;
  readonly to?: string;
  readonly periodDays?: number;
  readonly timezone?: string;
}

/** What {@link computeFactSheet} needs. */
export interface FactOptions {
  readonly execute: Executor;
  readonly scope: Scope;
  readonly period: PeriodInput;
  /** Current instant in ms (for "today"). */
  readonly now: number;
  /** Zone when the period names none (default UTC). */
  readonly defaultTimezone?: string;
  readonly registry?: Registry;
  /** Told after each of the sheet's reports has run: how many are done, of how many. */
  readonly onReport?: (done: number, total: number) => void;
}

const UNIT: Record<MeasureFormat, FactUnit> = {
  count: "count",
  percent: "percent",
  duration: "seconds",
  score: "score",
  rate_per_minute: "rate_per_minute",
};

/** The query every report of the sheet runs with: the dashboard's fetch body for the same scope and period. */
export function factQuery(period: PeriodInput, filters: QueryFilters): Record<string, unknown> {
  const window =
    period.from !== undefined || period.to !== undefined
      ? { from: period.from, to: period.to }
      : { periodDays: period.periodDays ?? 30 };
  return {
    ...window,
    ...(period.timezone ? { timezone: period.timezone } : {}),
    compare: "previous",
    filters,
  };
}

type Sink = { facts: Fact[] };

function kpiFacts(sink: Sink, r: KpiResult, id: string, label: string, opts: { band?: boolean } = {}): void {
  const m = r.measure;
  const unit = UNIT[m.format];
  const size = r.sample?.size;
  sink.facts.push({
    id,
    label,
    value: r.value,
    unit,
    formatted: formatValue(r.value, m.format),
    definition: m.definition,
    reportId: r.reportId,
    ...(size !== undefined ? { sample: { size, band: sampleBand(size) } } : {}),
    ...(opts.band && r.value !== null ? { passBand: passBand(r.value) } : {}),
    previous: r.previousValue,
    trend: trendOf(r.value, r.previousValue, unit as "count", m.goodDirection),
  });
  sink.facts.push({
    id: `${id}.previous`,
    label: `${label}, previous period`,
    value: r.previousValue,
    unit,
    formatted: formatValue(r.previousValue, m.format),
    definition: `${m.definition} Over the previous period of equal length.`,
    reportId: r.reportId,
  });
  sink.facts.push({
    id: `${id}.change`,
    label: `${label}, change from the previous period`,
    value: r.change,
    unit: m.format === "percent" ? "percentage_points" : unit,
    formatted: formatChange(r.change, m.format),
    definition: `The value minus the previous period's value (percentage points for a percentage). ${m.definition}`,
    reportId: r.reportId,
  });
}

function tableFact(
  sink: Sink,
  r: TableResult,
  row: TableResult["rows"][number],
  measureId: string,
  id: string,
  label: string,
  band: boolean,
): void {
  const m = r.measures.find((x) => x.id === measureId);
  if (!m) throw new Error(`report ${r.reportId} has no measure ${measureId}`);
  const value = row.values[measureId] ?? null;
  const previous = row.previous[measureId] ?? null;
  const unit = UNIT[m.format];
  sink.facts.push({
    id,
    label,
    value,
    unit,
    formatted: formatValue(value, m.format),
    definition: m.definition,
    reportId: r.reportId,
    ...(row.sample ? { sample: { size: row.sample.size, band: sampleBand(row.sample.size) } } : {}),
    ...(band && value !== null ? { passBand: passBand(value) } : {}),
    previous,
    trend: trendOf(value, previous, unit as "count", m.goodDirection),
  });
}

function textFact(sink: Sink, id: string, label: string, value: string, definition: string, personal = false): void {
  sink.facts.push({
    id,
    label,
    value,
    unit: "text",
    formatted: value,
    definition,
    reportId: null,
    ...(personal ? { personal } : {}),
  });
}

/** The sheet's options with a counter of reports run. */
type RunOptions = FactOptions & { readonly tick?: () => void };

/** Runs one registry report with the sheet's query. */
async function run<T extends ReportResult>(o: RunOptions, id: string, filters: QueryFilters): Promise<T> {
  const registry = o.registry ?? defaultRegistry();
  const result = (await runReport(registry.get(id), factQuery(o.period, filters), o.execute, {
    now: o.now,
    defaultTimezone: o.defaultTimezone ?? "UTC",
  })) as T;
  o.tick?.();
  return result;
}

/** Score ranges of `quality_checks.score_distribution`, with the fact id each gets. */
const RANGE_IDS: Record<string, string> = {
  "0-49": "score_range.0_49",
  "50-69": "score_range.50_69",
  "70-89": "score_range.70_89",
  "90-100": "score_range.90_100",
};

/** Reports run for a call scope's sheet (callFacts). */
const CALL_REPORTS = 6;

async function callFacts(o: RunOptions, filters: QueryFilters, sink: Sink) {
  const [calls, score, pass, dist, checks, agents] = await Promise.all([
    run<KpiResult>(o, "quality_checks.calls", filters),
    run<KpiResult>(o, "quality_checks.average_score", filters),
    run<KpiResult>(o, "quality_checks.pass_rate", filters),
    run<RankingResult>(o, "quality_checks.score_distribution", filters),
    run<TableResult>(o, "quality_checks.checks", filters),
    run<TableResult>(o, "quality_checks.agents", filters),
  ]);
  const size = calls.value ?? 0;
  kpiFacts(sink, { ...calls, sample: { size, label: "" } }, "total_calls", "Total calls");
  kpiFacts(sink, score, "average_score", "Average score");
  kpiFacts(sink, pass, "pass_rate", "Pass rate", { band: true });
  for (const row of dist.rows) {
    const id = RANGE_IDS[row.label];
    if (!id) continue;
    sink.facts.push({
      id,
      label: `Check results scoring ${row.label}`,
      value: row.value,
      unit: "count",
      formatted: formatValue(row.value, "count"),
      definition: dist.measure.definition,
      reportId: dist.reportId,
    });
    sink.facts.push({
      id: `${id}.share`,
      label: `Share of scored check results scoring ${row.label}`,
      value: row.share,
      unit: "percent",
      formatted: formatValue(row.share, "percent"),
      definition: `${dist.measure.definition} As a percentage (0-100) of all scored results in the period.`,
      reportId: dist.reportId,
    });
  }
  const checkLines: CheckLine[] = [];
  checks.rows.forEach((row, i) => {
    const prefix = `check.${i + 1}`;
    const name = row.label;
    checkLines.push({ key: row.key ?? "", name, prefix });
    textFact(sink, `${prefix}.name`, "Check", name, "The check's display name (quality_checks.name).");
    tableFact(sink, checks, row, "pass_rate", `${prefix}.pass_rate`, `${name}: pass rate`, true);
    tableFact(sink, checks, row, "average_score", `${prefix}.average_score`, `${name}: average score`, false);
    tableFact(sink, checks, row, "calls", `${prefix}.calls`, `${name}: calls evaluated`, false);
  });
  // Only linked agents (a key) with a meaningful sample; top/bottom by average score among them.
  const linked = agents.rows.filter((r) => r.key !== null && (r.sample?.size ?? 0) >= 20);
  const tooFew = agents.rows.filter((r) => r.key !== null && (r.sample?.size ?? 0) < 20).length;
  const scored = linked.filter((r) => r.values.average_score !== null && r.values.average_score !== undefined);
  const ordered = [...scored].sort((a, b) => (b.values.average_score ?? 0) - (a.values.average_score ?? 0));
  const top = ordered.length >= 2 ? ordered[0] : undefined;
  const bottom = ordered.length >= 2 ? ordered[ordered.length - 1] : undefined;
  const agentLines: AgentLine[] = [];
  linked.forEach((row, i) => {
    const prefix = `agent.${i + 1}`;
    const rank = row === top ? "top" : row === bottom ? "bottom" : null;
    agentLines.push({ key: row.key ?? "", prefix, rank });
    textFact(sink, `${prefix}.name`, "Agent", row.label, "The agent's username (agents.username).", true);
    tableFact(sink, agents, row, "calls", `${prefix}.calls`, `Agent ${i + 1}: calls`, false);
    tableFact(sink, agents, row, "average_score", `${prefix}.average_score`, `Agent ${i + 1}: average score`, false);
    tableFact(sink, agents, row, "pass_rate", `${prefix}.pass_rate`, `Agent ${i + 1}: pass rate`, true);
  });
  return { size, checkLines, agentLines, tooFew, period: calls };
}

/** The seeds 001/002 KPIs of a chat scope: report id -> fact id. */
const CHAT_KPIS: readonly (readonly [string, string, string])[] = [
  ["engagement.conversations", "conversations", "Total conversations"],
  ["engagement.messages", "messages", "Total messages"],
  ["performance.messages_per_conversation", "messages_per_conversation", "Average messages per conversation"],
  ["contacts.unique", "unique_contacts", "Unique contacts"],
  ["contact_centre.conversations", "assignments", "Contact-centre conversations (assignments)"],
  ["contact_centre.missed", "missed", "Missed conversations"],
  ["contact_centre.avg_conversation_time", "avg_conversation_time", "Average conversation time"],
  ["contact_centre.avg_wait_time", "avg_wait_time", "Average wait time"],
  ["quality.positive_share", "positive_share", "Positive ratings share"],
  ["quality.ratings", "ratings", "Ratings received"],
];

async function chatFacts(o: RunOptions, filters: QueryFilters, sink: Sink) {
  const results = await Promise.all(CHAT_KPIS.map(([id]) => run<KpiResult>(o, id, filters)));
  const agents = await run<RankingResult>(o, "agents.conversations", filters);
  const conversations = results[0] as KpiResult;
  const size = conversations.value ?? 0;
  results.forEach((r, i) => {
    const [, id, label] = CHAT_KPIS[i] as readonly [string, string, string];
    kpiFacts(sink, { ...r, sample: { size, label: "" } }, id, label);
  });
  const agentLines: AgentLine[] = [];
  agents.rows
    .filter((r) => r.key !== null)
    .forEach((row, i) => {
      const prefix = `agent.${i + 1}`;
      agentLines.push({ key: row.key ?? "", prefix, rank: null });
      textFact(sink, `${prefix}.name`, "Agent", row.label, "The agent's username (agents.username).", true);
      sink.facts.push({
        id: `${prefix}.conversations`,
        label: `Agent ${i + 1}: conversations`,
        value: row.value,
        unit: "count",
        formatted: formatValue(row.value, "count"),
        definition: agents.measure.definition,
        reportId: agents.reportId,
        previous: row.previousValue,
        trend: trendOf(row.value, row.previousValue, "count", agents.measure.goodDirection),
      });
    });
  return { size, checkLines: [] as CheckLine[], agentLines, tooFew: 0, period: conversations };
}

/**
 * Computes the fact sheet of a scope over a period by running the registry's reports through
 * `execute`. Call scopes: total calls, average score, pass rate (each with previous value, change,
 * sample, bands, trend), the score distribution, check performance and agent performance. Chat
 * scopes: the seeds 001/002 KPIs and conversations per agent. Throws ReportError for a bad period
 * and ScopeError for an unresolved segment.
 */
export async function computeFactSheet(o: FactOptions): Promise<FactSheet> {
  const filters = scopeFilters(o.scope);
  const sink: Sink = { facts: [] };
  const chats = isChatScope(o.scope.kind);
  const total = chats ? CHAT_KPIS.length + 1 : CALL_REPORTS;
  let done = 0;
  const counted: RunOptions = { ...o, tick: () => o.onReport?.(++done, total) };
  const r = chats ? await chatFacts(counted, filters, sink) : await callFacts(counted, filters, sink);
  const p = r.period;
  const dateFact = (id: string, label: string, value: string | null) =>
    value !== null &&
    sink.facts.push({
      id,
      label,
      value,
      unit: "date",
      formatted: value,
      definition: `${label}: a local calendar day in ${p.timezone}, inclusive.`,
      reportId: null,
    });
  for (const [id, label, value] of [
    ["rule.sample_meaningful", "Minimum sample for meaningful patterns", 20],
    ["rule.sample_reliable", "Sample for reliable insights", 50],
    ["rule.sample_high", "Sample for high confidence", 100],
  ] as const)
    sink.facts.push({
      id,
      label,
      value,
      unit: "count",
      formatted: String(value),
      definition:
        "Seed 000's sample-size rule: under 20 insufficient, 20+ meaningful, 50+ reliable, 100+ high confidence.",
      reportId: null,
    });
  sink.facts.push({
    id: "rule.stable_points",
    label: "Stable band of percentages and scores, in points",
    value: STABLE_POINTS,
    unit: "count",
    formatted: STABLE_POINTS.toFixed(1),
    definition:
      "A percentage or 0-100 score whose change from the previous period is within this many points is stable (→).",
    reportId: null,
  });
  sink.facts.push({
    id: "rule.stable_percent",
    label: "Stable band of counts and times, relative",
    value: STABLE_RELATIVE_PERCENT,
    unit: "percent",
    formatted: formatValue(STABLE_RELATIVE_PERCENT, "percent"),
    definition: "A count, time or rate whose change is within this percentage of the previous value is stable (→).",
    reportId: null,
  });
  dateFact("period.from", "First day of the period", p.from);
  dateFact("period.to", "Last day of the period", p.to);
  dateFact("period.previous_from", "First day of the previous period", p.previousFrom);
  dateFact("period.previous_to", "Last day of the previous period", p.previousTo);
  return {
    kind: chats ? "chats" : "calls",
    from: p.from,
    to: p.to,
    previousFrom: p.previousFrom,
    previousTo: p.previousTo,
    timezone: p.timezone,
    filters,
    facts: sink.facts,
    checks: r.checkLines,
    agents: r.agentLines,
    agentsTooFew: r.tooFew,
    sampleSize: r.size,
  };
}

/** The facts by id. */
export function factIndex(sheet: Pick<FactSheet, "facts">): Map<string, Fact> {
  return new Map(sheet.facts.map((f) => [f.id, f]));
}

/**
 * Facts of the common issues, so prose cites them like any other: `issue.<id>.pattern` and
 * `.check` (text), `.count` (occurrences) and `.share` (percent 0-100 of its base).
 */
export function issueFacts(issues: readonly import("./issues").Issue[]): Fact[] {
  const out: Fact[] = [];
  for (const i of issues) {
    const base = `issue.${i.id}`;
    const what =
      i.source === "failed_check"
        ? "failed results of the check whose reason reads like the pattern (grouped by lexical similarity)"
        : i.source === "call_topic"
          ? "calls offered with this topic (calls.by_topic)"
          : i.source === "chat_intent"
            ? "conversations with this intent (chatbot.top_intents)"
            : "conversations closed with this reason (contact_centre.closing_reasons)";
    const text = (id: string, label: string, value: string) =>
      out.push({ id, label, value, unit: "text", formatted: value, definition: label, reportId: null });
    text(`${base}.pattern`, "Issue pattern (redacted text)", i.pattern);
    if (i.check !== null) text(`${base}.check`, "Check of the issue", i.check);
    out.push({
      id: `${base}.count`,
      label: `Issue ${i.id}: occurrences`,
      value: i.count,
      unit: "count",
      formatted: formatValue(i.count, "count"),
      definition: `Counts ${what}, in the period.`,
      reportId: null,
    });
    out.push({
      id: `${base}.share`,
      label: `Issue ${i.id}: share`,
      value: i.share,
      unit: "percent",
      formatted: formatValue(i.share, "percent"),
      definition: `The count as a percentage (0-100) of its base: ${i.source === "failed_check" ? "all failed results of the check" : "all of the ranking's total"}.`,
      reportId: null,
    });
  }
  return out;
}
