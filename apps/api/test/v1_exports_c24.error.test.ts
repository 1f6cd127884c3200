/**
 * `GET /api/v1/exports/c24/{file}` refusals: an unknown file, a lone from, a day that does not
 * exist, from after to and an unknown zone are 400 before anything is sent; a row the importer
 * would refuse, met after the response started, aborts the body and is logged.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorOf, type TestApp, testApp } from "./harness";

const FIXTURES = join(import.meta.dirname, "../../../packages/ingest/test/fixtures/c24");

let t: TestApp;
beforeAll(async () => {
  t = await testApp([join(FIXTURES, "traffic.csv")]);
});
afterAll(() => t.close());

describe("Conversation24 export route errors", () => {
  it("400s a bad file, period or zone with a message that names it", async () => {
    const cases: [string, RegExp][] = [
      ["/api/v1/exports/c24/calls.csv", /^file: /],
      ["/api/v1/exports/c24/traffic.csv?from=2024-03-05", /^Give both from and to, or neither$/],
      ["/api/v1/exports/c24/traffic.csv?from=2024-02-30&to=2024-03-01", /^Not a date \(YYYY-MM-DD\): 2024-02-30$/],
      ["/api/v1/exports/c24/traffic.csv?from=2024-03-06&to=2024-03-05", /^from 2024-03-06 is after to 2024-03-05$/],
      ["/api/v1/exports/c24/traffic.csv?from=5%20March&to=2024-03-05", /^from: must be a day YYYY-MM-DD/],
      ["/api/v1/exports/c24/traffic.csv?timezone=Mars/Olympus", /Unknown time zone "Mars\/Olympus"/],
    ];
    for (const [path, message] of cases) {
      const e = await errorOf(await t.request(path));
      expect(e.status, path).toBe(400);
      expect(e.message, path).toMatch(message);
    }
  });

  it("aborts the body (never a file that looks whole) when a row cannot be written, and logs it", async () => {
    await t.warehouse.run("UPDATE traffic_hourly SET clicks = -1 WHERE entrypoint_id = 'c24:e2'");
    try {
      const res = await t.request("/api/v1/exports/c24/traffic.csv");
      expect(res.status).toBe(200);
      await expect(res.text()).rejects.toThrow(/clicks "-1" is negative/);
      expect(
        t.logs.some((l) => l.startsWith("Conversation24 export traffic.csv failed after its response started")),
      ).toBe(true);
    } finally {
      await t.warehouse.run("UPDATE traffic_hourly SET clicks = 5 WHERE entrypoint_id = 'c24:e2'");
    }
  });
});
