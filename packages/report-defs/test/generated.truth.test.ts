/**
 * The report engine agrees with the synthetic generator's ground truth: a small generation (a
 * week across the end of summer time in Europe/Amsterdam) is written to files, its canonical files
 * are imported into a real DuckDB file, and every report of `defaultRegistry()` is run (`runReport`)
 * in the generator's zone and compared with `ground-truth.json`, which the generator tallied from
 * its own world while generating (truth.ts), never from the database:
 * - KPIs: the value over the whole range and every day of the breakdown;
 * - rankings, distributions, heatmaps and tables: every row, bucket or cell, over the whole range
 *   and again over each local day alone;
 * - daily series: every day, and the total where the report sums one; per-agent series: every
 *   agent shown, and that they are the top ones;
 * - the staffing view: every hour (its local hours' lengths counted here with Intl, one UTC quarter
 *   hour at a time).
 * Counts must be equal; means and rates within 1e-9 relative (the report divides in SQL, the truth
 * in JavaScript; the shifts' mean concurrency is also a sum of doubles in another order). A final
 * test fails when a report of the catalogue is in none of the lists here.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { importFile } from "@tallyline/ingest";
import { type Figures, GENERATED_TABLES, type GroundTruth, generate, writeGenerated } from "@tallyline/synth";
import { Warehouse } from "@tallyline/warehouse";
import { addDays } from "@tallyline/warehouse/time";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  defaultRegistry,
  type HeatmapResult,
  type KpiResult,
  type RankingResult,
  type ReportResult,
  runReport,
  type TableResult,
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

/**
 * The labels of the agent roster of per-agent rankings and tables (issue 16: every agent of the
 * `agents` table not disabled is listed, an idle one with 0 or no value), read by SQL over the
 * imported agents; the empty list for a report without a roster.
 */
async function rosterLabels(id: string): Promise<string[]> {
  if (!defaultRegistry().get(id).dimension?.roster) return [];
  const rows = await wh.query<{ name: string }>("SELECT username AS name FROM agents WHERE NOT disabled");
  return rows.map((r) => r.name);
}

/** Runs report `id` over the whole query period, or over local day `date` alone. */
const run = (id: string, date?: string): Promise<ReportResult> =>
  runReport(defaultRegistry().get(id), date ? { ...query, from: date, to: date } : query, (sql, params) =>
    wh.query(sql, params),
  );

/** Runs KPI report `id` over the whole query period. */
async function kpi(id: string): Promise<KpiResult> {
  const r = await run(id);
  if (r.shape !== "kpi") throw new Error(`${id} is a ${r.shape}`);
  return r as KpiResult;
}

/** Runs ranking or distribution report `id` over the whole period or over local day `date`. */
async function ranking(id: string, date?: string): Promise<RankingResult> {
  const r = await run(id, date);
  if (r.shape !== "ranking" && r.shape !== "distribution") throw new Error(`${id} is a ${r.shape}`);
  return r as RankingResult;
}

/** The period (null) and each local day of the truth, with the truth's figures of it. */
const scopes = (): [string | null, Figures][] => [
  [null, truth.canonical.total],
  ...Object.entries(truth.canonical.days),
];

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
  ["calls.short_abandoned", (f) => f.calls?.shortAbandoned, "count"],
  ["calls.service_level", (f) => f.calls?.serviceLevelPercent, "mean"],
  ["calls.talk_time", (f) => f.calls?.talkTimeSecs, "mean"],
  ["calls.csat", (f) => f.calls?.csatMean, "mean"],
  ["calls.csat_satisfied", (f) => f.calls?.csatSatisfiedPercent, "mean"],
  ["calls.resolution_rate", (f) => f.calls?.resolutionRatePercent, "mean"],
  ["quality_checks.calls", (f) => f.quality?.calls, "count"],
  ["quality_checks.average_score", (f) => f.quality?.averageScore, "mean"],
  ["quality_checks.pass_rate", (f) => f.quality?.passRatePercent, "mean"],
  ["contacts.unique", (f) => f.uniqueContacts, "count"],
  ["contact_centre.messages", (f) => f.contactCentreMessages, "count"],
  ["contact_centre.unique_users", (f) => f.servedContacts, "count"],
  ["performance.messages_per_conversation", (f) => f.messagesPerConversation?.mean, "mean"],
  ["contact_centre.avg_conversation_time", (f) => f.conversationTime.meanSecs, "mean"],
  ["contact_centre.resolution_time", (f) => f.resolutionTime.meanSecs, "mean"],
];

