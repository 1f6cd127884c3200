/**
 * Narrative reports in the dashboard (issue 14, seed 000 "Reports"; docs/narrative.md): the typed
 * calls of the `/narratives` routes, and the pure helpers the Reports, report and Usage pages use
 * (scope texts, the check and agent tables of a report's facts, file names, usage totals). Numbers
 * are never computed here: every figure shown is a fact's `formatted` value from the API.
 */
import { type CreatedLink, request } from "./api";
import { downloadPdf } from "./pdf";

/** Kinds of scope as the API stores them (packages/narrative scope.ts). */
export type ScopeKind = "campaign" | "segment" | "check" | "calls" | "chat_campaign" | "chat_segment" | "conversations";

/** The scope kinds of the generate dialog, in its order: label and the text prefix of the API's `scope`. */
export const SCOPE_CHOICES: readonly { kind: ScopeKind; label: string; prefix: string }[] = [
  { kind: "campaign", label: "Campaign (calls)", prefix: "campaign" },
  { kind: "segment", label: "Segment (calls)", prefix: "segment" },
  { kind: "check", label: "Quality check", prefix: "check" },
  { kind: "calls", label: "Selected calls", prefix: "calls" },
  { kind: "chat_campaign", label: "Campaign (chats)", prefix: "chat-campaign" },
  { kind: "chat_segment", label: "Segment (chats)", prefix: "chat-segment" },
  { kind: "conversations", label: "Selected conversations", prefix: "conversations" },
];

/** Label of a scope kind ("Campaign (calls)"); the kind itself when unknown. */
export function scopeKindLabel(kind: string): string {
  return SCOPE_CHOICES.find((c) => c.kind === kind)?.label ?? kind;
}

/**
 * The API's `scope` text of a kind and the dialog's value: `campaign:ID`, or for the selected sets
 * `calls:ID,ID` from ids separated by commas, spaces or new lines (empty ones dropped). Undefined
 * when the value holds no id.
 */
export function scopeText(kind: ScopeKind, value: string): string | undefined {
  const prefix = SCOPE_CHOICES.find((c) => c.kind === kind)?.prefix ?? kind;
  const many = kind === "calls" || kind === "conversations";
  const ids = many
    ? value
        .split(/[\s,]+/)
        .map((v) => v.trim())
        .filter(Boolean)
    : [value.trim()].filter(Boolean);
  return ids.length === 0 ? undefined : `${prefix}:${ids.join(",")}`;
}

/** The sample-size band of a figure (seed 000): under 20 insufficient, 20+ meaningful, 50+ reliable, 100+ high confidence. */
export type SampleBand = "insufficient" | "meaningful" | "reliable" | "high_confidence";
/** The pass-rate band (seed 000): 90+ excellent, 70-89 good, 50-69 concerning, under 50 critical. */
export type PassBand = "excellent" | "good" | "concerning" | "critical";

/** One figure of a report, as stored (packages/narrative facts.ts). */
export interface Fact {
  readonly id: string;
  readonly label: string;
  readonly value: number | string | null;
  readonly unit: string;
  /** The value as the dashboard writes it: what the page shows. */
  readonly formatted: string;
  /** The definition sentence of the measure it came from. */
  readonly definition: string;
  readonly reportId: string | null;
  readonly sample?: { readonly size: number; readonly band: SampleBand };
  readonly passBand?: PassBand;
  readonly previous?: number | null;
  readonly trend?: { readonly arrow: string; readonly meaning: string; readonly stableBand: string };
  readonly personal?: boolean;
}

/** A recurring problem of a report (packages/narrative issues.ts). */
export interface Issue {
  readonly id: string;
  readonly source: "failed_check" | "call_topic" | "chat_intent" | "closing_reason";
  readonly check: string | null;
  readonly pattern: string;
  readonly variants: readonly string[];
  readonly count: number;
  /** Percent 0-100 of its base. */
  readonly share: number | null;
  readonly examples: readonly string[];
  readonly exampleKind: "call" | "conversation";
  readonly remediation: string;
}

