/**
 * `tallyline live` through the real binary over a database holding the hand-made live fixture
 * (counts worked out by hand in live.golden.test.ts): the text table and the JSON carry the same
 * hand-worked figures as the API; an empty database says so.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatLive } from "../src/cli/live";
import { LIVE_TOTALS, liveFixture } from "./testutil/live";
import { tallyline } from "./testutil/process";

let dir: string;
let db: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tl-cli-live-"));
  db = join(dir, "t.duckdb");
  const r = await tallyline(["ingest", ...liveFixture, "--db", db, "--json"]);
  expect(r.code, r.stderr).toBe(0);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("tallyline live", () => {
  it("prints the freshness line and the table by campaign and team with the totals", async () => {
    const r = await tallyline(["live", "--db", db]);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^Database: /);
    expect(lines[1]).toMatch(/^Data as of 2026-12-01 11:45 UTC, imported (just now|\d+ min ago)\.$/);
    const cells = lines.slice(2).map((l) => l.split(/\s{2,}/));
    expect(cells).toEqual([
      ["Campaign", "Team", "Open", "Unattended", "Unassigned", "Pending (bot)", "Snoozed"],
      ["App", "First line", "1", "1", "1", "0", "0"],
      ["App", "Technical", "2", "1", "0", "0", "0"],
      ["App", "No team", "1", "1", "1", "0", "0"],
      ["Web shop", "First line", "4", "1", "1", "0", "0"],
      ["Web shop", "Technical", "1", "1", "0", "0", "1"],
      ["Web shop", "No team", "0", "0", "0", "1", "0"],
      ["All", "9", "5", "3", "1", "1"],
    ]);
  }, 60_000);

  it("--json prints the view with the definition", async () => {
    const r = await tallyline(["live", "--db", db, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const body = JSON.parse(r.stdout) as { asOf: string; totals: unknown; rows: unknown[]; definition: string };
    expect(body.totals).toEqual(LIVE_TOTALS);
    expect(body.asOf).toBe("2026-12-01T11:45:00.000Z");
    expect(body.rows).toHaveLength(6);
    expect(body.definition).toMatch(/^Conversations by their latest status event/);
  }, 60_000);

  it("says when nothing is live", () => {
    const empty = {
      asOf: null,
      importedAt: null,
      rows: [],
      totals: { open: 0, unattended: 0, unassigned: 0, pending: 0, snoozed: 0 },
    };
    expect(formatLive(empty, 0)).toEqual([
      "No conversation data yet: import conversations with their status events.",
      "No open, pending or snoozed conversation at the data's as-of instant.",
    ]);
  });
});
