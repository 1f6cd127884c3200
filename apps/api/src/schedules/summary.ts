/**
 * The narrative executive summary of a scheduled mail (issue 15; a schedule's `narrativeSummary`).
 *
 * The scope is the schedule's `narrativeScope` (the narrative API's text: 'campaign:ID',
 * 'chat-campaign:ID', 'segment:ID'...), else the schedule's one `campaign` filter value (a chat
 * campaign for the seed 002 bundle, whose reports are chats; a call campaign otherwise). A narrative
 * already generated ('done') for exactly that scope, period and zone is reused; else one is generated
 * with the existing generator (packages/narrative) and stored like any other, authored by the
 * schedule's owner. Without a configured AI model, or when generation fails, there is no summary
 * and the reason is given (the run records it as a warning).
 */
import { type AiConfig, aiConfigFromEnv, generateNarrative, NarrativeStore, scopeKey } from "@tallyline/narrative";
import type { Registry } from "@tallyline/report-defs";
import type { Warehouse } from "@tallyline/warehouse";
import { resolveScope } from "../narrative/scope";
import type { Period } from "./periods";
import type { SummarySource } from "./scheduler";
import type { StoredSchedule } from "./schedules";

/** What {@link narrativeSummaries} needs of the app. */
export interface SummaryServices {
  readonly warehouse: Warehouse;
  readonly registry: Registry;
  readonly now: () => number;
  readonly defaultTimezone: string;
}

/** The scope text of a schedule's narrative, or null when neither the option nor one campaign filter gives it. */
export function narrativeScopeOf(s: StoredSchedule): string | null {
  if (s.options.narrativeScope) return s.options.narrativeScope;
  const campaigns = s.filters.campaign ?? [];
  if (campaigns.length !== 1) return null;
  return `${s.bundle.kind === "seed002" ? "chat-campaign" : "campaign"}:${campaigns[0]}`;
}

/**
 * A {@link SummarySource} over the app's warehouse: reuses or generates the narrative (see the module
 * comment); `baseUrl` is the origin of the link to its page (`/reports/{id}`). `ai` reads the model's
 * configuration (default TALLYLINE_AI_* from the environment; tests pass their local server's).
 */
export function narrativeSummaries(
  services: SummaryServices,
  baseUrl: string,
  ai: () => AiConfig | null = aiConfigFromEnv,
): SummarySource {
  return async (s: StoredSchedule, period: Period) => {
    const text = narrativeScopeOf(s);
    if (text === null)
      return {
        reason: "the schedule names no narrative scope (set narrativeScope, or filter on exactly one campaign)",
      };
    const config = ai();
    if (config === null) return { reason: "no AI model is configured (TALLYLINE_AI_BASE_URL and TALLYLINE_AI_MODEL)" };
    const scope = await resolveScope(services.warehouse, text);
    const store = new NarrativeStore(services.warehouse, services.now);
    const [found] = await services.warehouse.query<{ id: string }>(
      `SELECT narrative_id AS id FROM app_narratives
       WHERE scope_kind = $1 AND scope_key = $2 AND period_from = $3 AND period_to = $4 AND timezone = $5 AND status = 'done'
       ORDER BY generated_at DESC, narrative_id LIMIT 1`,
      [scope.kind, scopeKey(scope), period.from, period.to, s.timezone],
    );
    const narrative = found
      ? await store.get(found.id)
      : await generateNarrative({
          db: services.warehouse,
          execute: (sql, params) => services.warehouse.query(sql, params),
          scope,
          period: { from: period.from, to: period.to, timezone: s.timezone },
          author: s.owner,
          ai: config,
          now: services.now,
          defaultTimezone: services.defaultTimezone,
          registry: services.registry,
        });
    if (narrative.status !== "done")
      return { reason: `the narrative could not be generated: ${narrative.failure ?? narrative.status}` };
    const paragraphs = narrative.content?.sections.executiveSummary ?? [];
    if (paragraphs.length === 0) return { reason: "the narrative has no executive summary" };
    return {
      paragraphs,
      link: `${baseUrl.replace(/\/$/, "")}/reports/${narrative.id}`,
      ...(narrative.failure ? { note: `the summary was written by rules: ${narrative.failure}` } : {}),
    };
  };
}
