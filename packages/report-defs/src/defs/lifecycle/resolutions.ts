/**
 * Lifecycle (issue 16): resolutions, reopens and resolution time, read from the status history
 * (`conversation_events`) and the per-resolve facts derived from it at import (`resolution_events`,
 * `resolution_labels`: warehouse derive-resolutions.ts). The rules taken where the peers differ
 * (docs/resolutions.md):
 *
 * - A resolution is an EVENT, counted by the local day of the resolve: a conversation resolved,
 *   reopened and resolved again counts twice (as Chatwoot's `conversation_resolved` reporting
 *   event, one per resolve); "conversations resolved" beside it counts each conversation once per
 *   period (and once per day in the breakdown).
 * - Reopen rate = reopen events in the period / resolve events in the period x 100. Zendesk's
 *   "reopened tickets" share looks back from each solved ticket for a later reopen, so a closed
 *   period's figure keeps changing as reopens arrive and a ticket reopened twice counts once; two
 *   counts of events in the same window are final once the period ends, add up over days, and use
 *   the same events as the resolutions beside them. A reopen of a conversation resolved in an
 *   earlier period counts in the period of the reopen.
 * - Resolution time of a resolve: from the conversation's start (first resolve) or from the latest
 *   reopen before it (a re-resolution) to the resolve. Chatwoot measures every resolve from the
 *   conversation's creation, which counts the first cycle again in the second and adds the days the
 *   conversation sat resolved; Zendesk reports first (creation to first solve) and full (creation
 *   to last solve) resolution time per ticket. Measuring each cycle keeps an average over events
 *   an average of work done, and a conversation's times add up to the time it was open.
 * - Agent: the assignee at the resolve (the latest assignment picked up at or before it: Chatwoot's
 *   `user_id = assignee_id`, Zendesk's assignee), not the actor, so an automatic resolve after
 *   inactivity still counts for the agent who handled the conversation. Team: the team holding the
 *   conversation at the resolve (after a transfer between teams, the receiving team).
 */
import type { MeasureDefinition, ReportDefinition } from "../../definition";
import { filtersFor } from "../../filters";
import { agentRoster, kpi, ROSTER_NOTE, report } from "../common";
import { byAgent, meta } from "../measures";

/** Where the rules of this family come from. */
const SOURCE =
  "issue 16; Chatwoot reporting events (conversation_resolved), Zendesk (reopens, resolution time), our rules in docs/resolutions.md";
const CATEGORY = "Lifecycle";

/** One row per resolve event (derived at import). */
const resolves = {
  table: "resolution_events",
  timeColumn: "resolved_at",
  filters: filtersFor("resolution_events"),
};
/** One row per resolve event and label of its conversation (derived at import). */
const resolvesByLabel = {
  table: "resolution_labels",
  timeColumn: "resolved_at",
  filters: filtersFor("resolution_labels"),
};
/** The status history as the source gives it. */
const statusEvents = {
  table: "conversation_events",
  timeColumn: "occurred_at",
  filters: filtersFor("conversation_events"),
};

const resolved = { column: "event", equals: "resolved" };
const reopened = { column: "event", equals: "reopened" };

/** The measures of the family. */
const r = {
  resolutions: {
    id: "resolutions",
    label: "Resolutions",
    aggregate: { fn: "count" },
    format: "count",
    goodDirection: "up",
    definition:
      "Counts 'resolved' events by the local day of the resolve, whoever resolved (agent, bot or system): a conversation resolved, reopened and resolved again counts twice; conversations without a resolve are not counted.",
  },
  conversationsResolved: {
    id: "conversations_resolved",
    label: "Conversations resolved",
    aggregate: { fn: "countDistinct", column: "conversation_id" },
    format: "count",
    goodDirection: "up",
    definition:
      "Counts distinct conversations with at least one 'resolved' event in the period (once per day in the breakdown, once in the total however often it was resolved); conversations never resolved are left out.",
  },
  reopenRate: {
    id: "reopen_rate",
    label: "Reopen rate",
    aggregate: {
      fn: "ratio",
      numerator: { fn: "count", where: reopened },
      denominator: { fn: "count", where: resolved },
      scale: 100,
    },
    format: "percent",
    goodDirection: "down",
    definition:
      "'Reopened' events in the period as a percentage (0-100) of 'resolved' events in the same period, both by the local day they happened; a reopen of a conversation resolved in an earlier period counts in the period of the reopen; no value without a resolve.",
  },
  reopens: {
    id: "reopens",
    label: "Reopens",
    aggregate: { fn: "count", where: reopened },
    format: "count",
    goodDirection: "down",
    definition:
      "Counts 'reopened' events (a resolved conversation active again: the customer wrote or an agent reopened it) by the local day of the reopen; a conversation reopened twice counts twice.",
  },
  resolveEvents: {
    id: "resolutions",
    label: "Resolutions",
    aggregate: { fn: "count", where: resolved },
    format: "count",
    goodDirection: "up",
    definition:
      "Counts 'resolved' events by the local day of the resolve, the denominator of the reopen rate: a conversation resolved, reopened and resolved again counts twice.",
  },
  time: {
    id: "resolution_time",
    label: "Resolution time",
    aggregate: { fn: "avg", value: { column: "seconds" } },
    format: "duration",
    goodDirection: "down",
    definition:
      "Average seconds per resolve event, by the local day of the resolve: from the conversation's start to its first resolve, and from the latest reopen to each later resolve (a re-resolution measures its own cycle); resolves without a known start are excluded.",
    stats: true,
  },
  businessTime: {
    id: "resolution_time_business",
    label: "Resolution time (business hours)",
    aggregate: { fn: "avg", value: { column: "business_seconds" } },
    format: "duration",
    goodDirection: "down",
    definition:
      "Average business seconds per resolve event (the part of the resolution time inside the campaign's open hours, weekends and holidays closed), from the conversation's start or the latest reopen to the resolve, by the local day of the resolve; conversations of campaigns without business hours are excluded.",
    stats: true,
  },
} satisfies Record<string, MeasureDefinition>;