/** The prose of a report, filled. */
export interface Sections {
  readonly executiveSummary: readonly string[];
  readonly commonIssues: readonly { readonly issueId: string; readonly text: string }[];
  readonly recommendations: {
    readonly immediate: readonly string[];
    readonly shortTerm: readonly string[];
    readonly longTerm: readonly string[];
  };
}

/** What a finished report holds. */
export interface NarrativeContent {
  readonly facts: readonly Fact[];
  readonly issues: readonly Issue[];
  readonly sections: Sections;
  /** How failed-check reasons were grouped (absent in older reports). */
  readonly grouping?: Grouping;
  readonly lines?: {
    readonly checks: readonly { key: string; name: string; prefix: string }[];
    readonly agents: readonly { key: string; prefix: string; rank: "top" | "bottom" | null }[];
    readonly agentsTooFew: number;
  };
}

/** Where a report's generation is (packages/narrative progress.ts): step, words, percent 0-100. */
export interface NarrativeProgress {
  readonly step: "queued" | "facts" | "issues" | "writing" | "checking" | "saving" | "done" | "failed";
  readonly label: string;
  /** Percent 0-100 of the work done. */
  readonly percent: number;
}

/** How a report's failed-check reasons were grouped (packages/narrative issues.ts `Grouping`). */
export interface Grouping {
  readonly method: "embeddings" | "lexical" | "none";
  readonly model: string | null;
  /** Cosine (embeddings) or Dice (lexical) similarity threshold, 0-1. */
  readonly threshold: number | null;
  /** Why lexical though embeddings were configured. */
  readonly note: string | null;
}

/** How the issues were grouped, in words (null for reports stored before it was kept, or chats). */
export function groupingText(g: Grouping | undefined): string | null {
  if (!g || g.method === "none") return null;
  if (g.method === "embeddings")
    return `Common issues grouped by meaning: embeddings of ${g.model ?? "the configured model"}, texts at cosine similarity ${g.threshold} or more form one issue.`;
  return `Common issues grouped by wording: texts at lexical similarity ${g.threshold} or more form one issue${g.note ? ` (${g.note})` : ""}.`;
}

/** A stored report as the API sends it (`content` only from `get`). */
export interface Narrative {
  readonly id: string;
  readonly name: string;
  readonly scope: { readonly kind: ScopeKind; readonly key: string; readonly ids?: readonly string[] };
  readonly period: { readonly from: string; readonly to: string; readonly timezone: string };
  readonly status: "running" | "done" | "failed";
  readonly narrator: "ai" | "rules" | null;
  readonly author: { readonly kind: "user" | "key" | "cli"; readonly id: string | null };
  readonly regeneratedFrom: string | null;
  readonly createdAt: string;
  readonly generatedAt: string | null;
  readonly failure: string | null;
  readonly usage: { readonly promptTokens: number; readonly completionTokens: number } | null;
  /** Step and percent while running; done at 100; failed with its step. */
  readonly progress?: NarrativeProgress;
  readonly content?: NarrativeContent | null;
}

/** What the generate dialog sends: a scope and a period (or a regeneration). */
export interface NarrativeRequest {
  scope?: string;
  from?: string;
  to?: string;
  periodDays?: number;
  timezone?: string;
  regenerateFrom?: string;
}

/** The estimate before generating. */
export interface Estimate {
  readonly narrator: "ai" | "rules";
  readonly promptTokens: number;
  readonly maxCompletionTokens: number;
  /** Calls (or conversations) in the scope and period. */
  readonly sampleSize: number;
}

/** Tokens of one calendar month (UTC). */
export interface UsageMonth {
  readonly month: string;
  readonly calls: number;
  readonly promptTokens: number;
  readonly completionTokens: number;
}

/** Fact deltas of two reports of one scope (`delta` = b - a in the fact's unit). */
export interface Comparison {
  readonly a: { id: string; name: string; period: Narrative["period"]; generatedAt: string | null };
  readonly b: { id: string; name: string; period: Narrative["period"]; generatedAt: string | null };
  readonly deltas: readonly {
    id: string;
    label: string;
    unit: string;
    a: number | null;
    b: number | null;
    delta: number | null;
    aFormatted: string;
    bFormatted: string;
  }[];
}

