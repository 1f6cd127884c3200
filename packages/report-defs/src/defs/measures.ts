/**
 * What the chat catalogue's families share (seeds/001 and seeds/002): the seed sources, the row
 * predicates (a contact's message, an assignment picked up, an agent online, a positive rating...),
 * the agent dimension and the measures several reports read. Each measure's `definition` says which
 * event it counts and what it leaves out.
 */
import type { Dimension, MeasureDefinition, Predicate } from "../definition";

/** Source of the seeds/001 reports. */
export const S001 = "seeds/001 (conversational AI platform reports)";
/** Source of the seeds/002 reports. */
export const S002 = "seeds/002 (automated performance reports)";

/** A message a contact (user) sent. */
export const fromContact: Predicate = { column: "sender", equals: "contact" };
/** An assignment an agent picked up (not missed). */
export const notMissed: Predicate = { column: "missed", equals: false };
/** An online interval of the Agent activity export (the Slots export is left out). */
export const online: Predicate = {
  all: [
    { column: "origin", equals: "activity" },
    { column: "state", equals: "online" },
  ],
};
/**
 * Conversations handed to the contact centre: with at least one assignment, missed ones included
 * (seeds/002). The flag is derived from assignments at import (conversations.assigned, and
 * messages.conversation_assigned for messages), so a query filters a column instead of joining
 * every assignment.
 */
export const hasAssignment: Predicate = { column: "assigned", equals: true };
/** A message in a conversation with at least one assignment (messages.conversation_assigned, set at import). */
export const inAssignedConversation: Predicate = { column: "conversation_assigned", equals: true };
/** A positive rating: thumbs up, the good face (3), or 4-5 on a 1-5 scale. */
export const positive: Predicate = {
  any: [
    {
      all: [
        { column: "scale", equals: "thumbs" },
        { column: "value", equals: 1 },
      ],
    },
    {
      all: [
        { column: "scale", equals: "face" },
        { column: "value", equals: 3 },
      ],
    },
    {
      all: [
        { column: "scale", equals: "1-5" },
        { column: "value", gte: 4 },
      ],
    },
  ],
};

/** The agent dimension, labelled with the agent's username from `agents`. */
export const byAgent: Dimension = {
  label: "Agent",
  column: "agent_id",
  labelFrom: { table: "agents", key: "agent_id", column: "username" },
};

