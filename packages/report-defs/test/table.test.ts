/**
 * resultTable on small hand-made results of every shape: the expected tables are written out by
 * hand from the results below (not from the code's output).
 */
import { describe, expect, it } from "vitest";
import {
  defaultRegistry,
  type HeatmapResult,
  headerWithUnit,
  type KpiResult,
  type MeasureInfo,
  type RankingResult,
  resultTable,
  type TableResult,
  type TimeseriesResult,
} from "../src/index";

const registry = defaultRegistry();
const info = (reportId: string, i = 0): MeasureInfo => {
  const m = registry.get(reportId).measures[i];
  if (!m) throw new Error(`no measure ${i} in ${reportId}`);
  return { id: m.id, label: m.label, format: m.format, goodDirection: m.goodDirection, definition: m.definition };
};
const base = (reportId: string, shape: string, grain: "hour" | "day" | "week" | "month" = "day") => ({
  reportId,
  shape,
  period: "1999-02-01 to 1999-02-03",
  from: "1999-02-01",
  to: "1999-02-03",
  previousFrom: "1999-01-29",
  previousTo: "1999-01-31",
  timezone: "Europe/Amsterdam",
  grain,
});
const headers = (t: ReturnType<typeof resultTable>) => t.columns.map(headerWithUnit);

