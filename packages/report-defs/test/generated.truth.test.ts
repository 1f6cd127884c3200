/**
 * The report engine agrees with the synthetic generator's ground truth: a small generation (a
 * week across the end of summer time in Europe/Amsterdam) is written to files, its canonical files
 * are imported into a real DuckDB file, and a representative set of reports (`runReport` over
 * `defaultRegistry()`) is run over the whole range in the generator's zone. Every KPI's value and
 * every day of its breakdown, and every row of the rankings, must equal `ground-truth.json`, which
 * the generator tallied from its own events while generating; so must every hour of the staffing
 * view (its local hours' lengths counted here with Intl, one UTC quarter hour at a time).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type Figures,
  GENERATED_TABLES,
  type GroundTruth,
  generate,
  importFile,
  writeGenerated,
} from "@tallyline/ingest";
import { Warehouse } from "@tallyline/warehouse";
import { addDays } from "@tallyline/warehouse/time";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  defaultRegistry,
  type KpiResult,
  type RankingResult,
  type ReportResult,
  runReport,
  type TimeseriesResult,
} from "../src/index";

const OPTIONS = { seed: 11, days: 7, end: "2026-10-27", timezone: "Europe/Amsterdam", scale: 80 };

let dir: string;
let wh: Warehouse;
let truth: GroundTruth;
let query: { from: string; to: string; timezone: string; compare: "none" };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tl-generated-truth-"));
  const out = join(dir, "out");
  await writeGenerated(out, generate(OPTIONS));
  truth = JSON.parse(readFileSync(join(out, "ground-truth.json"), "utf8"));
  wh = await Warehouse.open(join(dir, "truth.duckdb"));
  for (const t of GENERATED_TABLES) await importFile(wh, join(out, `${t}.csv`), { source: "canonical" });
  // The range plus the day after it, where chats of the last evening may end.
  const days = Object.keys(truth.canonical.days).sort();
  query = {
    from: truth.generator.from,
    to: days[days.length - 1] ?? truth.generator.to,
    timezone: OPTIONS.timezone,
    compare: "none",
  };
});
afterAll(async () => {
  await wh?.close();
  rmSync(dir, { recursive: true, force: true });
});

const run = (id: string): Promise<ReportResult> =>
  runReport(defaultRegistry().get(id), query, (sql, params) => wh.query(sql, params));

async function kpi(id: string): Promise<KpiResult> {
  const r = await run(id);
  if (r.shape !== "kpi") throw new Error(`${id} is a ${r.shape}`);
  return r as KpiResult;
}

async function ranking(id: string): Promise<RankingResult> {
  const r = await run(id);
  if (r.shape !== "ranking" && r.shape !== "distribution") throw new Error(`${id} is a ${r.shape}`);
  return r as RankingResult;
}

/** KPI reports and the figure each must equal; `count` figures are 0 on days without events, the others null. */
const KPIS: [string, (f: Figures) => number | null | undefined, "count" | "mean"][] = [
  ["engagement.conversations", (f) => f.conversations, "count"],
  ["engagement.messages", (f) => f.messages?.total, "count"],
  ["performance.bot_responses", (f) => f.messages?.bot, "count"],
  ["performance.agent_actions", (f) => f.messages?.agent, "count"],
  ["contacts.active", (f) => f.activeContacts, "count"],
  ["contacts.new", (f) => f.newContacts, "count"],
  ["contact_centre.conversations", (f) => f.assignments, "count"],
  ["contact_centre.missed", (f) => f.missedAssignments, "count"],
  ["contact_centre.avg_wait_time", (f) => f.firstResponse.meanSecs, "mean"],
  ["activity.peak_volume", (f) => f.peakMessagesPerMinute?.count ?? null, "mean"],
  ["quality.ratings", (f) => f.ratings, "count"],
  ["quality.thumbs_up", (f) => f.thumbsUp, "count"],
  ["quality.thumbs_down", (f) => f.thumbsDown, "count"],
  ["quality.positive_share", (f) => f.positiveSharePercent, "mean"],
  ["calls.offered", (f) => f.calls?.offered, "count"],
  ["calls.answered", (f) => f.calls?.answered, "count"],
  ["calls.abandoned", (f) => f.calls?.abandoned, "count"],
  ["calls.abandonment_rate", (f) => f.calls?.abandonmentRatePercent, "mean"],
  ["calls.asa", (f) => f.calls?.asaSecs, "mean"],
  ["calls.aht", (f) => f.calls?.ahtSecs, "mean"],
];

