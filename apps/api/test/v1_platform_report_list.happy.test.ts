/**
 * The report list's `hasData`: whether the table a report counts holds any row. Golden facts: the
 * small call log (packages/report-defs/test/fixtures/calls-small.tsv) is a call log only, so the
 * call reports (fact `calls`) have data and every chat, rating, agent-state and traffic report has
 * none; the table counts are read with our own SQL, not from the route. An import moves the answer.
 */
import { importFile } from "@tallyline/ingest";
import { loadDemo } from "@tallyline/synth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { smallCallLog, type TestApp, testApp } from "./harness";

type Item = { id: string; category: string; hasData: boolean };
const list = async (t: TestApp) => {
  const res = await t.request("/api/v1/platform/report/list");
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: Item[] }).items;
};
const byId = (items: Item[]) => Object.fromEntries(items.map((i) => [i.id, i.hasData]));

/** Rows of a table, by our own SQL. */
const rows = async (t: TestApp, table: string) =>
  Number((await t.warehouse.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${table}`))[0]?.n ?? 0);

let empty: TestApp;
let calls: TestApp;
beforeAll(async () => {
  [empty, calls] = await Promise.all([testApp([]), testApp([smallCallLog])]);
});
afterAll(async () => {
  await empty?.close();
  await calls?.close();
});

describe("report list: hasData", () => {
  it("on a database with calls only, the call reports have data and the chat reports have none", async () => {
    expect(await rows(calls, "calls")).toBeGreaterThan(0);
    for (const table of ["conversations", "messages", "assignments", "ratings", "agent_states", "call_check_results"])
      expect(await rows(calls, table)).toBe(0);
    const items = await list(calls);
    const has = byId(items);
    for (const id of ["calls.offered", "calls.service_level", "calls.by_queue", "calls.heatmap", "calls.agents"])
      expect(has[id], id).toBe(true);
    for (const id of [
      "engagement.conversations",
      "contacts.new", // derived from conversations
      "quality.ratings",
      "contact_centre.missed",
      "agents.connection_time",
      "quality_checks.pass_rate",
      "invites.funnel",
    ])
      expect(has[id], id).toBe(false);
    // Every category but Operations (the call reports) is absent.
    const present = [...new Set(items.filter((i) => i.hasData).map((i) => i.category))];
    expect(present).toEqual(["Operations"]);
  });

  it("an empty database has no report with data; an import turns its reports on", async () => {
    expect((await list(empty)).filter((i) => i.hasData)).toEqual([]);
    await importFile(empty.warehouse, smallCallLog, { timezone: "UTC" });
    const has = byId(await list(empty));
    expect(has["calls.offered"]).toBe(true);
    expect(has["engagement.conversations"]).toBe(false);
  });

  it("on the demo data, each report's hasData is whether its table holds rows", async () => {
    const demo = await testApp([]);
    try {
      await loadDemo(demo.warehouse, { seed: 7, days: 7, end: "1999-01-26", timezone: "UTC", scale: 1 });
      const has = byId(await list(demo));
      const tables: Record<string, string> = {
        "calls.offered": "calls",
        "quality_checks.calls": "call_check_results",
        "engagement.conversations": "conversations",
        "contacts.new": "conversations",
        "engagement.messages": "messages",
        "quality.ratings": "ratings",
        "contact_centre.missed": "assignments",
        "agents.connection_time": "agent_states",
        "shifts.agents": "agent_shifts",
        "invites.funnel": "invites_hourly",
        "traffic.entrypoints": "traffic_hourly",
      };
      for (const [id, table] of Object.entries(tables)) expect(has[id], id).toBe((await rows(demo, table)) > 0);
      expect(has["engagement.conversations"]).toBe(true);
    } finally {
      await demo.close();
    }
  });
});
