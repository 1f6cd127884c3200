/**
 * Golden tests of the fact sheet and the deterministic narrator on hand-made rows (UTC). Every
 * expected value is worked out by hand here, not copied from the code's output.
 *
 * Period 2026-05-11..17 (previous 2026-05-04..10). Checks: greet "Opening Greeting", verify
 * "Customer Verification", resolve "Issue Resolution". Agents A ann (20 calls), B ben (25), C cat (5).
 * Current window, per call:
 *   A a0..a19:  greet pass 100, verify pass 80, resolve pass 70
 *   B b0..b9:   greet pass 100, verify fail 20, resolve pass 70
 *   B b10..b24: greet pass 100, verify fail 20, resolve fail 30
 *   C c0..c4:   greet pass 100, verify fail 20, resolve fail 30
 *   -> 50 calls (reliable), 150 results; passed 50 + 20 + 30 = 100 -> pass rate 66.7% (concerning);
 *      score sum 5000 + (1600 + 600) + (2100 + 600) = 9900 -> 66.0.
 *   -> greet 100.0% excellent; verify 20/50 = 40.0% critical; resolve 30/50 = 60.0% concerning.
 *   -> ann (100+80+70)/3 = 83.33 top; ben (2500+500+700+450)/75 = 55.33 bottom; cat 5 calls: left out.
 * Previous window, A p0..p19: greet pass 100 (p0..p14) / fail 0 (p15..p19); verify pass 80;
 *   resolve pass 70 (p0..p11) / fail 30 (p12..p19)
 *   -> passed 15 + 20 + 12 = 47 of 60 = 78.33%; change 66.67 - 78.33 = -11.7 pp (declining ↓);
 *      score (1500 + 1600 + 840 + 240) / 60 = 69.67; change -3.67 (declining ↓);
 *      greet 75% -> 100% ↑ improving; verify 100% -> 40% ↓ declining; resolve 60% -> 60% → stable.
 * Failed reasons: verify: ben b10..b24 and cat "Did not verify the caller's identity" (15 + 5),
 *   ben b0..b4 "Did not verify the callers identity!" (5, similar: one pattern of 25 = 83.3% of 30),
 *   ben b5..b9 "Account details shared before verification" (5); resolve: "No next step agreed" (20).
 */
import { deriveColumns, refreshDerived, upsertRows } from "@tallyline/warehouse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Fact,
  generateNarrative,
  type Narrative,
  passBand,
  sampleBand,
  trendOf,
  validateProse,
} from "../src/index";
import { generatedDb } from "./fixture";

const utc = (at: string) => new Date(`${at.replace(" ", "T")}Z`);
const PERIOD = { from: "2026-05-11", to: "2026-05-17", timezone: "UTC" };

type R = Record<string, unknown>;
const calls: R[] = [];
const results: R[] = [];
function call(id: string, day: string, agent: string, checks: [string, boolean, number, string | null][]) {
  const at = `${day} 10:00:00`;
  calls.push({
    call_id: id,
    campaign_id: "camp",
    started_at: utc(at),
    answered: true,
    abandoned: false,
    wait_secs: 0,
    agent_id: agent,
    topic: "billing",
  });
  for (const [check, passed, score, reason] of checks)
    results.push({
      call_id: id,
      check_id: check,
      call_started_at: utc(at),
      agent_id: agent,
      campaign_id: "camp",
      passed,
      score,
      reason,
    });
}
for (let i = 0; i < 20; i++)
  call(`a${i}`, "2026-05-12", "A", [
    ["greet", true, 100, null],
    ["verify", true, 80, null],
    ["resolve", true, 70, null],
  ]);
for (let i = 0; i < 25; i++) {
  const why =
    i < 5
      ? "Did not verify the callers identity!"
      : i < 10
        ? "Account details shared before verification"
        : "Did not verify the caller's identity";
  call(`b${i}`, "2026-05-13", "B", [
    ["greet", true, 100, null],
    ["verify", false, 20, why],
    i < 10 ? ["resolve", true, 70, null] : ["resolve", false, 30, "No next step agreed"],
  ]);
}
for (let i = 0; i < 5; i++)
  call(`c${i}`, "2026-05-14", "C", [
    ["greet", true, 100, null],
    ["verify", false, 20, "Did not verify the caller's identity"],
    ["resolve", false, 30, "No next step agreed"],
  ]);
