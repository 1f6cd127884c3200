/**
 * Reply time and first response time from messages (issue 16), over the derived table `replies`
 * (packages/warehouse/src/derive-replies.ts: one row per agent message that answered a waiting
 * customer). Each of the four measures (first response, reply time, each elapsed and in business
 * hours) has a KPI (mean, with median and p90, and the count of responses as its sample), a table per
 * agent (the roster with zeros), a table per team, and a timeseries with the count per bucket.
 *
 * Rules, and where the peers differ (docs/reports.md "Reply time and first response time"):
 * - the wait starts at the first customer message since the last agent reply (Chatwoot's
 *   `waiting_since`), and stops at the next agent reply; bot replies never stop it (Chatwoot and
 *   Intercom count human replies only);
 * - a first response is the conversation's first agent reply, once per conversation (Chatwoot's
 *   `first_response`); when the conversation began with the bot, its wait starts at the bot's
 *   handoff (Chatwoot's `last_non_human_activity`), so time with the bot is not charged to people;
 *   a reply after a reopen is a reply time, not a second first response (Zendesk and Chatwoot keep one
 *   first reply per ticket or conversation);
 * - a resolve ends a wait without a reply (a customer's closing "thanks" starts no wait that the
 *   next reopen's reply would end days later);
 * - only messages of kind 'message' count: private notes, templates, automated messages and activity
 *   lines neither start nor stop a wait (issue 16: notes and templates are not a first response).
 * The assignment-based `contact_centre.avg_wait_time` (offered to the first reply of each assignment,
 * from the export's own first-response time) stays as it is; these are the figures for exports
 * without one, named "from messages" so the two are not confused.
 */
import type { Dimension, MeasureDefinition, Predicate, ReportDefinition } from "../../definition";
import { filtersFor } from "../../filters";
import { agentRoster, ROSTER_NOTE, report } from "../common";
import { byAgent } from "../measures";

/** The fact: one row per agent response, placed by the instant of the reply. */
const replies = { table: "replies", timeColumn: "replied_at", filters: filtersFor("replies") };

const SOURCE = "issue 16; Chatwoot reporting events first_response and reply_time";
const CATEGORY = "Conversation lifecycle";

const first: Predicate = { column: "is_first", equals: true };
const later: Predicate = { column: "is_first", equals: false };
const inBusiness: Predicate = { column: "business_seconds", isNull: false };

const WAIT =
  "only messages of kind 'message' count: bot replies, private notes, templates, automated messages and activity lines neither start nor stop the wait, and a wait that a resolve ended without an agent reply is not counted";
const BUSINESS =
  "counting only the seconds inside the campaign's business hours (its weekly hours in its zone, less holidays); conversations of campaigns without business hours are excluded";

/** One of the four families: its report id stem, names and the pair of measures (mean and count). */
interface Family {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly mean: MeasureDefinition;
  readonly count: MeasureDefinition;
  readonly where: Predicate;
}

function family(
  id: string,
  name: string,
  description: string,
  rows: Predicate,
  column: "seconds" | "business_seconds",
  mean: { id: string; label: string; definition: string },
  count: { id: string; label: string; definition: string },
): Family {
  const where = column === "seconds" ? rows : { all: [rows, inBusiness] };
  return {
    id,
    name,
    description,
    where,
    mean: {
      ...mean,
      aggregate: { fn: "avg", value: { column }, where },
      format: "duration",
      goodDirection: "down",
      stats: true,
    },
    count: { ...count, aggregate: { fn: "count", where }, format: "count", goodDirection: "neutral" },
  };
}

const firstResponse = family(
  "lifecycle.first_response_time",
  "First response time (from messages)",
  "How long customers waited for a person's first reply, from the messages.",
  first,
  "seconds",
  {
    id: "first_response_from_messages",
    label: "First response time (from messages)",
    definition: `Average seconds from the customer's first message (or the bot's handoff to a person, when later) to the conversation's first agent reply, by the local day of the reply, at most one per conversation; ${WAIT}. Derived from messages, not from the export's first-response time (contact_centre.avg_wait_time).`,
  },
  {
    id: "first_responses",
    label: "First responses",
    definition:
      "Counts conversations' first agent replies to a waiting customer (at most one per conversation), by the local day of the reply; notes, templates, automated and bot messages are not replies.",
  },
);

