import type { KpiResult, TableResult } from "@tallyline/report-defs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PublicDocument } from "../src/links/public";
import { json, type TestApp, testApp } from "./harness";
import { makeLink, OFFERED, openLink } from "./links";

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

const kpi = (doc: PublicDocument, i = 0) => doc.reports[i]?.result as KpiResult;
const table = (doc: PublicDocument) => doc.reports[0]?.result as TableResult;

describe("POST /api/v1/links then GET /api/v1/public/{token}", () => {
  it("freezes one report: hand-computed figures, definitions, period, zone, stamp fields", async () => {
    const made = await makeLink(t, { queries: [OFFERED], label: "Board" });
    expect(made.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(made.path).toBe(`/r/${made.token}`);
    expect(made.link).toMatchObject({ status: "active", views: 0, manageable: true });
    // Default expiry: 30 days from the app's clock.
    expect(made.link.expiresAt).toBe(new Date(t.clock.now + 30 * 86_400_000).toISOString());
    const res = await openLink(t, made.token);
    expect(res.status).toBe(200);
    const doc = await json<PublicDocument>(res);
    expect(doc).toMatchObject({
      kind: "report",
      mode: "snapshot",
      title: "Calls offered",
      at: new Date(t.clock.now).toISOString(),
      period: { label: "1999-02-01 to 1999-02-03", from: "1999-02-01", to: "1999-02-03", timezone: "UTC" },
      createdBy: "a workspace admin",
      filters: [],
      segment: null,
    });
    expect(kpi(doc)).toMatchObject({
      value: 9,
      previousValue: 2,
      breakdown: [
        { date: "1999-02-01", total: 5 },
        { date: "1999-02-02", total: 4 },
        { date: "1999-02-03", total: 0 },
      ],
    });
    expect(doc.reports[0]?.definition).toMatchObject({ id: "calls.offered", version: expect.any(Number) });
    expect(doc.reports[0]?.definition.measures[0]?.definition).toMatch(/every call that reached the system/);
  });

  it("a page of several reports: same numbers as the signed-in fetch of each", async () => {
    const queries = [OFFERED, { reportId: "calls.asa", query: { from: "1999-02-01", to: "1999-02-03" } }];
    const made = await makeLink(t, { queries, title: "Operations" });
    const doc = await json<PublicDocument>(await openLink(t, made.token));
    expect(doc.kind).toBe("page");
    expect(doc.title).toBe("Operations");
    for (const [i, q] of queries.entries()) {
      const own = await json<KpiResult>(await t.post(`/api/v1/report/${q.reportId}/fetch`, q.query));
      expect(kpi(doc, i).value).toBe(own.value);
      expect(kpi(doc, i).breakdown).toEqual(own.breakdown);
    }
  });

  it("a snapshot stays frozen while a live link re-runs its period rule at each view", async () => {
    const query = { reportId: "calls.offered", query: { periodDays: 3 } };
    const frozen = await makeLink(t, { queries: [query] });
    const live = await makeLink(t, { queries: [query], mode: "live" });
    const before = await json<PublicDocument>(await openLink(t, live.token));
    expect(before.mode).toBe("live");
    expect(kpi(before).from).toBe("1999-02-01");
    expect(kpi(before).value).toBe(9);
    const start = t.clock.now;
    t.clock.now += 86_400_000;
    try {
      const after = await json<PublicDocument>(await openLink(t, live.token));
      // One day later: 02-02..02-04 holds the 4 calls of 02-02 and call 13 of 02-04 (the fixture's rows).
      expect(kpi(after)).toMatchObject({ from: "1999-02-02", to: "1999-02-04", value: 5 });
      expect(after.at).toBe(new Date(t.clock.now).toISOString());
      const still = await json<PublicDocument>(await openLink(t, frozen.token));
      expect(kpi(still)).toMatchObject({ from: "1999-02-01", value: 9 });
      expect(still.at).toBe(new Date(start).toISOString());
    } finally {
      t.clock.now = start;
    }
  });

  it("agents show as 'Agent 1..n' by default, by name when asked", async () => {
    const q = { reportId: "calls.agents", query: { from: "1999-02-01", to: "1999-02-03" } };
    const own = await json<TableResult>(await t.post("/api/v1/report/calls.agents/fetch", q.query));
    const names = own.rows.map((r) => r.label);
    expect(names).toContain("ALICE");
    const hidden = await json<PublicDocument>(await openLink(t, (await makeLink(t, { queries: [q] })).token));
    const rows = table(hidden).rows;
    // Numbered by agent id over the named agents; the row without an agent keeps its '(not set)'.
    const named = own.rows.filter((r) => r.key !== null).length;
    expect(named).toBeGreaterThan(1);
    expect(rows.map((r) => r.label).sort()).toEqual(
      ["(not set)", ...Array.from({ length: named }, (_, i) => `Agent ${i + 1}`)].sort(),
    );
    expect(rows.every((r) => r.key === null || /^agent-\d+$/.test(r.key))).toBe(true);
    expect(JSON.stringify(hidden)).not.toContain("ALICE");
    // Same figures row by row (the rows keep their order).
    expect(rows.map((r) => r.values)).toEqual(own.rows.map((r) => r.values));
    const shown = await json<PublicDocument>(
      await openLink(t, (await makeLink(t, { queries: [q], showAgentNames: true })).token),
    );
    expect(table(shown).rows.map((r) => r.label)).toEqual(names);
  });

  it("filters and the segment show unless hidden", async () => {
    const seg = await json<{ id: string }>(
      await t.post("/api/v1/segments", { name: "Private banking", filters: { queue: ["PS"] } }),
    );
    const q = { reportId: "calls.offered", query: { from: "1999-02-01", to: "1999-02-03" } };
    const own = await json<KpiResult>(
      await t.post("/api/v1/report/calls.offered/fetch", { ...q.query, segmentId: seg.id }),
    );
    const shown = await json<PublicDocument>(
      await openLink(t, (await makeLink(t, { queries: [q], segmentId: seg.id })).token),
    );
    expect(shown.segment).toBe("Private banking");
    expect(shown.filters).toEqual([{ name: "queue", values: ["PS"] }]);
    expect(kpi(shown).value).toBe(own.value);
    const hidden = await json<PublicDocument>(
      await openLink(t, (await makeLink(t, { queries: [q], segmentId: seg.id, hideFilters: true })).token),
    );
    expect(hidden).toMatchObject({ segment: null, filters: null, filtersHidden: true });
    expect(JSON.stringify(hidden)).not.toContain("Private banking");
    expect(kpi(hidden).value).toBe(own.value);
  });

  it("a passcode opens the link by header or by POST", async () => {
    const made = await makeLink(t, { queries: [OFFERED], passcode: "open sesame" });
    expect((await openLink(t, made.token, { "x-link-passcode": "open sesame" })).status).toBe(200);
    const res = await t.app.request(`/api/v1/public/${made.token}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ passcode: "open sesame" }),
    });
    expect(res.status).toBe(200);
    expect(kpi(await json<PublicDocument>(res)).value).toBe(9);
  });

  it("lists links with views, last view and views per day; rotate gives a working new token", async () => {
    const made = await makeLink(t, { queries: [OFFERED], label: "Counted" });
    for (let i = 0; i < 3; i++) expect((await openLink(t, made.token)).status).toBe(200);
    const list = await json<{ items: { id: string; views: number; lastViewAt: string; viewsByDay: unknown }[] }>(
      await t.request("/api/v1/links"),
    );
    const mine = list.items.find((l) => l.id === made.link.id);
    expect(mine).toMatchObject({
      views: 3,
      lastViewAt: new Date(t.clock.now).toISOString(),
      viewsByDay: [{ day: "1999-02-03", views: 3 }],
    });
    expect(JSON.stringify(list)).not.toContain(made.token);
    const rotated = await t.post(`/api/v1/links/${made.link.id}/rotate`);
    expect(rotated.status).toBe(200);
    const { token } = await json<{ token: string }>(rotated);
    expect(token).not.toBe(made.token);
    expect((await openLink(t, token)).status).toBe(200);
    expect((await openLink(t, made.token)).status).toBe(404);
    // The counts survive in the database.
    await t.request("/api/v1/links");
    expect(
      await t.warehouse.query("SELECT views::INTEGER AS v FROM app_links WHERE link_id = $1", [made.link.id]),
    ).toEqual([{ v: 4 }]);
  });

  it("revoke: 204, then the token answers 404 and the list says revoked", async () => {
    const made = await makeLink(t, { queries: [OFFERED] });
    const res = await t.request(`/api/v1/links/${made.link.id}`, { method: "DELETE" });
    expect(res.status).toBe(204);
    expect((await openLink(t, made.token)).status).toBe(404);
    const list = await json<{ items: { id: string; status: string }[] }>(await t.request("/api/v1/links"));
    expect(list.items.find((l) => l.id === made.link.id)?.status).toBe("revoked");
  });

  it("sends no-store, no-referrer, noindex and the CSP", async () => {
    const made = await makeLink(t, { queries: [OFFERED] });
    for (const res of [await openLink(t, made.token), await openLink(t, "nope")]) {
      expect(res.headers.get("cache-control")).toBe("no-store");
      expect(res.headers.get("referrer-policy")).toBe("no-referrer");
      expect(res.headers.get("x-robots-tag")).toMatch(/noindex/);
      expect(res.headers.get("content-security-policy")).toMatch(/default-src 'self'/);
    }
  });
});