/** The values the dialog offers: campaigns (call or chat) and checks of the data. */
export interface ScopeValues {
  readonly campaigns: readonly { id: string; name: string; channel: string }[];
  readonly checks: readonly { id: string; name: string; campaignId: string | null }[];
}

const path = (id: string) => `/narratives/${encodeURIComponent(id)}`;

/** The narrative routes (docs/narrative.md). Each throws an ApiError with the API's message. */
export const narrativesApi = {
  /** `GET /narratives`: every report, newest first, without content. */
  async list(): Promise<Narrative[]> {
    return (await request<{ items: Narrative[] }>("/narratives")).items;
  },
  /** `GET /narratives/{id}`: one report with its facts, issues and sections. */
  get: (id: string): Promise<Narrative> => request<Narrative>(path(id)),
  /** `POST /narratives`: starts a report (status `running`); poll {@link narrativesApi.get}. */
  generate: (body: NarrativeRequest): Promise<Narrative> =>
    request<Narrative>("/narratives", { method: "POST", body: JSON.stringify(body) }),
  /** `POST /narratives/estimate`: tokens a report would use. */
  estimate: (body: NarrativeRequest): Promise<Estimate> =>
    request<Estimate>("/narratives/estimate", { method: "POST", body: JSON.stringify(body) }),
  /** `DELETE /narratives/{id}` (its creator or an admin). */
  async remove(id: string): Promise<void> {
    await request<unknown>(path(id), { method: "DELETE" });
  },
  /** `GET /narratives/{a}/compare/{b}`. */
  compare: (a: string, b: string): Promise<Comparison> =>
    request<Comparison>(`${path(a)}/compare/${encodeURIComponent(b)}`),
  /** `GET /narratives/usage`: tokens per month, newest first. */
  async usage(): Promise<UsageMonth[]> {
    return (await request<{ months: UsageMonth[] }>("/narratives/usage")).months;
  },
  /** `POST /narratives/{id}/link`: a public link of the finished report (token shown this once). */
  share: (
    id: string,
    body: { label: string; expiresInDays?: number | null; passcode?: string; showAgentNames?: boolean },
  ): Promise<CreatedLink> => request<CreatedLink>(`${path(id)}/link`, { method: "POST", body: JSON.stringify(body) }),
  /** `GET /narratives/scopes`: campaigns and checks of the data. */
  scopes: (): Promise<ScopeValues> => request<ScopeValues>("/narratives/scopes"),
};

/**
 * The narrative part of a public document (apps/api links/narrative.ts PublicNarrative): sections
 * and facts without personal data; no example calls.
 */
export interface PublicNarrativeDoc {
  readonly type: string;
  readonly narrator: "ai" | "rules";
  readonly generatedAt: string;
  readonly executiveSummary: readonly string[];
  readonly commonIssues: readonly { text: string; pattern: string; count: number; remediation: string }[];
  readonly recommendations: Sections["recommendations"];
  readonly facts: readonly Fact[];
  readonly checks: readonly string[];
  readonly agents: readonly { prefix: string; rank: "top" | "bottom" | null }[];
}

/** A row of the check-performance table: the check's name and its facts. */
export interface CheckRow {
  readonly name: string;
  readonly passRate?: Fact;
  readonly averageScore?: Fact;
  readonly calls?: Fact;
}

/** A row of the agent-performance table. */
export interface AgentRow {
  readonly name: string;
  readonly calls?: Fact;
  readonly averageScore?: Fact;
  readonly passRate?: Fact;
  readonly conversations?: Fact;
  readonly rank: "top" | "bottom" | null;
}

/** Fact prefixes `check.N` / `agent.N` of a report, in N order (for reports stored without `lines`). */
function prefixes(facts: readonly Fact[], kind: "check" | "agent"): string[] {
  const seen = new Set<number>();
  for (const f of facts) {
    const m = new RegExp(`^${kind}\\.(\\d+)\\.`).exec(f.id);
    if (m) seen.add(Number(m[1]));
  }
  return [...seen].sort((a, b) => a - b).map((n) => `${kind}.${n}`);
}

