/**
 * Generating a narrative report: the fact sheet (facts.ts), common issues (issues.ts), prose by the
 * AI narrator when configured (ai.ts) else, or on its failure, the rules narrator (narrate.ts),
 * validated and filled, and the whole kept in the store (store.ts). A report is stored 'running'
 * first, so a client can poll it; it ends 'done' (with the narrator that wrote it) or 'failed' with
 * the reason.
 */
import { type Executor, parseQuery, type Registry, resolvePeriod } from "@tallyline/report-defs";
import { type AiConfig, aiNarrator, callEmbeddings, estimateTokens, firstMessages, modelData, type Usage } from "./ai";
import { computeFactSheet, type FactSheet, factIndex, issueFacts, type PeriodInput } from "./facts";
import { type CommonIssues, EMBEDDING_SIMILARITY, findIssues, type Grouping, type Issue, SIMILARITY } from "./issues";
import { finalSections, rulesNarrator, type Sections } from "./narrate";
import { checkingProgress, factsProgress, issuesProgress, type Progress, SAVING, writingProgress } from "./progress";
import { type Scope, scopeKey, scopeLabel } from "./scope";
import { type Author, type Db, type Narrative, NarrativeStore, type NarrativeUsage } from "./store";

/** What {@link generateNarrative} needs. */
export interface GenerateOptions {
  /** Where reports are stored (migration 18). */
  readonly db: Db;
  /** Runs report SQL (the read pool or the warehouse). */
  readonly execute: Executor;
  readonly scope: Scope;
  readonly period: PeriodInput;
  readonly author: Author;
  /** The AI configuration, or null for the rules narrator only. */
  readonly ai: AiConfig | null;
  readonly now?: () => number;
  readonly defaultTimezone?: string;
  readonly registry?: Registry;
  /** The report this one regenerates (kept). */
  readonly regeneratedFrom?: string | null;
  /** A display name; default "<Scope label>: <scope key> (<from> to <to>)". */
  readonly name?: string;
  /** Told of every step as it is stored (the CLI prints them); must not throw. */
  readonly onProgress?: (p: Progress) => void;
}

/** The issue options of a generation: lexical, or embeddings through `callEmbeddings` with usage recorded. */
function issueOptions(
  o: Omit<GenerateOptions, "db" | "author">,
  now: number,
  onUsage: ((u: Usage) => Promise<void> | void) | null,
) {
  const embeddingsModel = o.ai?.embeddingsModel ?? null;
  const ai = o.ai;
  return {
    execute: o.execute,
    period: o.period,
    now,
    ...(o.defaultTimezone ? { defaultTimezone: o.defaultTimezone } : {}),
    ...(o.registry ? { registry: o.registry } : {}),
    ...(ai && embeddingsModel && onUsage
      ? {
          embeddingsModel,
          embed: async (texts: readonly string[]) => {
            const r = await callEmbeddings(ai, texts);
            for (const u of r.usage) await onUsage(u);
            return r.vectors;
          },
        }
      : {}),
  };
}

/**
 * The facts, issues and prose of a scope, without storing anything (used by generate and the
 * benchmark). `onUsage` gets every model call's tokens (chat and embeddings); `onProgress` each
 * step (facts n of m, issues, writing, checking), synchronously.
 */
export async function buildNarrative(
  o: Omit<GenerateOptions, "db" | "author">,
  onUsage: (u: Usage) => Promise<void> | void = () => {},
  onProgress: (p: Progress) => void = () => {},
): Promise<{
  sheet: FactSheet;
  issues: Issue[];
  grouping: Grouping;
  templates: Sections;
  sections: Sections;
  narrator: "ai" | "rules";
  aiFailure: string | null;
}> {
  const now = (o.now ?? Date.now)();
  const common = issueOptions(o, now, onUsage);
  const base = await computeFactSheet({
    ...common,
    scope: o.scope,
    onReport: (done, total) => onProgress(factsProgress(done, total)),
  });
  onProgress(issuesProgress(common.embed !== undefined));
  const { issues, grouping } = base.sampleSize > 0 ? await findIssues(base, common) : noIssues(common);
  const sheet: FactSheet = { ...base, facts: [...base.facts, ...issueFacts(issues)] };
  const index = factIndex(sheet);
  let aiFailure: string | null = null;
  if (o.ai && sheet.sampleSize > 0) {
    const out = await aiNarrator(o.ai, sheet, sheet.facts, issues, onUsage, onProgress);
    if (out.ok)
      return {
        sheet,
        issues,
        grouping,
        templates: out.sections,
        sections: finalSections(out.sections, index, issues),
        narrator: "ai",
        aiFailure,
      };
    aiFailure = out.failure;
  }
  onProgress(writingProgress("rules"));
  const templates = rulesNarrator(sheet, issues);
  onProgress(checkingProgress());
  return {
    sheet,
    issues,
    grouping,
    templates,
    sections: finalSections(templates, index, issues),
    narrator: "rules",
    aiFailure,
  };
}