/**
 * `actual` equals `expected` (null when `expected` is null or missing) within 1e-9 relative: the
 * report divides and sums doubles in its own order (SQL), the truth in the generator's.
 */
const close = (actual: number | null | undefined, expected: number | null | undefined, label: string) => {
  if (expected === null || expected === undefined) expect(actual, label).toBeNull();
  else {
    const at = `${label}: ${actual} vs ${expected}`;
    expect(actual, at).not.toBeNull();
    expect(Math.abs((actual ?? Number.NaN) - expected), at).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));
  }
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

  it("the call reports run with the truth's thresholds as their defaults", async () => {
    const { shortAbandonSecs, serviceLevelSecs } = truth.thresholds;
    expect((await kpi("calls.short_abandoned")).parameters).toEqual({ shortAbandonSecs });
    expect((await kpi("calls.service_level")).parameters).toEqual({ serviceLevelSecs, shortAbandonSecs });
    // The data has short abandons, abandons after the threshold and answers either side of it.
    const c = truth.canonical.total.calls;
    expect(c?.shortAbandoned).toBeGreaterThan(0);
    expect(c?.shortAbandoned).toBeLessThan(c?.abandoned ?? 0);
    expect(c?.answeredInServiceLevel).toBeGreaterThan(0);
    expect(c?.answeredInServiceLevel).toBeLessThan(c?.answered ?? 0);
  });

  it("activity.peak_volume names the busiest minute", async () => {
    expect((await kpi("activity.peak_volume")).peakAt).toBe(truth.canonical.total.peakMessagesPerMinute?.minute);
  });
});

/** One figure of each keyed figure set, by key (null stays null). */
function pluck<F, V>(keyed: Record<string, F> | null, value: (f: F) => V): Record<string, V> | null {
  return keyed && Object.fromEntries(Object.entries(keyed).map(([k, f]) => [k, value(f)]));
}

/** Ranking and distribution reports and the figure (by label) each must equal. */
const RANKINGS: [string, (f: Figures) => Record<string, number> | null][] = [
  ["agents.conversations", (f) => f.handledByAgent],
  ["agents.conversation_time", (f) => f.conversationSecsByAgent],
  ["agents.connection_time", (f) => f.onlineSecsByAgent],
  ["chatbot.top_intents", (f) => f.conversationsByIntent],
  ["chatbot.languages", (f) => f.conversationsByLanguage],
  ["chatbot.start_flows", (f) => f.conversationsByStartFlow],
  ["contact_centre.closing_reasons", (f) => f.assignedConversationsByClosingReason],
  ["calls.by_queue", (f) => pluck(f.callsByQueue, (c) => c.offered)],
  ["calls.by_topic", (f) => pluck(f.callsByTopic, (c) => c.offered)],
  ["engagement.conversations_by_campaign", (f) => f.conversationsByCampaign],
];

