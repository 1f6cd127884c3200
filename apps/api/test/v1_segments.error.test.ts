/**
 * Segments' errors: hostile and wrong values refused with 400 and the field's path (nothing stored),
 * unknown ids 404, and, for every report of the registry and every filter it cannot take, a query
 * naming a segment with that filter is a 400 that names the filter and the report (never ignored).
 */
import { defaultRegistry, FILTER_NAMES, type FilterName } from "@tallyline/report-defs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorOf, json, type TestApp, testApp } from "./harness";

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

const W = { from: "1999-02-01", to: "1999-02-03", timezone: "UTC" };
const send = (method: string, path: string, body?: unknown) =>
  t.request(path, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });
const count = async () =>
  Number((await t.warehouse.query<{ n: number }>("SELECT count(*) AS n FROM app_segments"))[0]?.n);
const UNKNOWN = "00000000-0000-4000-8000-000000000000";

async function create(filters: Record<string, string[]>, name = "s"): Promise<string> {
  const res = await send("POST", "/api/v1/segments", { name, filters });
  expect(res.status).toBe(201);
  return (await json<{ id: string }>(res)).id;
}

describe("create and update refuse bad values with 400 and the path, storing nothing", () => {
  const long = "x".repeat(201);
  const cases: [string, unknown, RegExp][] = [
    ["no name", { filters: { queue: ["PS"] } }, /^name/],
    ["empty name", { name: "   ", filters: { queue: ["PS"] } }, /^name/],
    ["name over 100", { name: "n".repeat(101), filters: { queue: ["PS"] } }, /^name/],
    ["NUL in name", { name: "a\u0000b", filters: { queue: ["PS"] } }, /^name/],
    ["bidi override in name", { name: "a\u202eb", filters: { queue: ["PS"] } }, /^name/],
    ["description over 500", { name: "a", description: "d".repeat(501), filters: { queue: ["PS"] } }, /^description/],
    ["no filters", { name: "a" }, /^filters/],
    ["no filter set", { name: "a", filters: {} }, /^filters/],
    ["unknown filter", { name: "a", filters: { region: ["EU"] } }, /^filters(\.region)?/],
    ["__proto__ filter", '{"name":"a","filters":{"__proto__":["x"]}}', /^filters/],
    ["constructor filter", { name: "a", filters: { constructor: ["x"] } }, /^filters/],
    ["filter not a list", { name: "a", filters: { queue: "PS" } }, /^filters\.queue/],
    ["empty list", { name: "a", filters: { queue: [] } }, /^filters\.queue/],
    ["value over 200 characters", { name: "a", filters: { queue: [long] } }, /^filters\.queue\.0/],
    [
      "1001 values",
      { name: "a", filters: { queue: Array.from({ length: 1001 }, (_, i) => `q${i}`) } },
      /^filters\.queue/,
    ],
    ["NUL in a value", { name: "a", filters: { agent: ["a\u0000"] } }, /^filters\.agent\.0/],
    ["lone surrogate", { name: "a", filters: { agent: ["\ud800"] } }, /^filters\.agent\.0/],
    [
      "outcome not one of three",
      { name: "a", filters: { outcome: ["'; DROP TABLE calls; --"] } },
      /^filters\.outcome\.0/,
    ],
    ["number value", { name: "a", filters: { queue: [1] } }, /^filters\.queue\.0/],
    ["unknown field", { name: "a", filters: { queue: ["PS"] }, owner: "me" }, /owner/],
    [
      "deep nesting",
      { name: "a", filters: { queue: [JSON.parse(`${"[".repeat(200)}${"]".repeat(200)}`)] } },
      /filters/,
    ],
  ];
  for (const [what, body, path] of cases) {
    it(`create: ${what}`, async () => {
      const before = await count();
      const res = await send("POST", "/api/v1/segments", body);
      const e = await errorOf(res);
      expect(e.status).toBe(400);
      expect(e.message).toMatch(path);
      expect(await count()).toBe(before);
    });
  }

  it("update refuses the same values and leaves the segment as it was", async () => {
    const id = await create({ queue: ["PS"] }, "Kept");
    for (const body of [{ filters: { region: ["x"] } }, { name: "" }, { filters: { queue: [] } }, {}, { owner: "x" }]) {
      const res = await send("PATCH", `/api/v1/segments/${id}`, body);
      expect(res.status).toBe(400);
    }
    expect(await json(await send("GET", `/api/v1/segments/${id}`))).toMatchObject({
      name: "Kept",
      filters: { queue: ["PS"] },
    });
  });

  it("SQL-like names and values are stored as text, never run", async () => {
    const name = "x'); DROP TABLE app_segments; --";
    const id = await create({ queue: ["PS' OR '1'='1"] }, name);
    expect(await json(await send("GET", `/api/v1/segments/${id}`))).toMatchObject({
      name,
      filters: { queue: ["PS' OR '1'='1"] },
    });
    const r = await json<{ value: number }>(
      await send("POST", "/api/v1/report/calls.offered/fetch", { ...W, segmentId: id }),
    );
    expect(r.value).toBe(0);
  });
});