/** Measures of the chat catalogue used by more than one report. */
export const m = {
  conversations: {
    id: "conversations",
    label: "Conversations",
    aggregate: { fn: "count" },
    format: "count",
    goodDirection: "up",
    definition:
      "Counts conversations by the local day they started, whatever their channel or outcome; bot-only, agent and missed conversations all count once, transfers do not add any.",
  },
  messages: {
    id: "messages",
    label: "Messages",
    aggregate: { fn: "count" },
    format: "count",
    goodDirection: "up",
    definition:
      "Counts every message by the local day it was sent, from contacts, bots, agents and the system alike; messages without a timestamp (such as an exported final reply) are not counted.",
  },
  incoming: {
    id: "incoming_messages",
    label: "Incoming messages",
    aggregate: { fn: "count", where: fromContact },
    format: "count",
    goodDirection: "up",
    definition:
      "Counts messages sent by contacts (users), by the local day they were sent; bot, agent and system messages are excluded.",
  },
  perConversation: {
    id: "messages_per_conversation",
    label: "Messages per conversation",
    aggregate: {
      fn: "ratio",
      numerator: { fn: "count" },
      denominator: { fn: "countDistinct", column: "conversation_id" },
      scale: 1,
    },
    format: "score",
    goodDirection: "neutral",
    definition:
      "Messages sent in the period divided by the number of distinct conversations those messages belong to; all senders count, conversations without a message in the period are left out.",
  },
  activeContacts: {
    id: "active_contacts",
    label: "Active contacts",
    aggregate: { fn: "countDistinct", column: "contact_id", where: fromContact },
    format: "count",
    goodDirection: "up",
    definition:
      "Counts distinct contacts who sent at least one message in the period (a contact active on several days counts once in the total, once per day in the breakdown); contacts who only received messages are excluded.",
  },
  peak: {
    id: "peak_messages_per_minute",
    label: "Peak messages per minute",
    aggregate: { fn: "peakPerMinute" },
    format: "rate_per_minute",
    goodDirection: "neutral",
    definition:
      "The most messages (all senders) sent in any single minute of local time in the period, with the minute it happened (the earliest such minute on a tie); per day, that day's busiest minute. A minute is a real minute: when the clocks go back, the two readings of a repeated local minute count apart, and the minute named carries its UTC offset.",
  },
  handled: {
    id: "handled",
    label: "Handled",
    aggregate: { fn: "count", where: notMissed },
    format: "count",
    goodDirection: "up",
    definition:
      "Counts assignments an agent picked up, by the local day the conversation was offered to the agent or team; each transfer is a new assignment, missed ones are excluded.",
  },
  missed: {
    id: "missed",
    label: "Missed",
    aggregate: { fn: "count", where: { column: "missed", equals: true } },
    format: "count",
    goodDirection: "down",
    definition:
      "Counts assignments no agent picked up, by the local day the conversation was offered; transfers that were picked up are not missed.",
  },
  agentConversations: {
    id: "agent_conversations",
    label: "Conversations",
    aggregate: { fn: "count", where: notMissed },
    format: "count",
    goodDirection: "up",
    definition:
      "Counts the assignments each agent picked up, by the local day offered; a conversation transferred between agents counts for each of them, missed assignments and bot-only conversations count for nobody.",
  },
  agentTime: {
    id: "conversation_time",
    label: "Conversation time",
    aggregate: { fn: "sum", value: { secondsBetween: { from: "accepted_at", to: "closed_at" } }, where: notMissed },
    format: "duration",
    goodDirection: "neutral",
    definition:
      "Seconds from an agent accepting an assignment to the assignment closing (or being transferred), summed per agent by the local day offered; assignments without both times are left out.",
  },
  connection: {
    id: "connection_time",
    label: "Connection time",
    aggregate: { fn: "sum", value: { secondsBetween: { from: "time_start", to: "time_end" } }, where: online },
    format: "duration",
    goodDirection: "neutral",
    definition:
      "Seconds agents were online, from each online interval's start to its end in the Agent activity export, attributed whole to the local day it started; offline time, open intervals and the Slots export are excluded.",
  },
  frt: {
    id: "first_response_time",
    label: "First response time",
    aggregate: { fn: "avg", value: { secondsBetween: { from: "assigned_at", to: "first_response_at" } } },
    format: "duration",
    goodDirection: "down",
    definition:
      "Average seconds from a conversation being offered to an agent or team until that assignment's first agent message; assignments without an agent reply (missed, or closed silently) are excluded.",
    stats: true,
  },
  resolution: {
    id: "resolution_time",
    label: "Resolution time",
    aggregate: { fn: "avg", value: { secondsBetween: { from: "started_at", to: "ended_at" } } },
    format: "duration",
    goodDirection: "down",
    definition:
      "Average seconds from a conversation starting to it ending, over conversations that started in the period and have an end time; open conversations are excluded.",
    stats: true,
  },
} satisfies Record<string, MeasureDefinition>;

/** Name, description, category and source of a report, in that order. */
export const meta = (name: string, description: string, category: string, source: string) => ({
  name,
  description,
  category,
  source,
});

/** Distinct contacts with a conversation that started in the period. */
export const uniqueContacts: MeasureDefinition = {
  id: "unique_contacts",
  label: "Unique contacts",
  aggregate: { fn: "countDistinct", column: "contact_id" },
  format: "count",
  goodDirection: "up",
  definition:
    "Counts distinct contacts with at least one conversation that started in the period; a contact with many conversations counts once, conversations without a known contact are left out.",
};
