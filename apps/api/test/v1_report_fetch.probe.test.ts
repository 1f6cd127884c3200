/**
 * The probe's query findings (issue 11), replayed against `POST /api/v1/report/{id}/fetch` over HTTP
 * on 127.0.0.1 with raw JSON bodies, as the probe sent them: each is now a 400 naming the field,
 * where it used to pass, be silently dropped (the unfiltered total returned) or answer 500.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ErrorJson, errorPath, httpApp } from "./http-harness";

let t: Awaited<ReturnType<typeof httpApp>>;
beforeAll(async () => {
  t = await httpApp();
});
afterAll(() => t.close());

const fetchReport = (id: string, raw: string) => t.post(`/api/v1/report/${id}/fetch`, raw);

describe("the probe's query findings, through the fetch route", () => {
  it.each([
    ["calls.offered", '{"parameters": {"constructor": 5}}', "parameters.constructor"],
    ["calls.service_level", '{"parameters": {"toString": 5}}', "parameters.toString"],
    ["calls.offered", '{"parameters": {"__proto__": 5}}', "parameters.__proto__"],
    ["calls.offered", '{"from": "1999-02-01", "to": "1999-02-03", "filters": {"__proto__": ["NW"]}}', "filters"],
    ["calls.offered", '{"from": "9999-12-30", "to": "9999-12-31"}', "from"],
    ["calls.offered", '{"from": "2099-12-30", "to": "9999-12-31"}', "to"],
    ["calls.offered", '{"asOf": "9999-12-31"}', "asOf"],
    ["calls.offered", '{"from": "1990-01-01", "to": "1999-02-03", "grain": "hour"}', "grain"],
    ["calls.offered", '{"from": "1999-01-01", "to": "1999-04-04", "grain": "hour"}', "grain"],
    ["agents.conversations_daily", '{"periodDays": 3660, "limit": 1000}', "limit"],
  ])("%s %s: 400 naming %s", async (id, raw, path) => {
    const res = await fetchReport(id, raw);
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorJson;
    expect(body.error.code).toBe("invalid_query");
    expect(errorPath(body)).toBe(path);
  });

  it("a filter is never dropped: NW has one call where the unfiltered total is 9", async () => {
    const res = await fetchReport(
      "calls.offered",
      '{"from": "1999-02-01", "to": "1999-02-03", "filters": {"queue": ["NW"]}}',
    );
    expect(((await res.json()) as { value: number }).value).toBe(1);
  });

  it("93 days of hours still answer, and nothing answered 500", async () => {
    const res = await fetchReport(
      "calls.offered",
      '{"from": "1999-01-01", "to": "1999-04-03", "grain": "hour", "compare": "none"}',
    );
    expect(res.status).toBe(200);
    expect(((await res.json()) as { breakdown: unknown[] }).breakdown).toHaveLength(93 * 24);
    expect(t.errors).toEqual([]);
  });
});
