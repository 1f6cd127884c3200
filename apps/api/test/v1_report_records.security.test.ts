/**
 * Hostile values sent to `POST /api/v1/report/{id}/records` over HTTP on 127.0.0.1, as raw bodies:
 * SQL-like strings in every filter and selector field, path traversal, oversized arrays and strings,
 * deeply nested bodies, NUL and odd Unicode, `__proto__` keys, impossible dates and zones. Each is
 * refused with 400 and the field's path, or bound as a parameter (the figure then has no record);
 * no value reaches SQL as text (every statement the server ran is recorded and searched); the
 * server stays up and logs no unexpected error. Authentication is added to every route by the
 * app's middleware (issue 11), not here.
 */
import { encodeCursor } from "@tallyline/report-defs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ErrorJson, errorPath, httpApp } from "./http-harness";

let t: Awaited<ReturnType<typeof httpApp>>;
beforeAll(async () => {
  t = await httpApp();
});
afterAll(() => t.close());

const W = { from: "1999-02-01", to: "1999-02-03", timezone: "UTC" };
const SQL = "x'); DROP TABLE calls; --";
const nest = (depth: number, inner: string) => `${"[".repeat(depth)}${inner}${"]".repeat(depth)}`;
const nestObjects = (depth: number) => `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;

interface Case {
  readonly name: string;
  readonly report?: string;
  /** The body, as JSON text or a value to serialise. */
  readonly body: string | object;
  /** 400 with this path (undefined: the body itself), 404 for an unknown report, or 200 with this total. */
  readonly expect: { status: 400; path: string | undefined } | { status: 404 } | { status: 200; total: number };
}
const refused = (path: string | undefined) => ({ status: 400, path }) as const;
const bound = (total = 0) => ({ status: 200, total }) as const;

const CASES: Case[] = [
  // SQL-like strings in every filter: bound as parameters, or refused by the outcome's values.
  ...(["campaign", "agent", "queue", "topic", "check"] as const).map((f) => ({
    name: `SQL in filters.${f}`,
    body: { query: { ...W, filters: { [f]: [SQL] } } },
    expect: bound(),
  })),
  ...(["channel", "language", "intent"] as const).map((f) => ({
    name: `SQL in filters.${f}`,
    report: "chatbot.top_intents",
    body: { query: { ...W, filters: { [f]: [SQL] } } },
    expect: bound(),
  })),
  {
    name: "SQL in filters.outcome",
    body: { query: { ...W, filters: { outcome: [SQL] } } },
    expect: refused("query.filters.outcome.0"),
  },
  // Every selector field.
  {
    name: "SQL in selector.key",
    report: "calls.by_queue",
    body: { query: W, selector: { key: SQL } },
    expect: bound(),
  },
  {
    name: "SQL in selector.measure",
    body: { query: W, selector: { measure: SQL } },
    expect: refused("selector.measure"),
  },
  {
    name: "SQL in selector.bucket",
    body: { query: W, selector: { bucket: "1999-02-01' --" } },
    expect: refused("selector.bucket"),
  },
  { name: "long selector.bucket", body: { query: W, selector: { bucket: SQL } }, expect: refused("selector.bucket") },
  {
    name: "SQL in selector.cell",
    report: "calls.heatmap",
    body: `{"query":{"from":"1999-02-01","to":"1999-02-03"},"selector":{"cell":{"weekday":"1 OR 1=1","hour":8}}}`,
    expect: refused("selector.cell.weekday"),
  },
  {
    name: "SQL in selector.previous",
    body: { query: W, selector: { previous: "true OR 1=1" } },
    expect: refused("selector.previous"),
  },
  { name: "SQL as the cursor", body: { query: W, cursor: SQL }, expect: refused("cursor") },
  {
    name: "SQL inside a well-formed cursor",
    body: { query: W, cursor: encodeCursor({ kind: "call", micros: 0, ids: [SQL] }) },
    expect: bound(9),
  },
  { name: "SQL as the page size", body: { query: W, limit: "50; DROP TABLE calls" }, expect: refused("limit") },
  // Path traversal.
  {
    name: "traversal in a filter value",
    body: { query: { ...W, filters: { queue: ["../../../../etc/passwd"] } } },
    expect: bound(),
  },
  {
    name: "traversal as a zone",
    body: { query: { ...W, timezone: "../../../../etc/localtime" } },
    expect: refused("query.timezone"),
  },
  {
    name: "traversal in a selector key",
    report: "calls.by_queue",
    body: { query: W, selector: { key: "..\\..\\windows\\win.ini" } },
    expect: bound(),
  },
  // Oversized arrays and strings.
  {
    name: "1001 filter values",
    body: { query: { ...W, filters: { queue: Array.from({ length: 1001 }, (_, i) => `q${i}`) } } },
    expect: refused("query.filters.queue"),
  },
  {
    name: "250,000 filter values",
    body: { query: { ...W, filters: { agent: Array.from({ length: 250_000 }, () => "a") } } },
    expect: refused("query.filters.agent"),
  },
  {
    name: "a 10,000-character filter value",
    body: { query: { ...W, filters: { topic: ["t".repeat(10_000)] } } },
    expect: refused("query.filters.topic.0"),
  },
  {
    name: "a 201-character key",
    report: "calls.by_queue",
    body: { query: W, selector: { key: "k".repeat(201) } },
    expect: refused("selector.key"),
  },
  // Deeply nested bodies.
  {
    name: "10,000 nested arrays in a filter",
    body: `{"query":{"filters":{"queue":${nest(10_000, '"PS"')}}}}`,
    expect: refused("query.filters.queue.0"),
  },
  {
    name: "5,000 nested objects as the key",
    report: "calls.by_queue",
    body: `{"selector":{"key":${nestObjects(5000)}}}`,
    expect: refused("selector.key"),
  },
  {
    name: "100,000 nested arrays in an unknown field",
    body: `{"junk":${nest(100_000, "1")}}`,
    expect: refused(undefined),
  },
  // NUL and odd Unicode.
  {
    name: "NUL in a filter value",
    body: { query: { ...W, filters: { queue: ["PS\u0000"] } } },
    expect: refused("query.filters.queue.0"),
  },
  {
    name: "NUL as the key",
    report: "calls.by_queue",
    body: { query: W, selector: { key: "\u0000" } },
    expect: refused("selector.key"),
  },
  {
    name: "a lone surrogate in a filter value",
    body: `{"query":{"filters":{"queue":["\\ud800"]}}}`,
    expect: refused("query.filters.queue.0"),
  },
  {
    name: "right-to-left override, zero-width joiner and emoji",
    body: { query: { ...W, filters: { topic: ["\u202eevil\u200d💸"] } } },
    expect: bound(),
  },
  {
    name: "a newline in a key",
    report: "calls.by_queue",
    body: { query: W, selector: { key: "PS\n" } },
    expect: refused("selector.key"),
  },
  // __proto__ keys.
  { name: "__proto__ at the top", body: `{"__proto__":{"limit":1}}`, expect: refused(undefined) },
  {
    name: "__proto__ among filters",
    body: `{"query":{"filters":{"__proto__":["PS"]}}}`,
    expect: refused("query.filters"),
  },
  {
    name: "__proto__ among parameters",
    body: `{"query":{"parameters":{"__proto__":5}}}`,
    expect: refused("query.parameters.__proto__"),
  },
  {
    name: "constructor as a parameter",
    body: `{"query":{"parameters":{"constructor":5}}}`,
    expect: refused("query.parameters.constructor"),
  },
  { name: "__proto__ in the selector", body: `{"selector":{"__proto__":{"key":"PS"}}}`, expect: refused("selector") },
  // Impossible dates and zones.
  { name: "February 30th", body: { query: { from: "1999-02-30", to: "1999-03-01" } }, expect: refused("query.from") },
  { name: "the year 9999", body: { query: { from: "1999-02-01", to: "9999-12-31" } }, expect: refused("query.to") },
  { name: "the year 0", body: { query: { asOf: "0000-01-01" } }, expect: refused("query.asOf") },
  {
    name: "a date with a time",
    body: { query: { from: "1999-02-01T00:00:00Z", to: "1999-02-03" } },
    expect: refused("query.from"),
  },
  { name: "an unknown zone", body: { query: { ...W, timezone: "Mars/Olympus" } }, expect: refused("query.timezone") },
  { name: "SQL as a zone", body: { query: { ...W, timezone: SQL } }, expect: refused("query.timezone") },
  { name: "an empty zone", body: { query: { ...W, timezone: "" } }, expect: refused("query.timezone") },
  { name: "a period of 1e308 days", body: { query: { periodDays: 1e308 } }, expect: refused("query.periodDays") },
  { name: "a period of -1 days", body: { query: { periodDays: -1 } }, expect: refused("query.periodDays") },
  {
    name: "an hourly grain over ten years",
    body: { query: { from: "1990-01-01", to: "1999-12-31", grain: "hour" } },
    expect: refused("query.grain"),
  },
  // Ids.
  { name: "traversal as the report id", report: "..%2F..%2Fetc%2Fpasswd", body: {}, expect: { status: 404 } },
  { name: "NUL in the report id", report: "calls.offered%00", body: {}, expect: { status: 404 } },
];

describe("hostile values", () => {
  it("there are at least 30", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
  });

  it.each(CASES.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const res = await t.post(`/api/v1/report/${c.report ?? "calls.offered"}/records`, c.body);
    expect(res.status).toBe(c.expect.status);
    const body = (await res.json()) as ErrorJson & { total?: number };
    if (c.expect.status === 400) {
      expect(body.error.code).toBe("invalid_query");
      expect(errorPath(body)).toBe(c.expect.path);
    } else if (c.expect.status === 404) {
      expect(body.error.code).toBe("unknown_report");
    } else {
      expect(body.total).toBe(c.expect.total);
    }
    // The server is still up and answers a plain request.
    const ok = await t.post("/api/v1/report/calls.offered/records", { query: W, limit: 1 });
    expect(ok.status).toBe(200);
  });

  it("no value reached SQL as text", () => {
    expect(t.sql.length).toBeGreaterThan(40);
    for (const needle of ["DROP TABLE", "../", "etc/passwd", "win.ini", "\u202e", "💸", "OR 1=1"])
      expect(
        t.sql.filter((s) => s.includes(needle)),
        needle,
      ).toEqual([]);
  });

  it("logged no unexpected error: nothing answered 500", () => {
    expect(t.errors).toEqual([]);
  });
});
