/**
 * What a probe of the server found in query parsing (issue 11), each refused with the path of the
 * field: parameters named after Object.prototype's members, `__proto__` keys (which JSON.parse
 * makes own properties and zod's records drop), dates outside the warehouse's years, an hourly grain
 * over more than 93 days named by from/to, results of too many series or points, and bodies nested
 * too deep or too large.
 */
import { describe, expect, it } from "vitest";
import {
  checkUntrusted,
  defaultRegistry,
  MAX_DEPTH,
  MAX_POINTS,
  MAX_SERIES,
  parseQuery,
  planReport,
  ReportError,
  resolvePeriod,
} from "../src/index";

const NOW = Date.parse("2026-10-28T12:00:00Z");
const plan = (id: string, body: unknown) => planReport(defaultRegistry().get(id), body, { now: NOW });
const refused = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    if (e instanceof ReportError) return { code: e.code, path: e.path, message: e.message };
    throw e;
  }
  throw new Error("expected a ReportError");
};

describe("parameters", () => {
  it.each(["constructor", "toString", "hasOwnProperty", "valueOf"])("%s is not a parameter of any report", (name) => {
    for (const id of ["calls.offered", "calls.service_level"]) {
      const r = refused(() => plan(id, JSON.parse(`{"parameters": {"${name}": 5}}`)));
      expect(r).toMatchObject({ code: "invalid_query", path: `parameters.${name}` });
      expect(r.message).toContain(id);
    }
  });
  it("names must look like parameter names; values must be numbers", () => {
    expect(refused(() => parseQuery({ parameters: { "a b": 1 } })).path).toBe("parameters.a b");
    expect(refused(() => parseQuery({ parameters: { serviceLevelSecs: "30" } })).path).toBe(
      "parameters.serviceLevelSecs",
    );
    expect(plan("calls.service_level", { parameters: { serviceLevelSecs: 30 } }).query.parameters).toEqual({
      serviceLevelSecs: 30,
    });
  });
});

describe("__proto__ keys are refused, never dropped", () => {
  it.each([
    ['{"filters": {"__proto__": ["x"]}}', "filters.__proto__"],
    ['{"parameters": {"__proto__": 5}}', "parameters.__proto__"],
    ['{"__proto__": {"periodDays": 3}}', "__proto__"],
    ['{"filters": {"queue": ["a"], "__proto__": {"queue": ["b"]}}}', "filters.__proto__"],
  ])("%s", (text, path) => {
    expect(refused(() => plan("calls.offered", JSON.parse(text)))).toMatchObject({ code: "invalid_query", path });
  });
  it("unknown keys are errors at every level", () => {
    expect(refused(() => parseQuery({ filtres: {} })).message).toMatch(/filtres/);
    expect(refused(() => parseQuery({ filters: { skill: ["x"] } })).path).toBe("filters");
    expect(refused(() => parseQuery({ filters: { constructor: ["x"] } })).path).toBe("filters");
  });
});

describe("dates", () => {
  it.each([
    [{ from: "2026-10-01", to: "9999-12-31" }, "to"],
    [{ from: "0001-01-01", to: "2026-10-01" }, "from"],
    [{ asOf: "9999-12-31" }, "asOf"],
    [{ asOf: "2100-01-01" }, "asOf"],
    [{ asOf: "1969-12-31" }, "asOf"],
    [{ from: "1970-01-01", to: "1970-01-31" }, "from"], // the previous period would start in 1969
    [{ asOf: "1970-01-10", periodDays: 30, compare: "none" }, "asOf"],
    [{ from: "2026-02-29", to: "2026-03-01" }, "from"],
    [{ from: "2026-10-01T00:00", to: "2026-10-02" }, "from"],
  ])("%o is refused naming %s", (q, path) => {
    expect(refused(() => plan("calls.offered", q))).toMatchObject({ code: "invalid_query", path });
  });
  it("the first and last days the warehouse holds are allowed", () => {
    expect(plan("calls.offered", { from: "1970-01-01", to: "1970-01-31", compare: "none" }).period.from).toBe(
      "1970-01-01",
    );
    expect(plan("calls.offered", { asOf: "2099-12-31", timezone: "Pacific/Kiritimati" }).period.to).toBe("2099-12-31");
    expect(plan("calls.offered", { from: "2099-12-01", to: "2099-12-31", timezone: "Etc/GMT+12" }).period.to).toBe(
      "2099-12-31",
    );
  });
});

