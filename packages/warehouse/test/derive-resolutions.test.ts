/**
 * The resolution facts (derive-resolutions.ts) stay equal to a whole rebuild through imports,
 * later transfers and deletions, and their business seconds equal business-hours.ts
 * `businessSeconds` (the TypeScript twin, computed apart from SQL) on resolves spread over three
 * weeks of a schedule with a holiday and a DST change.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  type BusinessSchedule,
  businessSeconds,
  type CanonicalRow,
  type CanonicalTableName,
  deleteRows,
  deriveColumns,
  rebuildDerived,
  refreshDerived,
  upsertRows,
  Warehouse,
} from "../src/index";

let dir: string;
let wh: Warehouse;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "tl-res-"));
  wh = await Warehouse.open(join(dir, "r.duckdb"));
});
afterEach(async () => {
  await wh.close();
  rmSync(dir, { recursive: true, force: true });
});

const at = (s: string) => new Date(`${s.replace(" ", "T")}Z`);
const COLS =
  "conversation_id, seq, resolved_at, campaign_id, agent_id, team_id, resolved_by, is_reopen_resolution, clock_from, seconds, business_seconds";

/** Writes `rows` as import `id` and derives, as the import pipeline does. */
async function load(id: string, rows: Partial<Record<CanonicalTableName, CanonicalRow[]>>) {
  await wh.transaction(async (tx) => {
    for (const [t, list] of Object.entries(rows) as [CanonicalTableName, CanonicalRow[]][])
      await upsertRows(
        tx,
        t,
        list.map((r) => ({ source: "t", import_id: id, ...r })),
      );
    await deriveColumns(tx, Object.fromEntries(Object.entries(rows).map(([t, l]) => [t, l?.length ?? 0])), id);
  });
}

/** The resolution tables as they are, then as a whole rebuild makes them: equal. */
async function expectRebuildEqual() {
  const read = async () => ({
    events: await wh.query(`SELECT ${COLS} FROM resolution_events ORDER BY conversation_id, seq`),
    labels: await wh.query("SELECT conversation_id, seq, label FROM resolution_labels ORDER BY ALL"),
  });
  const before = await read();
  await wh.transaction((tx) => rebuildDerived(tx));
  expect(before).toEqual(await read());
  return before;
}

const ev = (c: string, seq: number, event: string, t: string, actor = "agent") => ({
  conversation_id: c,
  seq,
  event,
  occurred_at: at(t),
  actor_kind: actor,
  campaign_id: "camp",
});

