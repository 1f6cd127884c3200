import type { FilterName, MeasureDefinition, ReportDefinition } from "../definition";
import { filtersFor } from "../filters";

/** Fields every built-in definition of this release shares. */
export const stamp = {
  version: 1,
  createdAt: "2026-11-21T00:00:00.000Z",
  updatedAt: "2026-11-21T00:00:00.000Z",
} as const;

/** A report over a fact with a time column; `rest` gives the shape and the measures. */
export function report(
  fact: { table: string; timeColumn: string; filters: FilterName[]; derived?: ReportDefinition["derived"] },
  rest: Omit<ReportDefinition, "table" | "timeColumn" | "filters" | "version" | "createdAt" | "updatedAt" | "derived">,
): ReportDefinition {
  return { ...stamp, ...fact, ...rest };
}

/** A KPI of one measure. */
export function kpi(
  fact: Parameters<typeof report>[0],
  id: string,
  meta: { name: string; description: string; category: string; source: string },
  measure: MeasureDefinition,
): ReportDefinition {
  return report(fact, { id, shape: "kpi", measures: [measure], ...meta });
}

/**
 * The agent roster of per-agent rankings and tables (definition.ts `Dimension.roster`): the rows of
 * `agents` not marked disabled; with a campaign filter, those with a row of the report's fact in one
 * of the campaigns at any time. Where the data has no agents table rows, no roster: as before.
 */
export const agentRoster = { table: "agents", key: "agent_id", where: { column: "disabled", equals: false } };

/** What a per-agent report with the {@link agentRoster} says of it, after its description. */
export const ROSTER_NOTE =
  " Every agent on the roster is listed, an idle one with 0 and no average (the roster: agents not disabled; with a campaign filter, those who ever worked in it).";

/** Facts of the chat catalogue, each with every filter that applies to its table (filters.ts). */
export const facts = {
  conversations: { table: "conversations", timeColumn: "started_at", filters: filtersFor("conversations") },
  messages: { table: "messages", timeColumn: "sent_at", filters: filtersFor("messages") },
  assignments: { table: "assignments", timeColumn: "assigned_at", filters: filtersFor("assignments") },
  ratings: { table: "ratings", timeColumn: "rated_at", filters: filtersFor("ratings") },
  onlineStates: { table: "agent_states", timeColumn: "time_start", filters: filtersFor("agent_states") },
} satisfies Record<string, Parameters<typeof report>[0]>;
