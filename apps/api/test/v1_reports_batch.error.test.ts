/**
 * `POST /api/v1/reports/batch` errors: a wrong envelope fails the batch with 400 and the path of
 * the field; a database failure in one query is that query's 500 (logged with the request id),
 * the others still answered.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ErrorJson, errorPath, httpApp } from "./http-harness";

let t: Awaited<ReturnType<typeof httpApp>>;
beforeAll(async () => {
  // Statements of the by-topic ranking fail, as a broken database would; all others run.
  t = await httpApp({ failWhen: (sql) => sql.includes('"topic" AS VARCHAR') });
});
afterAll(() => t.close());

const W = { from: "1999-02-01", to: "1999-02-03", timezone: "UTC" };

async function expectBatchError(body: unknown, path: string | undefined, message: RegExp) {
  const res = await t.post("/api/v1/reports/batch", body);
  expect(res.status).toBe(400);
  const json = (await res.json()) as ErrorJson;
  expect(json.error.code).toMatch(/invalid_query|bad_request/);
  expect(json.error.message).toMatch(message);
  expect(errorPath(json)).toBe(path);
  expect(json.error.requestId).toBe(res.headers.get("x-request-id"));
}

describe("batch errors", () => {
  it("400s a wrong envelope with the path of the field", async () => {
    await expectBatchError({}, "queries", /queries/);
    await expectBatchError({ queries: [] }, "queries", /queries/);
    await expectBatchError(
      { queries: Array.from({ length: 21 }, () => ({ reportId: "calls.offered" })) },
      "queries",
      /queries/,
    );
    await expectBatchError({ queries: [{ query: W }] }, "queries.0.reportId", /reportId/);
    await expectBatchError({ queries: [{ reportId: "calls.offered", filters: {} }] }, "queries.0", /filters/);
    await expectBatchError({ queries: [{ reportId: "calls.offered" }], extra: 1 }, undefined, /extra/);
    await expectBatchError({ queries: [{ reportId: "" }] }, "queries.0.reportId", /reportId/);
  });

  it("400s a body that is not JSON or empty, and 415s one not sent as JSON", async () => {
    await expectBatchError("{not json", undefined, /JSON/i);
    const empty = await t.post("/api/v1/reports/batch", undefined, {});
    expect(empty.status).toBe(400);
    const text = await t.post("/api/v1/reports/batch", "queries=1", { "content-type": "text/plain" });
    expect(text.status).toBe(415);
  });

  it("answers a database failure in one query with its own 500, logged, and the others with their results", async () => {
    const res = await t.post("/api/v1/reports/batch", {
      queries: [
        { reportId: "calls.offered", query: W },
        { reportId: "calls.by_topic", query: W },
        { reportId: "calls.asa", query: W },
      ],
    });
    expect(res.status).toBe(200);
    const { results } = (await res.json()) as {
      results: { status: number; result?: { value: number }; error?: { code: string; message: string } }[];
    };
    expect(results.map((r) => r.status)).toEqual([200, 500, 200]);
    expect(results[0]?.result?.value).toBe(9);
    expect(results[2]?.result?.value).toBe(40);
    expect(results[1]?.error?.code).toBe("internal");
    expect(results[1]?.error?.message).not.toMatch(/simulated|topic|SELECT/); // no internals leak
    expect(t.errors).toHaveLength(1);
    expect(String(t.errors[0])).toMatch(/simulated database failure/);
    expect(t.logs[0]).toContain(res.headers.get("x-request-id"));
  });
});