for (let i = 0; i < 20; i++)
  call(`p${i}`, "2026-05-05", "A", [
    ["greet", i < 15, i < 15 ? 100 : 0, i < 15 ? null : "No greeting"],
    ["verify", true, 80, null],
    ["resolve", i < 12, i < 12 ? 70 : 30, i < 12 ? null : "No next step agreed"],
  ]);

let db: Awaited<ReturnType<typeof generatedDb>>;
beforeAll(async () => {
  db = await generatedDb(true);
  const rows: Record<string, R[]> = {
    campaigns: [{ campaign_id: "camp", name: "Support", channel: "call" }],
    agents: [
      { agent_id: "A", username: "ann", disabled: false },
      { agent_id: "B", username: "ben", disabled: false },
      { agent_id: "C", username: "cat", disabled: false },
    ],
    quality_checks: [
      { check_id: "greet", name: "Opening Greeting" },
      { check_id: "verify", name: "Customer Verification" },
      { check_id: "resolve", name: "Issue Resolution" },
    ],
    calls,
    call_check_results: results,
  };
  await db.wh.transaction(async (tx) => {
    for (const [table, list] of Object.entries(rows))
      await upsertRows(tx, table as never, list.map((r) => ({ source: "test", import_id: "test", ...r })) as never);
    await deriveColumns(tx, Object.fromEntries(Object.entries(rows).map(([t, l]) => [t, l.length])), "test");
    await refreshDerived(tx);
  });
});
afterAll(() => db.close());

const gen = (scope: string[], kind: "campaign" | "check" | "calls", period = PERIOD) =>
  generateNarrative({
    db: db.wh,
    execute: db.execute,
    scope: { kind, ids: scope },
    period,
    author: { kind: "cli", id: null },
    ai: null,
  });
const fact = (n: Narrative, id: string): Fact | undefined => n.content?.facts.find((f) => f.id === id);

describe("bands and arrows (seed 000 rules)", () => {
  it("sample-size bands at their edges", () => {
    expect([0, 19, 20, 49, 50, 99, 100, 5000].map(sampleBand)).toEqual([
      "insufficient",
      "insufficient",
      "meaningful",
      "meaningful",
      "reliable",
      "reliable",
      "high_confidence",
      "high_confidence",
    ]);
  });
  it("pass-rate bands by the unrounded value", () => {
    expect([100, 90, 89.96, 70, 69.99, 50, 49.99, 0].map(passBand)).toEqual([
      "excellent",
      "excellent",
      "good",
      "good",
      "concerning",
      "concerning",
      "critical",
      "critical",
    ]);
  });
  it("trend arrows with the stable band stated", () => {
    expect(trendOf(92, 89, "percent", "up")).toMatchObject({
      arrow: "↑",
      meaning: "improving",
      stableBand: "within ±2.0 points",
    });
    expect(trendOf(80, 81.5, "percent", "up")).toMatchObject({ arrow: "→", meaning: "stable" });
    expect(trendOf(70, 75, "score", "up")).toMatchObject({ arrow: "↓", meaning: "declining" });
    expect(trendOf(104, 100, "count", "neutral")).toMatchObject({
      arrow: "→",
      stableBand: "within ±5% of the previous value",
    });
    expect(trendOf(120, 100, "seconds", "down")).toMatchObject({ arrow: "↑", meaning: "declining" });
    expect(trendOf(5, null, "count", "up")).toMatchObject({ arrow: "–", meaning: "unknown" });
  });
});

