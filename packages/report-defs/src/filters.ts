/**
 * Query filters: what a manager filters on (campaign, agent, queue, topic, channel, language,
 * intent, call outcome, quality check), the values each takes, and how each restricts the rows of
 * each canonical table. A report takes a filter when every fact it reads can apply it; a query with
 * a filter the report cannot take is refused (compile.ts), never silently ignored.
 *
 * A filter describes a call or a conversation. On a table whose rows carry the value themselves it
 * restricts that column; on a table whose rows belong to a call or a conversation (check results,
 * messages, assignments, ratings) it keeps the rows whose call or conversation has the value (an
 * `exists` on the parent, by its key). The exact rule per table is {@link FILTER_TARGETS}.
 */
import { z } from "zod";
import type { Predicate } from "./definition";
import { FILTER_NAMES, type FilterName } from "./filterNames";

/** The filter names live in the import-free filterNames.ts (the dashboard reads them there). */
export { FILTER_NAMES, type FilterName };

/**
 * Call outcomes, from the canonical flags of `calls` (docs/ingest.md): `answered` (answered is
 * true: an agent served the call), `abandoned` (abandoned is true: the caller hung up in the agent
 * queue before an answer), `ivr` (neither: the call ended in the voice menu before queueing, or was
 * a ghost call such as anonbank's PHANTOM). Every call has exactly one, so the three partition the
 * calls offered.
 */
export const CALL_OUTCOMES = ["answered", "abandoned", "ivr"] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

/** Most values of one filter. */
export const MAX_FILTER_VALUES = 1000;
/** Longest filter value, in UTF-16 code units. */
export const MAX_FILTER_VALUE_LENGTH = 200;

/** A UTF-16 surrogate without its pair: not a character, and not valid UTF-8 for the database. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * One filter value: 1 to {@link MAX_FILTER_VALUE_LENGTH} characters of well-formed Unicode without
 * control characters (NUL, tab, newline...), which no canonical id or label holds. Values are bound
 * as SQL parameters, never written into SQL text.
 */
export const FilterValue = z
  .string()
  .min(1)
  .max(MAX_FILTER_VALUE_LENGTH)
  .refine((s) => !LONE_SURROGATE.test(s), "well-formed Unicode (no lone surrogate)")
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), "no control characters");

const values = <T extends z.ZodType>(item: T) => z.array(item).min(1).max(MAX_FILTER_VALUES).optional();

/**
 * The filters of a query or segment: each a list of values, a row passing when it matches any of
 * them; different filters all apply. Unknown filter names are errors (a strict object: `__proto__`
 * and the like are refused too).
 */
export const QueryFilters = z
  .strictObject({
    /** `campaigns.campaign_id` values. */
    campaign: values(FilterValue),
    /** `agents.agent_id` values. */
    agent: values(FilterValue),
    /** Call queues (`calls.queue`). */
    queue: values(FilterValue),
    /** Call topics (`calls.topic`). */
    topic: values(FilterValue),
    /** Conversation channels (`conversations.channel`: chat, twitter...). */
    channel: values(FilterValue),
    /** Language codes (`conversations.language`; a message's own `language`). */
    language: values(FilterValue),
    /** Intents the bot detected (`conversations.intent`). */
    intent: values(FilterValue),
    /** Call outcomes: answered, abandoned or ivr (see {@link CALL_OUTCOMES}). */
    outcome: values(z.enum(CALL_OUTCOMES)),
    /** Quality checks (`quality_checks.check_id`), seed 000's check scope. */
    check: values(FilterValue),
    /** Call ids (`calls.call_id`): seed 000's "selected set of calls" scope (narrative reports). */
    call: values(FilterValue),
    /** Conversation ids (`conversations.conversation_id`): a selected set of conversations. */
    conversation: values(FilterValue),
    /**
     * Teams (`teams.team_id`): a row's own team where the fact has one (assignments, status events,
     * resolutions); conversations (and their messages and ratings) with an assignment to the team.
     */
    team: values(FilterValue),
    /** Labels (`conversation_labels.label`): rows of conversations that carry the label. */
    label: values(FilterValue),
  })
  .meta({ id: "QueryFilters" });
export type QueryFilters = z.output<typeof QueryFilters>;

/** How a filter restricts one table's rows aliased `f`: values are bound by the compiler. */
type Target =
  /** The row's own column is one of the values. */
  | { readonly column: string }
  /** A row of `table` joined on `on` (its column -> the row's column) has `column` among the values. */
  | { readonly via: { readonly table: string; readonly on: Readonly<Record<string, string>>; readonly column: string } }
  /** Call outcomes, on the calls table itself (`through` unset) or on the row's call. */
  | { readonly outcome: { readonly through?: Readonly<Record<string, string>> } };

