/**
 * Filters as compiled: every report x every filter either changes the SQL's predicates (the value
 * bound as a parameter, never in the SQL text) or is refused with an error naming the filter and
 * the report; the targets of filters.ts name real columns; summaries serve only the filters they
 * apply; segments' filters follow the same rules.
 */
import { columnSpec } from "@tallyline/warehouse/schema";
import { describe, expect, it } from "vitest";
import {
  applySegment,
  compile,
  defaultRegistry,
  FILTER_NAMES,
  FILTER_TARGETS,
  filtersFor,
  parseQuery,
  parseSegmentFilters,
  planReport,
  ReportError,
  segmentProblems,
} from "../src/index";
import { summaryDefinition } from "../src/registry";

const NOW = Date.parse("2026-10-28T12:00:00Z");
const Q = { from: "2026-10-01", to: "2026-10-28", timezone: "Europe/Amsterdam" };
const SENTINEL = "x') OR 1=1 --";
const sample = (f: string) => (f === "outcome" ? "ivr" : SENTINEL);

const thrown = (fn: () => unknown): ReportError => {
  try {
    fn();
  } catch (e) {
    if (e instanceof ReportError) return e;
    throw e;
  }
  throw new Error("expected a ReportError");
};

describe("every report x every filter", () => {
  const defs = defaultRegistry().list();
  const cases = defs.flatMap((def) => FILTER_NAMES.map((f) => [def.id, f] as const));

  it.each(cases)("%s filtered by %s: changes the predicates or is refused", (id, f) => {
    const def = defaultRegistry().get(id);
    const query = { ...Q, filters: { [f]: [sample(f)] } };
    if (def.filters.includes(f)) {
      const plan = planReport(def, query, { now: NOW });
      const filtered = plan.compiled;
      expect(filtered.sql).not.toContain("OR 1=1");
      if (f !== "outcome") expect(filtered.params).toContain(SENTINEL);
      // The same reading (the fact, or a summary that applies the filter) without the filter: the
      // filtered statement has more predicates, and more parameters unless it is an outcome.
      const read = plan.summary && def.summary ? summaryDefinition(def, def.summary) : def;
      // A filter other than campaign or agent drops a dimension's roster (compile.ts withRoster):
      // compare with the same reading without it.
      const dim = read.dimension;
      const reading =
        dim?.roster && f !== "campaign" && f !== "agent"
          ? {
              ...read,
              dimension: {
                label: dim.label,
                ...(dim.column ? { column: dim.column } : {}),
                ...(dim.labelFrom ? { labelFrom: dim.labelFrom } : {}),
                ...(dim.limit ? { limit: dim.limit } : {}),
              },
            }
          : read;
      const plain = compile(reading, parseQuery(Q), plan.period);
      const shape = (sql: string) => sql.replace(/\$\d+/g, "$");
      expect(filtered.sql).not.toBe(plain.sql);
      expect(shape(filtered.sql).length).toBeGreaterThan(shape(plain.sql).length);
      if (f !== "outcome") expect(filtered.params.length).toBeGreaterThan(plain.params.length);
    } else {
      const e = thrown(() => planReport(def, query, { now: NOW }));
      expect(e.code).toBe("invalid_query");
      expect(e.path).toBe(`filters.${f}`);
      expect(e.message).toContain(def.id);
      expect(e.message).toContain(f);
    }
  });

  it("reports take every filter their facts allow (filtersFor), the staffing view only campaign", () => {
    for (const def of defs) {
      const tables = [def.table, ...Object.values(def.facts ?? {}).map((x) => x.table)];
      const expected = def.id.startsWith("staffing.") ? ["campaign"] : filtersFor(...tables);
      expect(def.filters, def.id).toEqual(expected);
    }
    // A few by hand, so that the derivation cannot be wrong unnoticed.
    const of = (id: string) => defaultRegistry().get(id).filters;
    expect(of("calls.asa")).toEqual(["campaign", "agent", "queue", "topic", "outcome", "check", "call"]);
    expect(of("quality_checks.pass_rate")).toEqual(["campaign", "agent", "queue", "topic", "outcome", "check", "call"]);
    const chat = ["campaign", "agent", "channel", "language", "intent", "conversation", "team", "label"];
    expect(of("engagement.conversations")).toEqual(chat);
    expect(of("engagement.messages")).toEqual(chat);
    expect(of("quality.ratings")).toEqual(chat);
    expect(of("lifecycle.resolutions")).toEqual(chat);
    // The status history has no agent filter (a reopen's actor is the customer).
    expect(of("lifecycle.reopen_rate")).toEqual(chat.filter((f) => f !== "agent"));
    expect(of("contacts.new")).toEqual([]);
    expect(of("invites.funnel")).toEqual(["campaign"]);
  });
});