describe("resultTable", () => {
  it("kpi (count): one row per day, then Total with previous, change and relative change", () => {
    const r: KpiResult = {
      ...base("calls.offered", "kpi"),
      value: 9,
      previousValue: 2,
      change: 7,
      changePercent: 350,
      breakdown: [
        { date: "1999-02-01", total: 5 },
        { date: "1999-02-02", total: 4 },
        { date: "1999-02-03", total: 0 },
      ],
      measure: info("calls.offered"),
    };
    const t = resultTable(registry.get("calls.offered"), r);
    expect(headers(t)).toEqual([
      "Date",
      "Calls offered",
      "Calls offered, previous period",
      "Calls offered, change",
      "Calls offered, relative change (%)",
    ]);
    expect(t.columns.map((c) => c.unit)).toEqual(["date", "count", "count", "count", "percent"]);
    expect(t.rows).toEqual([
      ["1999-02-01", 5, null, null, null],
      ["1999-02-02", 4, null, null, null],
      ["1999-02-03", 0, null, null, null],
      ["Total", 9, 2, 7, 350],
    ]);
    expect(t.measures.map((m) => m.id)).toEqual(["offered"]);
  });

  it("kpi (duration with stats and sample): seconds, median and p90 on the Total row", () => {
    const r: KpiResult = {
      ...base("calls.aht", "kpi"),
      value: 156,
      previousValue: 180,
      change: -24,
      changePercent: (-24 / 180) * 100,
      breakdown: [
        { date: "1999-02-01", total: 160 },
        { date: "1999-02-02", total: 150 },
        { date: "1999-02-03", total: null },
      ],
      stats: { mean: 156, median: 120, p90: 260 },
      sample: { size: 5, label: "insufficient" },
      measure: info("calls.aht"),
    };
    const t = resultTable(registry.get("calls.aht"), r);
    expect(headers(t)).toEqual([
      "Date",
      "AHT (s)",
      "AHT, previous period (s)",
      "AHT, change (s)",
      "AHT, relative change (%)",
      "AHT, median (s)",
      "AHT, p90 (s)",
      "Sample size",
      "Sample",
    ]);
    expect(t.rows.at(-1)).toEqual(["Total", 156, 180, -24, (-24 / 180) * 100, 120, 260, 5, "insufficient"]);
    expect(t.rows[2]).toEqual(["1999-02-03", null, null, null, null, null, null, null, null]);
    expect(t.columns[3]).toMatchObject({ unit: "seconds", signed: true });
  });

  it("kpi (percent): the change is in percentage points; a peak KPI has its minute", () => {
    const rate: KpiResult = {
      ...base("calls.abandonment_rate", "kpi"),
      value: 12.5,
      previousValue: 10,
      change: 2.5,
      changePercent: 25,
      breakdown: [],
      measure: info("calls.abandonment_rate"),
    };
    const t = resultTable(registry.get("calls.abandonment_rate"), rate);
    expect(headers(t).slice(1)).toEqual([
      "Abandonment rate (%)",
      "Abandonment rate, previous period (%)",
      "Abandonment rate, change (pp)",
      "Abandonment rate, relative change (%)",
    ]);
    expect(t.rows).toEqual([["Total", 12.5, 10, 2.5, 25]]);
    const peak: KpiResult = {
      ...base("activity.peak_volume", "kpi"),
      value: 14,
      previousValue: null,
      change: null,
      changePercent: null,
      breakdown: [{ date: "1999-02-01", total: 14 }],
      peakAt: "1999-02-01T09:31",
      measure: info("activity.peak_volume"),
    };
    const p = resultTable(registry.get("activity.peak_volume"), peak);
    expect(headers(p).at(-1)).toBe("Peak messages per minute, at");
    expect(p.columns.at(-1)?.unit).toBe("datetime");
    expect(p.rows).toEqual([
      ["1999-02-01", 14, null, null, null, null],
      ["Total", 14, null, null, null, "1999-02-01T09:31"],
    ]);
  });

  it("timeseries (two measures, hourly): one column per series, Total of the additive ones", () => {
    const r: TimeseriesResult = {
      ...base("quality_checks.trend", "timeseries", "hour"),
      measures: [info("quality_checks.trend", 0), info("quality_checks.trend", 1)],
      dimension: null,
      series: [
        {
          id: "pass_rate",
          label: "Pass rate",
          measureId: "pass_rate",
          total: null,
          points: [
            { date: "1999-02-01T00:00", value: 50 },
            { date: "1999-02-01T01:00", value: null },
          ],
        },
        {
          id: "average_score",
          label: "Average score",
          measureId: "average_score",
          total: null,
          points: [
            { date: "1999-02-01T00:00", value: 71.25 },
            { date: "1999-02-01T01:00", value: 80 },
          ],
        },
      ],
    };
    const t = resultTable(registry.get("quality_checks.trend"), r);
    expect(headers(t)).toEqual(["Hour", "Pass rate (%)", "Average score"]);
    expect(t.columns.map((c) => c.unit)).toEqual(["datetime", "percent", "score"]);
    expect(t.rows).toEqual([
      ["1999-02-01T00:00", 50, 71.25],
      ["1999-02-01T01:00", null, 80],
      ["Total", null, null],
    ]);
  });

  it("timeseries (split by agent, peaks): series named after the values, peak minutes beside", () => {
    const r: TimeseriesResult = {
      ...base("agents.conversations_daily", "timeseries", "week"),
      measures: [info("agents.conversations_daily")],
      dimension: "Agent",
      series: [
        {
          id: "a1",
          label: "=HYPERLINK(1)",
          measureId: "agent_conversations",
          total: 7,
          points: [
            { date: "1999-01-25", value: 3 },
            { date: "1999-02-01", value: 4 },
          ],
        },
        {
          id: "a2",
          label: "Bob",
          measureId: "agent_conversations",
          total: 1,
          points: [
            { date: "1999-01-25", value: 0 },
            { date: "1999-02-01", value: 1 },
          ],
        },
      ],
    };
    const t = resultTable(registry.get("agents.conversations_daily"), r);
    expect(headers(t)).toEqual(["Week (Monday)", "=HYPERLINK(1)", "Bob"]);
    expect(t.rows).toEqual([
      ["1999-01-25", 3, 0],
      ["1999-02-01", 4, 1],
      ["Total", 7, 1],
    ]);
    const peaks: TimeseriesResult = {
      ...base("activity.max_messages_per_minute", "timeseries", "month"),
      measures: [info("activity.max_messages_per_minute")],
      dimension: null,
      series: [
        {
          id: "peak_messages_per_minute",
          label: "Peak messages per minute",
          measureId: "peak_messages_per_minute",
          total: null,
          points: [{ date: "1999-02", value: 6, peakAt: "1999-02-03T10:15" }],
        },
      ],
    };
    const p = resultTable(registry.get("activity.max_messages_per_minute"), peaks);
    expect(headers(p)).toEqual(["Month", "Peak messages per minute (per min)", "Peak messages per minute, at"]);
    expect(p.columns.map((c) => c.unit)).toEqual(["month", "per_minute", "datetime"]);
    expect(p.rows).toEqual([
      ["1999-02", 6, "1999-02-03T10:15"],
      ["Total", null, null],
    ]);
  });

  it("ranking: label, id, value, share, previous, change; Others and Total", () => {
    const r: RankingResult = {
      ...base("calls.by_queue", "ranking"),
      measure: info("calls.by_queue"),
      dimension: "Queue",
      total: 10,
      previousTotal: 4,
      rows: [
        { key: "PS", label: "PS", value: 6, share: 60, previousValue: 2, change: 4 },
        { key: "NW", label: "North-west", value: 3, share: 30, previousValue: 2, change: 1 },
      ],
      others: { count: 2, value: 1, share: 10 },
    };
    const t = resultTable(registry.get("calls.by_queue"), r);
    expect(headers(t)).toEqual([
      "Queue",
      "Queue id",
      "Calls offered",
      "Share (%)",
      "Calls offered, previous period",
      "Calls offered, change",
    ]);
    expect(t.rows).toEqual([
      ["PS", "PS", 6, 60, 2, 4],
      ["North-west", "NW", 3, 30, 2, 1],
      ["Others (2)", null, 1, 10, null, null],
      ["Total", null, 10, 100, 4, 6],
    ]);
  });

  it("distribution over value ranges: no id column; without a previous period, no change", () => {
    const r: RankingResult = {
      ...base("quality_checks.score_distribution", "distribution"),
      previousFrom: null,
      previousTo: null,
      measure: info("quality_checks.score_distribution"),
      dimension: "Score",
      total: 4,
      previousTotal: null,
      rows: [
        { key: "0", label: "0-49", value: 1, share: 25, previousValue: null, change: null },
        { key: "1", label: "50-69", value: 0, share: 0, previousValue: null, change: null },
        { key: "2", label: "70-89", value: 3, share: 75, previousValue: null, change: null },
        { key: "3", label: "90-100", value: 0, share: 0, previousValue: null, change: null },
      ],
      others: null,
    };
    const t = resultTable(registry.get("quality_checks.score_distribution"), r);
    expect(headers(t)).toEqual([
      "Score",
      "Check results",
      "Share (%)",
      "Check results, previous period",
      "Check results, change",
    ]);
    expect(t.rows).toEqual([
      ["0-49", 1, 25, null, null],
      ["50-69", 0, 0, null, null],
      ["70-89", 3, 75, null, null],
      ["90-100", 0, 0, null, null],
      ["Total", 4, 100, null, null],
    ]);
  });

  it("table: every measure, then every previous value, sample and rank; Total last", () => {
    const ms = [0, 1, 2, 3].map((i) => info("calls.agents", i));
    const r: TableResult = {
      ...base("calls.agents", "table"),
      measures: ms,
      dimension: "Agent",
      rows: [
        {
          key: "anonbank:ALICE",
          label: "ALICE",
          values: { answered: 30, aht: 250.5, csat: 4.25, resolution_rate: 80 },
          previous: { answered: 20, aht: 300, csat: null, resolution_rate: 75 },
          sample: { size: 30, label: "reliable" },
          rank: "top",
        },
        {
          key: "anonbank:BOB",
          label: "BOB",
          values: { answered: 2, aht: 60, csat: null, resolution_rate: 50 },
          previous: { answered: 0, aht: null, csat: null, resolution_rate: null },
          sample: { size: 2, label: "insufficient" },
          rank: null,
        },
      ],
      totals: {
        values: { answered: 32, aht: 238.59375, csat: 4.25, resolution_rate: 78.125 },
        previous: { answered: 20, aht: 300, csat: null, resolution_rate: 75 },
      },
    };
    const t = resultTable(registry.get("calls.agents"), r);
    expect(headers(t)).toEqual([
      "Agent",
      "Agent id",
      "Calls answered",
      "AHT (s)",
      "CSAT",
      "Resolution rate (%)",
      "Calls answered, previous period",
      "AHT, previous period (s)",
      "CSAT, previous period",
      "Resolution rate, previous period (%)",
      "Sample size",
      "Sample",
      "Rank",
    ]);
    expect(t.rows).toEqual([
      ["ALICE", "anonbank:ALICE", 30, 250.5, 4.25, 80, 20, 300, null, 75, 30, "reliable", "top"],
      ["BOB", "anonbank:BOB", 2, 60, null, 50, 0, null, null, null, 2, "insufficient", null],
      ["Total", null, 32, 238.59375, 4.25, 78.125, 20, 300, null, 75, null, null, null],
    ]);
  });

  it("heatmap: 168 rows, Monday 00 first, Sunday 23 last", () => {
    const cells = [];
    for (let weekday = 1; weekday <= 7; weekday++)
      for (let hour = 0; hour < 24; hour++) cells.push({ weekday, hour, value: weekday === 3 && hour === 9 ? 5 : 0 });
    const r: HeatmapResult = { ...base("calls.heatmap", "heatmap"), measure: info("calls.heatmap"), cells };
    const t = resultTable(registry.get("calls.heatmap"), r);
    expect(headers(t)).toEqual(["Weekday", "Hour", "Calls offered"]);
    expect(t.columns.map((c) => c.unit)).toEqual(["text", "integer", "count"]);
    expect(t.rows).toHaveLength(168);
    expect(t.rows[0]).toEqual(["Monday", 0, 0]);
    expect(t.rows[2 * 24 + 9]).toEqual(["Wednesday", 9, 5]);
    expect(t.rows[167]).toEqual(["Sunday", 23, 0]);
  });

  it("refuses a result given with another report's definition", () => {
    const r = { ...base("calls.offered", "kpi"), breakdown: [] } as unknown as KpiResult;
    expect(() => resultTable(registry.get("calls.aht"), r)).toThrow(/calls.offered/);
  });
});
