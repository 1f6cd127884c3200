/**
 * removeImports (src/remove.ts): after removing import A from a database holding imports A and B,
 * every canonical table (derived ones included) equals that of a fresh database into which B alone
 * was imported. B rewrites rows of A (a call, a message), adds a check result to a call of A and
 * an assignment to a conversation of A, so the removal must keep what B wrote last and bring the
 * flags, call_quality and the summaries up to date.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type CanonicalRow, type CanonicalTableName, canonicalTables, Warehouse } from "@tallyline/warehouse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dataSpan, type RemovedImports, removeImports, writeImport } from "../src/index";

const t = (s: string) => new Date(`${s}Z`);
type Rows = Partial<Record<CanonicalTableName, CanonicalRow[]>>;

const call = (id: string, started: string, extra: CanonicalRow = {}): CanonicalRow => ({
  call_id: id,
  campaign_id: "k",
  agent_id: "ag1",
  started_at: t(started),
  answered: true,
  abandoned: false,
  talk_secs: 60,
  handle_secs: 60,
  ...extra,
});
const result = (callId: string, check: string, passed: boolean, score: number | null, extra: CanonicalRow = {}) => ({
  call_id: callId,
  check_id: check,
  passed,
  score,
  ...extra,
});
const conversation = (id: string, started: string, contact: string): CanonicalRow => ({
  conversation_id: id,
  campaign_id: "k",
  contact_id: contact,
  started_at: t(started),
  channel: "chat",
});
const message = (id: string, conv: string, sent: string, sender: string, extra: CanonicalRow = {}): CanonicalRow => ({
  message_id: id,
  conversation_id: conv,
  seq: 1,
  sent_at: t(sent),
  sender,
  ...extra,
});
const assignment = (id: string, conv: string, missed: boolean, extra: CanonicalRow = {}): CanonicalRow => ({
  assignment_id: id,
  conversation_id: conv,
  seq: 1,
  assigned_at: t("2026-03-02T09:05:00"),
  missed,
  ...extra,
});

const A: Rows = {
  calls: [call("c1", "2026-03-02T09:00:00"), call("c2", "2026-03-02T10:00:00")],
  call_check_results: [result("c1", "q1", true, 80), result("c2", "q1", false, 40)],
  conversations: [conversation("v1", "2026-03-02T09:00:00", "p1"), conversation("v2", "2026-03-02T09:30:00", "p2")],
  messages: [
    message("m1", "v1", "2026-03-02T09:01:00", "contact"),
    message("m2", "v2", "2026-03-02T09:31:00", "contact"),
  ],
  assignments: [assignment("as1", "v1", false)],
  agent_states: [
    {
      state_id: "s1",
      origin: "activity",
      agent_id: "ag1",
      state: "online",
      time_start: t("2026-03-01T22:00:00"),
      time_end: t("2026-03-02T06:00:00"),
    },
  ],
};
// B keeps its own keys where a removal cannot take back what it copied from A (remove.ts says so).
const B: Rows = {
  calls: [call("c2", "2026-03-03T11:00:00", { agent_id: "ag2" }), call("c3", "2026-03-03T12:00:00")],
  call_check_results: [
    result("c1", "q2", true, 100, { agent_id: "ag1", campaign_id: "k" }),
    result("c3", "q1", true, 90),
  ],
  conversations: [conversation("v3", "2026-03-03T09:00:00", "p1")],
  messages: [
    message("m2", "v2", "2026-03-03T09:31:00", "agent", { campaign_id: "k" }),
    message("m3", "v3", "2026-03-03T09:02:00", "contact"),
  ],
  assignments: [assignment("as2", "v2", true, { campaign_id: "k" })],
};

const stamp = (rows: Rows, source: string): Rows =>
  Object.fromEntries(
    Object.entries(rows).map(([table, list]) => [table, list.map((r) => ({ ...r, source, import_id: source }))]),
  );

async function write(wh: Warehouse, id: string, rows: Rows) {
  return writeImport(wh, {
    importId: id,
    file: `${id}.csv`,
    source: id,
    sha256: id,
    rows: stamp(rows, id),
    started: 0,
  });
}

/** Every canonical table but `imports`, rows sorted, as JSON text. */
async function contents(wh: Warehouse): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of Object.keys(canonicalTables).filter((x) => x !== "imports")) {
    const rows = await wh.query(`SELECT * FROM ${table}`);
    out[table] = rows.map((r) => JSON.stringify(r)).sort();
  }
  return out;
}

