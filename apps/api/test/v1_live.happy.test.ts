/**
 * `GET /api/v1/live` on the real app over a real DuckDB file holding the hand-made live fixture
 * (counts worked out by hand in live.golden.test.ts): members and keys get the same view, filters
 * and segments narrow it, and a new import moves it.
 */
import { join } from "node:path";
import { importFile } from "@tallyline/ingest";
import { LIVE_DEFINITION } from "@tallyline/report-defs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LiveResult } from "../src/routes/v1_live";
import { testApp } from "./harness";
import { LIVE_TOTALS, liveFixture } from "./testutil/live";

let t: Awaited<ReturnType<typeof testApp>>;
beforeAll(async () => {
  t = await testApp(liveFixture);
});
afterAll(() => t.close());

const live = async (query = "", headers: Record<string, string> = {}) => {
  const res = await t.request(`/api/v1/live${query}`, { headers });
  expect(res.status).toBe(200);
  return LiveResult.parse(await res.json());
};

describe("GET /api/v1/live", () => {
  it("answers the hand-worked counts, both dates and the definition", async () => {
    const body = await live();
    expect(body.totals).toEqual(LIVE_TOTALS);
    expect(
      body.rows.map((r) => [r.campaignName, r.teamName, r.open, r.unattended, r.unassigned, r.pending, r.snoozed]),
    ).toEqual([
      ["App", "First line", 1, 1, 1, 0, 0],
      ["App", "Technical", 2, 1, 0, 0, 0],
      ["App", null, 1, 1, 1, 0, 0],
      ["Web shop", "First line", 4, 1, 1, 0, 0],
      ["Web shop", "Technical", 1, 1, 0, 0, 1],
      ["Web shop", null, 0, 0, 0, 1, 0],
    ]);
    expect(body.asOf).toBe("2026-12-01T11:45:00.000Z");
    const [imp] = await t.warehouse.query<{ t: string }>(
      "SELECT strftime(max(finished_at), '%Y-%m-%dT%H:%M:%S.%g') AS t FROM imports",
    );
    expect(body.importedAt).toBe(`${imp?.t}Z`);
    expect(body.definition).toBe(LIVE_DEFINITION);
    expect(body.demo).toBe(false);
  });

  it("a member's session gets what a key gets", async () => {
    const { user } = await t.addUser("member");
    const cookie = await t.sessionCookie(user.id);
    const res = await t.app.request("/api/v1/live", { headers: { cookie, host: "localhost" } });
    expect(res.status).toBe(200);
    expect(LiveResult.parse(await res.json()).totals).toEqual(LIVE_TOTALS);
  });

  it("campaign and team narrow the rows and the totals", async () => {
    expect((await live("?campaign=live:app")).totals).toEqual({
      open: 4,
      unattended: 3,
      unassigned: 2,
      pending: 0,
      snoozed: 0,
    });
    expect((await live("?team=live:t1")).totals).toEqual({
      open: 5,
      unattended: 2,
      unassigned: 2,
      pending: 0,
      snoozed: 0,
    });
    const none = await live(`?campaign=live:web&team=${encodeURIComponent("(none)")}`);
    expect(none.rows.map((r) => [r.campaignId, r.teamId])).toEqual([["live:web", null]]);
    expect(none.totals.pending).toBe(1);
    const both = await live("?campaign=live:web,live:app,&team=live:t2");
    expect(both.totals).toEqual({ open: 3, unattended: 2, unassigned: 0, pending: 0, snoozed: 1 });
  });

  it("a segment's campaign filter applies, intersected with the query's", async () => {
    const made = await t.post("/api/v1/segments", { name: "App only", filters: { campaign: ["live:app"] } });
    expect(made.status).toBe(201);
    const { id } = (await made.json()) as { id: string };
    const body = await live(`?segmentId=${id}`);
    expect(body.segment).toEqual({ id, name: "App only" });
    expect(body.totals).toEqual({ open: 4, unattended: 3, unassigned: 2, pending: 0, snoozed: 0 });
    expect((await live(`?segmentId=${id}&campaign=live:web`)).rows).toEqual([]);
  });

  it("an import moves the view: a reply makes c1 attended", async () => {
    const before = await live();
    const dir = join(import.meta.dirname, "fixtures/live-more");
    await importFile(t.warehouse, join(dir, "messages.csv"), { timezone: "UTC" });
    const after = await live();
    expect(after.totals).toEqual({ ...LIVE_TOTALS, unattended: LIVE_TOTALS.unattended - 1 });
    expect(after.asOf).toBe("2026-12-01T11:50:00.000Z");
    expect(Date.parse(after.importedAt ?? "")).toBeGreaterThan(Date.parse(before.importedAt ?? ""));
  });
});
