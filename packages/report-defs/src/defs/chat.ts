/**
 * The chat catalogue: seeds/001 (Engagement, Performance, Quality, Contacts) and seeds/002
 * (Activity, Chatbot, Contact centre, Agent performance), plus first response, resolution time and
 * a weekday x hour heatmap. Every measure states which event it counts and what it leaves out.
 */
import type { Dimension, MeasureDefinition, Predicate, ReportDefinition } from "../definition";
import { facts, kpi, report } from "./common";

const S001 = "seeds/001 (conversational AI platform reports)";
const S002 = "seeds/002 (automated performance reports)";

const fromContact: Predicate = { column: "sender", equals: "contact" };
const notMissed: Predicate = { column: "missed", equals: false };
const online: Predicate = {
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
const inAssignedConversation: Predicate = { column: "conversation_assigned", equals: true };
const positive: Predicate = {
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

/**
 * A message-count report with its summary: `column` of `message_minutes` (messages per UTC minute,
 * counted per sender at import) summed, which queries without filters read instead of every
 * message. `column` must count exactly the rows the report's one measure counts; a peak minute
 * becomes the peak of `column` per minute.
 */
function withMessageSummary(def: ReportDefinition, column: string): ReportDefinition {
  const measures = def.measures.map((measure) => ({
    ...measure,
    aggregate:
      measure.aggregate.fn === "peakPerMinute"
        ? ({ fn: "peakPerMinute", value: { column } } as const)
        : ({ fn: "sum", value: { column } } as const),
  })) satisfies MeasureDefinition[];
  return { ...def, summary: { table: "message_minutes", timeColumn: "minute_start", measures } };
}

/**
 * A report with a summary table of quarter-hours per entity (schema.ts: `conversation_quarters`,
 * `contact_message_quarters`, `contact_conversation_quarters`), read by queries without filters:
 * `aggregate` gives each measure's aggregate over the summary rows (a distinct count of the entity
 * becomes a `countFirstSeen` of `previous_quarter`); it must count exactly what the measure counts.
 */
function withQuarterSummary(
  def: ReportDefinition,
  table: string,
  aggregate: (measure: MeasureDefinition) => MeasureDefinition["aggregate"],
): ReportDefinition {
  const measures = def.measures.map((measure) => ({ ...measure, aggregate: aggregate(measure) }));
  return { ...def, summary: { table, timeColumn: "quarter_start", measures } };
}

/** Each entity of a per-entity quarter-hour summary once per bucket and window (definition.ts). */
const firstSeen = { fn: "countFirstSeen", previous: "previous_quarter" } as const;

const byAgent: Dimension = {
  label: "Agent",
  column: "agent_id",
  labelFrom: { table: "agents", key: "agent_id", column: "username" },
};
const minuteBuckets = {
  ranges: [
    { label: "under 1 min", lt: 60 },
    { label: "1-5 min", gte: 60, lt: 300 },
    { label: "5-15 min", gte: 300, lt: 900 },
    { label: "15-60 min", gte: 900, lt: 3600 },
    { label: "over 60 min", gte: 3600 },
  ],
};

// Measures used by more than one report.
const m = {
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

const meta = (name: string, description: string, category: string, source: string) => ({
  name,
  description,
  category,
  source,
});

const uniqueContacts: MeasureDefinition = {
  id: "unique_contacts",
  label: "Unique contacts",
  aggregate: { fn: "countDistinct", column: "contact_id" },
  format: "count",
  goodDirection: "up",
  definition:
    "Counts distinct contacts with at least one conversation that started in the period; a contact with many conversations counts once, conversations without a known contact are left out.",
};

/** m.perConversation over conversation_quarters: messages summed, conversations each counted once. */
const perConversationSummary = {
  fn: "ratio",
  numerator: { fn: "sum", value: { column: "messages" } },
  denominator: firstSeen,
  scale: 1,
} as const;

export const chatReports: ReportDefinition[] = [
  // seeds/001 Engagement
  kpi(
    facts.conversations,
    "engagement.conversations",
    meta("Total conversations", "Conversations started in the period.", "Engagement", S001),
    m.conversations,
  ),
  report(facts.conversations, {
    id: "engagement.conversations_by_campaign",
    name: "Conversations per campaign",
    description: "Conversations per campaign or company account.",
    category: "Engagement",
    source: S001,
    shape: "ranking",
    measures: [m.conversations],
    dimension: {
      label: "Campaign",
      column: "campaign_id",
      labelFrom: { table: "campaigns", key: "campaign_id", column: "name" },
      limit: 25,
    },
  }),
  withMessageSummary(
    kpi(
      facts.messages,
      "engagement.messages",
      meta("Messages", "Messages exchanged in the period.", "Engagement", `${S001}; ${S002} Total Messages`),
      m.messages,
    ),
    "messages",
  ),
  // seeds/001 Performance
  withMessageSummary(
    kpi(
      facts.messages,
      "performance.bot_responses",
      meta("Bot responses", "Messages the bot sent.", "Performance", S001),
      {
        id: "bot_responses",
        label: "Bot responses",
        aggregate: { fn: "count", where: { column: "sender", equals: "bot" } },
        format: "count",
        goodDirection: "neutral",
        definition:
          "Counts messages sent by the bot, by the local day sent; contact, agent and system messages are excluded.",
      },
    ),
    "bot_messages",
  ),
  withMessageSummary(
    kpi(
      facts.messages,
      "performance.agent_actions",
      meta("Agent actions", "Messages human agents sent.", "Performance", S001),
      {
        id: "agent_actions",
        label: "Agent actions",
        aggregate: { fn: "count", where: { column: "sender", equals: "agent" } },
        format: "count",
        goodDirection: "neutral",
        definition:
          "Counts messages sent by human agents, by the local day sent (the seed's agent actions, read as agent replies); bot, contact and system messages are excluded.",
      },
    ),
    "agent_messages",
  ),
  withQuarterSummary(
    kpi(
      facts.messages,
      "performance.messages_per_conversation",
      meta("Average messages per conversation", "Interaction depth.", "Performance", S001),
      m.perConversation,
    ),
    "conversation_quarters",
    () => perConversationSummary,
  ),
  // seeds/001 Quality
  kpi(facts.ratings, "quality.ratings", meta("Total ratings", "Satisfaction answers received.", "Quality", S001), {
    id: "ratings",
    label: "Ratings",
    aggregate: { fn: "count" },
    format: "count",
    goodDirection: "up",
    definition:
      "Counts satisfaction answers of every scale (thumbs, faces, 1-5) by the local day given; answers without a time are left out.",
  }),
  kpi(facts.ratings, "quality.thumbs_up", meta("Thumbs up", "Positive thumbs ratings.", "Quality", S001), {
    id: "thumbs_up",
    label: "Thumbs up",
    aggregate: {
      fn: "count",
      where: {
        all: [
          { column: "scale", equals: "thumbs" },
          { column: "value", equals: 1 },
        ],
      },
    },
    format: "count",
    goodDirection: "up",
    definition:
      "Counts thumbs-up answers by the local day given; faces and 1-5 scores are not counted here (see the positive share).",
  }),
  kpi(facts.ratings, "quality.thumbs_down", meta("Thumbs down", "Negative thumbs ratings.", "Quality", S001), {
    id: "thumbs_down",
    label: "Thumbs down",
    aggregate: {
      fn: "count",
      where: {
        all: [
          { column: "scale", equals: "thumbs" },
          { column: "value", equals: 0 },
        ],
      },
    },
    format: "count",
    goodDirection: "down",
    definition:
      "Counts thumbs-down answers by the local day given; faces and 1-5 scores are not counted here (see the positive share).",
  }),
  kpi(facts.ratings, "quality.positive_share", meta("Positive share", "Share of positive ratings.", "Quality", S001), {
    id: "positive_share",
    label: "Positive share",
    aggregate: { fn: "ratio", numerator: { fn: "count", where: positive }, denominator: { fn: "count" }, scale: 100 },
    format: "percent",
    goodDirection: "up",
    definition:
      "Positive answers (thumbs up, a good face, or 4-5 on a 1-5 scale) as a percentage (0-100) of all answers given in the period; moderate faces and 3 of 5 count as not positive.",
  }),
  // seeds/001 Contacts; seeds/002 Activity (new and active users)
  withQuarterSummary(
    kpi(
      facts.conversations,
      "contacts.unique",
      meta("Unique contacts", "Distinct contacts who had a conversation.", "Contacts", `${S001}; ${S002} Unique Users`),
      uniqueContacts,
    ),
    "contact_conversation_quarters",
    () => firstSeen,
  ),
  withQuarterSummary(
    kpi(
      facts.messages,
      "contacts.active",
      meta(
        "Active contacts",
        "Distinct contacts who sent a message.",
        "Contacts",
        `${S001} (Engagement and Contacts); ${S002} Active Users`,
      ),
      m.activeContacts,
    ),
    "contact_message_quarters",
    () => firstSeen,
  ),
  withQuarterSummary(
    report(
      {
        table: "contact_first_seen",
        timeColumn: "first_seen_at",
        filters: [],
        derived: {
          from: "conversations",
          groupBy: ["contact_id"],
          columns: { first_seen_at: { fn: "min", column: "started_at" } },
          where: { column: "contact_id", isNull: false },
        },
      },
      {
        id: "contacts.new",
        name: "New users",
        description: "First-time users.",
        category: "Contacts",
        source: `${S002} New Users`,
        shape: "kpi",
        measures: [
          {
            id: "new_contacts",
            label: "New users",
            aggregate: { fn: "count" },
            format: "count",
            goodDirection: "up",
            definition:
              "Counts contacts whose first conversation in all imported data started in the period, by that day; returning contacts and conversations without a known contact are excluded.",
          },
        ],
      },
    ),
    "contact_conversation_quarters",
    // A contact's first quarter-hour with a conversation start holds its first conversation.
    () => ({ fn: "count", where: { column: "previous_quarter", isNull: true } }),
  ),
  // seeds/002 Activity
  withMessageSummary(
    kpi(
      facts.messages,
      "activity.peak_volume",
      meta(
        "Peak volume (messages per minute)",
        "The busiest minute and when it was.",
        "Activity",
        `${S002} Peak Volume and Peak Time`,
      ),
      m.peak,
    ),
    "messages",
  ),
  withMessageSummary(
    report(facts.messages, {
      id: "activity.incoming_messages",
      name: "Incoming messages",
      description: "Messages received from users, per day.",
      category: "Activity",
      source: S002,
      shape: "timeseries",
      measures: [m.incoming],
    }),
    "contact_messages",
  ),
  report(facts.conversations, {
    id: "activity.conversations",
    name: "Conversations",
    description: "Conversations per day.",
    category: "Activity",
    source: S002,
    shape: "timeseries",
    measures: [m.conversations],
  }),
  withQuarterSummary(
    report(facts.messages, {
      id: "activity.messages_per_conversation",
      name: "Average messages per conversation",
      description: "Interaction depth per day.",
      category: "Activity",
      source: S002,
      shape: "timeseries",
      measures: [m.perConversation],
    }),
    "conversation_quarters",
    () => perConversationSummary,
  ),
  withMessageSummary(
    report(facts.messages, {
      id: "activity.max_messages_per_minute",
      name: "Max messages per minute",
      description: "Each day's busiest minute.",
      category: "Activity",
      source: S002,
      shape: "timeseries",
      measures: [m.peak],
    }),
    "messages",
  ),
  report(facts.conversations, {
    id: "activity.conversations_vs_contacts",
    name: "Conversations and unique contacts",
    description: "Events and unique entities side by side.",
    category: "Activity",
    source: "beyond the seeds: events vs unique entities",
    shape: "timeseries",
    measures: [m.conversations, uniqueContacts],
  }),
  // seeds/002 Chatbot
  report(facts.conversations, {
    id: "chatbot.top_intents",
    name: "Most frequent intents",
    description: "Intents detected by the bot, most frequent first.",
    category: "Chatbot",
    source: S002,
    shape: "ranking",
    measures: [
      {
        ...m.conversations,
        definition:
          "Counts conversations that started in the period by the main intent the bot detected; conversations without an intent are shown as (not set).",
      },
    ],
    dimension: { label: "Intent", column: "intent", limit: 10 },
  }),
  report(facts.conversations, {
    id: "chatbot.languages",
    name: "Language distribution",
    description: "Languages of users.",
    category: "Chatbot",
    source: S002,
    shape: "distribution",
    measures: [
      {
        ...m.conversations,
        definition:
          "Counts conversations that started in the period by the user's language; conversations without a detected language are shown as (not set).",
      },
    ],
    dimension: { label: "Language", column: "language" },
  }),
  report(facts.conversations, {
    id: "chatbot.start_flows",
    name: "Conversation start flows",
    description: "Bot flows conversations began in.",
    category: "Chatbot",
    source: S002,
    shape: "distribution",
    measures: [
      {
        ...m.conversations,
        definition:
          "Counts conversations that started in the period by the bot flow they started in; conversations that did not start in a flow are shown as (not set).",
      },
    ],
    dimension: { label: "Start flow", column: "start_flow" },
  }),
  // seeds/002 Contact centre
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
  // seeds/002 Agent performance
  report(facts.assignments, {
    id: "agents.conversations",
    name: "Conversations per agent",
    description: "Assignments each agent handled.",
    category: "Agent performance",
    source: S002,
    shape: "ranking",
    measures: [m.agentConversations],
    dimension: { ...byAgent, limit: 20 },
  }),
  report(facts.assignments, {
    id: "agents.conversations_daily",
    name: "Conversations per agent per day",
    description: "Daily evolution per agent.",
    category: "Agent performance",
    source: S002,
    shape: "timeseries",
    measures: [m.agentConversations],
    dimension: byAgent,
  }),
  report(facts.assignments, {
    id: "agents.conversation_time",
    name: "Conversation minutes per agent",
    description: "Time each agent spent in conversations.",
    category: "Agent performance",
    source: S002,
    shape: "ranking",
    measures: [m.agentTime],
    dimension: { ...byAgent, limit: 20 },
  }),
  report(facts.assignments, {
    id: "agents.conversation_time_daily",
    name: "Conversation minutes per agent per day",
    description: "Daily evolution per agent.",
    category: "Agent performance",
    source: S002,
    shape: "timeseries",
    measures: [m.agentTime],
    dimension: byAgent,
  }),
  report(facts.onlineStates, {
    id: "agents.connection_time",
    name: "Connection hours per agent",
    description: "Time each agent was online.",
    category: "Agent performance",
    source: S002,
    shape: "ranking",
    measures: [m.connection],
    dimension: { ...byAgent, limit: 20 },
  }),
  report(facts.onlineStates, {
    id: "agents.connection_time_daily",
    name: "Connection hours per agent per day",
    description: "Daily evolution per agent.",
    category: "Agent performance",
    source: S002,
    shape: "timeseries",
    measures: [m.connection],
    dimension: byAgent,
  }),
  // Beyond the seeds
  report(facts.assignments, {
    id: "contact_centre.first_response_histogram",
    name: "First response time distribution",
    description: "Assignments by how long the first agent reply took.",
    category: "Contact centre",
    source: "industry first response time",
    shape: "distribution",
    measures: [
      {
        ...m.conversations,
        id: "assignments",
        label: "Assignments",
        definition:
          "Counts assignments offered in the period by the seconds from being offered to the first agent message, in buckets; assignments without an agent reply are excluded.",
      },
    ],
    dimension: {
      label: "First response time",
      buckets: {
        value: { secondsBetween: { from: "assigned_at", to: "first_response_at" } },
        ...minuteBuckets,
      },
    },
  }),
  kpi(
    facts.conversations,
    "contact_centre.resolution_time",
    meta("Resolution time", "Time from start to end of a conversation.", "Contact centre", "industry resolution time"),
    m.resolution,
  ),
  report(facts.conversations, {
    id: "contact_centre.resolution_histogram",
    name: "Resolution time distribution",
    description: "Conversations by how long they took to end.",
    category: "Contact centre",
    source: "industry resolution time",
    shape: "distribution",
    measures: [
      {
        ...m.conversations,
        definition:
          "Counts conversations that started in the period and have ended, by the seconds from start to end, in buckets; open conversations are excluded.",
      },
    ],
    dimension: {
      label: "Resolution time",
      buckets: {
        value: { secondsBetween: { from: "started_at", to: "ended_at" } },
        ...minuteBuckets,
      },
    },
  }),
  report(facts.conversations, {
    id: "activity.conversations_heatmap",
    name: "Conversations by weekday and hour",
    description: "When conversations start.",
    category: "Activity",
    source: "beyond the seeds: weekday x hour heatmap",
    shape: "heatmap",
    measures: [m.conversations],
  }),
];
