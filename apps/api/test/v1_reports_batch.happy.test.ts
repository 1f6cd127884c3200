/**
 * `POST /api/v1/reports/batch` on the hand-made call log (values worked out in
 * packages/report-defs/test/calls.golden.test.ts): each query's result or its own error, in order,
 * the results the same as fetch gives one by one.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpApp } from "./http-harness";

let t: Awaited<ReturnType<typeof httpApp>>;
beforeAll(async () => {
  t = await httpApp();
});
afterAll(() => t.close());

const W = { from: "1999-02-01", to: "1999-02-03", timezone: "UTC" };
interface Answer {
  reportId: string;
  status: number;
  result?: { value?: number; rows?: { key: string; value: number }[] };
  error?: { code: string; message: string; requestId: string; details?: { path?: string } };
}

describe("POST /api/v1/reports/batch", () => {
  it("answers each query in order: results, and each bad one with its own error", async () => {
    const res = await t.post("/api/v1/reports/batch", {
      queries: [
        { reportId: "calls.offered", query: W },
        { reportId: "calls.asa", query: W },
        { reportId: "calls.nope", query: W },
        { reportId: "calls.offered", query: { from: "1999-02-30", to: "1999-03-01" } },
        { reportId: "calls.by_queue", query: W },
        { reportId: "calls.offered", query: { ...W, filters: { channel: ["chat"] } } },
      ],
    });
    expect(res.status).toBe(200);
    const { results } = (await res.json()) as { results: Answer[] };
    expect(results.map((r) => [r.reportId, r.status])).toEqual([
      ["calls.offered", 200],
      ["calls.asa", 200],
      ["calls.nope", 404],
      ["calls.offered", 400],
      ["calls.by_queue", 200],
      ["calls.offered", 400],
    ]);
    // 9 calls offered, ASA 40 s, queues PS 6, NW 1, NE 1 (by hand, calls.golden.test.ts).
    expect(results[0]?.result?.value).toBe(9);
    expect(results[1]?.result?.value).toBe(40);
    expect(results[4]?.result?.rows?.map((r) => [r.key, r.value])).toEqual([
      ["PS", 7],
      ["NE", 1],
      ["NW", 1],
    ]);
    const requestId = res.headers.get("x-request-id");
    expect(results[2]?.error).toMatchObject({ code: "unknown_report", requestId });
    expect(results[2]?.error?.message).toMatch(/calls\.nope/);
    expect(results[3]?.error).toMatchObject({ code: "invalid_query", requestId, details: { path: "from" } });
    expect(results[5]?.error).toMatchObject({ code: "invalid_query", details: { path: "filters.channel" } });
  });

  it("gives what fetch gives, one by one", async () => {
    const queries = [
      { reportId: "calls.service_level", query: { ...W, parameters: { serviceLevelSecs: 30 } } },
      { reportId: "calls.heatmap", query: W },
      { reportId: "calls.agents", query: { ...W, compare: "none" } },
      { reportId: "calls.offered" },
    ];
    const batch = (await (await t.post("/api/v1/reports/batch", { queries })).json()) as { results: Answer[] };
    for (const [i, q] of queries.entries()) {
      const one = await t.post(`/api/v1/report/${q.reportId}/fetch`, q.query ?? {});
      expect(batch.results[i]?.result, q.reportId).toEqual(await one.json());
    }
  });

  it("takes up to 20 queries", async () => {
    const queries = Array.from({ length: 20 }, () => ({ reportId: "calls.offered", query: W }));
    const res = await t.post("/api/v1/reports/batch", { queries });
    expect(res.status).toBe(200);
    const { results } = (await res.json()) as { results: Answer[] };
    expect(results).toHaveLength(20);
    expect(results.every((r) => r.status === 200 && r.result?.value === 9)).toBe(true);
  });

  it("is in the OpenAPI document", async () => {
    const doc = (await (await t.get("/api/v1/openapi.json")).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toContain("/api/v1/reports/batch");
  });

  it("logs no unexpected errors", () => {
    expect(t.errors).toEqual([]);
  });
});
