/**
 * Activity (seeds/002): the busiest minute, incoming messages, conversations and their depth per
 * day, and events beside unique contacts.
 */
import type { ReportDefinition } from "../../definition";
import { facts, kpi, report } from "../common";
import { m, meta, S002, uniqueContacts } from "../measures";
import { perConversationSummary, withMessageSummary, withQuarterSummary } from "../summaries";

/** Activity: volume over time. */
export const activityReports: ReportDefinition[] = [
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
];
