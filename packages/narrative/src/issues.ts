/**
 * Common issues (seed 000): recurring problems from failed checks and their reasons, call topics,
 * chat intents and closing reasons; each with a pattern, a frequency, example calls or
 * conversations (ids, for drill-down links) and a suggested remediation.
 *
 * Rows come from the registry's reports: the reasons of failed results are the fact rows of
 * `quality_checks.pass_rate` (report-defs compileScopeRows: same window, filters and segment);
 * topics, intents and closing reasons are the registry's rankings with example ids from the rows
 * of the report they rank. Similar reasons are grouped by meaning when an embeddings model is
 * configured (cosine similarity of the texts' embeddings at {@link EMBEDDING_SIMILARITY} or more to a
 * group's centroid), else, or when the embeddings call fails, by lexical similarity (Dice coefficient
 * of character bigrams, the `cmpstr` library) at {@link SIMILARITY} or more. The result says which.
 */

import {
  compileScopeRows,
  defaultRegistry,
  type Executor,
  type QueryFilters,
  type RankingResult,
  type Registry,
  runReport,
} from "@tallyline/report-defs";
import { CmpStr } from "cmpstr";
import type { FactSheet } from "./facts";
import { factQuery, type PeriodInput } from "./facts";

/** Similarity (0-1, Dice of bigrams) from which two reasons are one pattern. */
export const SIMILARITY = 0.6;
/**
 * Cosine similarity (-1..1) of a text's embedding to a group's centroid from which it joins the
 * group (0.85: paraphrases of one problem; distinct problems of one check score lower with common
 * sentence-embedding models).
 */
export const EMBEDDING_SIMILARITY = 0.85;
/** Most example ids an embeddings group keeps, taken in turn from every member. */
export const GROUP_EXAMPLES = 6;

/** How the failed-check reasons of a report were grouped (shown with the report). */
export interface Grouping {
  /** 'embeddings' (by meaning), 'lexical' (by wording), 'none' (chat scopes: categories only). */
  readonly method: "embeddings" | "lexical" | "none";
  /** The embeddings model, when method is 'embeddings'. */
  readonly model: string | null;
  /** The similarity threshold used: cosine (embeddings) or Dice (lexical); null for 'none'. */
  readonly threshold: number | null;
  /** Why lexical was used though embeddings were configured (the endpoint's error), else null. */
  readonly note: string | null;
}

/** Embeds texts: one vector per text, in order (ai.ts `callEmbeddings` with usage recorded). Throws on failure. */
export type Embed = (texts: readonly string[]) => Promise<number[][]>;
/** Example ids kept per issue. */
export const EXAMPLES = 3;
/** Most issues of each source kept. */
export const MAX_ISSUES = 8;
/** Longest pattern text kept (characters); longer ones are cut with an ellipsis. */
export const MAX_PATTERN = 160;

/** One recurring problem. */
export interface Issue {
  /** Stable id within the report: 'reason.2', 'topic.1'. */
  readonly id: string;
  readonly source: "failed_check" | "call_topic" | "chat_intent" | "closing_reason";
  /** The check it concerns (failed-check issues), by name. */
  readonly check: string | null;
  /** The pattern (redacted): its group's most frequent text (lexical) or most central member (embeddings). */
  readonly pattern: string;
  /** Texts grouped under it (redacted), the pattern first; at most five. */
  readonly variants: readonly string[];
  /** Occurrences in the period: failed results, calls or conversations. */
  readonly count: number;
  /** Share in percent (0-100) of its base (failed results of the check; calls; conversations). */
  readonly share: number | null;
  /** Example call or conversation ids, for drill-down links (up to 3; 6 from every member of an embeddings group). */
  readonly examples: readonly string[];
  readonly exampleKind: "call" | "conversation";
  readonly remediation: string;
}

/**
 * Redacts a free text before it is shown or sent: e-mail addresses, URLs, and runs of digits
 * (phone, account or card numbers, amounts) are replaced, whitespace collapsed, and the text cut
 * to {@link MAX_PATTERN} characters. Never markup: the caller renders it as text.
 */
