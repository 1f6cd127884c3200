/**
 * Business hours (issue 16): the TS function on hand-computed cases (a weekend, a holiday and a
 * partial one, a DST change both ways, intervals wholly outside hours), and the SQL form (derived
 * table business_open_intervals, built by derive.ts with DuckDB's ICU) giving the same seconds.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BusinessSchedule, businessSeconds, minutesOfDay, openIntervals } from "../src/business-hours";
import {
  type CanonicalRow,
  deleteRows,
  deriveColumns,
  rebuildDerived,
  refreshDerived,
  type Transaction,
  upsertRows,
  Warehouse,
} from "../src/index";

const ms = (iso: string) => Date.parse(`${iso}Z`);
const H = 3600;

/** Mon-Fri 08:00-18:00 Amsterdam; Christmas Eve open 08:00-13:00 only, Christmas Day closed. */
const office: BusinessSchedule = {
  timezone: "Europe/Amsterdam",
  hours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: "08:00", closes: "18:00" })),
  holidays: [
    { date: "2026-12-24", opens: "08:00", closes: "13:00" },
    { date: "2026-12-25", opens: null, closes: null },
  ],
};
/** Sundays 01:00-04:00 Amsterdam: spans both DST changes of 2026 (29 March, 25 October). */
const sundayNight: BusinessSchedule = {
  timezone: "Europe/Amsterdam",
  hours: [{ weekday: 7, opens: "01:00", closes: "04:00" }],
};

/** [name, schedule, campaign, from (UTC), to (UTC), business seconds by hand]. */
const CASES: readonly [string, BusinessSchedule, string, string, string, number][] = [
  // Fri 17:00-18:00 local (16:00-17:00Z) and Mon 08:00-09:00 local (07:00-08:00Z): 2 h.
  ["a weekend", office, "office", "2026-12-04T16:00:00", "2026-12-07T08:00:00", 2 * H],
  // Thu 24th 12:00-13:00 local (partial holiday), Fri 25th closed, weekend, Mon 28th 08:00-08:30: 1.5 h.
  ["a partial and a full holiday", office, "office", "2026-12-24T11:00:00", "2026-12-28T07:30:00", 1.5 * H],
  // Fri 27 March closes 18:00 CET = 17:00Z; Mon 30 March opens 08:00 CEST = 06:00Z: 06:00-06:30Z.
  ["the Monday after the spring change", office, "office", "2026-03-27T17:30:00", "2026-03-30T06:30:00", 0.5 * H],
  // Sunday 29 March 01:00 CET (00:00Z) to 04:00 CEST (02:00Z): the wall clock's 3 h are 2 h.
  ["a DST change forward", sundayNight, "night", "2026-03-28T00:00:00", "2026-03-30T00:00:00", 2 * H],
  // Sunday 25 October 01:00 CEST (24th 23:00Z) to 04:00 CET (03:00Z): the wall clock's 3 h are 4 h.
  ["a DST change back", sundayNight, "night", "2026-10-24T00:00:00", "2026-10-26T00:00:00", 4 * H],
  ["a Saturday, wholly outside hours", office, "office", "2026-12-05T10:00:00", "2026-12-05T18:00:00", 0],
  ["a weeknight, wholly outside hours", office, "office", "2026-12-08T17:00:00", "2026-12-09T07:00:00", 0],
  ["Christmas Day, a full holiday", office, "office", "2026-12-25T00:00:00", "2026-12-26T00:00:00", 0],
  // Tue 8 December 09:00-10:30 local = 08:00-09:30Z, inside hours.
  ["inside hours", office, "office", "2026-12-08T08:00:00", "2026-12-08T09:30:00", 1.5 * H],
];

describe("businessSeconds (hand cases)", () => {
  for (const [name, schedule, , from, to, expected] of CASES) {
    it(`${name}: ${expected} s`, () => {
      expect(businessSeconds(schedule, ms(from), ms(to))).toBe(expected);
    });
  }

  it("is 0 for an empty or reversed interval, and refuses bad times and zones", () => {
    expect(businessSeconds(office, ms("2026-12-08T09:00:00"), ms("2026-12-08T09:00:00"))).toBe(0);
    expect(businessSeconds(office, ms("2026-12-08T10:00:00"), ms("2026-12-08T09:00:00"))).toBe(0);
    expect(minutesOfDay("24:00")).toBe(1440);
    expect(() => minutesOfDay("24:30")).toThrow(/"24:30"/);
    expect(() => minutesOfDay("8:00")).toThrow(/"8:00"/);
    const reversed = { timezone: "UTC", hours: [{ weekday: 1, opens: "18:00", closes: "08:00" }] };
    expect(() => openIntervals(reversed, "2026-12-07", "2026-12-07")).toThrow(/not after/);
    expect(() => businessSeconds({ ...office, timezone: "Mars/Olympus" }, 0, 1000)).toThrow(RangeError);
  });

  it("merges touching intervals: a night shift written as two rows counts once across midnight", () => {
    const night = {
      timezone: "UTC",
      hours: [
        { weekday: 1, opens: "22:00", closes: "24:00" },
        { weekday: 2, opens: "00:00", closes: "06:00" },
        { weekday: 2, opens: "05:00", closes: "07:00" },
      ],
    };
    expect(openIntervals(night, "2026-12-07", "2026-12-08")).toEqual([
      { startMs: ms("2026-12-07T22:00:00"), endMs: ms("2026-12-08T07:00:00") },
    ]);
    expect(businessSeconds(night, ms("2026-12-07T00:00:00"), ms("2026-12-09T00:00:00"))).toBe(9 * H);
  });
});