/** The check-performance table of a report: one row per check, from its `check.N.*` facts. */
export function checkRows(content: NarrativeContent): CheckRow[] {
  const byId = new Map(content.facts.map((f) => [f.id, f]));
  const list = content.lines?.checks.map((c) => c.prefix) ?? prefixes(content.facts, "check");
  return list.map((p) => ({
    name: String(byId.get(`${p}.name`)?.value ?? p),
    passRate: byId.get(`${p}.pass_rate`),
    averageScore: byId.get(`${p}.average_score`),
    calls: byId.get(`${p}.calls`),
  }));
}

/** The agent-performance table: one row per agent of the report, with the stored top/bottom rank. */
export function agentRows(content: NarrativeContent): AgentRow[] {
  const byId = new Map(content.facts.map((f) => [f.id, f]));
  const lines =
    content.lines?.agents ?? prefixes(content.facts, "agent").map((prefix) => ({ prefix, rank: null, key: "" }));
  return lines.map((l) => ({
    name: String(byId.get(`${l.prefix}.name`)?.value ?? l.prefix),
    calls: byId.get(`${l.prefix}.calls`),
    averageScore: byId.get(`${l.prefix}.average_score`),
    passRate: byId.get(`${l.prefix}.pass_rate`),
    conversations: byId.get(`${l.prefix}.conversations`),
    rank: l.rank,
  }));
}

/** Facts of the headline figures (not per check, agent, issue or score range, nor the rules), in stored order. */
export function headlineFacts(facts: readonly Fact[]): Fact[] {
  return facts.filter(
    (f) =>
      f.unit !== "text" &&
      f.unit !== "date" &&
      !/^(check|agent|issue|rule|score_range)\./.test(f.id) &&
      !f.id.endsWith(".previous") &&
      !f.id.endsWith(".change"),
  );
}

/** Words of the bands as the seed writes them. */
export const BAND_WORDS: Record<SampleBand | PassBand, string> = {
  insufficient: "insufficient sample",
  meaningful: "meaningful sample",
  reliable: "reliable sample",
  high_confidence: "high confidence",
  excellent: "excellent",
  good: "good",
  concerning: "concerning",
  critical: "critical",
};

/** Who made a report, as the list shows it: "you", "a workspace member", "an API key", "the command line". */
export function authorLabel(author: Narrative["author"], myUserId: string | undefined): string {
  if (author.kind === "cli") return "the command line";
  if (author.kind === "key") return "an API key";
  return author.id !== null && author.id === myUserId ? "you" : "a workspace member";
}

/** The file name of a report's export: `tallyline-report-<first 8 of its id>.json`. */
export function exportName(n: Pick<Narrative, "id">, ext: "json" | "pdf"): string {
  return `tallyline-report-${n.id.slice(0, 8)}.${ext}`;
}

/** Total prompt and completion tokens of some months. */
export function usageTotals(months: readonly UsageMonth[]): {
  calls: number;
  promptTokens: number;
  completionTokens: number;
} {
  return months.reduce(
    (t, m) => ({
      calls: t.calls + m.calls,
      promptTokens: t.promptTokens + m.promptTokens,
      completionTokens: t.completionTokens + m.completionTokens,
    }),
    { calls: 0, promptTokens: 0, completionTokens: 0 },
  );
}

/** Saves `blob` as `fileName` (a temporary object URL on a link with `download`). */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  try {
    const link = document.createElement("a");
    link.href = url;
    link.download = fileName;
    document.body.append(link);
    link.click();
    link.remove();
  } finally {
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}

/** The PDF of report `id` (`POST /pdf` with `page: /reports/{id}`), saved under the API's file name; throws ApiError. */
export function downloadReportPdf(id: string): Promise<void> {
  return downloadPdf({ page: `/reports/${id}`, locale: navigator.language });
}
