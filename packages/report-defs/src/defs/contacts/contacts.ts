/**
 * Contacts (seeds/001; seeds/002 Activity's new and active users): distinct contacts who had a
 * conversation, who sent a message, and who came for the first time.
 */
import type { ReportDefinition } from "../../definition";
import { facts, kpi, report } from "../common";
import { m, meta, S001, S002, uniqueContacts } from "../measures";
import { firstSeen, withQuarterSummary } from "../summaries";

/** Contacts: unique, active and new. */
export const contactReports: ReportDefinition[] = [
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
];