describe("business_open_intervals (the SQL form) equals businessSeconds", () => {
  let dir: string;
  let wh: Warehouse;
  const base = { source: "t", import_id: "i" };
  const hoursRows = (campaign: string, s: BusinessSchedule): CanonicalRow[] =>
    s.hours.map((h) => ({ ...base, campaign_id: campaign, timezone: s.timezone, ...h }));
  const holidayRows = (campaign: string, s: BusinessSchedule): CanonicalRow[] =>
    (s.holidays ?? []).map((h) => ({ ...base, campaign_id: campaign, ...h }));
  const conversation = (id: string, at: string): CanonicalRow => ({
    ...base,
    conversation_id: id,
    campaign_id: "office",
    started_at: new Date(`${at}Z`),
    channel: "chat",
  });
  /** Business seconds of [from, to) by SQL: the sum of overlaps with the campaign's open intervals. */
  const sqlSeconds = async (campaign: string, from: string, to: string) => {
    const [row] = await wh.query<{ s: number }>(
      `SELECT coalesce(sum(epoch(least(open_end, $3::TIMESTAMP)) - epoch(greatest(open_start, $2::TIMESTAMP))), 0) AS s
       FROM business_open_intervals WHERE campaign_id = $1 AND open_end > $2::TIMESTAMP AND open_start < $3::TIMESTAMP`,
      [campaign, from, to],
    );
    return Number(row?.s);
  };
  const write = (rows: Record<string, CanonicalRow[]>) =>
    wh.transaction(async (tx) => {
      for (const [table, list] of Object.entries(rows)) await upsertRows(tx, table as "business_hours", list);
      await deriveColumns(tx, Object.fromEntries(Object.entries(rows).map(([k, v]) => [k, v.length])), "i");
    });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "tallyline-bh-"));
    wh = await Warehouse.open(join(dir, "w.duckdb"));
    // The conversations' dates give the calendar's range: March to December 2026.
    await write({
      conversations: [conversation("c1", "2026-03-20T10:00:00"), conversation("c2", "2026-12-30T10:00:00")],
    });
    expect(await wh.query("SELECT count(*) AS n FROM business_open_intervals")).toEqual([{ n: 0 }]);
    await write({
      business_hours: [...hoursRows("office", office), ...hoursRows("night", sundayNight)],
      business_holidays: holidayRows("office", office),
    });
  });
  afterAll(async () => {
    await wh.close();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const [name, , campaign, from, to, expected] of CASES) {
    it(`${name}: ${expected} s`, async () => {
      expect(await sqlSeconds(campaign, from, to)).toBe(expected);
    });
  }

  it("agrees with businessSeconds on 200 intervals spread over the range", async () => {
    let seed = 7;
    const next = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    // The calendar covers the local days from two days before the first conversation to two after
    // the last (18 March to 1 January); the intervals stay inside.
    const start = ms("2026-03-19T00:00:00");
    const end = ms("2026-12-31T00:00:00");
    for (let i = 0; i < 200; i++) {
      const a = start + Math.floor((next() * (end - start)) / 1000) * 1000;
      const b = Math.min(end, a + Math.floor(next() * 5 * 86_400) * 1000);
      const iso = (x: number) => new Date(x).toISOString().slice(0, 19);
      for (const [campaign, schedule] of [
        ["office", office],
        ["night", sundayNight],
      ] as const) {
        expect(await sqlSeconds(campaign, iso(a), iso(b)), `${campaign} ${iso(a)} ${iso(b)}`).toBe(
          businessSeconds(schedule, a, b),
        );
      }
    }
  });

  it("is rebuilt when a holiday is deleted (Christmas Day opens as a Friday again)", async () => {
    await wh.transaction(async (tx) => {
      await deleteRows(tx, "business_holidays", "WHERE t.date = $1", ["2026-12-25"]);
      await refreshDerived(tx);
    });
    expect(await sqlSeconds("office", "2026-12-25T00:00:00", "2026-12-26T00:00:00")).toBe(10 * H);
  });
});

