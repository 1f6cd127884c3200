/**
 * Common issues grouped by embeddings (issue 14 "when an embeddings endpoint is configured, group by
 * embeddings instead"), through the real `openai` SDK against the local protocol server, whose
 * `/v1/embeddings` answers vectors this test chooses; and the progress a generation reports.
 */
import { describe, expect, it } from "vitest";
import {
  type AiConfig,
  buildNarrative,
  callEmbeddings,
  EMBEDDINGS_BATCH,
  generateNarrative,
  groupByEmbeddings,
  groupTexts,
  type Progress,
} from "../src/index";
import { aiSuite } from "./aiSuite";
import { PERIOD } from "./fixture";

const suite = aiSuite({ maxRetries: 0, embeddingsModel: "local-embed" });
const config = suite.config;

/** A unit vector along axis `i` of 8, optionally tilted towards axis `j`. */
const axis = (i: number, tilt?: { j: number; by: number }) => {
  const v: number[] = Array.from({ length: 8 }, (_, k) => (k === i ? 1 : 0));
  if (tilt) v[tilt.j] = tilt.by;
  return v;
};

/** Five hand-made reasons: the first two mean the same (put on hold without asking) in other words. */
const HAND = [
  { text: "Customer was put on hold without asking", count: 5, ids: ["c1", "c2"], v: axis(0) },
  // cos(axis0, axis0 + 0.3 axis1) = 1 / sqrt(1.09) = 0.958: above 0.85.
  { text: "Agent parked the caller with no permission", count: 2, ids: ["c3"], v: axis(0, { j: 1, by: 0.3 }) },
  { text: "No greeting at the start of the call", count: 4, ids: ["c4"], v: axis(2) },
  // cos(axis3, axis3 + 0.75 axis2) = 1 / 1.25 = 0.8: below 0.85, its own group.
  { text: "Greeting given but no company name", count: 3, ids: ["c5"], v: axis(3, { j: 2, by: 0.75 }) },
  { text: "Refund policy explained incorrectly", count: 1, ids: ["c6"], v: axis(4) },
];

describe("grouping by embeddings", () => {
  it("hand-made: the two paraphrases are one group by embeddings and two by the lexical method", async () => {
    suite.ai.embed = (input) => ({
      vectors: input.map((t) => HAND.find((h) => h.text === t)?.v ?? axis(7)),
      promptTokens: 7 * input.length,
    });
    const texts = HAND.map((h) => h.text);
    const { vectors, usage } = await callEmbeddings(config(), texts);
    expect(suite.ai.embeddingRequests).toEqual([{ model: "local-embed", input: texts }]);
    expect(usage).toEqual([{ model: "local-embed", promptTokens: 35, completionTokens: 0 }]);
    const norm = (t: string) =>
      t
        .toLowerCase()
        .replace(/[^\p{L}\p{N}]+/gu, " ")
        .trim();
    const byKey = new Map(texts.map((t, i) => [norm(t), vectors[i] as number[]]));
    const groups = groupByEmbeddings(HAND, (k) => byKey.get(k) ?? []);
    expect(groups.map((g) => [g.pattern, g.count, [...g.texts.keys()]])).toEqual([
      [
        "Customer was put on hold without asking",
        7,
        ["Customer was put on hold without asking", "Agent parked the caller with no permission"],
      ],
      ["No greeting at the start of the call", 4, ["No greeting at the start of the call"]],
      ["Greeting given but no company name", 3, ["Greeting given but no company name"]],
      ["Refund policy explained incorrectly", 1, ["Refund policy explained incorrectly"]],
    ]);
    // Examples of every member, in turn.
    expect(groups[0]?.examples).toEqual(["c1", "c3", "c2"]);
    const lexical = groupTexts(HAND);
    expect(lexical).toHaveLength(5);
    expect(lexical.map((g) => g.count)).toEqual([5, 4, 3, 2, 1]);
  });

  it("the most central member names a group; texts are sent in batches", async () => {
    // Three members: the middle one is nearest the centroid although the least frequent.
    const rows = [
      { text: "alpha", count: 9, ids: ["a"] },
      { text: "gamma", count: 8, ids: ["g"] },
      { text: "beta", count: 1, ids: ["b"] },
    ];
    const vec: Record<string, number[]> = { alpha: [1, 0.25, 0], beta: [1, 0, 0], gamma: [1, -0.25, 0] };
    const [g] = groupByEmbeddings(rows, (k) => vec[k] ?? []);
    expect(g?.pattern).toBe("beta");
    expect(g?.count).toBe(18);
    suite.ai.embed = (input) => ({ vectors: input.map(() => [1, 0]), promptTokens: input.length });
    const many = Array.from({ length: EMBEDDINGS_BATCH + 6 }, (_, i) => `reason ${i}`);
    const r = await callEmbeddings(config(), many);
    expect(r.vectors).toHaveLength(many.length);
    expect(suite.ai.embeddingRequests.map((q) => q.input.length)).toEqual([EMBEDDINGS_BATCH, 6]);
    expect(r.usage.map((u) => u.promptTokens)).toEqual([EMBEDDINGS_BATCH, 6]);
  });

  it("a generated report: two reasons of one check grouped by their vectors, usage recorded; lexically apart", async () => {
    // The reasons of the campaign's checks, as the lexical report lists them.
    const lexical = await generateNarrative({
      db: suite.db.wh,
      execute: suite.db.execute,
      scope: suite.scope,
      period: PERIOD,
      author: { kind: "cli", id: null },
      ai: null,
    });
    expect(lexical.content?.grouping).toMatchObject({ method: "lexical", threshold: 0.6, note: null });
    const reasons = (lexical.content?.issues ?? []).filter((i) => i.source === "failed_check");
    const byCheck = new Map<string, typeof reasons>();
    for (const r of reasons) byCheck.set(r.check ?? "", [...(byCheck.get(r.check ?? "") ?? []), r]);
    const pair = [...byCheck.values()].find((l) => l.length >= 2);
    expect(pair).toBeDefined();
    const [a, b] = pair as [(typeof reasons)[number], (typeof reasons)[number]];
    // Every other text its own axis; the pair shares one.
    const seen: string[] = [];
    suite.ai.embed = (input) => ({
      vectors: input.map((t) => {
        if (t === a.pattern || t === b.pattern) return [1, ...Array(31).fill(0)];
        if (!seen.includes(t)) seen.push(t);
        return axis32(seen.indexOf(t) + 1);
      }),
      promptTokens: 11,
    });
    suite.ai.replies = [{ kind: "error", status: 500 }];
    const n = await generateNarrative({
      db: suite.db.wh,
      execute: suite.db.execute,
      scope: suite.scope,
      period: PERIOD,
      author: { kind: "cli", id: null },
      ai: config(),
    });
    expect(n.status).toBe("done");
    expect(n.content?.grouping).toEqual({ method: "embeddings", model: "local-embed", threshold: 0.85, note: null });
    const merged = (n.content?.issues ?? []).find((i) => i.check === a.check && i.variants.includes(a.pattern));
    expect(merged?.variants).toContain(b.pattern);
    expect(merged?.count).toBe(a.count + b.count);
    expect(merged?.pattern).toBe(a.count >= b.count ? a.pattern : b.pattern);
    expect(merged?.examples).toEqual(expect.arrayContaining([a.examples[0], b.examples[0]]));
    // One embeddings call (all texts in one batch), its tokens in the report's usage and the usage table.
    expect(suite.ai.embeddingRequests).toHaveLength(1);
    expect(n.usage?.calls).toContainEqual({ model: "local-embed", promptTokens: 11, completionTokens: 0 });
    expect(
      await suite.db.wh.query(
        "SELECT model, prompt_tokens FROM app_narrative_usage WHERE narrative_id = $1 AND model = $2",
        [n.id, "local-embed"],
      ),
    ).toEqual([{ model: "local-embed", prompt_tokens: 11 }]);
  });

  it("the embeddings endpoint answers 500: lexical grouping, the report says so, the same issues as without", async () => {
    suite.ai.embed = () => ({ status: 500 });
    suite.ai.replies = [{ kind: "error", status: 500 }];
    const run = (c: AiConfig | null) =>
      generateNarrative({
        db: suite.db.wh,
        execute: suite.db.execute,
        scope: suite.scope,
        period: PERIOD,
        author: { kind: "cli", id: null },
        ai: c,
      });
    const n = await run(config());
    expect(n.status).toBe("done");
    expect(n.content?.grouping).toMatchObject({ method: "lexical", model: null, threshold: 0.6 });
    expect(n.content?.grouping?.note).toMatch(/^embeddings failed \(.*500.*\); grouped by wording$/);
    expect(suite.ai.embeddingRequests).toHaveLength(1);
    const plain = await run(null);
    expect(n.content?.issues).toEqual(plain.content?.issues);
  });
});