const col = (column: string): Target => ({ column });
const viaCall = (column: string): Target => ({ via: { table: "calls", on: { call_id: "call_id" }, column } });
const viaConversation = (column: string): Target => ({
  via: { table: "conversations", on: { conversation_id: "conversation_id" }, column },
});
const callOutcome: Target = { outcome: { through: { call_id: "call_id" } } };
/** Team (issue 16) of a fact without its own: a conversation with an assignment to the team (as `agent` on conversations). */
const viaAssignedTeam: Target = {
  via: { table: "assignments", on: { conversation_id: "conversation_id" }, column: "team_id" },
};
/** Label (issue 16): the row's conversation carries the label (a semi-join on conversation_labels). */
const viaLabel: Target = {
  via: { table: "conversation_labels", on: { conversation_id: "conversation_id" }, column: "label" },
};

/**
 * The derived per-resolve facts (warehouse derive-resolutions.ts): own campaign, agent (the
 * assignee at the resolve) and team; the conversation's channel, language, intent and labels.
 */
const resolutionTargets: Partial<Record<FilterName, Target>> = {
  campaign: col("campaign_id"),
  agent: col("agent_id"),
  channel: viaConversation("channel"),
  language: viaConversation("language"),
  intent: viaConversation("intent"),
  conversation: col("conversation_id"),
  team: col("team_id"),
  label: viaLabel,
};

/**
 * Every (table, filter) pair that exists, and how it restricts the table's rows. Tables and filters
 * missing here cannot be filtered that way (the summaries of message minutes and quarter-hours have
 * no filter; derived facts have none either).
 * - calls: own columns; `outcome` from answered/abandoned; `check`: calls with a result of the check;
 *   `call`: the call ids themselves (also on check results and call_quality).
 * - `conversation`: conversation ids, on conversations, messages, assignments and ratings.
 * - call_check_results, call_quality: own campaign and agent (the call's, filled at import); the
 *   call's queue, topic and outcome; `check` on the results only (call_quality sums every check).
 * - check_quality: the check only.
 * - conversations: own columns; `agent`: conversations with an assignment to the agent.
 * - messages: own campaign (the conversation's), agent (who sent it) and language (the message's);
 *   the conversation's channel and intent.
 * - assignments: own campaign and agent (assigned); the conversation's channel, language and intent.
 * - ratings: own agent (rated); the rated conversation's campaign, channel, language and intent
 *   (ratings of calls then do not pass).
 * - replies (derived agent responses): own campaign, agent (who replied) and conversation; the
 *   conversation's channel, language and intent.
 * - surveys: own campaign (written by the source); the surveyed conversation's channel, language,
 *   intent, label and team (assigned) (issue 16). conversation_bot (derived) likewise: its campaign,
 *   the conversation's channel, language, intent, label and team (assigned).
 * - agent_states, agent_shifts: campaign and agent; invites_hourly, traffic_hourly: campaign.
 * - `team` (issue 16): the row's own team_id on assignments, conversation_events and the derived
 *   resolution_events / resolution_labels (the team holding the conversation at the resolve); on
 *   conversations, messages and ratings, the conversations with an assignment to one of the teams
 *   (the rule of `agent` on conversations: a conversation transferred from team A to team B passes
 *   both A and B).
 * - `label` (issue 16): on every chat fact with a conversation_id, the rows whose conversation
 *   carries one of the labels (conversation_labels, a semi-join on conversation_id; a conversation
 *   with two labels passes either).
 * - conversation_events: own campaign, team and conversation; the conversation's channel, language,
 *   intent and label; no agent (the actor of a reopen is the customer: an agent filter there would
 *   drop every reopen).
 */
