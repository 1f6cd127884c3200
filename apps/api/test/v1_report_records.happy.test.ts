/**
 * `POST /api/v1/report/{id}/records` on the hand-made call log (packages/report-defs/test/fixtures,
 * worked out in calls.golden.test.ts; times UTC): the records behind the whole period, the previous
 * period, a day, a queue, a heatmap cell and a filtered figure, paged; and, on generated data, every
 * kind of record answered in the documented shape, every field of it in the OpenAPI document.
 *
 * Window 1999-02-01..03: 02-01 #1 answered (wait 30) 08:00, #2 answered (wait 0) 09:00, #3 abandoned
 * (NW) 10:00, #4 hung up in the voice menu 11:00, AA0103#1 answered (wait 60) 14:00; 02-02 #5
 * answered (wait 60) 08:00, #6 PHANTOM 12:00, #7 abandoned (NE) 13:00, #8 answered (wait 50)
 * 23:59:50. Previous window 01-29..31: #11 abandoned 01-29, #10 answered 01-31.
 */
import { RECORD_KINDS, RecordsPage } from "@tallyline/report-defs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpApp } from "./http-harness";

let t: Awaited<ReturnType<typeof httpApp>>;
beforeAll(async () => {
  t = await httpApp({ generated: true });
});
afterAll(() => t.close());

const WINDOW = { from: "1999-02-01", to: "1999-02-03", timezone: "UTC" };
const records = async (id: string, body: object) => {
  const res = await t.post(`/api/v1/report/${id}/records`, body);
  expect(res.status).toBe(200);
  return RecordsPage.parse(await res.json());
};
const ids = (page: RecordsPage) => page.items.map((i) => String((i as { call_id: string }).call_id).slice(9));

describe("records behind figures of the hand-made call log", () => {
  it("calls.agents on 02-04: the idle agents BOB and CAROL are rows with 0; their records are none, no error", async () => {
    // The campaign filter keeps the roster to the agents who ever took an anonbank call (the app also
    // holds generated data with its own agents).
    const day = {
      from: "1999-02-04",
      to: "1999-02-04",
      timezone: "UTC",
      compare: "none",
      filters: { campaign: ["anonbank"] },
    };
    const res = await t.post("/api/v1/report/calls.agents/fetch", day);
    expect(res.status).toBe(200);
    const table = (await res.json()) as {
      rows: { key: string; label: string; values: Record<string, number | null> }[];
    };
    // 02-04: one call, #13, answered by ALICE (handle 999 s); the roster (anonbank's agents) lists the others.
    expect(table.rows.map((r) => [r.label, r.values.answered, r.values.aht])).toEqual([
      ["ALICE", 1, 999],
      ["BOB", 0, null],
      ["CAROL", 0, null],
    ]);
    const bob = table.rows[1]?.key as string;
    const page = await records("calls.agents", { query: day, selector: { key: bob } });
    expect(page).toMatchObject({ total: 0, items: [], nextCursor: null });
  });

  it("ASA: the five answered calls, each with the wait it averages (mean 40 s, as the figure)", async () => {
    const page = await records("calls.asa", { query: WINDOW });
    expect(page).toMatchObject({ reportId: "calls.asa", measure: "asa", kind: "call", total: 5, nextCursor: null });
    expect(ids(page)).toEqual(["AA0101:1", "AA0101:2", "AA0103:1", "AA0102:5", "AA0102:8"]);
    expect(page.items.map((i) => i.value)).toEqual([30, 0, 60, 60, 50]);
    expect(page.items[0]).toMatchObject({
      call_id: "anonbank:AA0101:1",
      started_at: "1999-02-01T08:00:00.000Z",
      answered_at: "1999-02-01T08:00:40.000Z",
      campaign_id: "anonbank",
      queue: "PS",
      agent_id: "anonbank:ALICE",
      agent: "ALICE",
      outcome: "answered",
      wait_secs: 30,
      handle_secs: 300,
      in_numerator: null,
    });
  });

  it("abandonment rate: answered and abandoned calls, the two abandoned in the numerator (2 of 7)", async () => {
    const page = await records("calls.abandonment_rate", { query: WINDOW });
    expect(page.total).toBe(7);
    const numerator = page.items.filter((i) => i.in_numerator).map((i) => (i as { call_id: string }).call_id);
    expect(numerator).toEqual(["anonbank:AA0101:3", "anonbank:AA0102:7"]);
  });

  it("a day, the previous period, a queue, a heatmap cell, a filter", async () => {
    expect(ids(await records("calls.offered", { query: WINDOW, selector: { bucket: "1999-02-02" } }))).toEqual([
      "AA0102:5",
      "AA0102:6",
      "AA0102:7",
      "AA0102:8",
    ]);
    expect(ids(await records("calls.offered", { query: WINDOW, selector: { previous: true } }))).toEqual([
      "AA0101:11",
      "AA0101:10",
    ]);
    expect(ids(await records("calls.by_queue", { query: WINDOW, selector: { key: "NW" } }))).toEqual(["AA0101:3"]);
    // 1999-02-01 is a Monday: weekday 1, 08:00.
    expect(ids(await records("calls.heatmap", { query: WINDOW, selector: { cell: { weekday: 1, hour: 8 } } }))).toEqual(
      ["AA0101:1"],
    );
    const ivr = await records("calls.offered", { query: { ...WINDOW, filters: { outcome: ["ivr"] } } });
    expect(ids(ivr)).toEqual(["AA0101:4", "AA0102:6"]);
    expect(ivr.items.map((i) => i.outcome)).toEqual(["ivr", "ivr"]);
  });

  it("pages by cursor: every record once, in order, the total on every page", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await records("calls.offered", { query: WINDOW, limit: 2, ...(cursor ? { cursor } : {}) });
      expect(page.total).toBe(9);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...ids(page));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(pages).toBe(5);
    expect(seen).toEqual(ids(await records("calls.offered", { query: WINDOW, limit: 500 })));
    expect(seen).toHaveLength(9);
  });

  it("an empty body: the whole last 30 days of the report's first measure with records", async () => {
    const res = await t.post("/api/v1/report/calls.offered/records", undefined, {});
    expect(res.status).toBe(200);
    // 1999-01-05..02-03 (now is 1999-02-03): 9 + #10 + #11 + #12.
    expect(RecordsPage.parse(await res.json()).total).toBe(12);
  });
});

