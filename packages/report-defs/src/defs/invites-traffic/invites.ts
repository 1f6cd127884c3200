/**
 * Invites (seeds/003 Conversation24 automatic-invite export): the funnel per invite over the hours
 * that began in the period.
 */
import type { ReportDefinition } from "../../definition";
import { filtersFor } from "../../filters";
import { shareOf, sumOf } from "../builders";
import { report } from "../common";

/** The source of every Conversation24 report. */
const S003 = "seeds/003 (Conversation24 exports)";

/** Invites: the automatic-invite funnel. */
export const inviteReports: ReportDefinition[] = [
  report(
    { table: "invites_hourly", timeColumn: "hour_begin_time", filters: filtersFor("invites_hourly") },
    {
      id: "invites.funnel",
      name: "Automatic-invite funnel",
      description:
        "Invites shown, accepted, declined, cancelled, expired, ignored, unroutable, and conversion, per invite.",
      category: "Invites and traffic",
      source: S003,
      shape: "table",
      dimension: { label: "Invite", column: "filter_name" },
      measures: [
        sumOf(
          "shown",
          "Shown",
          "num_proactive",
          "count",
          "up",
          "Auto invites visitors saw, summed over the hours that began in the period.",
        ),
        sumOf(
          "accepted",
          "Accepted",
          "num_proactive_accepted",
          "count",
          "up",
          "Auto invites visitors accepted, summed over the hours that began in the period.",
        ),
        sumOf(
          "declined",
          "Declined",
          "num_proactive_declined",
          "count",
          "down",
          "Auto invites visitors declined, summed over the hours that began in the period.",
        ),
        sumOf(
          "cancelled",
          "Cancelled",
          "num_proactive_cancelled",
          "count",
          "down",
          "Auto invites cancelled because no agent was available, summed over the hours that began in the period.",
        ),
        sumOf(
          "expired",
          "Expired",
          "num_proactive_expired",
          "count",
          "down",
          "Auto invites that expired, summed over the hours that began in the period.",
        ),
        sumOf(
          "ignored",
          "Ignored",
          "num_proactive_ignored",
          "count",
          "down",
          "Auto invites visitors ignored, summed over the hours that began in the period.",
        ),
        sumOf(
          "no_availability",
          "No availability",
          "num_proactive_no_availability",
          "count",
          "down",
          "Accepted auto invites that could not be routed to an agent, summed over the hours that began in the period.",
        ),
        shareOf(
          "conversion",
          "Conversion",
          "num_proactive_accepted",
          "num_proactive",
          "Accepted invites as a percentage (0-100) of invites shown, over the hours that began in the period; hours without invites shown are in neither part.",
        ),
      ],
    },
  ),
];