export function redact(text: string): string {
  const t = text
    .replace(/[\p{Cc}\p{Cf}]/gu, " ")
    .replace(/\b[\w.+-]+@[\w-]+(\.[\w-]+)+\b/g, "[email]")
    .replace(/\bhttps?:\/\/\S+/gi, "[link]")
    .replace(/\d[\d\s().+/-]*\d|\d/g, "[number]")
    .replace(/["{}]/g, "'")
    .replace(/\s+/g, " ")
    .trim();
  return t.length > MAX_PATTERN ? `${t.slice(0, MAX_PATTERN - 1)}…` : t;
}

/** Lower case, letters and digits only: the form compared for similarity. */
const norm = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();

/** A group of similar texts. */
export interface Group {
  /** The text that founded the group (the most frequent of it). */
  lead: string;
  leadNorm: string;
  /** The group's name: its most frequent text (lexical) or its most central member (embeddings). */
  pattern: string;
  /** Every member text with its count. */
  texts: Map<string, number>;
  count: number;
  examples: string[];
}

/** A text to group: its occurrences and some example ids. */
export interface TextRow {
  readonly text: string;
  readonly count: number;
  readonly ids: readonly string[];
}

/**
 * Exact (normalised) repeats merged: `[normalised key, text, summed count, ids]`, most frequent
 * first (ties by key); empty texts dropped.
 */
export function distinctTexts(rows: readonly TextRow[]): [string, { text: string; count: number; ids: string[] }][] {
  const distinct = new Map<string, { text: string; count: number; ids: string[] }>();
  for (const r of rows) {
    const key = norm(r.text);
    if (key === "") continue;
    const d = distinct.get(key);
    if (d) {
      d.count += r.count;
      d.ids.push(...r.ids);
    } else distinct.set(key, { text: r.text, count: r.count, ids: [...r.ids] });
  }
  return [...distinct.entries()].sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : 1));
}

const byCountDesc = (texts: Map<string, number>) => [...texts.entries()].sort((a, b) => b[1] - a[1]);
const byGroupSize = (a: Group, b: Group) => b.count - a.count || (a.pattern < b.pattern ? -1 : 1);

/**
 * Groups texts lexically (each with its count and some example ids): exact (normalised) repeats
 * first, then each distinct text joins the first group whose lead is at least {@link SIMILARITY}
 * similar, most frequent texts leading. Named by the most frequent text. Returns groups by count,
 * largest first (ties by pattern).
 */
export function groupTexts(rows: readonly TextRow[]): Group[] {
  const cmp = CmpStr.create().setMetric("dice");
  const groups: Group[] = [];
  for (const [key, d] of distinctTexts(rows)) {
    let g = groups.find((x) => x.leadNorm === key || Number(cmp.compare(x.leadNorm, key)) >= SIMILARITY);
    if (!g) {
      g = { lead: d.text, leadNorm: key, pattern: d.text, texts: new Map(), count: 0, examples: [] };
      groups.push(g);
    }
    g.texts.set(d.text, (g.texts.get(d.text) ?? 0) + d.count);
    g.count += d.count;
    for (const id of d.ids) if (g.examples.length < EXAMPLES) g.examples.push(id);
  }
  for (const g of groups) g.pattern = byCountDesc(g.texts)[0]?.[0] ?? g.lead;
  return groups.sort(byGroupSize);
}

const dot = (a: readonly number[], b: readonly number[]) => a.reduce((s, x, i) => s + x * (b[i] ?? 0), 0);
/** The vector scaled to length 1 (a zero vector stays zero). */
const unit = (v: readonly number[]) => {
  const n = Math.sqrt(dot(v, v));
  return n === 0 ? v.map(() => 0) : v.map((x) => x / n);
};

