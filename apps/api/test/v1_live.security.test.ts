/**
 * `GET /api/v1/live` security: closed to anonymous callers and refused keys (the matrix checks every
 * kind of caller); the campaign and team values never reach SQL (the view narrows in memory) and
 * names that are markup or SQL come back as JSON text, byte for byte.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LiveResult } from "../src/routes/v1_live";
import { testApp } from "./harness";
import { liveFixture } from "./testutil/live";

const HOSTILE = `<img src=x onerror=alert(1)>'; DROP TABLE conversations; --`;

let t: Awaited<ReturnType<typeof testApp>>;
beforeAll(async () => {
  t = await testApp(liveFixture);
  await t.warehouse.run("UPDATE teams SET name = $1 WHERE team_id = 'live:t1'", [HOSTILE]);
});
afterAll(() => t.close());

describe("GET /api/v1/live security", () => {
  it("anonymous: 401, with no figure", async () => {
    const res = await t.app.request("/api/v1/live");
    expect(res.status).toBe(401);
    expect(await res.text()).not.toContain("open");
  });

  it("a revoked key: 401", async () => {
    const made = await t.accounts.createKey({ name: "gone", role: "member" });
    await t.accounts.revokeKey(made.info.id);
    const res = await t.app.request("/api/v1/live", { headers: { authorization: `Bearer ${made.key}` } });
    expect(res.status).toBe(401);
  });

  it("hostile filter values select nothing and change nothing", async () => {
    const res = await t.request(
      `/api/v1/live?campaign=${encodeURIComponent("x' OR 1=1; DROP TABLE conversations; --")}`,
    );
    expect(res.status).toBe(200);
    expect(LiveResult.parse(await res.json()).rows).toEqual([]);
    const [row] = await t.warehouse.query<{ n: number }>("SELECT count(*)::INT AS n FROM conversations");
    expect(row?.n).toBe(14);
  });

  it("a team name that is markup and SQL comes back as JSON text, unchanged", async () => {
    const res = await t.request("/api/v1/live?team=live:t1");
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    const body = LiveResult.parse(await res.json());
    expect(body.rows.map((r) => r.teamName)).toEqual([HOSTILE, HOSTILE]);
  });
});
