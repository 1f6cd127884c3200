/** The public document's redaction (links/public.ts) on hand-made results. */
import { defaultRegistry, type RankingResult, type ReportDefinition } from "@tallyline/report-defs";
import { describe, expect, it } from "vitest";
import { HIDDEN_EMAIL, publicDocument, scrubEmails } from "../src/links/public";

const registry = defaultRegistry();
const base = {
  period: "1999-02-01 to 1999-02-03",
  from: "1999-02-01",
  to: "1999-02-03",
  previousFrom: null,
  previousTo: null,
  timezone: "UTC",
  grain: "day" as const,
};

/** A ranking result of `def` over rows (key, label, value). */
function ranking(def: ReportDefinition, rows: [string | null, string, number][]): RankingResult {
  return {
    ...base,
    reportId: def.id,
    shape: def.shape,
    measure: { id: "m", label: "M", format: "count", goodDirection: "up", definition: "d" },
    dimension: def.dimension?.label ?? "",
    total: rows.reduce((s, r) => s + r[2], 0),
    previousTotal: null,
    rows: rows.map(([key, label, value]) => ({ key, label, value, share: null, previousValue: null, change: null })),
    others: null,
  };
}

/** The ranking result of report `i` of a document. */
const rankingOf = (doc: { reports: { result?: unknown }[] }, i: number) => doc.reports[i]?.result as RankingResult;

const meta = {
  kind: "page" as const,
  mode: "snapshot" as const,
  title: "T",
  at: Date.parse("1999-02-03T12:00:00Z"),
  filters: {},
  segmentName: null,
  creatorRole: "member" as const,
  options: { showAgentNames: false, hideFilters: false },
};

const agents = registry.get("agents.conversations");
const agentTime = registry.get("agents.conversation_time");
const queues = registry.get("calls.by_queue");

describe("publicDocument", () => {
  it("numbers agents by id over the whole page: the same agent has the same number in every report", () => {
    const doc = publicDocument(
      [
        {
          def: agents,
          result: ranking(agents, [
            ["c24:zed", "Zed", 9],
            ["c24:amy", "Amy", 5],
            [null, "(not set)", 1],
          ]),
        },
        {
          def: agentTime,
          result: ranking(agentTime, [
            ["c24:amy", "Amy", 300],
            ["c24:bob", "Bob", 200],
          ]),
        },
      ],
      meta,
    );
    const rows = (i: number) => rankingOf(doc, i).rows.map((r) => [r.key, r.label]);
    // Ids sorted: amy 1, bob 2, zed 3.
    expect(rows(0)).toEqual([
      ["agent-3", "Agent 3"],
      ["agent-1", "Agent 1"],
      [null, "(not set)"],
    ]);
    expect(rows(1)).toEqual([
      ["agent-1", "Agent 1"],
      ["agent-2", "Agent 2"],
    ]);
    expect(JSON.stringify(doc)).not.toMatch(/Zed|Amy|Bob|c24:/);
  });

  it("shows agent names when asked, but never a name holding an e-mail address", () => {
    const doc = publicDocument(
      [
        {
          def: agents,
          result: ranking(agents, [
            ["a", "Amy", 2],
            ["b", "bob@example.com", 1],
          ]),
        },
      ],
      { ...meta, options: { showAgentNames: true, hideFilters: false } },
    );
    expect(rankingOf(doc, 0).rows.map((r) => r.label)).toEqual(["Amy", "Agent 2"]);
  });

  it("keeps category dimensions, numbers unknown ones, scrubs e-mails anywhere, drops unknown fields", () => {
    const contacts: ReportDefinition = { ...queues, dimension: { label: "Contact", column: "contact_id" } };
    const withExtra = { ...ranking(queues, [["PS", "PS sales@corp.example", 3]]), demo: true, segment: { id: "s" } };
    const doc = publicDocument(
      [
        { def: queues, result: withExtra },
        { def: contacts, result: ranking(contacts, [["c1", "Jane Doe", 2]]) },
      ],
      meta,
    );
    const first = doc.reports[0]?.result as RankingResult & { demo?: unknown; segment?: unknown };
    expect(first.rows[0]).toMatchObject({ key: "PS", label: `PS ${HIDDEN_EMAIL}` });
    expect(first.demo).toBeUndefined();
    expect(first.segment).toBeUndefined();
    expect(rankingOf(doc, 1).rows[0]).toMatchObject({ key: "contact-1", label: "Contact 1" });
    expect(JSON.stringify(doc)).not.toMatch(/Jane|c1"|sales@/);
  });

  it("filters: categories as they are, agents as a count, all hidden on request; creator as a role", () => {
    const filters = { queue: ["PS"], agent: ["c24:amy", "c24:bob"] };
    const doc = publicDocument([], { ...meta, filters, segmentName: "Sales" });
    expect(doc.filters).toEqual([
      { name: "queue", values: ["PS"] },
      { name: "agent", values: ["2 agents"] },
    ]);
    expect(doc).toMatchObject({ segment: "Sales", createdBy: "a workspace member", period: null });
    const hidden = publicDocument([], {
      ...meta,
      filters,
      segmentName: "Sales",
      options: { ...meta.options, hideFilters: true },
    });
    expect(hidden).toMatchObject({ filters: null, segment: null, filtersHidden: true });
  });

  it("a report without a result says only that it could not be computed", () => {
    const doc = publicDocument([{ def: queues, errorCode: "timeout" }], meta);
    expect(doc.reports[0]).toEqual({
      reportId: "calls.by_queue",
      definition: expect.objectContaining({ id: "calls.by_queue", version: queues.version }),
      error: { code: "timeout", message: "This report could not be computed." },
    });
    expect(doc.reports[0]?.definition).not.toHaveProperty("records");
  });
});

describe("scrubEmails", () => {
  it("replaces every e-mail address in nested strings and leaves the rest", () => {
    expect(scrubEmails({ a: ["x a.b@c.de y", 3, null], b: { c: "no mail @ here" } })).toEqual({
      a: [`x ${HIDDEN_EMAIL} y`, 3, null],
      b: { c: "no mail @ here" },
    });
  });
});
