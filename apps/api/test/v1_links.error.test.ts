import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorOf, type TestApp, testApp } from "./harness";
import { makeLink, OFFERED } from "./links";

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

const create = (body: unknown) => t.post("/api/v1/links", body);
const base = { label: "x", mode: "snapshot", queries: [OFFERED] };

describe("POST /api/v1/links errors", () => {
  it.each([
    [{ ...base, label: "" }, /label: must not be empty/],
    [{ ...base, mode: "frozen" }, /mode/],
    [{ ...base, queries: [] }, /queries/],
    [{ ...base, expiresInDays: 0 }, /expiresInDays: must be at least 1/],
    [{ ...base, passcode: "abc" }, /passcode: must be at least 4 characters/],
    [{ ...base, surprise: true }, /surprise: unknown field/],
    [{ ...base, segmentId: "not-a-uuid" }, /segmentId/],
  ])("400 for %j", async (body, message) => {
    expect(await errorOf(await create(body))).toMatchObject({ status: 400, code: "invalid_query", message });
  });

  it("a bad report query is a 400 naming its place in the page", async () => {
    const res = await create({
      ...base,
      queries: [OFFERED, { reportId: "calls.asa", query: { from: "1999-13-01" } }],
    });
    expect(await errorOf(res)).toMatchObject({ status: 400, code: "invalid_query", message: /^queries\.1\.query: / });
  });

  it("a segmentId inside a query is refused (one segment per link)", async () => {
    const res = await create({
      ...base,
      queries: [{ reportId: "calls.offered", query: { segmentId: "5d1c3a8e-8f3b-4f4e-9a51-0c7b2f6d9e21" } }],
    });
    expect(await errorOf(res)).toMatchObject({ status: 400, message: /queries\.0\.query\.segmentId/ });
  });

  it("an unknown report is a 404 and nothing is stored", async () => {
    const before = await t.warehouse.query("SELECT count(*)::INTEGER AS n FROM app_links");
    const res = await create({ ...base, queries: [{ reportId: "calls.nothing" }] });
    expect(await errorOf(res)).toMatchObject({ status: 404, code: "unknown_report" });
    expect(await t.warehouse.query("SELECT count(*)::INTEGER AS n FROM app_links")).toEqual(before);
    expect(await t.warehouse.query("SELECT count(*)::INTEGER AS n FROM app_snapshots")).toEqual(before);
  });

  it("an unknown segment is a 404", async () => {
    const res = await create({ ...base, segmentId: "5d1c3a8e-8f3b-4f4e-9a51-0c7b2f6d9e21" });
    expect(await errorOf(res)).toMatchObject({ status: 404, code: "not_found" });
  });
});

describe("revoke and rotate errors", () => {
  it("404 for an unknown link, 400 for a bad id, 409 to rotate a revoked one; revoking twice is fine", async () => {
    const unknown = "5d1c3a8e-8f3b-4f4e-9a51-0c7b2f6d9e21";
    expect(await errorOf(await t.request(`/api/v1/links/${unknown}`, { method: "DELETE" }))).toMatchObject({
      status: 404,
    });
    expect(await errorOf(await t.post(`/api/v1/links/${unknown}/rotate`))).toMatchObject({ status: 404 });
    expect(await errorOf(await t.request("/api/v1/links/nope", { method: "DELETE" }))).toMatchObject({ status: 400 });
    const made = await makeLink(t, { queries: [OFFERED] });
    expect((await t.request(`/api/v1/links/${made.link.id}`, { method: "DELETE" })).status).toBe(204);
    expect((await t.request(`/api/v1/links/${made.link.id}`, { method: "DELETE" })).status).toBe(204);
    expect(await errorOf(await t.post(`/api/v1/links/${made.link.id}/rotate`))).toMatchObject({
      status: 409,
      code: "conflict",
    });
  });

  it("POST /api/v1/public/{token} with a bad body is a 400", async () => {
    const made = await makeLink(t, { queries: [OFFERED], passcode: "open sesame" });
    const res = await t.app.request(`/api/v1/public/${made.token}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ pass: "open sesame" }),
    });
    expect(res.status).toBe(400);
  });
});
