import { describe, expect, it } from "vitest";
import {
  builtinDefinitions,
  createRegistry,
  defaultRegistry,
  parseQuery,
  type ReportError,
  resolvePeriod,
} from "../src/index";

const base = builtinDefinitions[4]; // calls.asa
// biome-ignore lint/suspicious/noExplicitAny: tests break definitions on purpose, field by field
type Loose = Record<string, any>;
const clone = (patch: (d: Loose) => void) => {
  const d = structuredClone(base) as Loose;
  patch(d);
  return d;
};
const failure = (defs: unknown[]) => {
  try {
    createRegistry(defs);
  } catch (e) {
    return e as ReportError;
  }
  throw new Error("expected the registry to reject the definitions");
};

describe("registry validation", () => {
  it("a summary must name a known table and column and repeat the report's measures", () => {
    const checks = () => structuredClone(defaultRegistry().get("quality_checks.checks")) as Loose;
    const noTable = checks();
    noTable.summary.table = "nope";
    expect(failure([noTable]).message).toMatch(/summary\.table/);
    const noColumn = checks();
    noColumn.summary.measures[2].aggregate.value.column = "nope";
    expect(failure([noColumn]).message).toMatch(/summary\.measures\.2\.aggregate/);
    const renamed = checks();
    renamed.summary.measures[0].label = "Something else";
    expect(failure([renamed]).message).toMatch(/summary\.measures: must have the report's measures/);
    const noSample = checks();
    delete noSample.summary.sample;
    expect(failure([noSample]).message).toMatch(/summary\.sample/);
  });

  it("a countFirstSeen reads a TIMESTAMP column, in a kpi or an unsplit timeseries only", () => {
    const active = () => structuredClone(defaultRegistry().get("contacts.active")) as Loose;
    const notTime = active();
    notTime.summary.measures[0].aggregate.previous = "contact_id";
    expect(failure([notTime]).message).toMatch(
      /summary\.measures\.0\.aggregate\.previous: "contact_id" is not a TIMESTAMP column of contact_message_quarters/,
    );
    const ranking = active();
    ranking.shape = "ranking";
    ranking.dimension = { label: "Campaign", column: "campaign_id" };
    ranking.summary.dimension = { label: "Contact", column: "contact_id" };
    expect(failure([ranking]).message).toMatch(/summary\.measures\.0\.aggregate: a countFirstSeen is read by a kpi/);
    const beside = structuredClone(defaultRegistry().get("performance.messages_per_conversation")) as Loose;
    beside.summary.measures[0].aggregate.numerator = { fn: "avg", value: { column: "messages" } };
    expect(failure([beside]).message).toMatch(
      /summary\.measures\.0\.aggregate: beside a countFirstSeen, measures are counts, sums, countFirstSeen or ratios/,
    );
    const sample = active();
    sample.sample = { fn: "count" };
    sample.summary.sample = { fn: "countFirstSeen", previous: "previous_quarter" };
    expect(failure([sample]).message).toMatch(/summary\.sample: a sample size cannot be a countFirstSeen/);
  });

  it("loads the built-in catalogue", () => {
    const ids = defaultRegistry()
      .list()
      .map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.slice(0, 6)).toEqual([
      "calls.offered",
      "calls.answered",
      "calls.abandoned",
      "calls.abandonment_rate",
      "calls.asa",
      "calls.aht",
    ]);
  });
  it("rejects duplicate ids", () => {
    expect(failure([base, base]).message).toBe('definitions[1] (calls.asa) id: duplicate report id "calls.asa"');
  });
  it("names the path of an unknown column", () => {
    const e = failure([clone((d) => (d.measures[0].aggregate.value.column = "wait"))]);
    expect(e.code).toBe("invalid_definition");
    expect(e.message).toBe(
      'definitions[0] (calls.asa) measures.0.aggregate.value.column: unknown column "wait" in calls',
    );
  });
  it("rejects a non-numeric average, an unknown table and a bad format", () => {
    expect(failure([clone((d) => (d.measures[0].aggregate.value.column = "queue"))]).message).toMatch(
      /measures\.0\.aggregate\.value\.column: "queue" is not numeric/,
    );
    expect(failure([clone((d) => (d.table = "calz"))]).message).toMatch(/ table: unknown canonical table "calz"/);
    expect(failure([clone((d) => (d.measures[0].format = "minutes"))]).path).toBe("measures.0.format");
    expect(failure([clone((d) => (d.measures[0].aggregate.where = { column: "nope", equals: true }))]).path).toBe(
      "measures.0.aggregate.where.column",
    );
  });
  it("insists on a definition sentence", () => {
    expect(failure([clone((d) => (d.measures[0].definition = "Average wait."))]).path).toBe("measures.0.definition");
  });
  it("throws unknown_report for a missing id", () => {
    expect(() => defaultRegistry().get("calls.nope")).toThrow(expect.objectContaining({ code: "unknown_report" }));
  });
});

describe("queries", () => {
  const now = Date.parse("2026-11-21T10:00:00Z");
  it("resolves periodDays against today in the zone, with the previous window of equal length", () => {
    const p = resolvePeriod(parseQuery({ periodDays: 7 }), now, "UTC");
    expect(p).toEqual({
      from: "2026-11-15",
      to: "2026-11-21",
      previousFrom: "2026-11-08",
      previousTo: "2026-11-14",
      timezone: "UTC",
      label: "last 7 days",
      grain: "day",
    });
  });
  it("uses the seed's default of 30 days and honours asOf", () => {
    const p = resolvePeriod(parseQuery({ asOf: "1999-02-28" }), now, "UTC");
    expect(p).toMatchObject({
      from: "1999-01-30",
      to: "1999-02-28",
      previousTo: "1999-01-29",
      label: "30 days to 1999-02-28",
    });
  });
  it("reports bad fields by path", () => {
    const bad = (q: unknown) => {
      try {
        resolvePeriod(parseQuery(q), now, "UTC");
      } catch (e) {
        return (e as ReportError).path;
      }
    };
    expect(bad({ from: "1999-02-30", to: "1999-03-01" })).toBe("from");
    expect(bad({ from: "1999-02-03", to: "1999-02-01" })).toBe("from");
    expect(bad({ from: "1999-02-03" })).toBe("to");
    expect(bad({ timezone: "Mars/Olympus" })).toBe("timezone");
    expect(bad({ periodDays: 0 })).toBe("periodDays");
    expect(bad({ filters: { skill: ["x"] } })).toMatch(/^filters/);
    expect(bad({ foo: "x" })).toBe("");
    expect(bad({ userId: "your-user-id", periodDays: 30 })).toBeUndefined(); // the seed-001 body
  });
});