describe("resolution facts", () => {
  it("follow imports, a later transfer and deletions as a whole rebuild would", async () => {
    await load("i1", {
      conversations: [
        { conversation_id: "c1", campaign_id: "camp", started_at: at("2026-03-02 09:00:00"), channel: "chat" },
      ],
      assignments: [
        {
          assignment_id: "a1",
          conversation_id: "c1",
          seq: 1,
          agent_id: "A",
          team_id: "T1",
          assigned_at: at("2026-03-02 09:01:00"),
          missed: false,
        },
      ],
      conversation_events: [
        ev("c1", 1, "opened", "2026-03-02 09:00:00", "customer"),
        ev("c1", 2, "resolved", "2026-03-02 10:00:00"),
      ],
    });
    let now = await expectRebuildEqual();
    expect(now.events).toMatchObject([{ agent_id: "A", team_id: "T1", seconds: 3600 }]);
    // A later file: the transfer to B of team T2 before the resolve; then one with a label.
    await load("i2", {
      assignments: [
        {
          assignment_id: "a2",
          conversation_id: "c1",
          seq: 2,
          agent_id: "B",
          team_id: "T2",
          assigned_at: at("2026-03-02 09:30:00"),
          missed: false,
        },
      ],
    });
    expect((await expectRebuildEqual()).events).toMatchObject([{ agent_id: "B", team_id: "T2" }]);
    await load("i2b", { conversation_labels: [{ conversation_id: "c1", label: "vip" }] });
    now = await expectRebuildEqual();
    expect(now.events).toMatchObject([{ agent_id: "B", team_id: "T2" }]);
    expect(now.labels).toEqual([{ conversation_id: "c1", seq: 2, label: "vip" }]);
    // A reopen and second resolve arrive, then the transfer's import is removed.
    await load("i3", {
      conversation_events: [
        ev("c1", 3, "reopened", "2026-03-03 08:00:00", "customer"),
        ev("c1", 4, "resolved", "2026-03-03 08:20:00"),
      ],
    });
    now = await expectRebuildEqual();
    expect(now.events.map((r) => r.seconds)).toEqual([3600, 1200]);
    // The label's import removed alone (labels feed nothing else), then the transfer's.
    await wh.transaction(async (tx) => {
      await deleteRows(tx, "conversation_labels", "WHERE t.import_id = $1", ["i2b"]);
      await refreshDerived(tx);
    });
    expect((await expectRebuildEqual()).labels).toEqual([]);
    await wh.transaction(async (tx) => {
      await deleteRows(tx, "assignments", "WHERE t.import_id = $1", ["i2"]);
      await refreshDerived(tx);
    });
    now = await expectRebuildEqual();
    expect(now.events).toMatchObject([
      { seq: 2, agent_id: "A", team_id: "T1" },
      { seq: 4, agent_id: "A", team_id: "T1", is_reopen_resolution: true },
    ]);
    expect(now.labels).toEqual([]);
    await wh.transaction(async (tx) => {
      await deleteRows(tx, "conversation_events", "WHERE t.seq >= $1", [3]);
      await refreshDerived(tx);
    });
    expect((await expectRebuildEqual()).events).toHaveLength(1);
  });

  it("give each resolve the business seconds business-hours.ts computes", async () => {
    const schedule: BusinessSchedule = {
      timezone: "Europe/Amsterdam",
      hours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: "08:30", closes: "17:30" })),
      holidays: [
        { date: "2026-04-03", opens: null, closes: null },
        { date: "2026-03-27", opens: "08:30", closes: "12:00" },
      ],
    };
    // 40 conversations from 2026-03-16 (two weeks before the DST change) over three weeks, each
    // resolved 1 minute to 4 days after its start (deterministic spread, not random).
    const base = Date.parse("2026-03-16T05:17:00Z");
    const spans = Array.from({ length: 40 }, (_, i) => {
      const start = base + i * 13 * 3600_000 + (i % 7) * 611_000;
      return { id: `c${i}`, start, end: start + 60_000 + ((i * 7919) % 97) * 3600_000 + (i % 5) * 59_000 };
    });
    await load("i1", {
      business_hours: schedule.hours.map((h) => ({ campaign_id: "camp", ...h, timezone: schedule.timezone })),
      business_holidays: (schedule.holidays ?? []).map((h) => ({ campaign_id: "camp", ...h })),
      conversations: spans.map((s) => ({
        conversation_id: s.id,
        campaign_id: "camp",
        started_at: new Date(s.start),
        channel: "chat",
      })),
      conversation_events: spans.map((s) => ({ ...ev(s.id, 1, "resolved", ""), occurred_at: new Date(s.end) })),
    });
    const rows = await wh.query<{ conversation_id: string; seconds: number; business_seconds: number }>(
      "SELECT conversation_id, seconds, business_seconds FROM resolution_events",
    );
    expect(rows).toHaveLength(40);
    const byId = new Map(rows.map((r) => [r.conversation_id, r]));
    let someClosed = 0;
    for (const s of spans) {
      const r = byId.get(s.id);
      expect(r?.seconds, s.id).toBeCloseTo((s.end - s.start) / 1000, 6);
      const want = businessSeconds(schedule, s.start, s.end);
      expect(r?.business_seconds, s.id).toBeCloseTo(want, 6);
      if (want < (s.end - s.start) / 1000) someClosed++;
    }
    expect(someClosed).toBeGreaterThan(20);
  });
});
