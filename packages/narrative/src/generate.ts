/**
 * Generating a narrative report: the fact sheet (facts.ts), common issues (issues.ts), prose by the
 * AI narrator when configured (ai.ts) else, or on its failure, the rules narrator (narrate.ts),
 * validated and filled, and the whole kept in the store (store.ts). A report is stored 'running'
 * first, so a client can poll it; it ends 'done' (with the narrator that wrote it) or 'failed' with
 * the reason.
 */
import { type Executor, parseQuery, type Registry, resolvePeriod } from "@tallyline/report-defs";
import { type AiConfig, aiNarrator, estimateTokens, firstMessages, modelData, type Usage } from "./ai";
import { computeFactSheet, type FactSheet, factIndex, issueFacts, type PeriodInput } from "./facts";
import { findIssues, type Issue } from "./issues";
import { finalSections, rulesNarrator, type Sections } from "./narrate";
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
}

/** The facts, issues and prose of a scope, without storing anything (used by generate and the benchmark). */
export async function buildNarrative(
  o: Omit<GenerateOptions, "db" | "author">,
  onUsage: (u: Usage) => Promise<void> | void = () => {},
): Promise<{
  sheet: FactSheet;
  issues: Issue[];
  templates: Sections;
  sections: Sections;
  narrator: "ai" | "rules";
  aiFailure: string | null;
}> {
  const now = (o.now ?? Date.now)();
  const common = {
    execute: o.execute,
    period: o.period,
    now,
    ...(o.defaultTimezone ? { defaultTimezone: o.defaultTimezone } : {}),
    ...(o.registry ? { registry: o.registry } : {}),
  };
  const base = await computeFactSheet({ ...common, scope: o.scope });
  const issues = base.sampleSize > 0 ? await findIssues(base, common) : [];
  const sheet: FactSheet = { ...base, facts: [...base.facts, ...issueFacts(issues)] };
  const index = factIndex(sheet);
  let aiFailure: string | null = null;
  if (o.ai && sheet.sampleSize > 0) {
    const out = await aiNarrator(o.ai, sheet, sheet.facts, issues, onUsage);
    if (out.ok)
      return {
        sheet,
        issues,
        templates: out.sections,
        sections: finalSections(out.sections, index, issues),
        narrator: "ai",
        aiFailure,
      };
    aiFailure = out.failure;
  }
  const templates = rulesNarrator(sheet, issues);
  return { sheet, issues, templates, sections: finalSections(templates, index, issues), narrator: "rules", aiFailure };
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
  try {
    const r = await buildNarrative(o, async (u) => {
      calls.push(u);
      await store.recordUsage(id, u);
    });
    await store.finish(
      id,
      {
        facts: r.sheet.facts,
        issues: r.issues,
        sections: r.sections,
        templates: r.templates,
        lines: { checks: r.sheet.checks, agents: r.sheet.agents, agentsTooFew: r.sheet.agentsTooFew },
      },
      r.narrator,
      usage(),
      r.aiFailure,
    );
  } catch (e) {
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
  const now = (o.now ?? Date.now)();
  const common = {
    execute: o.execute,
    period: o.period,
    now,
    ...(o.defaultTimezone ? { defaultTimezone: o.defaultTimezone } : {}),
    ...(o.registry ? { registry: o.registry } : {}),
  };
  const base = await computeFactSheet({ ...common, scope: o.scope });
  const issues = base.sampleSize > 0 ? await findIssues(base, common) : [];
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
