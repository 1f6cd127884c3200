import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorOf, type TestApp, testApp } from "./harness";

let t: TestApp;
beforeAll(async () => {
  t = await testApp([]);
});
afterAll(() => t.close());

describe("key revocation errors", () => {
  it("404s an unknown key and 400s an id that is not one", async () => {
    expect(await errorOf(await t.request("/api/v1/keys/0123456789ab", { method: "DELETE" }))).toMatchObject({
      status: 404,
      code: "not_found",
    });
    const e = await errorOf(
      await t.request(`/api/v1/keys/${encodeURIComponent("x' OR '1'='1")}`, { method: "DELETE" }),
    );
    expect(e.status).toBe(400);
    expect(e.message).toMatch(/^keyId: must be an API key id/);
  });
});