describe("ids", () => {
  it("an id that is not a UUID is 400 on every segment route and in every report query", async () => {
    for (const [method, path] of [
      ["GET", "/api/v1/segments/..%2F..%2Fetc%2Fpasswd"],
      ["PATCH", "/api/v1/segments/1%20OR%201=1"],
      ["DELETE", "/api/v1/segments/abc"],
    ] as const) {
      const res = await send(method, path, method === "PATCH" ? { name: "x" } : undefined);
      expect(res.status).toBe(400);
    }
    for (const segmentId of ["abc", 5, null, "' OR 1=1 --", ["x"]]) {
      const e = await errorOf(await send("POST", "/api/v1/report/calls.offered/fetch", { ...W, segmentId }));
      expect([e.status, e.code]).toEqual([400, "invalid_query"]);
      expect(e.message).toMatch(/^segmentId/);
      const r = await errorOf(
        await send("POST", "/api/v1/report/calls.offered/records", { query: { ...W, segmentId } }),
      );
      expect([r.status, r.message.startsWith("query.segmentId")]).toEqual([400, true]);
    }
  });

  it("an unknown segment is 404 on get, update, delete, fetch, records and in a batch item", async () => {
    expect((await send("GET", `/api/v1/segments/${UNKNOWN}`)).status).toBe(404);
    expect((await send("PATCH", `/api/v1/segments/${UNKNOWN}`, { name: "x" })).status).toBe(404);
    expect((await send("DELETE", `/api/v1/segments/${UNKNOWN}`)).status).toBe(404);
    const f = await errorOf(await send("POST", "/api/v1/report/calls.offered/fetch", { ...W, segmentId: UNKNOWN }));
    expect([f.status, f.code]).toEqual([404, "not_found"]);
    expect(f.message).toContain(UNKNOWN);
    const r = await send("POST", "/api/v1/report/calls.offered/records", { query: { ...W, segmentId: UNKNOWN } });
    expect(r.status).toBe(404);
    const b = await json<{ results: { status: number }[] }>(
      await send("POST", "/api/v1/reports/batch", {
        queries: [{ reportId: "calls.offered", query: { segmentId: UNKNOWN } }],
      }),
    );
    expect(b.results[0]?.status).toBe(404);
  });

  it("a segment deleted after a query named it: the next query is 404, not the unfiltered total", async () => {
    const id = await create({ queue: ["NW"] });
    expect(
      (await json<{ value: number }>(await send("POST", "/api/v1/report/calls.offered/fetch", { ...W, segmentId: id })))
        .value,
    ).toBe(1);
    await send("DELETE", `/api/v1/segments/${id}`);
    expect((await send("POST", "/api/v1/report/calls.offered/fetch", { ...W, segmentId: id })).status).toBe(404);
  });
});

describe("a report that cannot take a filter of the segment refuses it, naming the filter and the report", () => {
  const VALUE: Record<FilterName, string> = {
    campaign: "c",
    agent: "a",
    queue: "q",
    topic: "t",
    channel: "chat",
    language: "nl",
    intent: "i",
    outcome: "answered",
    check: "k",
    call: "k1",
    conversation: "v1",
    team: "t1",
    label: "billing",
  };
  it("for every report of the registry and every filter it lacks (fetch and batch)", async () => {
    const segmentOf = new Map<FilterName, string>();
    for (const f of FILTER_NAMES) segmentOf.set(f, await create({ [f]: [VALUE[f]] }, `only ${f}`));
    let refusals = 0;
    for (const def of defaultRegistry().list()) {
      for (const f of FILTER_NAMES) {
        const segmentId = segmentOf.get(f);
        const res = await send("POST", `/api/v1/report/${def.id}/fetch`, { ...W, segmentId });
        if (def.filters.includes(f)) {
          expect({ report: def.id, f, status: res.status }).toEqual({ report: def.id, f, status: 200 });
          continue;
        }
        refusals++;
        const e = await errorOf(res);
        expect({ report: def.id, f, status: e.status, code: e.code }).toEqual({
          report: def.id,
          f,
          status: 400,
          code: "invalid_query",
        });
        expect(e.message).toContain(`by ${f},`);
        expect(e.message).toContain(`report ${def.id} `);
        expect(e.message).toContain(`only ${f}`);
        const b = await json<{ results: { status: number; error?: { message: string } }[] }>(
          await send("POST", "/api/v1/reports/batch", { queries: [{ reportId: def.id, query: { ...W, segmentId } }] }),
        );
        expect(b.results[0]?.status).toBe(400);
        expect(b.results[0]?.error?.message).toContain(`report ${def.id} `);
      }
    }
    // 69 reports; e.g. every call report lacks channel, language and intent.
    expect(refusals).toBeGreaterThan(100);
  }, 60_000);

  it("records refuse it too, naming the filter and the report", async () => {
    const id = await create({ channel: ["chat"] });
    const e = await errorOf(
      await send("POST", "/api/v1/report/calls.offered/records", { query: { ...W, segmentId: id } }),
    );
    expect(e.status).toBe(400);
    expect(e.message).toMatch(/by channel,.*report calls\.offered /);
  });
});

describe("the workspace's bound", () => {
  it("refuses a segment past 500 with 409 and stores nothing", async () => {
    const other = await testApp([]);
    try {
      await other.warehouse.run(
        `INSERT INTO app_segments SELECT 'pre-' || i, 'pre ' || i, NULL, '{"queue":["PS"]}', 'key', 'k', now()::TIMESTAMP, now()::TIMESTAMP
         FROM range(500) t(i)`,
      );
      const res = await other.post("/api/v1/segments", { name: "one too many", filters: { queue: ["PS"] } });
      const e = await errorOf(res);
      expect([e.status, e.code]).toEqual([409, "conflict"]);
      expect(e.message).toMatch(/500 segments/);
      expect(await other.warehouse.query("SELECT count(*)::INTEGER AS n FROM app_segments")).toEqual([{ n: 500 }]);
    } finally {
      await other.close();
    }
  });
});
