/**
 * Validation of interval facts, other facts and time averages (the staffing report's features), and
 * a report's default grain.
 */
import { describe, expect, it } from "vitest";
import { builtinDefinitions, createRegistry, parseQuery, type ReportError, resolvePeriod } from "../src/index";

const staffing = builtinDefinitions.find((d) => d.id === "staffing.agents_vs_chats");
// biome-ignore lint/suspicious/noExplicitAny: tests break definitions on purpose, field by field
type Loose = Record<string, any>;
const broken = (patch: (d: Loose) => void) => {
  const d = structuredClone(staffing) as Loose;
  patch(d);
  try {
    createRegistry([d]);
  } catch (e) {
    return (e as ReportError).message;
  }
  throw new Error("expected the registry to reject the definition");
};
const prefix = "definitions[0] (staffing.agents_vs_chats)";

describe("facts, intervals and time averages in definitions", () => {
  it("accepts the staffing report", () => {
    expect(createRegistry([staffing]).list()).toHaveLength(1);
  });

  it("rejects an aggregate over a fact the report does not have", () => {
    expect(broken((d) => (d.measures[1].aggregate.fact = "offline"))).toBe(
      `${prefix} measures.1.aggregate.fact: no fact "offline" among the report's facts`,
    );
  });

  it("checks columns in the fact an aggregate reads: the merged intervals' columns only", () => {
    expect(broken((d) => (d.measures[2].aggregate.column = "campaign_id"))).toBe(
      `${prefix} measures.2.aggregate.column: unknown column "campaign_id" in agent_states`,
    );
    expect(broken((d) => (d.measures[2].aggregate.column = "channel"))).toMatch(/"channel" in agent_states$/);
  });

  it("checks the intervals: a TIMESTAMP end, known columns", () => {
    expect(broken((d) => (d.facts.online.intervals.end = "duration_secs"))).toBe(
      `${prefix} facts.online.intervals.end: "duration_secs" is not a TIMESTAMP column of agent_states`,
    );
    expect(broken((d) => (d.facts.online.intervals.mergeBy = ["agent"]))).toMatch(
      /facts\.online\.intervals\.mergeBy\.0: unknown column "agent" in agent_states$/,
    );
    expect(broken((d) => (d.facts.online.intervals.prefer.column = "source_id"))).toMatch(
      /facts\.online\.intervals\.prefer\.column: unknown column "source_id"/,
    );
  });

  it("needs every filter to apply to every fact", () => {
    expect(broken((d) => d.filters.push("queue"))).toBe(
      `${prefix} filters.1: filter "queue" does not apply to conversations (filters.ts)`,
    );
    expect(broken((d) => d.filters.push("intent"))).toBe(
      `${prefix} filters.1: filter "intent" does not apply to agent_states (filters.ts)`,
    );
  });

  it("keeps time averages whole and other facts and intervals in unsplit timeseries", () => {
    expect(
      broken((d) => {
        const [chats, mean] = d.measures;
        const aggregate = { fn: "ratio", numerator: chats.aggregate, denominator: mean.aggregate, scale: 1 };
        d.measures.push({ ...chats, id: "chats_per_agent", aggregate });
      }),
    ).toBe(
      `${prefix} measures.3.aggregate.denominator.fn: a timeAverage is a measure's whole aggregate, not part of a ratio or sample`,
    );
    expect(broken((d) => (d.dimension = { label: "Campaign", column: "campaign_id" }))).toBe(
      `${prefix} facts: other facts are read by a timeseries without a dimension or peak only`,
    );
    expect(
      broken((d) => {
        d.shape = "kpi";
        d.measures = [d.measures[1]];
        d.facts = undefined;
        d.measures[0].aggregate.fact = undefined;
        d.table = "agent_states";
        d.timeColumn = "time_start";
        d.intervals = staffing?.facts?.online?.intervals;
      }),
    ).toBe(`${prefix} intervals: an interval fact is read by a timeseries only`);
  });
});

describe("a report's default grain", () => {
  const now = Date.parse("2026-11-21T10:00:00Z");
  const grain = (q: unknown, fallback: "hour" | "day") => resolvePeriod(parseQuery(q), now, "UTC", fallback).grain;
  it("applies when the query names none, hourly up to 93 days", () => {
    expect(grain({ periodDays: 93 }, "hour")).toBe("hour");
    expect(grain({ periodDays: 94 }, "hour")).toBe("day");
    expect(grain({ from: "2026-01-01", to: "2026-04-03" }, "hour")).toBe("hour"); // 93 days
    expect(grain({ from: "2026-01-01", to: "2026-04-04" }, "hour")).toBe("day");
    expect(grain({ periodDays: 7 }, "day")).toBe("day");
  });
  it("gives way to the query's grain", () => {
    expect(grain({ periodDays: 7, grain: "week" }, "hour")).toBe("week");
    expect(grain({ periodDays: 7, grain: "hour" }, "day")).toBe("hour");
  });
});
