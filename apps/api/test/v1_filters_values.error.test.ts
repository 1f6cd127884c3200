/**
 * `GET /api/v1/filters/{name}/values`: bad names and parameters are 400 `invalid_query` naming the
 * field; a database failure is the one error body (500), nothing of the SQL or data leaked.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ErrorJson, errorPath, httpApp } from "./http-harness";

let t: Awaited<ReturnType<typeof httpApp>>;
let failing: Awaited<ReturnType<typeof httpApp>>;
beforeAll(async () => {
  t = await httpApp();
  failing = await httpApp({ failWhen: (sql) => sql.includes("ORDER BY count DESC, value") });
});
afterAll(async () => {
  await t.close();
  await failing.close();
});

describe("refused requests", () => {
  it.each([
    ["call/values", "name"],
    ["conversation/values", "name"],
    ["nope/values", "name"],
    ["__proto__/values", "name"],
    ["queue/values?limit=0", "limit"],
    ["queue/values?limit=501", "limit"],
    ["queue/values?limit=ten", "limit"],
    [`queue/values?q=${"x".repeat(201)}`, "q"],
  ])("%s: 400 naming %s", async (path, field) => {
    const res = await t.get(`/api/v1/filters/${path}`);
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorJson;
    expect(body.error.code).toBe("invalid_query");
    expect(errorPath(body)).toBe(field);
  });

  it("a database failure is a 500 with a request id, no SQL in it", async () => {
    const res = await failing.get("/api/v1/filters/queue/values");
    expect(res.status).toBe(500);
    const body = (await res.json()) as ErrorJson;
    expect(body.error.requestId).toBeTruthy();
    expect(JSON.stringify(body)).not.toMatch(/SELECT|calls/i);
  });
});
