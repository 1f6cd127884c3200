/**
 * `GET /api/v1/exports/c24/{file}` is for admins only (the files hold e-mails, visitor identifiers,
 * transcript URLs and comments): anonymous callers get 401 and members 403, with none of the data;
 * the answer is not stored by caches; query values reach SQL only as parameters (a zone or day
 * that carries SQL is a 400 and changes nothing).
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorOf, type TestApp, testApp } from "./harness";

const FIXTURES = join(import.meta.dirname, "../../../packages/ingest/test/fixtures/c24");

let t: TestApp;
beforeAll(async () => {
  t = await testApp([join(FIXTURES, "agents.csv"), join(FIXTURES, "conversations.csv")]);
});
afterAll(() => t.close());

describe("Conversation24 export route security", () => {
  it("gives members 403 and anonymous callers 401, without the data", async () => {
    const member = await t.request("/api/v1/exports/c24/agents.csv", {
      headers: { authorization: await t.keyHeader("member") },
    });
    expect(member.status).toBe(403);
    const anonymous = await t.app.request("/api/v1/exports/c24/conversations.csv");
    expect(anonymous.status).toBe(401);
    for (const body of [await member.text(), await anonymous.text()]) {
      expect(body).not.toContain("ava@example.com");
      expect(body).not.toContain("Visitor 1");
    }
  });

  it("is not stored by caches", async () => {
    const res = await t.request("/api/v1/exports/c24/agents.csv");
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(await res.text()).toContain("ava@example.com");
  });

  it("takes query values as data, never SQL", async () => {
    for (const q of [
      "timezone=UTC'%3B%20DROP%20TABLE%20agents%3B--",
      "from=2024-03-05'%20OR%20'1'%3D'1&to=2024-03-05",
    ]) {
      expect((await errorOf(await t.request(`/api/v1/exports/c24/agents.csv?${q}`))).status, q).toBe(400);
    }
    const n = await t.warehouse.query<{ n: number }>("SELECT count(*) AS n FROM agents");
    expect(n[0]?.n).toBe(3);
  });
});
