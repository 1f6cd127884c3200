/**
 * Segments (`/api/v1/segments`) and `segmentId` on fetch, records and batch, on the hand-made call
 * log (packages/report-defs/test/calls.golden.test.ts): 1999-02-01..03 holds 9 calls, 7 of queue PS,
 * 1 NW, 1 NE; the previous window 1999-01-29..31 holds 2, both PS. Agent ALICE (anonbank:ALICE)
 * answered 2 calls in the window (#1 and #5).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Segments } from "../src/segments/segments";
import { BROWSER_WRITE, json, type TestApp, testApp } from "./harness";

let t: TestApp;
let memberAuth: Record<string, string>;
let otherAuth: Record<string, string>;
beforeAll(async () => {
  t = await testApp();
  memberAuth = { authorization: await t.keyHeader("member") };
  otherAuth = { authorization: await t.keyHeader("member") };
});
afterAll(() => t.close());

const W = { from: "1999-02-01", to: "1999-02-03", timezone: "UTC" };
interface Segment {
  id: string;
  name: string;
  description: string | null;
  filters: Record<string, string[]>;
  owner: { kind: string; id: string };
  editable: boolean;
  createdAt: string;
  updatedAt: string;
}

const send = (method: string, path: string, body?: unknown, headers: Record<string, string> = memberAuth) =>
  t.request(path, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

async function create(body: unknown, headers = memberAuth): Promise<Segment> {
  const res = await send("POST", "/api/v1/segments", body, headers);
  expect(res.status).toBe(201);
  return json<Segment>(res);
}

const fetchReport = async (id: string, body: unknown, headers = memberAuth) =>
  send("POST", `/api/v1/report/${id}/fetch`, body, headers);

describe("segment CRUD", () => {
  it("a member creates a segment, owns it, and every other member lists and reads it", async () => {
    const s = await create({ name: "  Sales queue  ", description: "PS only", filters: { queue: ["PS"] } });
    expect(s).toMatchObject({
      name: "Sales queue",
      description: "PS only",
      filters: { queue: ["PS"] },
      owner: { kind: "key" },
      editable: true,
    });
    expect(s.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(s.createdAt).toBe(new Date(t.clock.now).toISOString());
    const list = await json<{ items: Segment[] }>(await send("GET", "/api/v1/segments", undefined, otherAuth));
    const seen = list.items.find((x) => x.id === s.id);
    expect(seen).toMatchObject({ name: "Sales queue", filters: { queue: ["PS"] }, editable: false });
    const one = await send("GET", `/api/v1/segments/${s.id}`, undefined, otherAuth);
    expect(one.status).toBe(200);
    expect(await json<Segment>(one)).toEqual({ ...s, editable: false });
  });

  it("a session user owns what they create; the list is by name", async () => {
    const { user } = await t.addUser("member");
    const cookie = await t.sessionCookie(user.id);
    const s = await create({ name: "aaa first", filters: { agent: ["anonbank:ALICE"] } }, { cookie, ...BROWSER_WRITE });
    expect(s.owner).toEqual({ kind: "user", id: user.id });
    const names = (await json<{ items: Segment[] }>(await send("GET", "/api/v1/segments"))).items.map((x) => x.name);
    expect(names[0]).toBe("aaa first");
    expect([...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()))).toEqual(names);
  });

  it("the owner renames it and changes its filters; updatedAt moves; an admin may too", async () => {
    const s = await create({ name: "Before", filters: { queue: ["PS"] } });
    t.clock.now += 60_000;
    const res = await send("PATCH", `/api/v1/segments/${s.id}`, { name: "After", filters: { queue: ["NW"] } });
    expect(res.status).toBe(200);
    const after = await json<Segment>(res);
    expect(after).toMatchObject({ id: s.id, name: "After", description: null, filters: { queue: ["NW"] } });
    expect(Date.parse(after.updatedAt) - Date.parse(s.updatedAt)).toBe(60_000);
    expect(after.createdAt).toBe(s.createdAt);
    const byAdmin = await send("PATCH", `/api/v1/segments/${s.id}`, { description: "set by an admin" }, {});
    expect(byAdmin.status).toBe(200);
    expect(await json<Segment>(byAdmin)).toMatchObject({ name: "After", description: "set by an admin" });
  });

  it("the owner deletes it; it is gone from the list and reads 404", async () => {
    const s = await create({ name: "Doomed", filters: { queue: ["NE"] } });
    expect((await send("DELETE", `/api/v1/segments/${s.id}`)).status).toBe(204);
    expect((await send("GET", `/api/v1/segments/${s.id}`)).status).toBe(404);
    const ids = (await json<{ items: Segment[] }>(await send("GET", "/api/v1/segments"))).items.map((x) => x.id);
    expect(ids).not.toContain(s.id);
  });
});

describe("segmentId on report queries", () => {
  it("golden: fetch with a segment equals the hand-written filters and the hand count (PS: 7 against 2)", async () => {
    const s = await create({ name: "PS", filters: { queue: ["PS"] } });
    const withSegment = await json<Record<string, unknown>>(
      await fetchReport("calls.offered", { ...W, segmentId: s.id }),
    );
    const byHand = await json<Record<string, unknown>>(
      await fetchReport("calls.offered", { ...W, filters: { queue: ["PS"] } }),
    );
    expect(withSegment).toMatchObject({ value: 7, previousValue: 2 });
    const { segment, ...rest } = withSegment;
    expect(segment).toEqual({ id: s.id, name: "PS" });
    expect(rest).toEqual(byHand);
    // And for a ranking and a timeseries.
    for (const id of ["calls.by_queue", "calls.heatmap", "calls.agents"]) {
      const a = await fetchReport(id, { ...W, segmentId: s.id });
      expect(a.status).toBe(200);
      const b = await json<Record<string, unknown>>(await fetchReport(id, { ...W, filters: { queue: ["PS"] } }));
      const { segment: _s, ...ra } = await json<Record<string, unknown>>(a);
      expect(ra).toEqual(b);
    }
    // The by-queue ranking under the PS segment holds PS alone, with its hand count.
    const ranking = await json<{ rows: { key: string; value: number }[] }>(
      await fetchReport("calls.by_queue", { ...W, segmentId: s.id }),
    );
    expect(ranking.rows.map((r) => [r.key, r.value])).toEqual([["PS", 7]]);
  });

  it("a segment and the query's own filter keep the values both allow (agent ALICE within PS: 2)", async () => {
    const s = await create({ name: "PS", filters: { queue: ["PS"] } });
    const r = await json<{ value: number }>(
      await fetchReport("calls.offered", { ...W, segmentId: s.id, filters: { agent: ["anonbank:ALICE"] } }),
    );
    expect(r.value).toBe(2);
    const none = await json<{ value: number }>(
      await fetchReport("calls.offered", { ...W, segmentId: s.id, filters: { queue: ["NW"] } }),
    );
    expect(none.value).toBe(0);
  });

  it("editing a segment changes the next result (PS 7, then NW+NE 2), and renaming changes the echo", async () => {
    const s = await create({ name: "Moving", filters: { queue: ["PS"] } });
    const first = await json<{ value: number }>(await fetchReport("calls.offered", { ...W, segmentId: s.id }));
    expect(first.value).toBe(7);
    await send("PATCH", `/api/v1/segments/${s.id}`, { name: "Moved", filters: { queue: ["NW", "NE"] } });
    const second = await json<{ value: number; segment: { name: string } }>(
      await fetchReport("calls.offered", { ...W, segmentId: s.id }),
    );
    expect(second.value).toBe(2);
    expect(second.segment).toEqual({ id: s.id, name: "Moved" });
  });

  it("records take query.segmentId: as many records as the figure (7), the segment echoed", async () => {
    const s = await create({ name: "PS", filters: { queue: ["PS"] } });
    const res = await send("POST", "/api/v1/report/calls.offered/records", { query: { ...W, segmentId: s.id } });
    expect(res.status).toBe(200);
    const page = await json<{ total: number; items: unknown[]; segment: unknown }>(res);
    expect(page.total).toBe(7);
    expect(page.items).toHaveLength(7);
    expect(page.segment).toEqual({ id: s.id, name: "PS" });
  });

  it("batch takes segmentId in each query: results as fetch's, a refused or unknown segment the item's own error", async () => {
    const s = await create({ name: "PS", filters: { queue: ["PS"] } });
    const res = await send("POST", "/api/v1/reports/batch", {
      queries: [
        { reportId: "calls.offered", query: { ...W, segmentId: s.id } },
        { reportId: "calls.offered", query: W },
        { reportId: "engagement.conversations", query: { ...W, segmentId: s.id } },
        { reportId: "calls.offered", query: { ...W, segmentId: "00000000-0000-4000-8000-000000000000" } },
      ],
    });
    expect(res.status).toBe(200);
    const { results } = await json<{
      results: { status: number; result?: { value: number; segment?: unknown }; error?: { message: string } }[];
    }>(res);
    expect(results.map((r) => r.status)).toEqual([200, 200, 400, 404]);
    expect(results[0]?.result).toMatchObject({ value: 7, segment: { id: s.id, name: "PS" } });
    expect(results[1]?.result?.value).toBe(9);
    expect(results[1]?.result?.segment).toBeUndefined();
    expect(results[2]?.error?.message).toMatch(/queue.*engagement\.conversations/);
  });
});

describe("the segment's cache key", () => {
  it("moves with every edit (filters, name, even within the same millisecond) and not otherwise", async () => {
    const s = await create({ name: "Keyed", filters: { queue: ["PS"] } });
    const store = new Segments(t.warehouse, () => t.clock.now);
    const k0 = (await store.resolve(s.id)).cacheKey;
    expect((await store.resolve(s.id)).cacheKey).toBe(k0);
    expect(k0.startsWith(`${s.id}:`)).toBe(true);
    await send("PATCH", `/api/v1/segments/${s.id}`, { filters: { queue: ["NW"] } });
    const k1 = (await store.resolve(s.id)).cacheKey;
    await send("PATCH", `/api/v1/segments/${s.id}`, { name: "Keyed again" });
    const k2 = (await store.resolve(s.id)).cacheKey;
    expect(new Set([k0, k1, k2]).size).toBe(3);
  });
});