describe("filter targets", () => {
  it("name columns of the canonical tables", () => {
    for (const [table, targets] of Object.entries(FILTER_TARGETS)) {
      for (const [name, t] of Object.entries(targets)) {
        const at = `${table}.${name}`;
        if ("column" in t) expect(columnSpec(table, t.column), at).toBeDefined();
        else if ("via" in t) {
          expect(columnSpec(t.via.table, t.via.column), at).toBeDefined();
          for (const [theirs, mine] of Object.entries(t.via.on)) {
            expect(columnSpec(t.via.table, theirs), at).toBeDefined();
            expect(columnSpec(table, mine), at).toBeDefined();
          }
        } else {
          for (const c of ["answered", "abandoned"]) expect(columnSpec("calls", c), at).toBeDefined();
          for (const [theirs, mine] of Object.entries(t.outcome.through ?? {})) {
            expect(columnSpec("calls", theirs), at).toBeDefined();
            expect(columnSpec(table, mine), at).toBeDefined();
          }
        }
      }
    }
  });

  it("take only the three call outcomes", () => {
    expect(parseQuery({ filters: { outcome: ["answered", "abandoned", "ivr"] } }).filters.outcome).toHaveLength(3);
    expect(thrown(() => parseQuery({ filters: { outcome: ["answered", "maybe"] } })).path).toBe("filters.outcome.1");
  });
});

describe("summaries serve only the filters they apply", () => {
  const summary = (id: string, filters: object) =>
    planReport(defaultRegistry().get(id), { ...Q, filters }, { now: NOW }).summary;
  it("per-call quality figures read call_quality unless a check is asked for", () => {
    expect(summary("quality_checks.pass_rate", {})).toBe(true);
    expect(summary("quality_checks.pass_rate", { agent: ["a"], queue: ["q"], outcome: ["answered"] })).toBe(true);
    expect(summary("quality_checks.pass_rate", { check: ["c"] })).toBe(false);
    expect(summary("quality_checks.agents", { campaign: ["c"], check: ["c"] })).toBe(false);
  });
  it("per-check figures read check_quality without filters or with a check only", () => {
    expect(summary("quality_checks.checks", { check: ["c"] })).toBe(true);
    expect(summary("quality_checks.score_distribution", { check: ["c"] })).toBe(true);
    expect(summary("quality_checks.checks", { check: ["c"], agent: ["a"] })).toBe(false);
  });
  it("message and quarter-hour summaries serve no filter", () => {
    for (const f of ["campaign", "agent", "channel", "language", "intent"]) {
      expect(summary("engagement.messages", { [f]: ["v"] }), f).toBe(false);
      expect(summary("contacts.unique", { [f]: ["v"] }), f).toBe(false);
    }
  });
});

describe("segments", () => {
  const calls = defaultRegistry().get("calls.offered");
  const chats = defaultRegistry().get("engagement.conversations");
  const seg = (filters: object) => ({ id: "seg1", name: "Night queue", filters: parseSegmentFilters(filters) });

  it("parse like a query's filters, with the path of the bad value", () => {
    expect(parseSegmentFilters({ queue: ["NW"], outcome: ["abandoned"] })).toEqual({
      queue: ["NW"],
      outcome: ["abandoned"],
    });
    expect(thrown(() => parseSegmentFilters({ skill: ["x"] })).path).toBe("filters");
    expect(thrown(() => parseSegmentFilters(JSON.parse('{"__proto__": ["x"]}'))).path).toBe("filters.__proto__");
    expect(thrown(() => parseSegmentFilters({ queue: ["a\u0000b"] })).path).toBe("filters.queue.0");
    expect(thrown(() => parseSegmentFilters({})).message).toMatch(/at least one filter/);
  });

  it("name the segment, the filter and the report a segment cannot apply to", () => {
    const s = seg({ queue: ["NW"], campaign: ["c"] });
    expect(segmentProblems(calls, s.filters)).toEqual([]);
    expect(segmentProblems(chats, s.filters)).toEqual(["queue"]);
    const e = thrown(() => applySegment(chats, parseQuery(Q), s));
    expect(e.path).toBe("segmentId");
    expect(e.message).toContain('Segment "Night queue" (seg1)');
    expect(e.message).toContain("queue");
    expect(e.message).toContain("engagement.conversations");
    expect(thrown(() => planReport(chats, Q, { now: NOW, segment: s })).path).toBe("segmentId");
  });

  it("add to the query's filters: both apply, a filter both set keeps the values they share", () => {
    const s = seg({ queue: ["NW", "PS"], topic: ["billing"] });
    const merged = applySegment(calls, parseQuery({ ...Q, filters: { queue: ["PS", "TT"], agent: ["a"] } }), s);
    expect(merged.filters).toEqual({ queue: ["PS"], agent: ["a"], topic: ["billing"] });
    const none = applySegment(calls, parseQuery({ ...Q, filters: { queue: ["TT"] } }), s);
    expect(none.filters.queue).toEqual([]);
    // A segment changes the plan (and its cache key): its filters reach the SQL as parameters.
    const plain = planReport(calls, Q, { now: NOW });
    const withSegment = planReport(calls, Q, { now: NOW, segment: s });
    expect(withSegment.compiled.params).toEqual(expect.arrayContaining(["NW", "PS", "billing"]));
    expect(plain.compiled.params).not.toContain("NW");
  });
});