const firstResponseBusiness = family(
  "lifecycle.first_response_time_business",
  "First response time in business hours (from messages)",
  "How long customers waited for a person's first reply, in business hours.",
  first,
  "business_seconds",
  {
    id: "first_response_business",
    label: "First response time, business hours",
    definition: `Average business seconds from the customer's first message (or the bot's handoff to a person, when later) to the conversation's first agent reply, by the local day of the reply, ${BUSINESS}; ${WAIT}.`,
  },
  {
    id: "first_responses",
    label: "First responses",
    definition:
      "Counts conversations' first agent replies to a waiting customer in campaigns with business hours, by the local day of the reply; campaigns without business hours are excluded.",
  },
);

const replyTime = family(
  "lifecycle.reply_time",
  "Reply time",
  "How long customers waited for each agent reply after the first.",
  later,
  "seconds",
  {
    id: "reply_time",
    label: "Reply time",
    definition: `Average seconds a customer waited for each agent reply after the conversation's first response, from the first customer message since the previous agent reply to the next agent reply, by the local day of the reply (a reply after a reopen counts here); ${WAIT}; the first response is excluded (lifecycle.first_response_time).`,
  },
  {
    id: "replies",
    label: "Replies",
    definition:
      "Counts agent replies to a waiting customer after each conversation's first response, by the local day of the reply; notes, templates, automated and bot messages are not replies.",
  },
);

const replyTimeBusiness = family(
  "lifecycle.reply_time_business",
  "Reply time in business hours",
  "How long customers waited for each agent reply after the first, in business hours.",
  later,
  "business_seconds",
  {
    id: "reply_time_business",
    label: "Reply time, business hours",
    definition: `Average business seconds a customer waited for each agent reply after the conversation's first response, from the first customer message since the previous agent reply to the next agent reply, by the local day of the reply, ${BUSINESS}; ${WAIT}.`,
  },
  {
    id: "replies",
    label: "Replies",
    definition:
      "Counts agent replies to a waiting customer after each conversation's first response in campaigns with business hours, by the local day of the reply; campaigns without business hours are excluded.",
  },
);

/** The team dimension, labelled with the team's name from `teams`. */
const byTeam: Dimension = {
  label: "Team",
  column: "team_id",
  labelFrom: { table: "teams", key: "team_id", column: "name" },
};

/** The four reports of a family: KPI (with the count as sample), per agent, per team, over time. */
function reportsOf(f: Family): ReportDefinition[] {
  const base = { category: CATEGORY, source: SOURCE };
  return [
    report(replies, {
      ...base,
      id: f.id,
      name: f.name,
      description: f.description,
      shape: "kpi",
      measures: [f.mean],
      sample: { fn: "count", where: f.where },
    }),
    report(replies, {
      ...base,
      id: `${f.id}_by_agent`,
      name: `${f.name} per agent`,
      description: `${f.description} Per agent who replied.${ROSTER_NOTE}`,
      shape: "table",
      measures: [f.mean, f.count],
      dimension: { ...byAgent, roster: agentRoster },
    }),
    report(replies, {
      ...base,
      id: `${f.id}_by_team`,
      name: `${f.name} per team`,
      description: `${f.description} Per team holding the conversation at the reply (its latest assignment's team).`,
      shape: "table",
      measures: [f.mean, f.count],
      dimension: byTeam,
    }),
    report(replies, {
      ...base,
      id: `${f.id}_over_time`,
      name: `${f.name} over time`,
      description: `${f.description} Per bucket, with the count of responses beside the average.`,
      shape: "timeseries",
      measures: [f.mean, f.count],
    }),
  ];
}

/** Reply time and first response time from messages, elapsed and in business hours. */
export const replyReports: ReportDefinition[] = [
  firstResponse,
  firstResponseBusiness,
  replyTime,
  replyTimeBusiness,
].flatMap(reportsOf);