export const FILTER_TARGETS: Readonly<Record<string, Partial<Record<FilterName, Target>>>> = {
  calls: {
    campaign: col("campaign_id"),
    agent: col("agent_id"),
    queue: col("queue"),
    topic: col("topic"),
    outcome: { outcome: {} },
    check: { via: { table: "call_check_results", on: { call_id: "call_id" }, column: "check_id" } },
    call: col("call_id"),
  },
  call_check_results: {
    campaign: col("campaign_id"),
    agent: col("agent_id"),
    queue: viaCall("queue"),
    topic: viaCall("topic"),
    outcome: callOutcome,
    check: col("check_id"),
    call: col("call_id"),
  },
  call_quality: {
    campaign: col("campaign_id"),
    agent: col("agent_id"),
    queue: viaCall("queue"),
    topic: viaCall("topic"),
    outcome: callOutcome,
    call: col("call_id"),
  },
  check_quality: { check: col("check_id") },
  conversations: {
    campaign: col("campaign_id"),
    agent: { via: { table: "assignments", on: { conversation_id: "conversation_id" }, column: "agent_id" } },
    channel: col("channel"),
    language: col("language"),
    intent: col("intent"),
    conversation: col("conversation_id"),
    team: viaAssignedTeam,
    label: viaLabel,
  },
  messages: {
    campaign: col("campaign_id"),
    agent: col("agent_id"),
    channel: viaConversation("channel"),
    language: col("language"),
    intent: viaConversation("intent"),
    conversation: col("conversation_id"),
    team: viaAssignedTeam,
    label: viaLabel,
  },
  assignments: {
    campaign: col("campaign_id"),
    agent: col("agent_id"),
    channel: viaConversation("channel"),
    language: viaConversation("language"),
    intent: viaConversation("intent"),
    conversation: col("conversation_id"),
    team: col("team_id"),
    label: viaLabel,
  },
  ratings: {
    campaign: viaConversation("campaign_id"),
    agent: col("agent_id"),
    channel: viaConversation("channel"),
    language: viaConversation("language"),
    intent: viaConversation("intent"),
    conversation: col("conversation_id"),
    team: viaAssignedTeam,
    label: viaLabel,
  },
  conversation_events: {
    campaign: col("campaign_id"),
    channel: viaConversation("channel"),
    language: viaConversation("language"),
    intent: viaConversation("intent"),
    conversation: col("conversation_id"),
    team: col("team_id"),
    label: viaLabel,
  },
  resolution_events: resolutionTargets,
  resolution_labels: { ...resolutionTargets, label: col("label") },
  replies: {
    campaign: col("campaign_id"),
    agent: col("agent_id"),
    channel: viaConversation("channel"),
    language: viaConversation("language"),
    intent: viaConversation("intent"),
    conversation: col("conversation_id"),
    team: col("team_id"),
    label: viaLabel,
  },
  surveys: {
    campaign: col("campaign_id"),
    channel: viaConversation("channel"),
    language: viaConversation("language"),
    intent: viaConversation("intent"),
    conversation: col("conversation_id"),

    team: viaAssignedTeam,
    label: viaLabel,
  },
  conversation_bot: {
    campaign: col("campaign_id"),
    channel: viaConversation("channel"),
    language: viaConversation("language"),
    intent: viaConversation("intent"),
    conversation: col("conversation_id"),

    team: viaAssignedTeam,
    label: viaLabel,
  },
  agent_states: { campaign: col("campaign_id"), agent: col("agent_id") },
  agent_shifts: { campaign: col("campaign_id"), agent: col("agent_id") },
  invites_hourly: { campaign: col("campaign_id") },
  traffic_hourly: { campaign: col("campaign_id") },
};

/** True when filter `name` can restrict the rows of `table`. */
export function appliesTo(name: FilterName, table: string): boolean {
  return Object.hasOwn(FILTER_TARGETS, table) && FILTER_TARGETS[table]?.[name] !== undefined;
}

/** The filters that apply to every one of `tables`, in {@link FILTER_NAMES} order: what a report over them takes. */
export function filtersFor(...tables: string[]): FilterName[] {
  return FILTER_NAMES.filter((f) => tables.every((t) => appliesTo(f, t)));
}

const OUTCOME_PREDICATES: Record<CallOutcome, Predicate> = {
  answered: { column: "answered", equals: true },
  abandoned: { column: "abandoned", equals: true },
  ivr: {
    all: [
      { column: "answered", equals: false },
      { column: "abandoned", equals: false },
    ],
  },
};

/**
 * The predicate of filter `name` with `values` on the rows of `table` (see {@link FILTER_TARGETS}),
 * rendered by sql.ts `predicate` with every value bound as a parameter. Throws Error when the
 * filter does not apply to the table (the compiler checks first) or `values` is empty (a list that
 * matches nothing is rendered FALSE by the compiler, see sql.ts).
 */
export function filterPredicate(name: FilterName, table: string, values: readonly string[]): Predicate {
  const target = Object.hasOwn(FILTER_TARGETS, table) ? FILTER_TARGETS[table]?.[name] : undefined;
  if (!target) throw new Error(`filter ${name} does not apply to ${table}`);
  if (values.length === 0) throw new Error(`filter ${name} without values`);
  if ("column" in target) return { column: target.column, in: [...values] };
  if ("via" in target) {
    const { table: other, on, column } = target.via;
    return { exists: { table: other, on: { ...on }, where: { column, in: [...values] } } };
  }
  const outcomes = values.map((v) => {
    if (!(CALL_OUTCOMES as readonly string[]).includes(v)) throw new Error(`unknown call outcome ${v}`);
    return OUTCOME_PREDICATES[v as CallOutcome];
  });
  const match: Predicate = outcomes.length === 1 && outcomes[0] ? outcomes[0] : { any: outcomes };
  const through = target.outcome.through;
  return through ? { exists: { table: "calls", on: { ...through }, where: match } } : match;
}
