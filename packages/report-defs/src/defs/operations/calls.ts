/**
 * Call-centre operations KPIs over `calls` (issue 2; industry definitions as used by ICMI/COPC:
 * ASA = total queue wait of answered calls / answered calls; AHT = (talk + hold + after-call work) /
 * handled calls; abandonment rate = abandoned / (answered + abandoned)).
 *
 * Every measure places a call on the local calendar day of `started_at`, the instant it reached
 * the system, in the query's time zone.
 */
import type { ReportDefinition } from "../../definition";
import { filtersFor } from "../../filters";

const common: Pick<
  ReportDefinition,
  "category" | "version" | "shape" | "filters" | "createdAt" | "updatedAt" | "table" | "timeColumn"
> = {
  category: "Operations",
  version: 1,
  shape: "kpi",
  table: "calls",
  timeColumn: "started_at",
  filters: filtersFor("calls"),
  createdAt: "2026-11-21T00:00:00.000Z",
  updatedAt: "2026-11-21T00:00:00.000Z",
};

const answered = { column: "answered", equals: true } as const;
const abandoned = { column: "abandoned", equals: true } as const;

export const callReports: ReportDefinition[] = [
  {
    ...common,
    id: "calls.offered",
    name: "Calls offered",
    description: "Every call that reached the system, answered or not.",
    source: "industry definition (calls offered)",
    measures: [
      {
        id: "offered",
        label: "Calls offered",
        aggregate: { fn: "count" },
        format: "count",
        goodDirection: "neutral",
        definition:
          "Counts every call that reached the system (the voice menu or the agent queue), on the local day it arrived; answered, abandoned, voice-menu-only and ghost (PHANTOM) calls all count, nothing is excluded.",
      },
    ],
  },
  {
    ...common,
    id: "calls.answered",
    name: "Calls answered",
    description: "Calls an agent answered.",
    source: "industry definition (calls handled)",
    measures: [
      {
        id: "answered",
        label: "Calls answered",
        aggregate: { fn: "count", where: answered },
        format: "count",
        goodDirection: "up",
        definition:
          "Counts calls an agent answered, on the local day the call arrived; excludes calls abandoned in the queue, calls that ended in the voice menu, and ghost calls.",
      },
    ],
  },
  {
    ...common,
    id: "calls.abandoned",
    name: "Calls abandoned",
    description: "Callers who hung up while waiting in the queue.",
    source: "industry definition (abandoned calls)",
    measures: [
      {
        id: "abandoned",
        label: "Calls abandoned",
        aggregate: { fn: "count", where: abandoned },
        format: "count",
        goodDirection: "down",
        definition:
          "Counts calls whose caller hung up while waiting in the agent queue, before an agent answered, on the local day the call arrived; excludes callers who hung up in the voice menu before queueing (they never asked for an agent) and ghost calls. Short abandons are not excluded.",
      },
    ],
  },
  {
    ...common,
    id: "calls.abandonment_rate",
    name: "Abandonment rate",
    description: "Share of queued calls whose caller hung up before an answer.",
    source: "industry definition (abandonment rate = abandoned / (answered + abandoned))",
    measures: [
      {
        id: "abandonment_rate",
        label: "Abandonment rate",
        aggregate: {
          fn: "ratio",
          numerator: { fn: "count", where: abandoned },
          denominator: { fn: "count", where: { any: [answered, abandoned] } },
          scale: 100,
        },
        format: "percent",
        goodDirection: "down",
        definition:
          "Abandoned calls as a percentage (0-100) of calls that were either answered or abandoned in the queue: abandoned / (answered + abandoned) x 100; calls that ended in the voice menu and ghost calls are in neither part.",
      },
    ],
  },
  {
    ...common,
    id: "calls.asa",
    name: "Average speed of answer (ASA)",
    description: "Average time answered callers waited in the queue.",
    source: "industry definition (ASA = total queue wait of answered calls / answered calls)",
    measures: [
      {
        id: "asa",
        label: "ASA",
        aggregate: { fn: "avg", value: { column: "wait_secs" }, where: answered },
        format: "duration",
        goodDirection: "down",
        stats: true,
        definition:
          "Average seconds an answered call waited from entering the agent queue until an agent picked up (0 for calls answered without queueing); excludes abandoned, voice-menu-only and ghost calls, and the time spent in the voice menu.",
      },
    ],
  },
  {
    ...common,
    id: "calls.aht",
    name: "Average handle time (AHT)",
    description: "Average agent time per answered call.",
    source: "industry definition (AHT = (talk + hold + after-call work) / handled calls)",
    measures: [
      {
        id: "aht",
        label: "AHT",
        aggregate: { fn: "avg", value: { column: "handle_secs" }, where: answered },
        format: "duration",
        goodDirection: "down",
        stats: true,
        definition:
          "Average seconds an agent spent on an answered call, from pick-up to hang-up plus hold and after-call work where the source records them (the anonbank log records talk time only); excludes unanswered calls and queue wait.",
      },
    ],
  },
];
