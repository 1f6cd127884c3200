/**
 * Staffing (issues 4 and 5): agents online in each local hour against the chats that came in, the
 * view seeds/003 describes for the Slots export ("the daily incoming chats, and the behavior of the
 * active agents of the day ... to schedule the agent's working hours"), over the contact centre's
 * conversations of seeds/002. Hourly by default; every measure is defined for any bucket.
 */
import type { Aggregate, Fact, ReportDefinition, ValueExpr } from "../../definition";
import { facts, report } from "../common";
import { hasAssignment } from "../measures";

const SOURCE =
  "seeds/003 (Agent activity and Slots exports: which agents were online when, to schedule agents' hours) and seeds/002 (contact centre conversations)";

/**
 * Agents' online intervals, merged per agent: from the Agent activity export, or from the Slots
 * export for an agent with no Agent activity row in the window (docs/ingest.md: the two origins
 * describe the same states and are never added; Slots repeats each state per entry-point type,
 * which the merge counts once).
 */
const online: Fact = {
  table: "agent_states",
  timeColumn: "time_start",
  intervals: {
    end: "time_end",
    mergeBy: ["agent_id"],
    where: { column: "state", equals: "online" },
    prefer: { column: "origin", order: ["activity", "slots"] },
  },
};

/** Seconds of an online interval that fall in the bucket (the fact's rows are cut at its edges). */
const onlineSecs: ValueExpr = { secondsBetween: { from: "time_start", to: "time_end" } };
const incoming: Aggregate = { fn: "count", where: hasAssignment };
const INCOMING =
  "conversations that started in the bucket (a local hour, or day, week or month of the query's time zone) and were handed to the contact centre (at least one assignment, missed ones included, bot-only ones excluded), each once however often it was transferred";
const ORIGIN =
  "online states come from the Agent activity export, or from the Slots export for an agent without Agent activity in the period (never both), an agent online in two campaigns or two Slots entry-point types at once counts once, and open intervals are excluded";

/** Hourly timeseries over the conversations and the agents' online intervals, filtered by campaign. */
const staffing = (rest: Pick<ReportDefinition, "id" | "name" | "description" | "measures">): ReportDefinition =>
  report(
    { ...facts.conversations, filters: ["campaign"] },
    { ...rest, category: "Staffing", source: SOURCE, shape: "timeseries", grain: "hour", facts: { online } },
  );

/**
 * Every staffing report. Agents are one unit, chats another: the agent measures share the "score"
 * format so that the chart draws both on the right axis, the chats on the left; the chats per
 * agent-hour, a third unit, have their own chart.
 */
export const staffingReports: ReportDefinition[] = [
  staffing({
    id: "staffing.agents_vs_chats",
    name: "Agents online vs incoming chats",
    description: "How many agents were online in each hour against how many chats came in.",
    measures: [
      {
        id: "incoming_chats",
        label: "Incoming chats",
        aggregate: incoming,
        format: "count",
        goodDirection: "neutral",
        definition: `Counts ${INCOMING}.`,
      },
      {
        id: "agents_online",
        label: "Agents online (mean)",
        aggregate: { fn: "timeAverage", value: onlineSecs, fact: "online" },
        format: "score",
        goodDirection: "neutral",
        definition: `Mean number of agents online over the bucket: the seconds each agent was online within it, summed over agents, divided by the bucket's length in seconds (3600 for an hour, 86,400 for a day; the day of a DST change has 23 or 25 hours, its repeated hour lasts 7200 s and its skipped hour has no value); ${ORIGIN}.`,
      },
      {
        id: "agents_online_any",
        label: "Agents online (any moment)",
        aggregate: { fn: "countDistinct", column: "agent_id", fact: "online" },
        format: "score",
        goodDirection: "neutral",
        definition: `Counts the agents who were online at any moment of the bucket, however briefly; ${ORIGIN}.`,
      },
    ],
  }),
  staffing({
    id: "staffing.chats_per_agent_hour",
    name: "Chats per online agent-hour",
    description: "How many incoming chats each hour agents spent online had to take, hour by hour.",
    measures: [
      {
        id: "chats_per_agent_hour",
        label: "Chats per online agent-hour",
        aggregate: {
          fn: "ratio",
          numerator: incoming,
          denominator: { fn: "sum", value: onlineSecs, fact: "online" },
          scale: 3600,
        },
        format: "score",
        goodDirection: "neutral",
        definition: `Incoming chats (${INCOMING}) divided by the hours agents were online in the bucket (their online seconds within it / 3600), null when no agent was online; ${ORIGIN}.`,
      },
    ],
  }),
];
