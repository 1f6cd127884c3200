/**
 * Contact centre (seeds/002): what reached the agents: assignments, missed ones, the messages and
 * users served, how conversations closed, and the average conversation and wait times.
 */
import type { ReportDefinition } from "../../definition";
import { facts, kpi, report } from "../common";
import { hasAssignment, inAssignedConversation, m, meta, notMissed, S002 } from "../measures";
import { withMessageSummary, withQuarterSummary } from "../summaries";

/** Contact centre: assignments, messages, users served and handling times. */
export const contactCentreReports: ReportDefinition[] = [
  kpi(
    facts.assignments,
    "contact_centre.conversations",
    meta(
      "Total conversations (assignments)",
      "Every assignment to agents, transfers included.",
      "Contact centre",
      `${S002} Total Conversations`,
    ),
    {
      id: "assignments",
      label: "Conversations (assignments)",
      aggregate: { fn: "count" },
      format: "count",
      goodDirection: "neutral",
      definition:
        "Counts every assignment of a conversation to an agent or team, by the local day offered: initiated, transferred and unanswered alike, each transfer a new assignment, all roles; bot-only conversations have none.",
    },
  ),
  kpi(
    facts.assignments,
    "contact_centre.missed",
    meta("Missed conversations", "Assignments no agent picked up.", "Contact centre", S002),
    m.missed,
  ),
  withMessageSummary(
    kpi(
      facts.messages,
      "contact_centre.messages",
      meta(
        "Contact-centre messages",
        "Messages in conversations that reached agents.",
        "Contact centre",
        `${S002} Total Messages (Contact Center)`,
      ),
      {
        id: "cc_messages",
        label: "Contact-centre messages",
        aggregate: {
          fn: "count",
          where: { all: [{ column: "sender", in: ["contact", "agent"] }, inAssignedConversation] },
        },
        format: "count",
        goodDirection: "neutral",
        definition:
          "Counts contact and agent messages, by the local day sent, in conversations with at least one assignment to an agent or team; bot and system messages and conversations that never reached the contact centre are excluded.",
      },
    ),
    "cc_messages",
  ),
  withQuarterSummary(
    kpi(
      facts.conversations,
      "contact_centre.unique_users",
      meta("Unique users served", "Distinct users an agent served.", "Contact centre", `${S002} Unique Users`),
      {
        id: "served_contacts",
        label: "Unique users served",
        aggregate: {
          fn: "countDistinct",
          column: "contact_id",
          // conversations.served: an assignment an agent picked up (derived from assignments at import).
          where: { column: "served", equals: true },
        },
        format: "count",
        goodDirection: "up",
        definition:
          "Counts distinct contacts with a conversation that started in the period and that an agent picked up at least once; contacts whose conversations were bot-only or only missed are excluded.",
      },
    ),
    "contact_conversation_quarters",
    // A contact counts in a bucket when a served conversation started there and none earlier in it.
    () => ({
      fn: "countFirstSeen",
      previous: "previous_served_quarter",
      where: { column: "served_conversations", gt: 0 },
    }),
  ),
  report(facts.assignments, {
    id: "contact_centre.handled_vs_missed",
    name: "Handled vs missed",
    description: "Assignments picked up and missed, per day.",
    category: "Contact centre",
    source: S002,
    shape: "timeseries",
    measures: [m.handled, m.missed],
  }),
  report(facts.conversations, {
    id: "contact_centre.closing_reasons",
    name: "Closing reasons",
    description: "How conversations that reached agents were closed.",
    category: "Contact centre",
    source: S002,
    shape: "distribution",
    measures: [
      {
        ...m.conversations,
        aggregate: { fn: "count", where: hasAssignment },
        definition:
          "Counts conversations that started in the period and had at least one assignment, by closing reason; conversations without a reason are shown as (not set), bot-only conversations are excluded.",
      },
    ],
    dimension: { label: "Closing reason", column: "closing_reason" },
  }),
  kpi(
    facts.assignments,
    "contact_centre.avg_conversation_time",
    meta("Average conversation time", "Duration of a support interaction.", "Contact centre", S002),
    {
      id: "avg_conversation_time",
      label: "Average conversation time",
      aggregate: { fn: "avg", value: { secondsBetween: { from: "accepted_at", to: "closed_at" } }, where: notMissed },
      format: "duration",
      goodDirection: "neutral",
      definition:
        "Average seconds from an agent accepting an assignment to it closing or being transferred, by the local day offered; missed assignments and those without both times are excluded.",
      stats: true,
    },
  ),
  kpi(
    facts.assignments,
    "contact_centre.avg_wait_time",
    meta(
      "Average wait time (first response)",
      "How long users waited for an agent's reply.",
      "Contact centre",
      `${S002} Average Wait Time; industry first response time`,
    ),
    m.frt,
  ),
];
