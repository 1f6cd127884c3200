/**
 * Traffic (seeds/003 Conversation24 traffic export): visits, views, clicks and chats per entry
 * point over the hours that began in the period.
 */
import type { ReportDefinition } from "../../definition";
import { filtersFor } from "../../filters";
import { shareOf, sumOf } from "../builders";
import { report } from "../common";

/** The source of every Conversation24 report. */
const S003 = "seeds/003 (Conversation24 exports)";

/** Traffic: per chat button or invite. */
export const trafficReports: ReportDefinition[] = [
  report(
    { table: "traffic_hourly", timeColumn: "hour_begin_time", filters: filtersFor("traffic_hourly") },
    {
      id: "traffic.entrypoints",
      name: "Traffic per entry point",
      description: "Visits, views, clicks and chats per chat button or invite, with click-through and chat rates.",
      category: "Invites and traffic",
      source: S003,
      shape: "table",
      dimension: { label: "Entry point", column: "entrypoint" },
      measures: [
        sumOf(
          "visits",
          "Visits",
          "visits",
          "count",
          "up",
          "Page views, summed over the hours that began in the period.",
        ),
        sumOf(
          "views",
          "Views",
          "views",
          "count",
          "up",
          "Times the entry point was shown, summed over the hours that began in the period.",
        ),
        sumOf(
          "clicks",
          "Clicks",
          "clicks",
          "count",
          "up",
          "Times the entry point was clicked, summed over the hours that began in the period.",
        ),
        sumOf(
          "chats",
          "Chats",
          "chats",
          "count",
          "up",
          "Chats the entry point started, summed over the hours that began in the period.",
        ),
        shareOf(
          "click_through",
          "Click-through rate",
          "clicks",
          "views",
          "Clicks as a percentage (0-100) of times the entry point was shown, over the hours that began in the period.",
        ),
        shareOf(
          "chat_rate",
          "Chat rate",
          "chats",
          "clicks",
          "Chats as a percentage (0-100) of clicks on the entry point, over the hours that began in the period.",
        ),
      ],
    },
  ),
];
