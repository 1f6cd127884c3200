/**
 * Chatbot (seeds/002): what the bot saw: the intents it detected, the users' languages and the
 * flows conversations started in.
 */
import type { ReportDefinition } from "../../definition";
import { conversationsBy } from "../builders";
import { S002 } from "../measures";

/** Chatbot: conversations by intent, language and start flow. */
export const chatbotReports: ReportDefinition[] = [
  conversationsBy(
    {
      id: "chatbot.top_intents",
      name: "Most frequent intents",
      description: "Intents detected by the bot, most frequent first.",
      category: "Chatbot",
      source: S002,
    },
    "ranking",
    { label: "Intent", column: "intent", limit: 10 },
    "Counts conversations that started in the period by the main intent the bot detected; conversations without an intent are shown as (not set).",
  ),
  conversationsBy(
    {
      id: "chatbot.languages",
      name: "Language distribution",
      description: "Languages of users.",
      category: "Chatbot",
      source: S002,
    },
    "distribution",
    { label: "Language", column: "language" },
    "Counts conversations that started in the period by the user's language; conversations without a detected language are shown as (not set).",
  ),
  conversationsBy(
    {
      id: "chatbot.start_flows",
      name: "Conversation start flows",
      description: "Bot flows conversations began in.",
      category: "Chatbot",
      source: S002,
    },
    "distribution",
    { label: "Start flow", column: "start_flow" },
    "Counts conversations that started in the period by the bot flow they started in; conversations that did not start in a flow are shown as (not set).",
  ),
];