let dir: string;
let both: Warehouse;
let onlyB: Warehouse;
let removed: RemovedImports;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tl-remove-"));
  both = await Warehouse.open(join(dir, "both.duckdb"));
  onlyB = await Warehouse.open(join(dir, "b.duckdb"));
  await write(both, "A", A);
  await write(both, "B", B);
  await write(onlyB, "B", B);
  removed = await removeImports(both, ["A", "nope"]);
});
afterAll(async () => {
  await both.close();
  await onlyB.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("removeImports", () => {
  it("counts the rows A still owned (not those B wrote again) and ignores unknown ids", () => {
    expect(removed).toEqual({
      importIds: ["A"],
      // c2 and m2 belong to B now: A last wrote c1, its two results, v1, v2, m1, as1 and s1.
      rowsByTable: { calls: 1, call_check_results: 2, conversations: 2, messages: 1, assignments: 1, agent_states: 1 },
      rows: 8,
    });
  });

  it("leaves every table, derived ones too, as a fresh import of B alone makes it", async () => {
    const [got, want] = [await contents(both), await contents(onlyB)];
    for (const table of Object.keys(want)) expect(got[table], table).toEqual(want[table]);
    // The cases that matter, stated: c1's remaining result counts in no period; m2 is in a conversation that has an assignment.
    expect(await both.query("SELECT call_id, call_started_at, results FROM call_quality ORDER BY 1")).toEqual([
      { call_id: "c1", call_started_at: null, results: 1 },
      { call_id: "c3", call_started_at: "2026-03-03T12:00:00.000Z", results: 1 },
    ]);
    expect(await both.query("SELECT sum(messages)::INTEGER AS n FROM message_minutes")).toEqual([{ n: 2 }]);
  });

  it("deletes the imports rows and keeps the others", async () => {
    expect(await both.query("SELECT import_id FROM imports ORDER BY 1")).toEqual([{ import_id: "B" }]);
  });

  it("removes nothing for an empty list or unknown ids", async () => {
    expect(await removeImports(both, [])).toEqual({ importIds: [], rowsByTable: {}, rows: 0 });
    expect(await removeImports(both, ["A"])).toEqual({ importIds: [], rowsByTable: {}, rows: 0 });
  });

  it("removes everything when the last import goes, derived tables included", async () => {
    const dir2 = mkdtempSync(join(tmpdir(), "tl-remove-all-"));
    const wh = await Warehouse.open(join(dir2, "t.duckdb"));
    try {
      await write(wh, "A", A);
      await write(wh, "B", B);
      const r = await removeImports(wh, ["B", "A"]);
      expect(r.importIds).toEqual(["A", "B"]);
      for (const [table, rows] of Object.entries(await contents(wh))) expect(rows, table).toEqual([]);
      expect(await wh.query("SELECT count(*)::INTEGER AS n FROM imports")).toEqual([{ n: 0 }]);
    } finally {
      await wh.close();
      rmSync(dir2, { recursive: true, force: true });
    }
  });

  it("rolls back with the caller's transaction", async () => {
    const before = await contents(both);
    await expect(
      both.transaction(async (tx) => {
        await removeImports(tx, ["B"]);
        throw new Error("caller fails");
      }),
    ).rejects.toThrow("caller fails");
    expect(await contents(both)).toEqual(before);
  });
});

describe("dataSpan", () => {
  it("spans every fact table's time column, per import, with days in the zone asked", async () => {
    const dir2 = mkdtempSync(join(tmpdir(), "tl-span-"));
    const wh = await Warehouse.open(join(dir2, "t.duckdb"));
    try {
      await write(wh, "A", A);
      await write(wh, "B", B);
      // A's rows: earliest the agent state at 2026-03-01 22:00 UTC; latest A's result on c2, placed
      // at c2's start as B rewrote it (2026-03-03 11:00), not A's own latest row (v2 at 09:30 on the 2nd).
      expect(await dataSpan(wh, "UTC", { importId: "A" })).toEqual({
        firstAt: "2026-03-01T22:00:00.000Z",
        lastAt: "2026-03-03T11:00:00.000Z",
        firstDay: "2026-03-01",
        lastDay: "2026-03-03",
        timezone: "UTC",
      });
      // Tokyo (+9): 22:00 UTC on the 1st is the 2nd there; B's latest, c3 at 12:00 UTC on the 3rd, is 21:00 there.
      expect(await dataSpan(wh, "Asia/Tokyo")).toMatchObject({
        firstDay: "2026-03-02",
        lastDay: "2026-03-03",
        lastAt: "2026-03-03T12:00:00.000Z",
      });
      expect(await dataSpan(wh, "UTC", { importId: "B", tables: ["conversations"] })).toMatchObject({
        firstAt: "2026-03-03T09:00:00.000Z",
        lastAt: "2026-03-03T09:00:00.000Z",
      });
      expect(await dataSpan(wh, "UTC", { importId: "none" })).toBeNull();
    } finally {
      await wh.close();
      rmSync(dir2, { recursive: true, force: true });
    }
  });
});
