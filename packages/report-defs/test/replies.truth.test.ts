/**
 * The reply-time and first-response reports from messages (issue 16) agree with the generator's
 * ground truth (`replies` in ground-truth.json, counted by packages/synth/src/truth-replies.ts from
 * the generator's own conversations, never from rows): a week across the end of summer time in
 * Europe/Amsterdam, imported through the canonical adapter. KPIs over the whole range and every day
 * of the breakdown; the series per local day (mean and count); the per-agent and per-team tables
 * add up to the totals (counts summed; means weighted by the counts). Means within 1e-9 relative.
 */
import type { GroundTruth } from "@tallyline/synth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultRegistry, type KpiResult, runReport, type TableResult, type TimeseriesResult } from "../src/index";
import { GENERATED, generatedWarehouse } from "./generated-fixture";

type Fixture = Awaited<ReturnType<typeof generatedWarehouse>>;
type Figures = GroundTruth["replies"]["total"];
let g: Fixture;
let query: { from: string; to: string; timezone: string; compare: "none" };

beforeAll(async () => {
  g = await generatedWarehouse();
  const days = Object.keys(g.truth.canonical.days).sort();
  query = {
    from: g.truth.generator.from,
    to: days[days.length - 1] ?? g.truth.generator.to,
    timezone: GENERATED.timezone,
    compare: "none",
  };
}, 120_000);
afterAll(async () => g?.close());

const run = async (id: string) => runReport(defaultRegistry().get(id), query, (sql, params) => g.wh.query(sql, params));

const close = (actual: number | null | undefined, expected: number | null | undefined, at: string) => {
  if (expected === null || expected === undefined) expect(actual ?? null, at).toBeNull();
  else
    expect(Math.abs((actual ?? Number.NaN) - expected), at).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));
};

/** Each report family: its id stem, the truth figure, and the ids of its mean and count measures. */
const FAMILIES: [string, keyof Figures, string, string][] = [
  ["lifecycle.first_response_time", "firstResponse", "first_response_from_messages", "first_responses"],
  ["lifecycle.first_response_time_business", "firstResponseBusiness", "first_response_business", "first_responses"],
  ["lifecycle.reply_time", "replyTime", "reply_time", "replies"],
  ["lifecycle.reply_time_business", "replyTimeBusiness", "reply_time_business", "replies"],
];

describe("reply time and first response time from messages equal the ground truth", () => {
  it("the truth has responses of every kind (a test over nothing proves nothing)", () => {
    for (const [, key] of FAMILIES) expect(g.truth.replies.total[key].count, key).toBeGreaterThan(20);
  });

  it.each(FAMILIES)("%s: KPI in total and per local day, with the count as its sample", async (id, key) => {
    const r = (await run(id)) as KpiResult;
    const total = g.truth.replies.total[key];
    close(r.value, total.meanSecs, `${id} total`);
    expect(r.sample?.size).toBe(total.count);
    for (const p of r.breakdown)
      close(p.total, g.truth.replies.days[p.date]?.[key].meanSecs ?? null, `${id} ${p.date}`);
  });

  it.each(FAMILIES)("%s_over_time: mean and count per local day", async (id, key, mean, count) => {
    const r = (await run(`${id}_over_time`)) as TimeseriesResult;
    const series = (m: string) => r.series.find((s) => s.measureId === m)?.points ?? [];
    for (const p of series(mean))
      close(p.value, g.truth.replies.days[p.date]?.[key].meanSecs ?? null, `${id} ${p.date}`);
    for (const p of series(count))
      expect(p.value, `${id} ${p.date}`).toBe(g.truth.replies.days[p.date]?.[key].count ?? 0);
  });

  it.each(FAMILIES)("%s_by_agent and _by_team add up to the totals", async (id, key, mean, count) => {
    const total = g.truth.replies.total[key];
    for (const view of ["by_agent", "by_team"]) {
      const t = (await run(`${id}_${view}`)) as TableResult;
      const n = t.rows.reduce((s, row) => s + (row.values[count] ?? 0), 0);
      const sum = t.rows.reduce((s, row) => s + (row.values[mean] ?? 0) * (row.values[count] ?? 0), 0);
      expect(n, `${id}_${view}`).toBe(total.count);
      close(sum, total.sumSecs, `${id}_${view} sum`);
    }
  });
});
