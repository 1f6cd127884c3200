/**
 * Hostile values sent to `POST /api/v1/reports/batch` over HTTP on 127.0.0.1: in a query of the
 * batch they are that query's own 400 with the field's path (or bound as parameters: a figure of
 * 0), never the batch's failure; in the envelope they fail the batch with 400. No value reaches SQL
 * as text; the server stays up. Authentication comes from the app's middleware (issue 11).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ErrorJson, errorPath, httpApp } from "./http-harness";

let t: Awaited<ReturnType<typeof httpApp>>;
beforeAll(async () => {
  t = await httpApp();
});
afterAll(() => t.close());

const W = { from: "1999-02-01", to: "1999-02-03", timezone: "UTC" };
const SQL = "x'); DROP TABLE calls; --";

/** Queries of one batch and what each answers: 200 with this value, or its own 400 with this path. */
const ITEMS: [string, object | undefined, { value: number } | { path: string }][] = [
  ["calls.offered", { ...W, filters: { queue: [SQL] } }, { value: 0 }],
  ["calls.offered", { ...W, filters: { agent: [SQL], topic: [SQL] } }, { value: 0 }],
  ["engagement.conversations", { ...W, filters: { intent: [SQL], channel: [SQL], language: [SQL] } }, { value: 0 }],
  ["calls.offered", { ...W, filters: { outcome: [SQL] } }, { path: "filters.outcome.0" }],
  ["calls.offered", { ...W, filters: { queue: ["PS\u0000"] } }, { path: "filters.queue.0" }],
  ["calls.offered", JSON.parse('{"filters": {"__proto__": ["PS"]}}'), { path: "filters.__proto__" }],
  ["calls.offered", JSON.parse('{"parameters": {"constructor": 5}}'), { path: "parameters.constructor" }],
  ["calls.offered", { to: "9999-12-31", from: "1999-02-01" }, { path: "to" }],
  ["calls.offered", { asOf: "9999-12-31" }, { path: "asOf" }],
  ["calls.offered", { ...W, timezone: "../../etc/localtime" }, { path: "timezone" }],
  ["calls.offered", { from: "1990-01-01", to: "1999-12-31", grain: "hour" }, { path: "grain" }],
  ["agents.conversations_daily", { periodDays: 3660, limit: 1000 }, { path: "limit" }],
  ["calls.offered", { filters: { queue: Array.from({ length: 1001 }, () => "q") } }, { path: "filters.queue" }],
  [
    "calls.offered",
    { junk: JSON.parse(`${"[".repeat(1000)}1${"]".repeat(1000)}`) },
    { path: `junk${".0".repeat(15)}` },
  ],
  ["../../etc/passwd", {}, { path: "reportId" }],
];

describe("hostile values in a batch", () => {
  it("each is its query's own answer; the others run", async () => {
    const res = await t.post("/api/v1/reports/batch", {
      queries: ITEMS.map(([reportId, query]) => ({ reportId, query })),
    });
    expect(res.status).toBe(200);
    const { results } = (await res.json()) as {
      results: { status: number; result?: { value: number }; error?: ErrorJson["error"] }[];
    };
    expect(results).toHaveLength(ITEMS.length);
    for (const [i, [id, , want]] of ITEMS.entries()) {
      const r = results[i];
      if ("value" in want) {
        expect(r?.status, `${i} ${id}`).toBe(200);
        expect(r?.result?.value, `${i} ${id}`).toBe(want.value);
      } else {
        expect(r?.status, `${i} ${id}`).toBe(id.startsWith("..") ? 404 : 400);
        expect(r?.error?.details?.path, `${i} ${id}`).toBe(want.path);
      }
    }
  });

  it.each([
    ["__proto__ at the top", '{"__proto__": {"queries": []}, "queries": [{"reportId": "calls.offered"}]}', undefined],
    ["__proto__ in a query entry", '{"queries": [{"reportId": "calls.offered", "__proto__": {}}]}', "queries.0"],
    [
      "10,000 queries",
      JSON.stringify({ queries: Array.from({ length: 10_000 }, () => ({ reportId: "calls.offered" })) }),
      "queries",
    ],
    [
      "a 10,000-character report id",
      JSON.stringify({ queries: [{ reportId: "x".repeat(10_000) }] }),
      "queries.0.reportId",
    ],
    ["100,000 nested arrays", `{"queries": ${"[".repeat(100_000)}${"]".repeat(100_000)}}`, "queries.0"],
    ["SQL as the queries", JSON.stringify({ queries: SQL }), "queries"],
  ])("%s fails the batch with 400", async (_name, body, path) => {
    const res = await t.post("/api/v1/reports/batch", body);
    expect(res.status).toBe(400);
    expect(errorPath((await res.json()) as ErrorJson)).toBe(path);
    expect((await t.post("/api/v1/report/calls.offered/fetch", W)).status).toBe(200);
  });

  it("no value reached SQL as text, nothing answered 500", () => {
    for (const needle of ["DROP TABLE", "etc/", "\u0000"]) expect(t.sql.filter((s) => s.includes(needle))).toEqual([]);
    expect(t.errors).toEqual([]);
  });
});
