import { describe, expect, it, vi } from "vitest";
import {
  agentRows,
  authorLabel,
  checkRows,
  exportName,
  type Fact,
  groupingText,
  headlineFacts,
  type NarrativeContent,
  scopeText,
  usageTotals,
} from "./narratives";

// The router's query cache is browser-only; these tests are about the pure helpers.
vi.mock("@solidjs/router", () => ({ query: <T>(fn: T) => fn }));

const fact = (id: string, value: number | string | null, formatted: string, unit = "count"): Fact => ({
  id,
  label: id,
  value,
  unit,
  formatted,
  definition: `definition of ${id}`,
  reportId: null,
});

const sections = {
  executiveSummary: [],
  commonIssues: [],
  recommendations: { immediate: [], shortTerm: [], longTerm: [] },
};

describe("scopeText", () => {
  it("prefixes the kind; sets of ids split on commas, spaces and new lines", () => {
    expect(scopeText("campaign", " support ")).toBe("campaign:support");
    expect(scopeText("chat_campaign", "301")).toBe("chat-campaign:301");
    expect(scopeText("chat_segment", "abc")).toBe("chat-segment:abc");
    expect(scopeText("calls", "a1, a2\na3  a4,,")).toBe("calls:a1,a2,a3,a4");
    expect(scopeText("conversations", "x")).toBe("conversations:x");
  });
  it("no id: undefined", () => {
    expect(scopeText("check", "  ")).toBeUndefined();
    expect(scopeText("calls", " , \n")).toBeUndefined();
  });
});

describe("check and agent tables", () => {
  const facts = [
    fact("total_calls", 40, "40"),
    fact("check.2.name", "Verification", "Verification", "text"),
    fact("check.2.pass_rate", 71.25, "71.3%", "percent"),
    fact("check.1.name", "Greeting", "Greeting", "text"),
    fact("check.1.pass_rate", 95, "95.0%", "percent"),
    fact("check.1.calls", 40, "40"),
    fact("agent.1.name", "ann", "ann", "text"),
    fact("agent.1.average_score", 88.2, "88.2", "score"),
    fact("agent.2.name", "bob", "bob", "text"),
    fact("agent.2.average_score", 65.4, "65.4", "score"),
  ];
  it("with stored lines: their order and ranks", () => {
    const content: NarrativeContent = {
      facts,
      issues: [],
      sections,
      lines: {
        checks: [
          { key: "k2", name: "Verification", prefix: "check.2" },
          { key: "k1", name: "Greeting", prefix: "check.1" },
        ],
        agents: [
          { key: "a", prefix: "agent.1", rank: "top" },
          { key: "b", prefix: "agent.2", rank: "bottom" },
        ],
        agentsTooFew: 1,
      },
    };
    expect(checkRows(content).map((r) => [r.name, r.passRate?.formatted, r.calls?.formatted])).toEqual([
      ["Verification", "71.3%", undefined],
      ["Greeting", "95.0%", "40"],
    ]);
    expect(agentRows(content).map((r) => [r.name, r.averageScore?.formatted, r.rank])).toEqual([
      ["ann", "88.2", "top"],
      ["bob", "65.4", "bottom"],
    ]);
  });
  it("without stored lines (older reports): prefixes in number order, no rank invented", () => {
    const content: NarrativeContent = { facts, issues: [], sections };
    expect(checkRows(content).map((r) => r.name)).toEqual(["Greeting", "Verification"]);
    expect(agentRows(content).map((r) => r.rank)).toEqual([null, null]);
  });
});

describe("headlineFacts", () => {
  it("keeps the scope's own figures, not per check/agent/issue/range, previous, change, text or dates", () => {
    const facts = [
      fact("total_calls", 40, "40"),
      fact("total_calls.previous", 30, "30"),
      fact("total_calls.change", 10, "+10"),
      fact("pass_rate", 80, "80.0%", "percent"),
      fact("period.from", "1999-01-01", "1999-01-01", "date"),
      fact("check.1.pass_rate", 95, "95.0%", "percent"),
      fact("issue.reason.1.count", 3, "3"),
      fact("score_range.1.count", 3, "3"),
      fact("rule.stable_points", 2, "2"),
    ];
    expect(headlineFacts(facts).map((f) => f.id)).toEqual(["total_calls", "pass_rate"]);
  });
});

describe("small helpers", () => {
  it("author labels never show an id", () => {
    expect(authorLabel({ kind: "user", id: "u1" }, "u1")).toBe("you");
    expect(authorLabel({ kind: "user", id: "u2" }, "u1")).toBe("a workspace member");
    expect(authorLabel({ kind: "key", id: "k" }, "u1")).toBe("an API key");
    expect(authorLabel({ kind: "cli", id: null }, undefined)).toBe("the command line");
  });
  it("export names and usage totals", () => {
    expect(exportName({ id: "0b6f3c1e-2a4d-4f8e-9c51-7d2e8a9b1c03" }, "json")).toBe("tallyline-report-0b6f3c1e.json");
    expect(
      usageTotals([
        { month: "2026-12", calls: 2, promptTokens: 1200, completionTokens: 300 },
        { month: "2026-11", calls: 1, promptTokens: 800, completionTokens: 50 },
      ]),
    ).toEqual({ calls: 3, promptTokens: 2000, completionTokens: 350 });
  });
});

describe("groupingText", () => {
  it("says how the issues were grouped: by meaning with the model, or by wording and why", () => {
    expect(groupingText({ method: "embeddings", model: "e5", threshold: 0.85, note: null })).toBe(
      "Common issues grouped by meaning: embeddings of e5, texts at cosine similarity 0.85 or more form one issue.",
    );
    expect(
      groupingText({
        method: "lexical",
        model: null,
        threshold: 0.6,
        note: "embeddings failed (500); grouped by wording",
      }),
    ).toBe(
      "Common issues grouped by wording: texts at lexical similarity 0.6 or more form one issue (embeddings failed (500); grouped by wording).",
    );
    expect(groupingText({ method: "none", model: null, threshold: null, note: null })).toBeNull();
    expect(groupingText(undefined)).toBeNull();
  });
});
