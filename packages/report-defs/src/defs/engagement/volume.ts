/**
 * Engagement (seeds/001): conversations started, per campaign, and messages exchanged.
 */
import type { ReportDefinition } from "../../definition";
import { facts, kpi, report } from "../common";
import { m, meta, S001, S002 } from "../measures";
import { withMessageSummary } from "../summaries";

/** Engagement: conversation and message volume. */
export const engagementReports: ReportDefinition[] = [
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
];
