import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, type TestApp, testApp } from "./harness";

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

type Err = { error: { code: string; message: string } };

describe("exports errors", () => {
  it("an unknown table: 404 listing the tables", async () => {
    const res = await t.request("/api/v1/exports/tickets");
    expect(res.status).toBe(404);
    const body = await json<Err>(res);
    expect(body.error.code).toBe("not_found");
    expect(body.error.message).toContain('No exported table "tickets"; the tables are: campaigns, agents, calls');
  });

  it("a format other than parquet or csv: 400", async () => {
    const res = await t.request("/api/v1/exports/calls?format=xlsx");
    expect(res.status).toBe(400);
    expect((await json<Err>(res)).error.message).toMatch(/^format:/);
  });

  it("a checksums value other than columns: 400", async () => {
    const res = await t.request("/api/v1/exports/manifest?checksums=values");
    expect(res.status).toBe(400);
    expect((await json<Err>(res)).error.message).toMatch(/^checksums:/);
  });

  it("dates that are not days, and a reversed range: 400 naming the value", async () => {
    for (const [q, msg] of [
      ["from=1999-02-30", 'from "1999-02-30" is not a date'],
      ["to=yesterday", 'to "yesterday" is not a date'],
      ["from=1999-02-03&to=1999-02-01", "from 1999-02-03 is after to 1999-02-01"],
    ] as const) {
      for (const path of [`/api/v1/exports/calls?${q}`, `/api/v1/exports/manifest?${q}`]) {
        const res = await t.request(path);
        expect(res.status, path).toBe(400);
        expect((await json<Err>(res)).error.message, path).toContain(msg);
      }
    }
  });
});
