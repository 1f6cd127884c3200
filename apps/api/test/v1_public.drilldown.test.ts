/**
 * Drill-down of a snapshot's KPIs by queue, topic and agent (links/breakdowns.ts). Golden figures
 * hand-computed from the small call log (packages/report-defs/test/fixtures/calls-small.tsv): on
 * 1999-02-01..03 nine calls arrive; by `type` (the queue) PS has calls 1, 2, 4, 5, 6, 8 and the
 * AA0103 call (7), NE call 7 (1), NW call 3 (1); by server ALICE has calls 1 and 5 (2), BOB 2 and 8
 * (2), CAROL the AA0103 call (1); the other four have no agent. No call has a topic.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PublicDocument } from "../src/links/public";
import { json, type TestApp, testApp } from "./harness";
import { makeLink, OFFERED, openLink } from "./links";

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

const open = async (token: string) => json<PublicDocument>(await openLink(t, token));
const rowsOf = (doc: PublicDocument, by: string, i = 0) =>
  doc.reports[i]?.breakdowns?.find((b) => b.by === by)?.rows.map((r) => [r.label, r.value]);

describe("KPI breakdowns frozen with a snapshot", () => {
  it("calls offered by queue and by agent (hand-computed); no topic breakdown where no call has one", async () => {
    const doc = await open((await makeLink(t, { queries: [OFFERED], showAgentNames: true })).token);
    expect(rowsOf(doc, "queue")).toEqual([
      ["PS", 7],
      ["NE", 1],
      ["NW", 1],
    ]);
    expect(new Map(rowsOf(doc, "agent") as [string, number][])).toEqual(
      new Map([
        ["ALICE", 2],
        ["BOB", 2],
        ["CAROL", 1],
      ]),
    );
    expect(doc.reports[0]?.breakdowns?.map((b) => b.by)).toEqual(["queue", "agent"]);
  });

  it("agents are 'Agent n' by default, numbered like the agents table of the same page", async () => {
    const doc = await open(
      (
        await makeLink(t, {
          queries: [OFFERED, { reportId: "calls.agents", query: { from: "1999-02-01", to: "1999-02-03" } }],
        })
      ).token,
    );
    const agents = doc.reports[0]?.breakdowns?.find((b) => b.by === "agent")?.rows ?? [];
    expect(agents.map((r) => r.label).sort()).toEqual(["Agent 1", "Agent 2", "Agent 3"]);
    expect(agents.every((r) => r.key === `agent-${r.label.slice(6)}`)).toBe(true);
    // The same agent has the same number in the table: its answered calls there equal the calls offered here
    // (every call with an agent was answered in this log).
    const table = doc.reports[1]?.result as { rows: { key: string; values: Record<string, number | null> }[] };
    for (const a of agents) {
      const row = table.rows.find((r) => r.key === a.key);
      expect(row, a.key).toBeDefined();
      expect(Object.values(row?.values ?? {})[0]).toBe(a.value);
    }
    expect(JSON.stringify(doc)).not.toMatch(/ALICE|BOB|CAROL/);
  });

  it("calls abandoned by queue; the query's own queue filter limits the split", async () => {
    const doc = await open(
      (
        await makeLink(t, {
          queries: [
            {
              reportId: "calls.abandoned",
              query: { from: "1999-02-01", to: "1999-02-03", filters: { queue: ["PS", "NE"] } },
            },
          ],
        })
      ).token,
    );
    // Hung up in the queue on 02-01..03: call 3 (NW, 90 s queued) and call 7 (NE, 20 s); call 4 (PS) hung
    // up in the voice unit, never queued (not abandoned). NW is filtered out; PS is listed with 0.
    expect(
      doc.reports[0]?.breakdowns
        ?.find((b) => b.by === "queue")
        ?.rows.map((r) => r.label)
        .sort(),
    ).toEqual(["NE", "PS"]);
    expect(new Map(rowsOf(doc, "queue") as [string, number][])).toEqual(
      new Map([
        ["PS", 0],
        ["NE", 1],
      ]),
    );
  });

  it("a live link freezes no breakdowns (it re-runs its queries; breakdowns are a snapshot's)", async () => {
    const doc = await open((await makeLink(t, { mode: "live", queries: [OFFERED] })).token);
    expect(doc.reports[0]?.breakdowns).toBeUndefined();
  });
});