/** A unit vector along axis `i` of 32. */
const axis32 = (i: number) => Array.from({ length: 32 }, (_, k) => (k === i ? 1 : 0));

describe("generation progress", () => {
  it("steps in order: facts 1..6 of 6, grouping, two AI attempts each checked, then rules; percents never go back", async () => {
    suite.ai.replies = [
      { kind: "json", content: "not a report" },
      { kind: "json", content: "still not" },
    ];
    const steps: Progress[] = [];
    await buildNarrative(
      { execute: suite.db.execute, scope: suite.scope, period: PERIOD, ai: config({ embeddingsModel: null }) },
      () => {},
      (p) => steps.push(p),
    );
    expect(steps.map((s) => s.label)).toEqual([
      "Collecting facts: report 1 of 6",
      "Collecting facts: report 2 of 6",
      "Collecting facts: report 3 of 6",
      "Collecting facts: report 4 of 6",
      "Collecting facts: report 5 of 6",
      "Collecting facts: report 6 of 6",
      "Grouping common issues",
      "Writing the text with the AI server (attempt 1 of 2)",
      "Checking every number",
      "Writing the text with the AI server (attempt 2 of 2)",
      "Checking every number",
      "Writing the text by rules",
      "Checking every number",
    ]);
    const percents = steps.map((s) => s.percent);
    expect(percents).toEqual([...percents].sort((x, y) => x - y));
    expect(percents[5]).toBe(45);
    expect(percents.every((p) => Number.isInteger(p) && p >= 0 && p < 100)).toBe(true);
  });

  it("a stored report shows 'done' at 100 once finished; a failed one names the step it failed in", async () => {
    const n = await generateNarrative({
      db: suite.db.wh,
      execute: suite.db.execute,
      scope: suite.scope,
      period: PERIOD,
      author: { kind: "cli", id: null },
      ai: null,
    });
    expect(n.progress).toEqual({ step: "done", label: "Done", percent: 100 });
    const bad = await generateNarrative({
      db: suite.db.wh,
      execute: async (sql, params) => {
        // The rows of failed results (their reasons) are read to find the common issues.
        if (/reason/.test(sql)) throw new Error("disk gone");
        return suite.db.execute(sql, params);
      },
      scope: suite.scope,
      period: PERIOD,
      author: { kind: "cli", id: null },
      ai: null,
    });
    expect(bad.status).toBe("failed");
    expect(bad.progress.step).toBe("failed");
    expect(bad.failure).toContain("disk gone");
    expect(bad.progress).toEqual({ step: "failed", label: "Failed while: grouping common issues", percent: 45 });
  });
});
