import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testApp } from "./harness";

let t: Awaited<ReturnType<typeof testApp>>;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

const expectError = async (res: Response, status: number, code: string, message: RegExp) => {
  expect(res.status).toBe(status);
  const body = (await res.json()) as { error: { code: string; message: string; requestId: string } };
  expect(body.error.code).toBe(code);
  expect(body.error.message).toMatch(message);
  expect(body.error.requestId).toBe(res.headers.get("x-request-id"));
  expect(body.error.requestId).toMatch(/\S/);
};

describe("report fetch errors share one body", () => {
  it("404s an unknown report", async () => {
    await expectError(await t.post("/api/v1/report/calls.nope/fetch", {}), 404, "unknown_report", /calls\.nope/);
  });
  it("400s bad dates, reversed periods, unknown zones and filters", async () => {
    await expectError(
      await t.post("/api/v1/report/calls.offered/fetch", { from: "1999-02-30", to: "1999-03-01" }),
      400,
      "invalid_query",
      /from/,
    );
    await expectError(
      await t.post("/api/v1/report/calls.offered/fetch", { from: "1999-02-03", to: "1999-02-01" }),
      400,
      "invalid_query",
      /after/,
    );
    await expectError(
      await t.post("/api/v1/report/calls.offered/fetch", { timezone: "Mars/Olympus" }),
      400,
      "invalid_query",
      /timezone/,
    );
    await expectError(
      await t.post("/api/v1/report/calls.offered/fetch", { filters: { skill: ["x"] } }),
      400,
      "invalid_query",
      /filters/,
    );
    await expectError(
      await t.post("/api/v1/report/calls.offered/fetch", { periodDays: "thirty" }),
      400,
      "invalid_query",
      /periodDays/,
    );
  });
  it("400s a body that is not JSON and 415s one that is not sent as JSON", async () => {
    await expectError(await t.post("/api/v1/report/calls.offered/fetch", "{not json"), 400, "bad_request", /JSON/i);
    await expectError(
      await t.post("/api/v1/report/calls.offered/fetch", "periodDays=3", { "content-type": "text/plain" }),
      415,
      "unsupported_media_type",
      /application\/json/,
    );
  });
  it("does not execute injected SQL in a filter value", async () => {
    const res = await t.post("/api/v1/report/calls.offered/fetch", {
      from: "1999-02-01",
      to: "1999-02-03",
      filters: { queue: ["PS') OR 1=1 --"] },
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { value: number }).value).toBe(0);
  });
  it("404s unknown API paths in the same body", async () => {
    await expectError(await t.request("/api/v1/nothing"), 404, "not_found", /No route/);
  });
  it("logs no unexpected errors", () => {
    expect(t.errors).toEqual([]);
  });
});