describe("campaign report on hand-made rows", () => {
  let n: Narrative;
  beforeAll(async () => {
    n = await gen(["camp"], "campaign");
  });

  it("facts: totals, bands, trends and the previous period", () => {
    expect(n.failure).toBeNull();
    expect(n.status).toBe("done");
    expect(n.narrator).toBe("rules");
    expect(fact(n, "total_calls")).toMatchObject({ value: 50, formatted: "50" });
    expect(fact(n, "pass_rate")).toMatchObject({
      formatted: "66.7%",
      passBand: "concerning",
      sample: { size: 50, band: "reliable" },
    });
    expect(fact(n, "pass_rate")?.value).toBeCloseTo(200 / 3, 9);
    expect(fact(n, "pass_rate.previous")?.value).toBeCloseTo(47 / 0.6, 9);
    expect(fact(n, "pass_rate.change")?.formatted).toBe("-11.7 pp");
    expect(fact(n, "pass_rate")?.trend).toMatchObject({ arrow: "↓", meaning: "declining" });
    expect(fact(n, "average_score")).toMatchObject({ value: 66, formatted: "66.0" });
    expect(fact(n, "average_score.change")?.formatted).toBe("-3.67");
    const byName = (name: string) => {
      const prefix = n.content?.facts
        .find((f) => f.id.endsWith(".name") && f.value === name)
        ?.id.replace(/\.name$/, "");
      return (m: string) => fact(n, `${prefix}.${m}`);
    };
    expect(byName("Opening Greeting")("pass_rate")).toMatchObject({
      value: 100,
      passBand: "excellent",
      trend: { arrow: "↑" },
    });
    expect(byName("Customer Verification")("pass_rate")).toMatchObject({
      value: 40,
      passBand: "critical",
      trend: { arrow: "↓" },
    });
    expect(byName("Issue Resolution")("pass_rate")).toMatchObject({
      value: 60,
      passBand: "concerning",
      trend: { arrow: "→" },
    });
    expect(byName("ann")("average_score")?.formatted).toBe("83.33");
    expect(byName("ben")("average_score")?.formatted).toBe("55.33");
    expect(n.content?.facts.some((f) => f.value === "cat")).toBe(false);
  });

  it("executive summary: assessment, achievements (top performer), concerns (bottom performer), top recommendation", () => {
    const [p1, p2, p3] = n.content?.sections.executiveSummary ?? [];
    expect(p1).toBe(
      "Across 50 calls analysed from 2026-05-11 to 2026-05-17, the pass rate was 66.7% (concerning) and the average score 66.0. Against the previous period the pass rate is declining (-11.7 pp, ↓; stable means within ±2.0 points), and the average score is declining (-3.67, ↓; stable means within ±2.0 points). Findings have reliable confidence by sample size.",
    );
    expect(p2).toBe(
      "Checks in the excellent band: Opening Greeting (100.0%). Improving against the previous period: Opening Greeting (100.0%). The top performer is ann, with an average score of 83.33 over 20 calls.",
    );
    expect(p3).toBe(
      "Critical checks needing immediate action: Customer Verification (40.0%). Concerning checks: Issue Resolution (60.0%). Declining against the previous period: Customer Verification (40.0%). The bottom performer is ben, with an average score of 55.33 over 25 calls. The top recommendation is to address Customer Verification now.",
    );
    expect(n.content?.sections.recommendations.immediate).toEqual([
      "Address Customer Verification (pass rate 40.0%, critical): brief agents and review the failed calls this week.",
    ]);
    expect(n.content?.sections.recommendations.shortTerm[0]).toBe(
      "Coach on Issue Resolution (pass rate 60.0%) over the next weeks, using the example calls.",
    );
  });

  it("common issues: similar reasons grouped, frequency, examples, remediation", () => {
    const issues = n.content?.issues ?? [];
    const first = issues[0];
    expect(first).toMatchObject({
      id: "reason.1",
      source: "failed_check",
      check: "Customer Verification",
      pattern: "Did not verify the caller's identity",
      count: 25,
      exampleKind: "call",
    });
    expect(first?.share).toBeCloseTo((100 * 25) / 30, 9);
    expect(first?.variants).toEqual(["Did not verify the caller's identity", "Did not verify the callers identity!"]);
    expect(first?.examples).toHaveLength(3);
    expect(issues.find((i) => i.pattern === "No next step agreed")).toMatchObject({ count: 20, share: 100 });
    expect(issues.find((i) => i.pattern === "Account details shared before verification")).toMatchObject({ count: 5 });
    expect(n.content?.sections.commonIssues[0]?.text).toMatch(
      /^"Did not verify the caller's identity" on Customer Verification: 25 failed results \(83\.3% of the check's failures\)\./,
    );
  });

  it("check scope: the check's own figures", async () => {
    const c = await gen(["verify"], "check");
    expect(fact(c, "total_calls")?.value).toBe(50);
    expect(fact(c, "pass_rate")).toMatchObject({ value: 40, passBand: "critical" });
  });
});

describe("insufficient data", () => {
  it("under 20 calls (a set of 5 calls): figures stated as insufficient", async () => {
    const n = await gen(["c0", "c1", "c2", "c3", "c4"], "calls");
    expect(fact(n, "total_calls")?.value).toBe(5);
    expect(fact(n, "pass_rate")).toMatchObject({ sample: { band: "insufficient" } });
    expect(n.content?.sections.executiveSummary[0]).toBe(
      "Only 5 calls were analysed from 2026-05-11 to 2026-05-17, below the minimum of 20 calls for meaningful patterns: the figures below are insufficient data for conclusions. The pass rate was 33.3% and the average score 50.0.",
    );
  });

  it("no calls in the date range: the report says insufficient data and what to do", async () => {
    const n = await gen(["camp"], "campaign", { from: "2026-06-01", to: "2026-06-07", timezone: "UTC" });
    expect(n.status).toBe("done");
    expect(n.content?.sections.executiveSummary).toEqual([
      "There are no calls with quality-check results in this scope from 2026-06-01 to 2026-06-07, so this report has insufficient data: no performance can be assessed.",
      "Expand the date range or wait for more calls, then generate the report again.",
    ]);
    expect(n.content?.issues).toEqual([]);
  });
});

describe("validator", () => {
  const facts = new Map<string, Fact>([
    [
      "pass_rate",
      {
        id: "pass_rate",
        label: "Pass rate",
        value: 86.24,
        unit: "percent",
        formatted: "86.2%",
        definition: "",
        reportId: null,
      },
    ],
    [
      "total_calls",
      {
        id: "total_calls",
        label: "Total",
        value: 1234,
        unit: "count",
        formatted: "1,234",
        definition: "",
        reportId: null,
      },
    ],
    [
      "period.from",
      {
        id: "period.from",
        label: "From",
        value: "2026-05-11",
        unit: "date",
        formatted: "2026-05-11",
        definition: "",
        reportId: null,
      },
    ],
  ]);
  it.each([
    ["The pass rate was {{fact:pass_rate}}.", []],
    ["The pass rate was 86.2% over 1,234 calls since 2026-05-11.", []],
    ["The pass rate was 86%.", ['x: the numeral "86%" is not a fact as displayed; write figures only as {{fact:ID}}']],
    ["There were 1234 calls, 1,234 of them good and 86.2 % passed.", []],
    ["Calls: 1,234%.", ['x: the numeral "1,234%" is not a fact as displayed; write figures only as {{fact:ID}}']],
    [
      "Since 2026-05-12.",
      ["x: the date 2026-05-12 is not one of the period's days; cite {{fact:period.from}} or {{fact:period.to}}"],
    ],
    ["{{fact:nps}} promoters.", ['x: unknown fact id "nps"']],
    ["About twenty calls failed.", ['x: the number word "twenty" is not allowed; write figures only as {{fact:ID}}']],
    ["{{fact:pass_rate} broken.", ["x: a malformed fact reference (write {{fact:ID}} exactly)"]],
  ])("%s", (text, errors) => {
    expect(validateProse(text, facts, "x")).toEqual(errors);
  });
});
