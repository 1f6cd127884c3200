/**
 * Reports over the aggregate exports of seeds/003 (Conversation24): agent performance per work
 * shift, the automatic-invite funnel and traffic per entry point. Each reads one export's table;
 * rows belong to the period of their shift start or hour.
 */
import type { MeasureDefinition, ReportDefinition } from "../definition";
import { filtersFor } from "../filters";
import { report } from "./common";

const S003 = "seeds/003 (Conversation24 exports)";
const sum = (
  id: string,
  label: string,
  column: string,
  format: MeasureDefinition["format"],
  goodDirection: MeasureDefinition["goodDirection"],
  definition: string,
): MeasureDefinition => ({
  id,
  label,
  aggregate: { fn: "sum", value: { column } },
  format,
  goodDirection,
  definition,
});
const rate = (id: string, label: string, num: string, den: string, definition: string): MeasureDefinition => ({
  id,
  label,
  aggregate: {
    fn: "ratio",
    numerator: { fn: "sum", value: { column: num } },
    denominator: { fn: "sum", value: { column: den } },
    scale: 100,
  },
  format: "percent",
  goodDirection: "up",
  definition,
});
const shift = "summed over the agent's work shifts that started in the period (Agent performance export)";

export const conversation24Reports: ReportDefinition[] = [
  report(
    { table: "agent_shifts", timeColumn: "workshift_start", filters: filtersFor("agent_shifts") },
    {
      id: "shifts.agents",
      name: "Agent performance (work shifts)",
      description: "Chats, breaks, ignored and abandoned chats, concurrency, times and surveys per agent.",
      category: "Work shifts",
      source: S003,
      shape: "table",
      dimension: {
        label: "Agent",
        column: "agent_id",
        labelFrom: { table: "agents", key: "agent_id", column: "username" },
      },
      measures: [
        sum(
          "chats",
          "Chats",
          "num_chats",
          "count",
          "up",
          `Chats received, transfers and auto-forwards included and each receipt counted, ${shift}.`,
        ),
        sum(
          "breaks",
          "Breaks",
          "num_breaks",
          "count",
          "neutral",
          `Times the agent went offline during a shift, ${shift}.`,
        ),
        sum(
          "ignored",
          "Ignored",
          "num_ignored",
          "count",
          "down",
          `Chats the agent engaged that got no message from the visitor, ${shift}.`,
        ),
        sum(
          "abandoned",
          "Abandoned",
          "num_abandoned",
          "count",
          "down",
          `Chats a visitor engaged that got no message from the agent, ${shift}.`,
        ),
        {
          id: "avg_concurrency",
          label: "Average concurrency",
          aggregate: { fn: "avg", value: { column: "avg_concurrency" } },
          format: "score",
          goodDirection: "neutral",
          definition:
            "Mean of the shifts' average number of concurrent chats (each shift weighing the same) over the agent's shifts that started in the period.",
        },
        sum(
          "first_response",
          "First response duration",
          "first_response_duration",
          "duration",
          "down",
          `Seconds during which the agent had not yet replied on any current chat, ${shift}.`,
        ),
        sum("online", "Online", "online_duration", "duration", "neutral", `Seconds online, ${shift}.`),
        sum("offline", "Offline", "offline_duration", "duration", "neutral", `Seconds offline, ${shift}.`),
        sum("idle", "Idle", "idle_duration", "duration", "neutral", `Seconds online without chats, ${shift}.`),
        sum(
          "available",
          "Available",
          "available_duration",
          "duration",
          "neutral",
          `Seconds available with room for another chat, ${shift}.`,
        ),
        sum(
          "survey_good",
          "Survey good",
          "survey_num_good",
          "count",
          "up",
          `Good survey answers (face or thumb), ${shift}.`,
        ),
        sum(
          "survey_moderate",
          "Survey moderate",
          "survey_num_moderate",
          "count",
          "neutral",
          `Moderate survey answers, ${shift}.`,
        ),
        sum("survey_bad", "Survey bad", "survey_num_bad", "count", "down", `Bad survey answers, ${shift}.`),
      ],
    },
  ),
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
        sum(
          "shown",
          "Shown",
          "num_proactive",
          "count",
          "up",
          "Auto invites visitors saw, summed over the hours that began in the period.",
        ),
        sum(
          "accepted",
          "Accepted",
          "num_proactive_accepted",
          "count",
          "up",
          "Auto invites visitors accepted, summed over the hours that began in the period.",
        ),
        sum(
          "declined",
          "Declined",
          "num_proactive_declined",
          "count",
          "down",
          "Auto invites visitors declined, summed over the hours that began in the period.",
        ),
        sum(
          "cancelled",
          "Cancelled",
          "num_proactive_cancelled",
          "count",
          "down",
          "Auto invites cancelled because no agent was available, summed over the hours that began in the period.",
        ),
        sum(
          "expired",
          "Expired",
          "num_proactive_expired",
          "count",
          "down",
          "Auto invites that expired, summed over the hours that began in the period.",
        ),
        sum(
          "ignored",
          "Ignored",
          "num_proactive_ignored",
          "count",
          "down",
          "Auto invites visitors ignored, summed over the hours that began in the period.",
        ),
        sum(
          "no_availability",
          "No availability",
          "num_proactive_no_availability",
          "count",
          "down",
          "Accepted auto invites that could not be routed to an agent, summed over the hours that began in the period.",
        ),
        rate(
          "conversion",
          "Conversion",
          "num_proactive_accepted",
          "num_proactive",
          "Accepted invites as a percentage (0-100) of invites shown, over the hours that began in the period; hours without invites shown are in neither part.",
        ),
      ],
    },
  ),
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
        sum("visits", "Visits", "visits", "count", "up", "Page views, summed over the hours that began in the period."),
        sum(
          "views",
          "Views",
          "views",
          "count",
          "up",
          "Times the entry point was shown, summed over the hours that began in the period.",
        ),
        sum(
          "clicks",
          "Clicks",
          "clicks",
          "count",
          "up",
          "Times the entry point was clicked, summed over the hours that began in the period.",
        ),
        sum(
          "chats",
          "Chats",
          "chats",
          "count",
          "up",
          "Chats the entry point started, summed over the hours that began in the period.",
        ),
        rate(
          "click_through",
          "Click-through rate",
          "clicks",
          "views",
          "Clicks as a percentage (0-100) of times the entry point was shown, over the hours that began in the period.",
        ),
        rate(
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
