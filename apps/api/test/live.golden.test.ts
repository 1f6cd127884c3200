/**
 * Golden test of the live view (packages/report-defs/src/live.ts) on a hand-made data set
 * (test/fixtures/live: canonical CSV imported through the real import pipeline into a real DuckDB
 * file). Every conversation, its state at the as-of instant and why (worked out by hand):
 *
 * | conv | campaign | events (last)                  | team (why)             | state   | unattended (why)                      | unassigned (why)                     |
 * | c1   | Web shop | opened                         | t1 (assignment)        | open    | yes: no agent message                 | no: a1, not closed                   |
 * | c2   | Web shop | opened                         | t1                     | open    | no: agent message 09:05               | no                                   |
 * | c3   | Web shop | pending                        | none                   | pending | -                                     | -                                    |
 * | c4   | Web shop | opened, snoozed                | t2                     | snoozed | - (snoozed is not open)               | -                                    |
 * | c5   | Web shop | opened, resolved               |                        | resolved: not counted                                                          |
 * | c6   | App      | opened, resolved, reopened     | t2                     | open    | yes: agent message 08:55 is before the reopen 11:30 | no: closed 09:00 at the resolve |
 * | c7   | App      | opened                         | none (no assignment)   | open    | yes                                   | yes: no assignment                   |
 * | c8   | App      | pending, handoff               | t1 (missed assignment) | open    | yes: bot message and private note only | yes: missed                         |
 * | c9   | App      | opened (transfer t1 -> t2)     | t2 (latest assignment) | open    | no: a2 wrote 08:40                    | no: a2, not closed                   |
 * | c10  | Web shop | opened, resolved, reopened     | t1                     | open    | no: reply 10:05 (kind empty = message) | no: closed at the resolve           |
 * | c11  | Web shop | opened                         | t1                     | open    | no: reply 09:35                       | yes: closed 09:50, never resolved    |
 * | c12  | App      | opened, resolved, reopened, resolved |                  | resolved: not counted                                                          |
 * | c13  | Web shop | opened                         | t2                     | open    | yes: a template is not a reply        | no                                   |
 * | c14  | Web shop | (no events)                    |                        | unknown: not counted                                                           |
 *
 * Rows (open / unattended / unassigned / pending / snoozed):
 *   App, First line: c8 = 1/1/1/0/0;  App, Technical: c6, c9 = 2/1/0/0/0;  App, no team: c7 = 1/1/1/0/0;
 *   Web shop, First line: c1, c2, c10, c11 = 4/1/1/0/0;  Web shop, Technical: c4, c13 = 1/1/0/0/1;
 *   Web shop, no team: c3 = 0/0/0/1/0.  Totals: 9/5/3/1/1.
 * As-of: the newest instant is c7's message at 11:45 (the newest event is 11:40).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { importFile, removeImports } from "@tallyline/ingest";
import { computeLive, type LiveView, scopeLive } from "@tallyline/report-defs";
import { rebuildDerived, Warehouse } from "@tallyline/warehouse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LIVE_TOTALS, liveFixture } from "./testutil/live";

const row = (
  campaignName: string,
  teamName: string | null,
  o: number,
  ua: number,
  un: number,
  p: number,
  s: number,
) => ({
  campaignName,
  teamName,
  open: o,
  unattended: ua,
  unassigned: un,
  pending: p,
  snoozed: s,
});

describe("live view: golden counts by hand", () => {
  let dir: string;
  let wh: Warehouse;
  let view: LiveView;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "tl-live-"));
    wh = await Warehouse.open(join(dir, "t.duckdb"));
    for (const f of liveFixture) await importFile(wh, f, { timezone: "UTC" });
    view = await computeLive(wh);
  });
  afterAll(async () => {
    await wh.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("counts every state by campaign and team as worked out by hand", () => {
    expect(
      view.rows.map(({ campaignName, teamName, open, unattended, unassigned, pending, snoozed }) => ({
        campaignName,
        teamName,
        open,
        unattended,
        unassigned,
        pending,
        snoozed,
      })),
    ).toEqual([
      row("App", "First line", 1, 1, 1, 0, 0),
      row("App", "Technical", 2, 1, 0, 0, 0),
      row("App", null, 1, 1, 1, 0, 0),
      row("Web shop", "First line", 4, 1, 1, 0, 0),
      row("Web shop", "Technical", 1, 1, 0, 0, 1),
      row("Web shop", null, 0, 0, 0, 1, 0),
    ]);
    expect(view.totals).toEqual({ open: 9, unattended: 5, unassigned: 3, pending: 1, snoozed: 1 });
    expect(view.totals).toEqual(LIVE_TOTALS);
    expect(view.rows[0]).toMatchObject({ campaignId: "live:app", teamId: "live:t1" });
  });

  it("dates the data at its newest message or event, and the import at its commit", async () => {
    expect(view.asOf).toBe("2026-12-01T11:45:00.000Z");
    const [imp] = await wh.query<{ t: string }>("SELECT max(finished_at) AS t FROM imports");
    expect(view.importedAt).toBe(new Date(`${String(imp?.t).replace(" ", "T").replace(/Z?$/, "Z")}`).toISOString());
  });

  it("narrows to campaigns and teams, totals summed again", () => {
    const app = scopeLive(view, { campaigns: ["live:app"] });
    expect(app.totals).toEqual({ open: 4, unattended: 3, unassigned: 2, pending: 0, snoozed: 0 });
    const t1 = scopeLive(view, { teams: ["live:t1"] });
    expect(t1.totals).toEqual({ open: 5, unattended: 2, unassigned: 2, pending: 0, snoozed: 0 });
    const none = scopeLive(view, { campaigns: ["live:web"], teams: ["(none)"] });
    expect(none.totals).toEqual({ open: 0, unattended: 0, unassigned: 0, pending: 1, snoozed: 0 });
    expect(scopeLive(view, { campaigns: ["nope"] }).rows).toEqual([]);
  });

  it("an empty warehouse has no rows, zero totals and no dates", async () => {
    const d = mkdtempSync(join(tmpdir(), "tl-live-empty-"));
    const empty = await Warehouse.open(join(d, "t.duckdb"));
    try {
      expect(await computeLive(empty)).toEqual({
        asOf: null,
        importedAt: null,
        rows: [],
        totals: { open: 0, unattended: 0, unassigned: 0, pending: 0, snoozed: 0 },
      });
    } finally {
      await empty.close();
      rmSync(d, { recursive: true, force: true });
    }
  });

  it("the derived table kept by each import equals a whole rebuild, through a replacement and a removal", async () => {
    const d = mkdtempSync(join(tmpdir(), "tl-live-inc-"));
    const inc = await Warehouse.open(join(d, "t.duckdb"));
    const rows = () => inc.query("SELECT * FROM conversation_live ORDER BY ALL");
    const sameAsWhole = async (step: string) => {
      const kept = await rows();
      await inc.transaction((tx) => rebuildDerived(tx, ["messages"]));
      expect({ step, rows: kept }).toEqual({ step, rows: await rows() });
      return kept.length;
    };
    try {
      // Events first (no messages or assignments yet: every open one unattended and unassigned), then the rest.
      const ordered = [...liveFixture].sort(
        (a, b) => Number(b.endsWith("conversation_events.csv")) - Number(a.endsWith("conversation_events.csv")),
      );
      for (const f of ordered) {
        await importFile(inc, f, { timezone: "UTC" });
        await sameAsWhole(f);
      }
      expect((await computeLive(inc)).totals).toEqual(view.totals);
      // Replaces c1's events (now resolved) and adds a reopen of c5 (unattended: its reply was before).
      const change = await importFile(inc, join(import.meta.dirname, "fixtures/live-change/conversation_events.csv"), {
        timezone: "UTC",
      });
      await sameAsWhole("change");
      const changed = (await computeLive(inc)).totals;
      expect(changed).toEqual({ open: 9, unattended: 5, unassigned: 3, pending: 1, snoozed: 1 });
      expect(
        await inc.query(
          "SELECT conversation_id, state, unattended, unassigned FROM conversation_live WHERE conversation_id IN ('live:c1', 'live:c5')",
        ),
      ).toEqual([{ conversation_id: "live:c5", state: "open", unattended: true, unassigned: false }]);
      // Removing that import takes c1's events with it (the replaced rows are gone): c1 has no status, c5 is resolved again.
      await removeImports(inc, [change.importId ?? ""]);
      expect(await sameAsWhole("removal")).toBe(10);
      expect((await computeLive(inc)).totals).toEqual({
        open: 8,
        unattended: 4,
        unassigned: 3,
        pending: 1,
        snoozed: 1,
      });
    } finally {
      await inc.close();
      rmSync(d, { recursive: true, force: true });
    }
  });
});