/**
 * Groups texts by meaning: greedy agglomerative clustering of their embeddings. Distinct texts in
 * order of {@link distinctTexts} (most frequent first) each join the group whose centroid (mean of
 * its members' unit vectors) is most similar by cosine, if at least {@link EMBEDDING_SIMILARITY},
 * else found a new group; deterministic for the same input. Each group is named by its most central
 * member (highest cosine to the final centroid; ties: more frequent, then alphabetical) and keeps
 * example ids of every member, taken in turn, up to {@link GROUP_EXAMPLES}. `vectorOf` gives the
 * embedding of a normalised text. Throws Error when vectors differ in length. Groups by count,
 * largest first (ties by pattern).
 */
export function groupByEmbeddings(rows: readonly TextRow[], vectorOf: (key: string) => readonly number[]): Group[] {
  type Member = { key: string; text: string; count: number; ids: string[]; v: number[] };
  const clusters: { members: Member[]; sum: number[] }[] = [];
  let dims = -1;
  for (const [key, d] of distinctTexts(rows)) {
    const v = unit(vectorOf(key));
    if (dims === -1) dims = v.length;
    else if (v.length !== dims) throw new Error(`embedding of "${d.text}" has ${v.length} dimensions, not ${dims}`);
    let best: (typeof clusters)[number] | undefined;
    let bestSim = Number.NEGATIVE_INFINITY;
    for (const c of clusters) {
      const sim = dot(unit(c.sum), v);
      if (sim > bestSim) {
        best = c;
        bestSim = sim;
      }
    }
    const m: Member = { key, text: d.text, count: d.count, ids: d.ids, v };
    if (best && bestSim >= EMBEDDING_SIMILARITY) {
      best.members.push(m);
      best.sum = best.sum.map((x, i) => x + (v[i] ?? 0));
    } else clusters.push({ members: [m], sum: [...v] });
  }
  const groups = clusters.map((c): Group => {
    const centre = unit(c.sum);
    const central = [...c.members].sort(
      (a, b) => dot(b.v, centre) - dot(a.v, centre) || b.count - a.count || (a.key < b.key ? -1 : 1),
    )[0] as Member;
    const lead = c.members[0] as Member;
    const texts = new Map<string, number>();
    for (const m of c.members) texts.set(m.text, (texts.get(m.text) ?? 0) + m.count);
    const examples: string[] = [];
    for (let turn = 0; examples.length < GROUP_EXAMPLES; turn++) {
      const next = c.members.map((m) => m.ids[turn]).filter((id): id is string => id !== undefined);
      if (next.length === 0) break;
      for (const id of next) if (examples.length < GROUP_EXAMPLES && !examples.includes(id)) examples.push(id);
    }
    return {
      lead: lead.text,
      leadNorm: lead.key,
      pattern: central.text,
      texts,
      count: c.members.reduce((s, m) => s + m.count, 0),
      examples,
    };
  });
  return groups.sort(byGroupSize);
}

/** What {@link findIssues} needs: the sheet's executor, period and registry. */
export interface IssueOptions {
  readonly execute: Executor;
  readonly period: PeriodInput;
  readonly now: number;
  readonly defaultTimezone?: string;
  readonly registry?: Registry;
  /** Embeds reason texts (when an embeddings model is configured); absent: lexical grouping. */
  readonly embed?: Embed;
  /** The embeddings model's name, for the report's grouping note. */
  readonly embeddingsModel?: string | null;
}

/** The common issues of a scope and how their reasons were grouped. */
export interface CommonIssues {
  readonly issues: Issue[];
  readonly grouping: Grouping;
}

/**
 * Groups every check's reasons: by embeddings (one batched call for all distinct redacted texts)
 * when `o.embed` is given, else, or when it throws, lexically (with the error in the note).
 */