describe("business_open_intervals after imports of conversations and events equals a whole rebuild", () => {
  let dir: string;
  let wh: Warehouse;
  const row = (importId: string) => ({ source: "t", import_id: importId });
  const conversation = (importId: string, id: string, at: string, ended?: string): CanonicalRow => ({
    ...row(importId),
    conversation_id: id,
    campaign_id: "office",
    started_at: new Date(`${at}Z`),
    ...(ended ? { ended_at: new Date(`${ended}Z`) } : {}),
    channel: "chat",
  });
  const event = (importId: string, id: string, at: string): CanonicalRow => ({
    ...row(importId),
    conversation_id: id,
    seq: 1,
    event: "opened",
    occurred_at: new Date(`${at}Z`),
    actor_kind: "customer",
  });
  const intervals = () =>
    wh.query<{ c: string; s: string; e: string }>(
      "SELECT campaign_id AS c, open_start::VARCHAR AS s, open_end::VARCHAR AS e FROM business_open_intervals ORDER BY 1, 2",
    );
  /**
   * Imports `rows` as import `importId` (deriveColumns as the importer calls it) and says whether the
   * calendar was rebuilt (its rebuild statement ran); then checks it against a whole rebuild.
   */
  const load = async (importId: string, rows: Record<string, CanonicalRow[]>): Promise<boolean> => {
    let rebuilt = false;
    await wh.transaction(async (tx) => {
      const seen = new Proxy(tx, {
        get(target, key) {
          const value = Reflect.get(target, key);
          if (key === "run")
            return (sql: string, params?: unknown[]) => {
              if (sql.startsWith("DELETE FROM business_open_intervals;")) rebuilt = true;
              return (value as Transaction["run"]).call(target, sql, params as never);
            };
          return typeof value === "function" ? value.bind(target) : value;
        },
      });
      for (const [table, list] of Object.entries(rows)) await upsertRows(seen, table as "conversations", list);
      await deriveColumns(seen, Object.fromEntries(Object.entries(rows).map(([k, v]) => [k, v.length])), importId);
    });
    const kept = await intervals();
    await wh.transaction((tx) => rebuildDerived(tx, []));
    expect(kept, `${importId}: the calendar equals a whole rebuild`).toEqual(await intervals());
    return rebuilt;
  };
  /** The first and last open day's opening (UTC), to see the range move. */
  const range = async () => {
    const [r] = await wh.query<{ a: string; b: string }>(
      "SELECT min(open_start)::VARCHAR AS a, max(open_start)::VARCHAR AS b FROM business_open_intervals",
    );
    return [r?.a, r?.b];
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "tallyline-bh-range-"));
    wh = await Warehouse.open(join(dir, "w.duckdb"));
  });
  afterAll(async () => {
    await wh.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("rebuilds on schedules and on rows that widen the range, and only then", async () => {
    // No schedule yet: nothing to build, whatever comes.
    expect(await load("a", { conversations: [conversation("a", "c1", "2026-03-18T10:00:00")] })).toBe(false);
    expect(await intervals()).toEqual([]);
    // Schedules: rebuilt (18 March, a Wednesday: the range is Monday 16 to Friday 20 March; 08:00 CET is 07:00 UTC).
    expect(
      await load("h", {
        business_hours: office.hours.map((h) => ({
          ...row("h"),
          campaign_id: "office",
          timezone: office.timezone,
          ...h,
        })),
      }),
    ).toBe(true);
    expect(await range()).toEqual(["2026-03-16 07:00:00", "2026-03-20 07:00:00"]);
    // Inside the range (the same UTC date, earlier and later): kept as it is.
    expect(
      await load("b", {
        conversations: [conversation("b", "c2", "2026-03-18T00:00:01"), conversation("b", "c3", "2026-03-18T23:59:59")],
      }),
    ).toBe(false);
    expect(await range()).toEqual(["2026-03-16 07:00:00", "2026-03-20 07:00:00"]);
    // A later day: rebuilt (its range reaches Saturday 21 March: no new open day), then a Tuesday: to Thursday 26 March.
    expect(await load("c", { conversations: [conversation("c", "c4", "2026-03-19T09:00:00")] })).toBe(true);
    expect(await range()).toEqual(["2026-03-16 07:00:00", "2026-03-20 07:00:00"]);
    expect(await load("d", { conversations: [conversation("d", "c5", "2026-03-24T09:00:00")] })).toBe(true);
    expect(await range()).toEqual(["2026-03-16 07:00:00", "2026-03-26 07:00:00"]);
    // An earlier day by an event (from Sunday 8 March); a conversation that ends later than any start (to Thursday 2 April, CEST: 06:00 UTC).
    expect(await load("e", { conversation_events: [event("e", "c1", "2026-03-10T12:00:00")] })).toBe(true);
    expect(await range()).toEqual(["2026-03-09 07:00:00", "2026-03-26 07:00:00"]);
    expect(
      await load("f", { conversations: [conversation("f", "c6", "2026-03-25T09:00:00", "2026-03-31T09:00:00")] }),
    ).toBe(true);
    expect((await range())[1]).toBe("2026-04-02 06:00:00");
    // Rows inside the range again, conversations and events: kept.
    expect(
      await load("g", {
        conversations: [conversation("g", "c7", "2026-03-20T09:00:00")],
        conversation_events: [event("g", "c7", "2026-03-20T09:00:01")],
      }),
    ).toBe(false);
  });
});