/** The team dimension, labelled with the team's name. */
const byTeam = { label: "Team", column: "team_id", labelFrom: { table: "teams", key: "team_id", column: "name" } };

/** The per-dimension table's measures: resolves counted beside both averages. */
const timeTable: MeasureDefinition[] = [
  {
    ...r.resolutions,
    definition:
      "Counts 'resolved' events in the period for the row (a conversation resolved, reopened and resolved again counts twice): the number of resolves each average is over.",
  },
  r.time,
  r.businessTime,
];

/** Lifecycle: resolutions, conversations resolved, reopen rate and resolution time. */
export const resolutionReports: ReportDefinition[] = [
  kpi(
    resolves,
    "lifecycle.resolutions",
    meta("Resolutions", "Resolve events: a re-resolved conversation counts again.", CATEGORY, SOURCE),
    r.resolutions,
  ),
  kpi(
    resolves,
    "lifecycle.conversations_resolved",
    meta("Conversations resolved", "Distinct conversations resolved at least once.", CATEGORY, SOURCE),
    r.conversationsResolved,
  ),
  report(resolves, {
    id: "lifecycle.resolutions_daily",
    name: "Resolutions per day",
    description: "Resolve events and distinct conversations resolved, per day.",
    category: CATEGORY,
    source: SOURCE,
    shape: "timeseries",
    measures: [r.resolutions, r.conversationsResolved],
  }),
  kpi(
    statusEvents,
    "lifecycle.reopen_rate",
    meta("Reopen rate", "Reopens per 100 resolutions in the same period.", CATEGORY, SOURCE),
    r.reopenRate,
  ),
  report(statusEvents, {
    id: "lifecycle.reopens",
    name: "Reopens and resolutions",
    description: "The reopen rate with its counts, per day.",
    category: CATEGORY,
    source: SOURCE,
    shape: "timeseries",
    measures: [r.reopenRate, r.reopens, r.resolveEvents],
  }),
  kpi(
    resolves,
    "lifecycle.resolution_time",
    meta("Resolution time", "Time to resolve, per resolve event.", CATEGORY, SOURCE),
    r.time,
  ),
  kpi(
    resolves,
    "lifecycle.resolution_time_business",
    meta(
      "Resolution time (business hours)",
      "Time to resolve within business hours, per resolve event.",
      CATEGORY,
      SOURCE,
    ),
    r.businessTime,
  ),
  report(resolves, {
    id: "lifecycle.resolution_time_daily",
    name: "Resolution time per day",
    description: "Average resolution time with the resolves it is over, per day.",
    category: CATEGORY,
    source: SOURCE,
    shape: "timeseries",
    measures: [r.time, r.resolutions],
  }),
  report(resolves, {
    id: "lifecycle.resolution_time_by_agent",
    name: "Resolution time per agent",
    description: `Resolves and resolution time per agent (the assignee at the resolve).${ROSTER_NOTE}`,
    category: CATEGORY,
    source: SOURCE,
    shape: "table",
    measures: timeTable,
    dimension: { ...byAgent, roster: agentRoster },
  }),
  report(resolves, {
    id: "lifecycle.resolution_time_by_team",
    name: "Resolution time per team",
    description:
      "Resolves and resolution time per team (the team holding the conversation at the resolve: after a transfer, the receiving team).",
    category: CATEGORY,
    source: SOURCE,
    shape: "table",
    measures: timeTable,
    dimension: byTeam,
  }),
  report(resolvesByLabel, {
    id: "lifecycle.resolution_time_by_label",
    name: "Resolution time per label",
    description:
      "Resolves and resolution time per label of the conversation: a conversation with two labels counts under each, one without a label under none.",
    category: CATEGORY,
    source: SOURCE,
    shape: "table",
    measures: timeTable,
    dimension: { label: "Label", column: "label" },
  }),
];
