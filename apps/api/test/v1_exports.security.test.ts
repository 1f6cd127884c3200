/**
 * The export routes give canonical tables only, to admins only: application tables (users,
 * sessions, keys, segments), the import log and derived tables are refused like unknown names;
 * a table name never reaches the file system or SQL (path traversal, SQL text); members get 403.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp, testApp } from "./harness";

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

describe("exports security", () => {
  it("application tables, the import log and derived tables are not exported", async () => {
    for (const name of [
      "app_users",
      "app_sessions",
      "app_api_keys",
      "app_segments",
      "users",
      "imports",
      "schema_migrations",
      "message_minutes",
      "call_quality",
    ]) {
      const res = await t.request(`/api/v1/exports/${name}?format=csv`);
      expect(res.status, name).toBe(404);
      expect(await res.text(), name).not.toContain("secret_hash");
    }
  });

  it("path traversal and SQL in the table name: 404, nothing read or written", async () => {
    for (const name of [
      "..%2F..%2F..%2Fetc%2Fpasswd",
      "..%2Fcalls",
      "calls%2F..%2Fapp_users",
      "%2Fetc%2Fpasswd",
      "calls%3B%20DROP%20TABLE%20calls",
      "calls%22%20--",
      "calls%00",
      "CALLS",
    ]) {
      const res = await t.request(`/api/v1/exports/${name}?format=csv`);
      expect(res.status, name).toBe(404);
      const text = await res.text();
      expect(text, name).not.toContain("root:");
    }
    const [{ n } = { n: 0 }] = await t.warehouse.query<{ n: number }>("SELECT count(*) AS n FROM calls");
    expect(n).toBeGreaterThan(0);
  });

  it("SQL in from/to is refused before any SQL runs", async () => {
    const res = await t.request(`/api/v1/exports/calls?from=${encodeURIComponent("1999-02-01' OR 1=1 --")}`);
    expect(res.status).toBe(400);
  });

  it("member keys and member sessions get 403; no credentials 401", async () => {
    const memberKey = await t.keyHeader("member");
    for (const path of ["/api/v1/exports/calls", "/api/v1/exports/manifest"]) {
      expect((await t.request(path, { headers: { authorization: memberKey } })).status, path).toBe(403);
      const { user } = await t.addUser("member");
      expect((await t.request(path, { headers: { cookie: await t.sessionCookie(user.id) } })).status, path).toBe(403);
      expect((await t.app.request(path)).status, path).toBe(401);
    }
  });
});