describe("every kind of record, on generated data", () => {
  const Q = { from: "2026-10-21", to: "2026-10-27", timezone: "Europe/Amsterdam" };
  it.each([
    ["calls.agents", "aht", "call"],
    ["quality_checks.calls", "calls", "call"],
    ["quality_checks.checks", "pass_rate", "check_result"],
    ["chatbot.top_intents", "conversations", "conversation"],
    ["contact_centre.avg_wait_time", "first_response_time", "assignment"],
  ] as const)("%s %s gives %s records in the documented shape", async (id, measure, kind) => {
    const page = await records(id, { query: Q, selector: { measure }, limit: 20 });
    expect(page.kind).toBe(kind);
    expect(page.items.length).toBeGreaterThan(0);
    for (const item of page.items) expect(Object.keys(item)).toEqual(RECORD_KINDS[kind].fields.map((f) => f.name));
    // No personal data: no contact, visitor, e-mail, text or transcript fields.
    expect(Object.keys(page.items[0] ?? {}).join(" ")).not.toMatch(/contact|visitor|email|text|transcript|comment/);
  });

  it("the OpenAPI document lists every field of every kind, each with a description", async () => {
    const doc = (await (await t.get("/api/v1/openapi.json")).json()) as {
      paths: Record<string, unknown>;
      components: { schemas: Record<string, { properties: Record<string, { description?: string }> }> };
    };
    expect(Object.keys(doc.paths)).toContain("/api/v1/report/{reportId}/records");
    const names = {
      call: "CallRecord",
      check_result: "CheckResultRecord",
      conversation: "ConversationRecord",
      assignment: "AssignmentRecord",
    };
    for (const [kind, spec] of Object.entries(RECORD_KINDS)) {
      const schema = doc.components.schemas[names[kind as keyof typeof names]];
      expect(Object.keys(schema?.properties ?? {}), kind).toEqual(spec.fields.map((f) => f.name));
      for (const f of spec.fields) expect(schema?.properties[f.name]?.description, `${kind}.${f.name}`).toBe(f.doc);
    }
  });

  it("logs no unexpected errors", () => {
    expect(t.errors).toEqual([]);
  });
});
