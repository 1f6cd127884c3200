/**
 * Performance (seeds/001): what the bot and the agents sent, and the depth of a conversation.
 */
import type { ReportDefinition } from "../../definition";
import { facts, kpi } from "../common";
import { m, meta, S001 } from "../measures";
import { perConversationSummary, withMessageSummary, withQuarterSummary } from "../summaries";

/** Performance: bot responses, agent actions, messages per conversation. */
export const performanceReports: ReportDefinition[] = [
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
];
