import type { KpiResult, ReportListItem } from "@tallyline/report-defs";
import { defaultRegistry } from "@tallyline/report-defs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, testApp } from "./harness";

let t: Awaited<ReturnType<typeof testApp>>;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

describe("POST /api/v1/report/{id}/fetch", () => {
  it("returns the seed-001 KPI shape with extras (hand-computed: 9 calls offered, 2 before)", async () => {
    const res = await t.post("/api/v1/report/calls.offered/fetch", { from: "1999-02-01", to: "1999-02-03" });
    expect(res.status).toBe(200);
    const body = await json<KpiResult>(res);
    expect(body).toMatchObject({
      value: 9,
      change: 7,
      period: "1999-02-01 to 1999-02-03",
      breakdown: [
        { date: "1999-02-01", total: 5 },
        { date: "1999-02-02", total: 4 },
        { date: "1999-02-03", total: 0 },
      ],
      previousValue: 2,
      changePercent: 350,
      measure: { format: "count", goodDirection: "neutral" },
    });
    expect(body.measure.definition).toMatch(/every call that reached the system/);
  });

  it("accepts the seed's body with userId and periodDays, ending today in the default zone", async () => {
    // now is pinned to 1999-02-03 12:00 UTC, so the last 3 days are 02-01..02-03.
    const res = await t.post("/api/v1/report/calls.asa/fetch", { userId: "your-user-id", periodDays: 3 });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ value: 40, previousValue: 20, period: "last 3 days", from: "1999-02-01" });
  });

  it("accepts an empty body (30 days ending today)", async () => {
    const res = await t.request("/api/v1/report/calls.offered/fetch", { method: "POST" });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ from: "1999-01-05", to: "1999-02-03", value: 12, period: "last 30 days" });
  });

  it("takes filters and a time zone", async () => {
    const res = await t.post("/api/v1/report/calls.offered/fetch", {
      from: "1999-02-01",
      to: "1999-02-03",
      timezone: "Asia/Jerusalem",
      filters: { queue: ["PS"] },
    });
    // PS calls: 02-01 #1 #2 #4 AA0103#1; 02-02 #5 #6; #8 (23:59:50 UTC) falls on 02-03 in Jerusalem.
    expect((await json<KpiResult>(res)).breakdown.map((p) => p.total)).toEqual([4, 2, 1]);
  });
});

describe("GET /api/v1/platform/report/list", () => {
  it("lists every report, the six call KPIs first, with seed-001 fields", async () => {
    const res = await t.request("/api/v1/platform/report/list");
    expect(res.status).toBe(200);
    const { items } = await json<{ items: ReportListItem[] }>(res);
    expect(items.map((i) => i.id).slice(0, 6)).toEqual([
      "calls.offered",
      "calls.answered",
      "calls.abandoned",
      "calls.abandonment_rate",
      "calls.asa",
      "calls.aht",
    ]);
    expect(items.length).toBe(defaultRegistry().list().length);
    for (const i of items) {
      expect(Object.keys(i)).toEqual(
        expect.arrayContaining(["id", "name", "description", "createdAt", "updatedAt", "measure"]),
      );
    }
    // The dashboard states thresholds from these (issue 13: service level "answered within 20 s").
    expect(items.find((i) => i.id === "calls.service_level")?.parameters).toEqual({
      serviceLevelSecs: { label: "Service level: answered within", unit: "seconds", default: 20 },
      shortAbandonSecs: { label: "Short abandon: hung up within", unit: "seconds", default: 5 },
    });
    expect(items.find((i) => i.id === "calls.offered")?.parameters).toBeUndefined();
  });
});

describe("OpenAPI", () => {
  it("describes both routes with named components", async () => {
    const doc = await json<{ paths: object; components: { schemas: object } }>(
      await t.app.request("/api/v1/openapi.json"),
    );
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/api/v1/platform/report/list", "/api/v1/report/{reportId}/fetch"]),
    );
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining(["KpiResult", "ReportList", "ReportQuery", "Error"]),
    );
  });
  it("serves the API reference without any outside asset", async () => {
    const html = await (await t.app.request("/api/v1/docs")).text();
    expect(html).not.toMatch(/https?:\/\//);
    const js = await t.app.request("/api/v1/docs/swagger-ui-bundle.js");
    expect(js.status).toBe(200);
    expect(js.headers.get("content-type")).toMatch(/javascript/);
  });
});
