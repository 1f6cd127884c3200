/**
 * Call-centre operations beyond the six walking-skeleton KPIs (issue 5; industry definitions):
 * short abandons, service level, talk time, CSAT, resolution rate, calls by queue and topic, an
 * hour-of-day x weekday heatmap and an agent table. Calls are placed on the local day they arrived.
 */
import type { MeasureDefinition, Parameter, Predicate, ReportDefinition } from "../../definition";
import { filtersFor } from "../../filters";
import { agentRoster, kpi, ROSTER_NOTE, report } from "../common";

const fact = { table: "calls", timeColumn: "started_at", filters: filtersFor("calls") } satisfies Parameters<
  typeof report
>[0];
const OPS = "Operations";
const answered: Predicate = { column: "answered", equals: true };
const abandoned: Predicate = { column: "abandoned", equals: true };
const shortAbandon: Parameter = {
  label: "Short abandon: hung up within",
  default: 5,
  min: 0,
  max: 120,
  unit: "seconds",
};
const serviceLevel: Parameter = {
  label: "Service level: answered within",
  default: 20,
  min: 1,
  max: 3600,
  unit: "seconds",
};
const meta = (name: string, description: string, source: string) => ({ name, description, category: OPS, source });

const handle: MeasureDefinition = {
  id: "aht",
  label: "AHT",
  aggregate: { fn: "avg", value: { column: "handle_secs" }, where: answered },
  format: "duration",
  goodDirection: "down",
  definition:
    "Average seconds an agent spent on an answered call, from pick-up to hang-up plus hold and after-call work where the source records them; unanswered calls are excluded.",
};
const csat: MeasureDefinition = {
  id: "csat",
  label: "CSAT",
  aggregate: { fn: "avg", value: { column: "csat" }, where: { column: "csat", isNull: false } },
  format: "score",
  goodDirection: "up",
  definition:
    "Average satisfaction answer on the 1-5 scale over calls that arrived in the period and have an answer; calls without an answer are excluded.",
};
const resolution: MeasureDefinition = {
  id: "resolution_rate",
  label: "Resolution rate",
  aggregate: {
    fn: "ratio",
    numerator: { fn: "count", where: { all: [answered, { column: "resolved", equals: true }] } },
    denominator: { fn: "count", where: { all: [answered, { column: "resolved", isNull: false }] } },
    scale: 100,
  },
  format: "percent",
  goodDirection: "up",
  definition:
    "Answered calls marked resolved as a percentage (0-100) of answered calls with a known resolution flag; unanswered calls and calls without a flag are excluded.",
};
const answeredCount: MeasureDefinition = {
  id: "answered",
  label: "Calls answered",
  aggregate: { fn: "count", where: answered },
  format: "count",
  goodDirection: "up",
  definition: "Counts calls an agent answered, on the local day the call arrived; unanswered calls are excluded.",
};
const offered: MeasureDefinition = {
  id: "offered",
  label: "Calls offered",
  aggregate: { fn: "count" },
  format: "count",
  goodDirection: "neutral",
  definition: "Counts every call that reached the system on the local day it arrived; nothing is excluded.",
};

