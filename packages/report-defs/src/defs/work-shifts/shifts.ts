/**
 * Work shifts (seeds/003 Conversation24 Agent performance export): per agent, chats, breaks,
 * ignored and abandoned chats, concurrency, times and surveys, summed over the work shifts that
 * started in the period.
 */
import type { ReportDefinition } from "../../definition";
import { filtersFor } from "../../filters";
import { sumOf } from "../builders";
import { agentRoster, ROSTER_NOTE, report } from "../common";

/** The source of every Conversation24 report. */
const S003 = "seeds/003 (Conversation24 exports)";
/** How a work-shift measure adds up, said in each of its sentences. */
const shift = "summed over the agent's work shifts that started in the period (Agent performance export)";

/** Work shifts: the agent table. */
export const shiftReports: ReportDefinition[] = [
  report(
    { table: "agent_shifts", timeColumn: "workshift_start", filters: filtersFor("agent_shifts") },
    {
      id: "shifts.agents",
      name: "Agent performance (work shifts)",
      description: `Chats, breaks, ignored and abandoned chats, concurrency, times and surveys per agent.${ROSTER_NOTE}`,
      category: "Work shifts",
      source: S003,
      shape: "table",
      dimension: {
        label: "Agent",
        column: "agent_id",
        labelFrom: { table: "agents", key: "agent_id", column: "username" },
        roster: agentRoster,
      },
      measures: [
        sumOf(
          "chats",
          "Chats",
          "num_chats",
          "count",
          "up",
          `Chats received, transfers and auto-forwards included and each receipt counted, ${shift}.`,
        ),
        sumOf(
          "breaks",
          "Breaks",
          "num_breaks",
          "count",
          "neutral",
          `Times the agent went offline during a shift, ${shift}.`,
        ),
        sumOf(
          "ignored",
          "Ignored",
          "num_ignored",
          "count",
          "down",
          `Chats the agent engaged that got no message from the visitor, ${shift}.`,
        ),
        sumOf(
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
        sumOf(
          "first_response",
          "First response duration",
          "first_response_duration",
          "duration",
          "down",
          `Seconds during which the agent had not yet replied on any current chat, ${shift}.`,
        ),
        sumOf("online", "Online", "online_duration", "duration", "neutral", `Seconds online, ${shift}.`),
        sumOf("offline", "Offline", "offline_duration", "duration", "neutral", `Seconds offline, ${shift}.`),
        sumOf("idle", "Idle", "idle_duration", "duration", "neutral", `Seconds online without chats, ${shift}.`),
        sumOf(
          "available",
          "Available",
          "available_duration",
          "duration",
          "neutral",
          `Seconds available with room for another chat, ${shift}.`,
        ),
        sumOf(
          "survey_good",
          "Survey good",
          "survey_num_good",
          "count",
          "up",
          `Good survey answers (face or thumb), ${shift}.`,
        ),
        sumOf(
          "survey_moderate",
          "Survey moderate",
          "survey_num_moderate",
          "count",
          "neutral",
          `Moderate survey answers, ${shift}.`,
        ),
        sumOf("survey_bad", "Survey bad", "survey_num_bad", "count", "down", `Bad survey answers, ${shift}.`),
      ],
    },
  ),
];