async function groupReasons(
  lists: readonly (readonly TextRow[])[],
  o: IssueOptions,
): Promise<{ groups: Group[][]; grouping: Grouping }> {
  const lexical = (note: string | null) => ({
    groups: lists.map((l) => groupTexts(l)),
    grouping: { method: "lexical" as const, model: null, threshold: SIMILARITY, note },
  });
  if (!o.embed) return lexical(null);
  const unique = new Map<string, string>();
  for (const l of lists) for (const [key, d] of distinctTexts(l)) if (!unique.has(key)) unique.set(key, d.text);
  const entries = [...unique];
  try {
    const vectors = entries.length > 0 ? await o.embed(entries.map(([, text]) => redact(text))) : [];
    if (vectors.length !== entries.length) throw new Error(`${vectors.length} vectors for ${entries.length} texts`);
    const byKey = new Map(entries.map(([key], i) => [key, vectors[i] as number[]]));
    return {
      groups: lists.map((l) => groupByEmbeddings(l, (key) => byKey.get(key) ?? [])),
      grouping: { method: "embeddings", model: o.embeddingsModel ?? null, threshold: EMBEDDING_SIMILARITY, note: null },
    };
  } catch (e) {
    return lexical(
      `embeddings failed (${(e as Error).name}: ${(e as Error).message.slice(0, 300)}); grouped by wording`,
    );
  }
}

/** A remediation for a failed check by its pass-rate band. */
function checkRemedy(check: string, passRate: number | null): string {
  const urgent = passRate !== null && passRate < 50;
  return urgent
    ? `Brief every agent on "${check}" this week and review failed calls with team leads; re-check the check's wording if failures cluster on one reason.`
    : `Add "${check}" to coaching sessions, using the example calls; confirm the check's criteria with the agents who fail it most.`;
}

/** The report's rows grouped by `columns`: each group's values, `n` and up to {@link EXAMPLES} ids of `idColumn`. */
async function groups(
  o: IssueOptions,
  reportId: string,
  filters: QueryFilters,
  columns: string[],
  idColumn: string,
  where?: Parameters<typeof compileScopeRows>[2]["where"],
) {
  const def = (o.registry ?? defaultRegistry()).get(reportId);
  const { sql, params } = compileScopeRows(def, factQuery(o.period, filters), {
    columns,
    group: { examples: idColumn, maxExamples: EXAMPLES },
    now: o.now,
    defaultTimezone: o.defaultTimezone ?? "UTC",
    ...(where ? { where } : {}),
  });
  return ((await o.execute(sql, params)) as Record<string, unknown>[]).map(
    (r): Record<string, unknown> & { n: number; examples: string[] } => ({
      ...r,
      n: Number(r.n),
      examples: (Array.isArray(r.examples) ? r.examples : []).map(String),
    }),
  );
}

async function ranking(o: IssueOptions, reportId: string, filters: QueryFilters): Promise<RankingResult> {
  const def = (o.registry ?? defaultRegistry()).get(reportId);
  return (await runReport(def, { ...factQuery(o.period, filters), limit: MAX_ISSUES }, o.execute, {
    now: o.now,
    defaultTimezone: o.defaultTimezone ?? "UTC",
  })) as RankingResult;
}

/** Issues of a ranking (topics, intents, closing reasons) with example ids from the report's rows. */
async function rankingIssues(
  o: IssueOptions,
  filters: QueryFilters,
  spec: {
    report: string;
    rowsReport: string;
    column: string;
    idColumn: string;
    source: Issue["source"];
    prefix: string;
    exampleKind: Issue["exampleKind"];
    remedy: (label: string) => string;
  },
): Promise<Issue[]> {
  const r = await ranking(o, spec.report, filters);
  const top = r.rows.filter((x) => x.key !== null && (x.value ?? 0) > 0).slice(0, MAX_ISSUES);
  if (top.length === 0) return [];
  const keys = top.map((x) => x.key as string);
  const found = await groups(o, spec.rowsReport, filters, [spec.column], spec.idColumn, {
    column: spec.column,
    in: keys,
  });
  const examples = new Map<string, string[]>(found.map((g) => [String(g[spec.column]), g.examples]));
  return top.map((x, i) => ({
    id: `${spec.prefix}.${i + 1}`,
    source: spec.source,
    check: null,
    pattern: redact(x.label),
    variants: [redact(x.label)],
    count: x.value ?? 0,
    share: x.share,
    examples: examples.get(x.key as string) ?? [],
    exampleKind: spec.exampleKind,
    remediation: spec.remedy(redact(x.label)),
  }));
}

