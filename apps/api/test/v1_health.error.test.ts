import { describe, expect, it } from "vitest";
import { errorOf, testApp } from "./harness";

describe("health errors", () => {
  it("a 500 answers the one error body, and its log line carries the request id", async () => {
    const t = await testApp([]);
    await t.warehouse.close();
    const res = await t.app.request("/api/v1/health", { headers: { "x-request-id": "probe-500" } });
    expect(await errorOf(res)).toMatchObject({ status: 500, code: "internal" });
    expect(res.headers.get("x-request-id")).toBe("probe-500");
    expect(t.logs).toEqual(["unhandled error in GET /api/v1/health (request probe-500)"]);
    await t.close();
  });
});
