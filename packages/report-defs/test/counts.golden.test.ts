/**
 * The count of events beside an average (issue 16), on shapes the catalogue's golden tests do not
 * reach: a timeseries of two facts (compose.ts), a timeseries split by a dimension, a ranking and a
 * median. Definitions made here over hand-made rows in a real DuckDB file; counts worked out by hand.
 *
 * Assignments (UTC), query 2026-12-01..2026-12-02:
 *   a1 ann 12-01 offered 09:00, first reply 09:01 (60 s)   a2 ann 12-01 10:00, reply 10:03 (180 s)
 *   a3 bob 12-01 11:00, no reply                           a4 bob 12-02 09:00, reply 09:02 (120 s)
 *   previous window: a0 ann 11-30 09:00, reply 09:10 (600 s)
 * Conversations c1 (12-01), c2 (12-02).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MeasureDefinition, ReportDefinition } from "../src/index";
import { defaultRegistry, type RankingResult, runReport, type TimeseriesResult } from "../src/index";
import { goldenWarehouse, utc } from "./harness";

let g: Awaited<ReturnType<typeof goldenWarehouse>>;
const Q = { from: "2026-12-01", to: "2026-12-02", timezone: "UTC" };

const assignment = (id: string, agent: string, offered: string, reply: string | null) => ({
  assignment_id: id,
  conversation_id: "c1",
  seq: 1,
  agent_id: agent,
  assigned_at: utc(offered),
  first_response_at: reply ? utc(reply) : null,
  missed: false,
});

beforeAll(async () => {
  g = await goldenWarehouse({
    conversations: [
      { conversation_id: "c1", campaign_id: "k", started_at: utc("2026-12-01 09:00:00"), channel: "chat" },
      { conversation_id: "c2", campaign_id: "k", started_at: utc("2026-12-02 09:00:00"), channel: "chat" },
    ],
    assignments: [
      assignment("a0", "ann", "2026-11-30 09:00:00", "2026-11-30 09:10:00"),
      assignment("a1", "ann", "2026-12-01 09:00:00", "2026-12-01 09:01:00"),
      assignment("a2", "ann", "2026-12-01 10:00:00", "2026-12-01 10:03:00"),
      assignment("a3", "bob", "2026-12-01 11:00:00", null),
      assignment("a4", "bob", "2026-12-02 09:00:00", "2026-12-02 09:02:00"),
    ],
  });
});
afterAll(() => g.close());

const wait = (fn: "avg" | "median"): MeasureDefinition => ({
  id: `wait_${fn}`,
  label: "Wait",
  aggregate: { fn, value: { secondsBetween: { from: "assigned_at", to: "first_response_at" } } },
  format: "duration",
  goodDirection: "down",
  definition: "Seconds from the offer to the first reply, over assignments with a reply (test measure).",
});
const base = defaultRegistry().get("contact_centre.avg_wait_time");
const def = (rest: Partial<ReportDefinition>): ReportDefinition => ({ ...base, id: "test.counts", ...rest });
const run = (d: ReportDefinition) => runReport(d, Q, (sql, params) => g.wh.query(sql, params));

describe("counts beside averages on every shape", () => {
  it("a timeseries of two facts: conversations (own fact) and the mean wait (assignments) with its count", async () => {
    const d = def({
      shape: "timeseries",
      table: "conversations",
      timeColumn: "started_at",
      filters: [],
      facts: { offers: { table: "assignments", timeColumn: "assigned_at" } },
      measures: [
        { ...defaultRegistry().get("engagement.conversations").measures[0], id: "conversations" } as MeasureDefinition,
        { ...wait("avg"), aggregate: { ...wait("avg").aggregate, fact: "offers" } as MeasureDefinition["aggregate"] },
      ],
    });
    const r = (await run(d)) as TimeseriesResult;
    const [conv, mean] = r.series;
    expect(conv?.points.map((p) => [p.value, p.count])).toEqual([
      [1, undefined],
      [1, undefined],
    ]);
    // 12-01: a1 60, a2 180 (a3 no reply) = mean 120 over 2; 12-02: a4 120 over 1.
    expect(mean?.points.map((p) => [p.value, p.count])).toEqual([
      [120, 2],
      [120, 1],
    ]);
    expect(mean?.count).toBe(3);
  });

  it("a timeseries split by agent: each agent's points carry their own counts", async () => {
    const d = def({
      shape: "timeseries",
      measures: [wait("avg")],
      dimension: { label: "Agent", column: "agent_id" },
    });
    const r = (await run(d)) as TimeseriesResult;
    const byAgent = Object.fromEntries(r.series.map((s) => [s.id, s.points.map((p) => [p.value, p.count])]));
    expect(byAgent).toEqual({
      ann: [
        [120, 2],
        [null, 0],
      ],
      bob: [
        [null, 0],
        [120, 1],
      ],
    });
  });

  it("a ranking of medians by agent: counts per row, previous and total", async () => {
    const d = def({ shape: "ranking", measures: [wait("median")], dimension: { label: "Agent", column: "agent_id" } });
    const r = (await run(d)) as RankingResult;
    // ann: 60, 180 -> median 120 over 2 (previous a0: 1); bob: 120 over 1 (a3 has no reply); all: 3.
    expect(r.rows.map((x) => [x.key, x.value, x.count, x.previousCount])).toEqual([
      ["ann", 120, 2, 1],
      ["bob", 120, 1, 0],
    ]);
    expect(r.totalCount).toBe(3);
  });
});