/**
 * The common issues of a sheet's scope and period, most frequent first within each source: failed
 * checks (grouped reasons; results without a reason form one "no reason given" pattern), then call
 * topics (call scopes), or chat intents and closing reasons (chat scopes).
 */
export async function findIssues(sheet: FactSheet, o: IssueOptions): Promise<CommonIssues> {
  const filters = sheet.filters;
  if (sheet.kind === "chats") {
    const intents = await rankingIssues(o, filters, {
      report: "chatbot.top_intents",
      rowsReport: "engagement.conversations",
      column: "intent",
      idColumn: "conversation_id",
      source: "chat_intent",
      prefix: "intent",
      exampleKind: "conversation",
      remedy: (l) => `Review the bot flow and answers for the "${l}" intent; add a self-service answer if it is a FAQ.`,
    });
    const closing = await rankingIssues(o, filters, {
      report: "contact_centre.closing_reasons",
      rowsReport: "engagement.conversations",
      column: "closing_reason",
      idColumn: "conversation_id",
      source: "closing_reason",
      prefix: "closing",
      exampleKind: "conversation",
      remedy: (l) =>
        `Check why conversations close as "${l}" and whether a transfer or follow-up would have resolved them.`,
    });
    return {
      issues: [...intents, ...closing],
      grouping: {
        method: "none",
        model: null,
        threshold: null,
        note: "chat intents and closing reasons are categories",
      },
    };
  }
  const failed = await groups(o, "quality_checks.pass_rate", filters, ["check_id", "reason"], "call_id", {
    column: "passed",
    equals: false,
  });
  const byCheck = new Map<string, { text: string; count: number; ids: string[] }[]>();
  for (const r of failed) {
    const k = String(r.check_id);
    const list = byCheck.get(k) ?? [];
    list.push({
      text: typeof r.reason === "string" && r.reason.trim() !== "" ? r.reason : "no reason given",
      count: r.n,
      ids: r.examples,
    });
    byCheck.set(k, list);
  }
  const facts = new Map(sheet.facts.map((f) => [f.id, f]));
  const reasons: (Issue & { order: number })[] = [];
  const lists = sheet.checks.map((line) => byCheck.get(line.key) ?? []);
  const { groups: grouped, grouping } = await groupReasons(lists, o);
  sheet.checks.forEach((line, li) => {
    const list = lists[li] ?? [];
    const total = list.reduce((sum, x) => sum + x.count, 0);
    const pass = facts.get(`${line.prefix}.pass_rate`)?.value;
    for (const g of (grouped[li] ?? []).slice(0, 3)) {
      const variants = [g.pattern, ...byCountDesc(g.texts).map(([t]) => t)].map(redact);
      reasons.push({
        id: "",
        order: g.count,
        source: "failed_check",
        check: line.name,
        pattern: redact(g.pattern),
        variants: [...new Set(variants)].slice(0, 5),
        count: g.count,
        share: total > 0 ? (100 * g.count) / total : null,
        examples: g.examples,
        exampleKind: "call",
        remediation: checkRemedy(line.name, typeof pass === "number" ? pass : null),
      });
    }
  });
  const topReasons = reasons
    .sort((a, b) => b.order - a.order || (a.pattern < b.pattern ? -1 : 1))
    .slice(0, MAX_ISSUES)
    .map(({ order: _, ...issue }, i) => ({ ...issue, id: `reason.${i + 1}` }));
  const topics = await rankingIssues(o, filters, {
    report: "calls.by_topic",
    rowsReport: "calls.offered",
    column: "topic",
    idColumn: "call_id",
    source: "call_topic",
    prefix: "topic",
    exampleKind: "call",
    remedy: (l) =>
      `Prepare agents for "${l}" calls with a short guide, and check whether the topic can be resolved before the call.`,
  });
  return { issues: [...topReasons, ...topics], grouping };
}