describe("result size", () => {
  it("an hourly grain covers at most 93 days, whether periodDays or from/to names them", () => {
    expect(refused(() => plan("calls.offered", { periodDays: 94, grain: "hour" })).path).toBe("grain");
    expect(refused(() => plan("calls.offered", { from: "2016-01-01", to: "2026-01-01", grain: "hour" })).path).toBe(
      "grain",
    );
    expect(refused(() => plan("calls.offered", { from: "2026-01-01", to: "2026-04-04", grain: "hour" })).path).toBe(
      "grain",
    );
    expect(plan("calls.offered", { from: "2026-01-01", to: "2026-04-03", grain: "hour" }).period.grain).toBe("hour");
    // A report hourly by default falls back to days past 93 days, as before.
    expect(
      plan("staffing.agents_vs_chats", { from: "2026-01-01", to: "2026-12-31", compare: "none" }).period.grain,
    ).toBe("day");
  });
  it("a split timeseries has at most 100 series and every timeseries at most 100,000 points", () => {
    expect(MAX_SERIES).toBe(100);
    expect(MAX_POINTS).toBe(100_000);
    const id = "agents.conversations_daily";
    expect(refused(() => plan(id, { limit: 101 })).path).toBe("limit");
    expect(plan(id, { limit: 100, periodDays: 1000 }).period.grain).toBe("day"); // 100 x 1000
    expect(refused(() => plan(id, { limit: 30, periodDays: 3660 })).path).toBe("grain"); // 30 x 3660
    expect(plan(id, { limit: 30, periodDays: 3660, grain: "week" }).period.grain).toBe("week");
    expect(plan(id, { periodDays: 3660 }).period.grain).toBe("day"); // default 20 series x 3660 days
  });
  it("resolvePeriod keeps its rules for direct callers", () => {
    const q = parseQuery({ from: "2026-01-01", to: "2026-06-01", grain: "hour" });
    expect(refused(() => resolvePeriod(q, NOW, "UTC")).path).toBe("grain");
  });
});

describe("bodies", () => {
  const nested = (depth: number) => {
    let v: unknown = "x";
    for (let i = 0; i < depth; i++) v = { a: v };
    return v;
  };
  it("too deep: refused with the path where it gets too deep, without overflowing the stack", () => {
    expect(refused(() => plan("calls.offered", { junk: nested(100_000) }))).toMatchObject({
      code: "invalid_query",
      path: `junk${".a".repeat(MAX_DEPTH - 1)}`,
    });
    expect(() => checkUntrusted(nested(MAX_DEPTH - 1))).not.toThrow();
  });
  it("too many values: refused before zod walks them", () => {
    const r = refused(() => plan("calls.offered", { filters: { queue: Array.from({ length: 300_000 }, () => "q") } }));
    expect(r.path).toBe("filters.queue");
    expect(r.message).toMatch(/more than 200,000 values/);
  });
  it("filter values: at most 1000 of at most 200 characters, no control characters or lone surrogates", () => {
    expect(
      refused(() => parseQuery({ filters: { queue: Array.from({ length: 1001 }, (_, i) => `q${i}`) } })).path,
    ).toBe("filters.queue");
    expect(refused(() => parseQuery({ filters: { queue: ["q".repeat(201)] } })).path).toBe("filters.queue.0");
    expect(refused(() => parseQuery({ filters: { agent: ["a\u0000"] } })).path).toBe("filters.agent.0");
    expect(refused(() => parseQuery({ filters: { agent: ["ok", "\ud800"] } })).path).toBe("filters.agent.1");
    expect(refused(() => parseQuery({ filters: { agent: [] } })).path).toBe("filters.agent");
    expect(parseQuery({ filters: { topic: ["Überweisung 💸", "\u202eevil"] } }).filters.topic).toHaveLength(2);
  });
});