export const operationsReports: ReportDefinition[] = [
  report(fact, {
    ...meta(
      "Short abandons",
      "Callers who hung up within a few seconds of queueing.",
      "industry definition (short abandons)",
    ),
    id: "calls.short_abandoned",
    shape: "kpi",
    parameters: { shortAbandonSecs: shortAbandon },
    measures: [
      {
        id: "short_abandoned",
        label: "Short abandons",
        aggregate: {
          fn: "count",
          where: { all: [abandoned, { column: "wait_secs", lt: { param: "shortAbandonSecs" } }] },
        },
        format: "count",
        goodDirection: "down",
        definition:
          "Counts abandoned calls whose caller hung up less than the short-abandon threshold (default 5 s) after entering the queue, on the local day the call arrived; they are included in calls abandoned and shown apart here.",
      },
    ],
  }),
  report(fact, {
    ...meta(
      "Service level",
      "Share of calls answered within the threshold.",
      "industry definition (service level, short abandons excluded)",
    ),
    id: "calls.service_level",
    shape: "kpi",
    parameters: { serviceLevelSecs: serviceLevel, shortAbandonSecs: shortAbandon },
    measures: [
      {
        id: "service_level",
        label: "Service level",
        aggregate: {
          fn: "ratio",
          numerator: {
            fn: "count",
            where: { all: [answered, { column: "wait_secs", lte: { param: "serviceLevelSecs" } }] },
          },
          denominator: {
            fn: "count",
            where: {
              any: [answered, { all: [abandoned, { column: "wait_secs", gte: { param: "shortAbandonSecs" } }] }],
            },
          },
          scale: 100,
        },
        format: "percent",
        goodDirection: "up",
        definition:
          "Calls answered within the threshold (default 20 s of queue wait) as a percentage (0-100) of answered calls plus calls abandoned after the short-abandon threshold (default 5 s): SL = answered within T / (answered + abandoned - short abandons) x 100; voice-menu-only and ghost calls are in neither part.",
      },
    ],
  }),
  kpi(
    fact,
    "calls.talk_time",
    meta("Talk time", "Average conversation time of answered calls.", "industry definition (average talk time)"),
    {
      id: "talk_time",
      label: "Talk time",
      aggregate: { fn: "avg", value: { column: "talk_secs" }, where: answered },
      format: "duration",
      goodDirection: "neutral",
      definition:
        "Average seconds an agent talked with the caller on answered calls, from pick-up to hang-up without hold or after-call work; unanswered calls are excluded.",
      stats: true,
    },
  ),
  kpi(fact, "calls.csat", meta("CSAT", "Average satisfaction on a 1-5 scale.", "industry definition (CSAT)"), csat),
  kpi(
    fact,
    "calls.csat_satisfied",
    meta("Satisfied callers", "Share of 4 and 5 answers.", "industry definition (CSAT as share of 4-5)"),
    {
      id: "csat_satisfied",
      label: "Satisfied (4-5)",
      aggregate: {
        fn: "ratio",
        numerator: { fn: "count", where: { column: "csat", gte: 4 } },
        denominator: { fn: "count", where: { column: "csat", isNull: false } },
        scale: 100,
      },
      format: "percent",
      goodDirection: "up",
      definition:
        "Satisfaction answers of 4 or 5 as a percentage (0-100) of all answers on the 1-5 scale for calls that arrived in the period; calls without an answer are excluded.",
    },
  ),
  kpi(
    fact,
    "calls.resolution_rate",
    meta("Resolution rate", "Answered calls resolved.", "industry definition (first-contact resolution)"),
    resolution,
  ),
  report(fact, {
    ...meta("Calls by queue", "Calls offered per queue.", "industry definition"),
    id: "calls.by_queue",
    shape: "ranking",
    measures: [offered],
    dimension: { label: "Queue", column: "queue", limit: 20 },
  }),
  report(fact, {
    ...meta("Calls by topic", "Calls offered per topic.", "industry definition"),
    id: "calls.by_topic",
    shape: "ranking",
    measures: [offered],
    dimension: { label: "Topic", column: "topic", limit: 20 },
  }),
  report(fact, {
    ...meta("Resolution by topic", "Resolution rate per topic.", "industry definition"),
    id: "calls.resolution_by_topic",
    shape: "table",
    measures: [answeredCount, resolution],
    dimension: { label: "Topic", column: "topic" },
  }),
  report(fact, {
    ...meta("Calls offered by weekday and hour", "When calls arrive.", "industry definition"),
    id: "calls.heatmap",
    shape: "heatmap",
    measures: [offered],
  }),
  report(fact, {
    ...meta("Agents", `Calls, AHT, CSAT and resolution rate per agent.${ROSTER_NOTE}`, "industry definition"),
    id: "calls.agents",
    shape: "table",
    measures: [answeredCount, handle, csat, resolution],
    dimension: {
      label: "Agent",
      column: "agent_id",
      labelFrom: { table: "agents", key: "agent_id", column: "username" },
      roster: agentRoster,
    },
  }),
];