const close = (actual: number | null, expected: number | null | undefined, label: string) => {
  if (expected === null || expected === undefined) expect(actual, label).toBeNull();
  else expect(actual, label).toBeCloseTo(expected, 9);
};

describe("KPI reports equal the ground truth, in total and per local day", () => {
  it.each(KPIS)("%s", async (id, figure, kind) => {
    const r = await kpi(id);
    close(r.value, figure(truth.canonical.total), `${id} total`);
    for (const point of r.breakdown) {
      const day = truth.canonical.days[point.date];
      close(point.total, day ? figure(day) : kind === "count" ? 0 : null, `${id} ${point.date}`);
    }
  });

  it("activity.peak_volume names the busiest minute", async () => {
    expect((await kpi("activity.peak_volume")).peakAt).toBe(truth.canonical.total.peakMessagesPerMinute?.minute);
  });
});

/** Ranking and distribution reports and the figure (by label) each must equal. */
const RANKINGS: [string, (f: Figures) => Record<string, number> | null][] = [
  ["agents.conversations", (f) => f.handledByAgent],
  ["agents.conversation_time", (f) => f.conversationSecsByAgent],
  ["agents.connection_time", (f) => f.onlineSecsByAgent],
  ["chatbot.top_intents", (f) => f.conversationsByIntent],
  ["chatbot.languages", (f) => f.conversationsByLanguage],
  ["chatbot.start_flows", (f) => f.conversationsByStartFlow],
  ["contact_centre.closing_reasons", (f) => f.assignedConversationsByClosingReason],
];

describe("rankings equal the ground truth", () => {
  it.each(RANKINGS)("%s", async (id, figure) => {
    const r = await ranking(id);
    const expected = figure(truth.canonical.total) ?? {};
    expect(Object.keys(expected).length).toBeGreaterThan(1);
    for (const row of r.rows) expect(row.value, `${id} ${row.label}`).toBe(expected[row.label]);
    expect(r.rows.length + (r.others?.count ?? 0), id).toBe(Object.keys(expected).length);
    expect(r.total, id).toBe(Object.values(expected).reduce((a, b) => a + b, 0));
  });
});

/** Seconds of each local hour label ('YYYY-MM-DDTHH:00' in `timeZone`) from `fromMs` to `toMs`, one UTC quarter hour at a time. */
function hourLengths(timeZone: string, fromMs: number, toMs: number): Map<string, number> {
  const format = new Intl.DateTimeFormat("sv-SE", {
    timeZone,
    dateStyle: "short",
    timeStyle: "short",
    hourCycle: "h23",
  });
  const out = new Map<string, number>();
  for (let t = fromMs; t < toMs; t += 900_000) {
    const label = `${format.format(t).replace(" ", "T").slice(0, 13)}:00`;
    out.set(label, (out.get(label) ?? 0) + 900);
  }
  return out;
}

describe("the staffing view equals the ground truth hour by hour", () => {
  it("staffing.agents_vs_chats and staffing.chats_per_agent_hour: incoming chats, mean agents online, chats per online agent-hour", async () => {
    const r = (await run("staffing.agents_vs_chats")) as TimeseriesResult;
    const ratio = (await run("staffing.chats_per_agent_hour")) as TimeseriesResult;
    expect([r.grain, ratio.grain]).toEqual(["hour", "hour"]);
    const { onlineSecsByHour: online, assignedConversationsByHour: chats } = truth.canonical.total;
    expect(Object.keys(online).length).toBeGreaterThan(24);
    // The period's local days in UTC: Amsterdam is UTC+2 before 2026-10-25 01:00Z, UTC+1 after.
    const lengths = hourLengths(
      OPTIONS.timezone,
      Date.parse(`${query.from}T00:00:00+02:00`),
      Date.parse(`${addDays(query.to, 1)}T00:00:00+01:00`),
    );
    expect(lengths.get("2026-10-25T02:00")).toBe(7200);
    const [incoming, mean] = r.series;
    const [perHour] = ratio.series;
    const points = incoming?.points ?? [];
    expect(points.map((p) => p.date)).toEqual([...lengths.keys()]);
    points.forEach((p, i) => {
      const secs = online[p.date] ?? 0;
      const n = chats[p.date] ?? 0;
      expect(p.value, `${p.date} chats`).toBe(n);
      close(mean?.points[i]?.value ?? null, secs / (lengths.get(p.date) ?? Number.NaN), `${p.date} agents online`);
      close(perHour?.points[i]?.value ?? null, secs > 0 ? (n * 3600) / secs : null, `${p.date} chats per agent-hour`);
    });
    expect(incoming?.total).toBe(Object.values(chats).reduce((a, b) => a + b, 0));
  });
});
