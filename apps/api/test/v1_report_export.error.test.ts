import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorOf, type TestApp, testApp } from "./harness";

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

const Q = { from: "1999-02-01", to: "1999-02-03" };

describe("report export errors share one body", () => {
  it("400s a missing or unknown format, and a bom that is not 0/1", async () => {
    for (const qs of ["", "?format=pdf", "?format=CSV", "?format=csv&bom=yes"]) {
      const res = await t.post(`/api/v1/report/calls.offered/export${qs}`, Q);
      const e = await errorOf(res);
      expect(e, qs).toMatchObject({ status: 400, code: "invalid_query" });
      expect(e.message, qs).toMatch(/format|bom/);
      expect(res.headers.get("content-disposition")).toBeNull();
    }
  });

  it("404s an unknown report, as fetch does", async () => {
    expect(await errorOf(await t.post("/api/v1/report/calls.nope/export?format=csv", Q))).toMatchObject({
      status: 404,
      code: "unknown_report",
    });
  });

  it("400s a bad query with its path, bad JSON, and an unknown segment is 404", async () => {
    const bad = await errorOf(
      await t.post("/api/v1/report/calls.offered/export?format=xlsx", { from: "1999-02-30", to: "1999-03-01" }),
    );
    expect(bad).toMatchObject({ status: 400, code: "invalid_query" });
    expect(bad.message).toMatch(/from/);
    const text = await t.request("/api/v1/report/calls.offered/export?format=csv", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{not json",
    });
    expect(await errorOf(text)).toMatchObject({ status: 400, code: "bad_request" });
    const seg = await errorOf(
      await t.post("/api/v1/report/calls.offered/export?format=json", {
        ...Q,
        segmentId: "5d1c3a8e-8f3b-4f4e-9a51-0c7b2f6d9e21",
      }),
    );
    expect(seg).toMatchObject({ status: 404 });
  });

  it("only POST: GET is 404 (the route takes a query body like fetch)", async () => {
    const res = await t.request("/api/v1/report/calls.offered/export?format=csv");
    expect([404, 405]).toContain(res.status);
  });
});