describe("rankings equal the ground truth, over the period and over each local day", () => {
  it.each(RANKINGS)("%s", async (id, figure) => {
    expect(Object.keys(figure(truth.canonical.total) ?? {}).length).toBeGreaterThan(1);
    for (const [date, f] of scopes()) {
      const at = `${id} ${date ?? "period"}`;
      const r = await ranking(id, date ?? undefined);
      // Roster agents idle in the scope are listed with 0 (counts and sums).
      const expected = { ...figure(f) };
      for (const name of await rosterLabels(id)) expected[name] ??= 0;
      for (const row of r.rows) expect(row.value, `${at} ${row.label}`).toBe(expected[row.label]);
      expect(r.rows.length + (r.others?.count ?? 0), at).toBe(Object.keys(expected).length);
      expect(r.total, at).toBe(Object.values(expected).reduce((a, b) => a + b, 0));
    }
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
  it("staffing.agents_vs_chats and staffing.chats_per_agent_hour: incoming chats, mean agents online, agents online at any moment, chats per online agent-hour", async () => {
    const r = (await run("staffing.agents_vs_chats")) as TimeseriesResult;
    const ratio = (await run("staffing.chats_per_agent_hour")) as TimeseriesResult;
    expect([r.grain, ratio.grain]).toEqual(["hour", "hour"]);
    const {
      onlineSecsByHour: online,
      onlineAgentsByHour: agents,
      assignedConversationsByHour: chats,
    } = truth.canonical.total;
    expect(Object.keys(online).length).toBeGreaterThan(24);
    // The period's local days in UTC: Amsterdam is UTC+2 before 2026-10-25 01:00Z, UTC+1 after.
    const lengths = hourLengths(
      OPTIONS.timezone,
      Date.parse(`${query.from}T00:00:00+02:00`),
      Date.parse(`${addDays(query.to, 1)}T00:00:00+01:00`),
    );
    expect(lengths.get("2026-10-25T02:00")).toBe(7200);
    const [incoming, mean, any] = r.series;
    expect(r.series.map((s) => s.measureId)).toEqual(["incoming_chats", "agents_online", "agents_online_any"]);
    const [perHour] = ratio.series;
    const points = incoming?.points ?? [];
    expect(points.map((p) => p.date)).toEqual([...lengths.keys()]);
    points.forEach((p, i) => {
      const secs = online[p.date] ?? 0;
      const n = chats[p.date] ?? 0;
      expect(p.value, `${p.date} chats`).toBe(n);
      close(mean?.points[i]?.value ?? null, secs / (lengths.get(p.date) ?? Number.NaN), `${p.date} agents online`);
      expect(any?.points[i]?.value, `${p.date} agents online at any moment`).toBe(agents[p.date] ?? 0);
      close(perHour?.points[i]?.value ?? null, secs > 0 ? (n * 3600) / secs : null, `${p.date} chats per agent-hour`);
    });
    expect(incoming?.total).toBe(Object.values(chats).reduce((a, b) => a + b, 0));
  });
});

/** Measures of a table row by measure id. */
type Values = Record<string, number | null>;

/** The truth's figures of the whole period or of one local day. */
interface Scope {
  f: Figures;
  traffic: Record<string, Counts<"traffic">>;
  invites: Record<string, Counts<"invites">>;
  shifts: Record<string, Counts<"shifts">>;
}

/** The truth's {@link Scope} of local day `date`, or of the whole period when null; undefined for a day without events. */
function scope(date: string | null): Scope | undefined {
  const f = date === null ? truth.canonical.total : truth.canonical.days[date];
  const { traffic, invites, shifts } = truth.aggregates;
  const of = <C>(k: { total: Record<string, C>; days: Record<string, Record<string, C>> }) =>
    (date === null ? k.total : k.days[date]) ?? {};
  return f && { f, traffic: of(traffic), invites: of(invites), shifts: of(shifts) };
}

/**
 * Table reports, each row's measures by label and the totals row as the truth has them for a scope
 * (a sum over no rows is null, as in SQL; the rates are the truth's counts divided here).
 */
const TABLES: [string, (s: Scope) => Record<string, Values> | null, (s: Scope) => Values][] = [
  [
    "calls.resolution_by_topic",
    (s) => pluck(s.f.callsByTopic, topicValues),
    (s) => (s.f.calls ? topicValues(s.f.calls) : {}),
  ],
  [
    "calls.agents",
    (s) => pluck(s.f.callsByAgent, callAgentValues),
    (s) => (s.f.calls ? callAgentValues(s.f.calls) : {}),
  ],
  [
    "quality_checks.checks",
    // Calls per check: a call has one result per check.
    (s) => pluck(s.f.qualityByCheck, (q) => ({ ...qualityValues(q), calls: q.results })),
    (s) => {
      const q = s.f.quality;
      return q ? { ...qualityValues(q), calls: q.results } : {};
    },
  ],
  [
    "quality_checks.agents",
    (s) => pluck(s.f.qualityByAgent, (q) => ({ ...qualityValues(q), calls: q.calls })),
    (s) => {
      const q = s.f.quality;
      return q ? { ...qualityValues(q), calls: q.calls } : {};
    },
  ],
  ["shifts.agents", (s) => pluck(s.shifts, shiftValues), (s) => shiftValues(summed(s.shifts))],
  ["invites.funnel", (s) => pluck(s.invites, inviteValues), (s) => inviteValues(summed(s.invites))],
  ["traffic.entrypoints", (s) => pluck(s.traffic, trafficValues), (s) => trafficValues(summed(s.traffic))],
];

type Counts<K extends keyof GroundTruth["aggregates"]> = GroundTruth["aggregates"][K]["total"][string];

/** The counters of every key added up (the totals row of a table over all keys). */
function summed<C extends object>(byKey: Record<string, C>): C {
  const out: Record<string, number> = {};
  for (const c of Object.values(byKey))
    for (const [k, n] of Object.entries(c as Record<string, number>)) out[k] = (out[k] ?? 0) + n;
  return out as C;
}

/** `n / d x 100`, null without a denominator. */
const percent = (n: number, d: number) => (d > 0 ? (n / d) * 100 : null);

function topicValues(c: NonNullable<Figures["calls"]>): Values {
  return { answered: c.answered, resolution_rate: c.resolutionRatePercent };
}

function callAgentValues(c: NonNullable<Figures["calls"]>): Values {
  return { answered: c.answered, aht: c.ahtSecs, csat: c.csatMean, resolution_rate: c.resolutionRatePercent };
}

function qualityValues(q: NonNullable<Figures["quality"]>): Values {
  return { pass_rate: q.passRatePercent, average_score: q.averageScore };
}

function shiftValues(c: Counts<"shifts">): Values {
  return {
    chats: c.chats,
    breaks: c.breaks,
    ignored: c.ignored,
    abandoned: c.abandoned,
    // The mean of the shifts' own means, each shift weighing the same (the report's definition).
    avg_concurrency: c.shifts > 0 ? c.concurrencySum / c.shifts : null,
    first_response: c.firstResponseSecs,
    online: c.onlineSecs,
    offline: c.offlineSecs,
    idle: c.idleSecs,
    available: c.availableSecs,
    survey_good: c.surveyGood,
    survey_moderate: c.surveyModerate,
    survey_bad: c.surveyBad,
  };
}

function inviteValues(c: Counts<"invites">): Values {
  return {
    shown: c.shown,
    accepted: c.accepted,
    declined: c.declined,
    cancelled: c.cancelled,
    expired: c.expired,
    ignored: c.ignored,
    no_availability: c.noAvailability,
    conversion: percent(c.accepted, c.shown),
  };
}

function trafficValues(c: Counts<"traffic">): Values {
  return {
    visits: c.visits,
    views: c.views,
    clicks: c.clicks,
    chats: c.chats,
    click_through: percent(c.clicks, c.views),
    chat_rate: percent(c.chats, c.clicks),
  };
}

describe("tables equal the ground truth row by row, over the period and over each local day", () => {
  it.each(TABLES)("%s", async (id, rowsOf, totalsOf) => {
    const whole = scope(null) as Scope;
    expect(Object.keys(rowsOf(whole) ?? {}).length).toBeGreaterThan(1);
    expect(Object.keys(totalsOf(whole)).length).toBeGreaterThan(0);
    for (const date of [null, ...Object.keys(truth.canonical.days)]) {
      const at = date ?? "period";
      const s = scope(date) as Scope;
      const r = (await run(id, date ?? undefined)) as TableResult;
      expect(r.shape).toBe("table");
      const expected = { ...rowsOf(s) };
      // Roster agents idle in the scope: counts and sums 0, averages and rates null (no value).
      const def = defaultRegistry().get(id);
      const idle = Object.fromEntries(
        def.measures.map((m) => [m.id, ["count", "countDistinct", "sum"].includes(m.aggregate.fn) ? 0 : null]),
      );
      for (const name of await rosterLabels(id)) expected[name] ??= idle as Values;
      expect(r.rows.map((row) => row.label).sort(), `${id} ${at}`).toEqual(Object.keys(expected).sort());
      for (const row of r.rows) {
        const want = expected[row.label] ?? {};
        expect(Object.keys(row.values).sort(), `${id} ${at} ${row.label}`).toEqual(Object.keys(want).sort());
        for (const [m, v] of Object.entries(want)) close(row.values[m], v, `${id} ${at} ${row.label} ${m}`);
      }
      for (const [m, v] of Object.entries(totalsOf(s))) close(r.totals.values[m], v, `${id} ${at} total ${m}`);
    }
  });
});

const MINUTE_RANGES = ["under 1 min", "1-5 min", "5-15 min", "15-60 min", "over 60 min"];

/** Distribution reports, their buckets in order, and the figure (by bucket label) each must equal. */
const DISTRIBUTIONS: [string, string[], (f: Figures) => Record<string, number> | null][] = [
  ["quality_checks.score_distribution", ["0-49", "50-69", "70-89", "90-100"], (f) => f.scoreBands],
  ["contact_centre.first_response_histogram", MINUTE_RANGES, (f) => f.firstResponseByRange],
  ["contact_centre.resolution_histogram", MINUTE_RANGES, (f) => f.resolutionByRange],
  ["quality.csat_score_shares", ["1", "2", "3", "4", "5"], (f) => f.ratingsByScale["1-5"] ?? {}],
  [
    "quality.face_score_shares",
    ["1 bad", "2 moderate", "3 good"],
    (f) => {
      const faces = f.ratingsByScale.face ?? {};
      const names: Record<string, string> = { 1: "1 bad", 2: "2 moderate", 3: "3 good" };
      return Object.fromEntries(Object.entries(faces).map(([v, n]) => [names[v] ?? v, n]));
    },
  ],
];

describe("distributions equal the ground truth bucket by bucket, over the period and over each local day", () => {
  it.each(DISTRIBUTIONS)("%s", async (id, buckets, figure) => {
    // Only the report's buckets exist, and at least two of them hold something.
    const all = figure(truth.canonical.total) ?? {};
    expect(buckets).toEqual(expect.arrayContaining(Object.keys(all)));
    expect(Object.keys(all).length).toBeGreaterThan(1);
    for (const [date, f] of scopes()) {
      const at = `${id} ${date ?? "period"}`;
      const r = await ranking(id, date ?? undefined);
      const counts = figure(f) ?? {};
      expect(
        r.rows.map((row) => [row.label, row.value]),
        at,
      ).toEqual(buckets.map((b) => [b, counts[b] ?? 0]));
      expect(r.total, at).toBe(Object.values(counts).reduce((a, b) => a + b, 0));
    }
  });
});

/** Heatmaps (local ISO weekday x hour) and the count each cell must equal, keyed 'weekday:hour'. */
const HEATMAPS: [string, (f: Figures) => Record<string, number> | null, (f: Figures) => number | undefined][] = [
  ["calls.heatmap", (f) => f.callsByWeekdayHour, (f) => f.calls?.offered],
  ["activity.conversations_heatmap", (f) => f.conversationsByWeekdayHour, (f) => f.conversations],
];

describe("heatmaps equal the ground truth cell by cell, over the period and over each local day", () => {
  it.each(HEATMAPS)("%s", async (id, figure, total) => {
    for (const [date, f] of scopes()) {
      const r = (await run(id, date ?? undefined)) as HeatmapResult;
      expect(r.shape).toBe("heatmap");
      const cells = figure(f) ?? {};
      expect(r.cells).toHaveLength(168);
      for (const c of r.cells) {
        expect(c.value, `${id} ${date ?? "period"} ${c.weekday}:${c.hour}`).toBe(cells[`${c.weekday}:${c.hour}`] ?? 0);
      }
      expect(Object.values(cells).reduce((a, b) => a + b, 0)).toBe(total(f));
    }
  });
});

/**
 * Timeseries reports of one series per measure, and each series' figure (by measure id) and kind:
 * `count` is 0 on days without events and its total is the sum of the days; `distinct` is 0 on such
 * days and has no total (a distinct count is not the sum of its days); `mean` is null on such days
 * and has no total (nor is a rate). The report leaves totals it cannot sum null.
 */
type Kind = "count" | "distinct" | "mean";
const SERIES: [string, Record<string, [(f: Figures) => number | null | undefined, Kind]>][] = [
  [
    "quality_checks.trend",
    {
      pass_rate: [(f) => f.quality?.passRatePercent, "mean"],
      average_score: [(f) => f.quality?.averageScore, "mean"],
    },
  ],
  ["activity.incoming_messages", { incoming_messages: [(f) => f.incomingMessages, "count"] }],
  ["activity.conversations", { conversations: [(f) => f.conversations, "count"] }],
  [
    "contact_centre.handled_vs_missed",
    { handled: [(f) => f.handledAssignments, "count"], missed: [(f) => f.missedAssignments, "count"] },
  ],
  [
    "activity.messages_per_conversation",
    { messages_per_conversation: [(f) => f.messagesPerConversation?.mean, "mean"] },
  ],
  [
    "activity.max_messages_per_minute",
    { peak_messages_per_minute: [(f) => f.peakMessagesPerMinute?.count ?? null, "mean"] },
  ],
  [
    "activity.conversations_vs_contacts",
    { conversations: [(f) => f.conversations, "count"], unique_contacts: [(f) => f.uniqueContacts, "distinct"] },
  ],
];

describe("daily series equal the ground truth day by day", () => {
  it.each(SERIES)("%s", async (id, figures) => {
    const r = (await run(id)) as TimeseriesResult;
    expect(r.grain).toBe("day");
    expect(r.series.map((s) => s.measureId).sort()).toEqual(Object.keys(figures).sort());
    for (const s of r.series) {
      const [figure, kind] = figures[s.measureId] as [(f: Figures) => number | null | undefined, Kind];
      close(s.total, kind === "count" ? figure(truth.canonical.total) : null, `${id} ${s.measureId} total`);
      expect(s.points.length).toBeGreaterThan(6);
      for (const p of s.points) {
        const day = truth.canonical.days[p.date];
        close(p.value, day ? figure(day) : kind === "mean" ? null : 0, `${id} ${s.measureId} ${p.date}`);
      }
    }
  });

  it("activity.max_messages_per_minute names each day's busiest minute", async () => {
    const [series] = ((await run("activity.max_messages_per_minute")) as TimeseriesResult).series;
    for (const p of series?.points ?? []) {
      expect(p.peakAt ?? null, p.date).toBe(truth.canonical.days[p.date]?.peakMessagesPerMinute?.minute ?? null);
    }
  });
});

/** Daily series per agent (top 20 by their sum) and the figure, by username, each must equal. */
const AGENT_SERIES: [string, (f: Figures) => Record<string, number>][] = [
  ["agents.conversations_daily", (f) => f.handledByAgent],
  ["agents.conversation_time_daily", (f) => f.conversationSecsByAgent],
  ["agents.connection_time_daily", (f) => f.onlineSecsByAgent],
];

describe("daily series per agent equal the ground truth", () => {
  it.each(AGENT_SERIES)("%s", async (id, figure) => {
    const r = (await run(id)) as TimeseriesResult;
    const totals = figure(truth.canonical.total);
    const agents = Object.keys(totals).filter((a) => (totals[a] ?? 0) !== 0);
    expect(agents.length).toBeGreaterThan(1);
    expect(r.series).toHaveLength(Math.min(20, agents.length));
    for (const s of r.series) {
      expect(s.total, `${id} ${s.label}`).toBe(totals[s.label]);
      for (const p of s.points) {
        const day = truth.canonical.days[p.date];
        expect(p.value, `${id} ${s.label} ${p.date}`).toBe((day ? figure(day) : {})[s.label] ?? 0);
      }
    }
    // The series shown are the top ones: none left out has a larger total.
    const shown = new Set(r.series.map((s) => s.label));
    const smallest = Math.min(...r.series.map((s) => s.total ?? 0));
    for (const a of agents) if (!shown.has(a)) expect(totals[a], `${id} ${a}`).toBeLessThanOrEqual(smallest);
  });
});

/**
 * Lifecycle KPIs (issue 16) and the figure of the truth's `lifecycle` section (lifecycle.ts, counted
 * from the generator's own events) each must equal, in total and per local day; `mean` figures are
 * null on a day without resolves.
 */
type LifeFigures = GroundTruth["lifecycle"]["total"];
const reopenRate = (f: LifeFigures) => (f.resolutions ? (100 * f.reopens) / f.resolutions : null);
const meanResolution = (f: LifeFigures) => (f.resolutions ? f.resolutionSecs / f.resolutions : null);
const LIFE_KPIS: [string, (f: LifeFigures) => number | null, "count" | "mean"][] = [
  ["lifecycle.resolutions", (f) => f.resolutions, "count"],
  ["lifecycle.conversations_resolved", (f) => f.uniqueResolved, "count"],
  ["lifecycle.reopen_rate", reopenRate, "mean"],
  ["lifecycle.resolution_time", meanResolution, "mean"],
];
/** Lifecycle daily series: each measure, its figure and kind (a mean is null on a day without resolves). */
const LIFE_SERIES: [string, Record<string, [(f: LifeFigures) => number | null, "count" | "mean"]>][] = [
  [
    "lifecycle.resolutions_daily",
    { resolutions: [(f) => f.resolutions, "count"], conversations_resolved: [(f) => f.uniqueResolved, "count"] },
  ],
  [
    "lifecycle.reopens",
    {
      reopen_rate: [reopenRate, "mean"],
      reopens: [(f) => f.reopens, "count"],
      resolutions: [(f) => f.resolutions, "count"],
    },
  ],
  [
    "lifecycle.resolution_time_daily",
    { resolution_time: [meanResolution, "mean"], resolutions: [(f) => f.resolutions, "count"] },
  ],
];
/** Per-agent and per-team tables: every resolve is in exactly one row (the unset one included). */
const LIFE_TABLES = ["lifecycle.resolution_time_by_agent", "lifecycle.resolution_time_by_team"];

describe("lifecycle reports equal the ground truth (issue 16)", () => {
  /** Every local day with a lifecycle event, and the range's. */
  const lifeQuery = () => {
    const days = Object.keys(truth.lifecycle.days).sort();
    return { ...query, from: days[0] ?? query.from, to: days[days.length - 1] ?? query.to };
  };
  const runLife = (id: string) => runReport(defaultRegistry().get(id), lifeQuery(), (sql, p) => wh.query(sql, p));
  const dayOf = (date: string): LifeFigures | undefined => truth.lifecycle.days[date];

  it.each(LIFE_KPIS)("%s", async (id, figure, kind) => {
    const r = (await runLife(id)) as KpiResult;
    expect(truth.lifecycle.total.resolutions).toBeGreaterThan(20);
    close(r.value, figure(truth.lifecycle.total), `${id} total`);
    for (const p of r.breakdown) {
      const day = dayOf(p.date);
      close(p.total, day ? figure(day) : kind === "count" ? 0 : null, `${id} ${p.date}`);
    }
  });

  it.each(LIFE_SERIES)("%s", async (id, figures) => {
    const r = (await runLife(id)) as TimeseriesResult;
    expect(r.series.map((s) => s.measureId).sort()).toEqual(Object.keys(figures).sort());
    for (const s of r.series) {
      const [figure, kind] = figures[s.measureId] as [(f: LifeFigures) => number | null, "count" | "mean"];
      expect(s.points.length).toBeGreaterThan(6);
      for (const p of s.points) {
        const day = dayOf(p.date);
        close(p.value, day ? figure(day) : kind === "count" ? 0 : null, `${id} ${s.measureId} ${p.date}`);
      }
    }
  });

  it.each(LIFE_TABLES.map((id) => [id]))("%s: its rows add up to every resolve", async (id) => {
    const r = (await runLife(id)) as TableResult;
    const sum = r.rows.reduce((a, row) => a + (row.values.resolutions ?? 0), 0);
    expect(sum).toBe(truth.lifecycle.total.resolutions);
    expect(r.totals.values.resolutions).toBe(truth.lifecycle.total.resolutions);
  });

  it("lifecycle.resolution_time_by_label: a row per label of the truth, none over the labelled resolves", async () => {
    const r = (await runLife("lifecycle.resolution_time_by_label")) as TableResult;
    expect(r.rows.length).toBeGreaterThan(1);
    for (const row of r.rows) {
      expect(Object.keys(truth.lifecycle.conversationsByLabel)).toContain(row.key);
      expect(row.values.resolutions ?? 0).toBeLessThanOrEqual(truth.lifecycle.total.resolutions);
    }
  });

  it("lifecycle.resolution_time_business: has a value (the service chat campaign has business hours)", async () => {
    const business = (await runLife("lifecycle.resolution_time_business")) as KpiResult;
    expect(business.value).not.toBeNull();
    expect(business.value ?? 0).toBeGreaterThan(0);
  });
});

type Life = GroundTruth["lifecycle"]["total"];
const pct = (num: number, den: number) => (den > 0 ? (100 * num) / den : null);
/** The bot and CSAT reports of issue 16 and the lifecycle truth's figure each must equal, per local day. */
const BOT_KPIS: [string, (f: Life) => number | null, "count" | "mean"][] = [
  ["lifecycle.bot_resolutions", (f) => f.botResolutions, "count"],
  ["lifecycle.bot_handoffs", (f) => f.handoffs, "count"],
  ["lifecycle.bot_resolution_rate", (f) => pct(f.botResolvedOfBegun, f.botConversations), "mean"],
  ["lifecycle.bot_handoff_rate", (f) => pct(f.handedOffOfBegun, f.botConversations), "mean"],
  ["quality.csat_response_rate", (f) => pct(f.surveysAnswered, f.surveysSent), "mean"],
];
const BOT_SERIES: [string, Record<string, (f: Life) => number | null>][] = [
  [
    "lifecycle.bot_outcomes",
    {
      bot_conversations: (f) => f.botConversations,
      bot_resolved: (f) => f.botResolvedOfBegun,
      bot_handed_off: (f) => f.handedOffOfBegun,
      bot_resolution_rate: (f) => pct(f.botResolvedOfBegun, f.botConversations),
      bot_handoff_rate: (f) => pct(f.handedOffOfBegun, f.botConversations),
    },
  ],
  [
    "quality.csat_responses",
    {
      surveys_sent: (f) => f.surveysSent,
      surveys_answered: (f) => f.surveysAnswered,
      csat_response_rate: (f) => pct(f.surveysAnswered, f.surveysSent),
    },
  ],
];

describe("bot and CSAT reports equal the lifecycle ground truth, in total and per local day", () => {
  it.each(BOT_KPIS)("%s", async (id, figure, kind) => {
    const r = await kpi(id);
    const life = truth.lifecycle;
    expect(figure(life.total)).not.toBeNull();
    close(r.value, figure(life.total), `${id} total`);
    for (const point of r.breakdown) {
      const day = life.days[point.date];
      close(point.total, day ? figure(day) : kind === "count" ? 0 : null, `${id} ${point.date}`);
    }
  });

  it.each(BOT_SERIES)("%s", async (id, figures) => {
    const r = (await run(id)) as TimeseriesResult;
    expect(r.series.map((s) => s.measureId).sort()).toEqual(Object.keys(figures).sort());
    for (const s of r.series) {
      const figure = figures[s.measureId] as (f: Life) => number | null;
      for (const p of s.points) {
        const day = truth.lifecycle.days[p.date];
        const rate = s.measureId.endsWith("_rate");
        // A day without lifecycle figures has 0 of each count and no rate (a 0 counter is still a day).
        close(p.value, day ? figure(day) : rate ? null : 0, `${id} ${s.measureId} ${p.date}`);
      }
    }
  });
});

describe("the whole catalogue is checked", () => {
  it("every report of the default registry is in one of the lists above", () => {
    const checked = new Set([
      ...[KPIS, RANKINGS, TABLES, DISTRIBUTIONS, HEATMAPS, SERIES, AGENT_SERIES].flatMap((list) =>
        list.map(([id]) => id),
      ),
      ...[BOT_KPIS, BOT_SERIES].flatMap((list) => list.map(([id]) => id)),
      "staffing.agents_vs_chats",
      "staffing.chats_per_agent_hour",
      ...[LIFE_KPIS, LIFE_SERIES].flatMap((list) => list.map(([id]) => id)),
      ...LIFE_TABLES,
      "lifecycle.resolution_time_by_label",
      "lifecycle.resolution_time_business",
      // Reply time and first response from messages: replies.truth.test.ts checks them against truth.replies.
      ...defaultRegistry()
        .list()
        .filter((d) => d.table === "replies")
        .map((d) => d.id),
    ]);
    const all = defaultRegistry()
      .list()
      .map((d) => d.id);
    expect(all.filter((id) => !checked.has(id))).toEqual([]);
    expect(all.length).toBeGreaterThanOrEqual(69);
  });
});