/** No calls in the period: no issues, and the grouping the report would have used. */
function noIssues(common: { embed?: unknown; embeddingsModel?: string }): CommonIssues {
  return {
    issues: [],
    grouping: common.embed
      ? { method: "embeddings", model: common.embeddingsModel ?? null, threshold: EMBEDDING_SIMILARITY, note: null }
      : { method: "lexical", model: null, threshold: SIMILARITY, note: null },
  };
}

/**
 * Generates and stores one report; returns it as stored. A failure of the model falls back to the
 * rules narrator (the report says why, in `failure`, with narrator 'rules'); any other failure
 * (a bad period, a missing segment, a database error) leaves the report stored as 'failed' with
 * the reason, and is rethrown when it happens before the report row exists.
 */
export async function generateNarrative(o: GenerateOptions): Promise<Narrative> {
  const store = new NarrativeStore(o.db, o.now ?? Date.now);
  const id = await startNarrative(o, store);
  await runNarrative(o, store, id);
  return store.get(id);
}

/**
 * Stores the report row ('running') and returns its id, without computing anything beyond the
 * period (so an API can answer at once and run {@link runNarrative} in the background).
 */
export async function startNarrative(o: GenerateOptions, store: NarrativeStore): Promise<string> {
  const q = parseQuery({
    ...(o.period.from !== undefined || o.period.to !== undefined
      ? { from: o.period.from, to: o.period.to }
      : { periodDays: o.period.periodDays ?? 30 }),
    ...(o.period.timezone ? { timezone: o.period.timezone } : {}),
  });
  const p = resolvePeriod(q, (o.now ?? Date.now)(), o.defaultTimezone ?? "UTC");
  const key = scopeKey(o.scope);
  const name = o.name ?? `${scopeLabel(o.scope.kind)}: ${o.scope.segment?.name ?? key} (${p.from} to ${p.to})`;
  return store.create({
    name,
    scopeKind: o.scope.kind,
    scopeKey: key,
    scope: { ids: o.scope.ids, ...(o.scope.segment ? { segment: o.scope.segment } : {}) },
    from: p.from,
    to: p.to,
    timezone: p.timezone,
    author: o.author,
    regeneratedFrom: o.regeneratedFrom ?? null,
  });
}

/** Computes a started report and stores its outcome ('done' or 'failed'); never throws. */
export async function runNarrative(o: GenerateOptions, store: NarrativeStore, id: string): Promise<void> {
  const calls: Usage[] = [];
  const usage = (): NarrativeUsage => ({
    calls,
    promptTokens: calls.reduce((s, u) => s + u.promptTokens, 0),
    completionTokens: calls.reduce((s, u) => s + u.completionTokens, 0),
  });
  // Progress writes run one after another, off the computation's path; the last is awaited.
  // Reports still running in a failed Promise.all may tell progress late: ignored once it ended.
  // A failed write is kept (never an unhandled rejection) and fails the report when awaited.
  let written: Promise<void> = Promise.resolve();
  let writeError: Error | null = null;
  let open = true;
  const progress = (p: Progress) => {
    if (!open) return;
    o.onProgress?.(p);
    written = written
      .then(() => store.progress(id, p))
      .catch((e: Error) => {
        writeError ??= e;
      });
  };
  try {
    const r = await buildNarrative(
      o,
      async (u) => {
        calls.push(u);
        await store.recordUsage(id, u);
      },
      progress,
    );
    progress(SAVING);
    open = false;
    await written;
    if (writeError) throw writeError;
    await store.finish(
      id,
      {
        facts: r.sheet.facts,
        issues: r.issues,
        sections: r.sections,
        templates: r.templates,
        grouping: r.grouping,
        lines: { checks: r.sheet.checks, agents: r.sheet.agents, agentsTooFew: r.sheet.agentsTooFew },
      },
      r.narrator,
      usage(),
      r.aiFailure,
    );
  } catch (e) {
    open = false;
    await written;
    await store
      .fail(id, `${(e as Error).name}: ${(e as Error).message}`, calls.length > 0 ? usage() : null)
      .catch(() => {});
  }
}

/**
 * Estimate before generating: the fact sheet and issues are computed (no model call) and the
 * prompt measured; completion tokens are the most asked for. Zero when no model is configured.
 */
export async function estimateNarrative(
  o: Omit<GenerateOptions, "db" | "author">,
): Promise<{ narrator: "ai" | "rules"; promptTokens: number; maxCompletionTokens: number; sampleSize: number }> {
  // No model call for an estimate: issues are grouped lexically here.
  const common = issueOptions(o, (o.now ?? Date.now)(), null);
  const base = await computeFactSheet({ ...common, scope: o.scope });
  const { issues } = base.sampleSize > 0 ? await findIssues(base, common) : noIssues(common);
  const sheet: FactSheet = { ...base, facts: [...base.facts, ...issueFacts(issues)] };
  if (!o.ai || sheet.sampleSize === 0)
    return { narrator: "rules", promptTokens: 0, maxCompletionTokens: 0, sampleSize: sheet.sampleSize };
  const text = firstMessages(modelData(sheet, sheet.facts, issues))
    .map((m) => m.content)
    .join("\n");
  return {
    narrator: "ai",
    promptTokens: estimateTokens(text),
    maxCompletionTokens: o.ai.maxTokens,
    sampleSize: sheet.sampleSize,
  };
}
