/**
 * `tallyline live [--db FILE] [--json]`: the live view (issue 16; packages/report-defs/src/live.ts)
 * of the database: the freshness line ("Data as of <time>, imported <time ago>"), then the table of
 * open, unattended, unassigned, pending (bot) and snoozed conversations by campaign and team with the
 * totals, the same figures as `GET /api/v1/live` and the dashboard's Live page. `--json` prints the
 * API's body (without the demo marker). Exit status 1 when the database cannot be opened.
 */
import {
  computeLive,
  freshnessLine,
  LIVE_DEFINITION,
  type LiveCounts,
  type LiveRow,
  type LiveView,
} from "@tallyline/report-defs";
import type { Command } from "commander";
import { databaseLine } from "../config";
import { dbPath, openDb } from "./database";

const COLUMNS: readonly (readonly [keyof LiveCounts, string])[] = [
  ["open", "Open"],
  ["unattended", "Unattended"],
  ["unassigned", "Unassigned"],
  ["pending", "Pending (bot)"],
  ["snoozed", "Snoozed"],
];

/**
 * The view as text lines: the freshness line at `nowMs`, then a table with a header, one line per
 * campaign and team, and the totals (counts right-aligned); a line saying so when nothing is live.
 */
export function formatLive(view: LiveView, nowMs: number): string[] {
  const lines = [freshnessLine(view, nowMs)];
  if (view.rows.length === 0) {
    lines.push("No open, pending or snoozed conversation at the data's as-of instant.");
    return lines;
  }
  const name = (r: LiveRow) => [r.campaignName ?? r.campaignId ?? "No campaign", r.teamName ?? r.teamId ?? "No team"];
  const table = [
    ["Campaign", "Team", ...COLUMNS.map(([, label]) => label)],
    ...view.rows.map((r) => [...name(r), ...COLUMNS.map(([k]) => r[k].toLocaleString("en-US"))]),
    ["All", "", ...COLUMNS.map(([k]) => view.totals[k].toLocaleString("en-US"))],
  ];
  const widths = table[0]?.map((_, i) => Math.max(...table.map((row) => (row[i] ?? "").length))) ?? [];
  for (const row of table)
    lines.push(
      row
        .map((cell, i) => (i < 2 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
        .join("  ")
        .trimEnd(),
    );
  return lines;
}

/** Registers the `live` command on `program`. */
export function registerLive(program: Command): void {
  program
    .command("live")
    .description("Open, unattended, unassigned and pending conversations now, by campaign and team (issue 16)")
    .option("--db <file>", "DuckDB file (default: $TALLYLINE_DATA_DIR/tallyline.duckdb)")
    .option("--json", "print the view as JSON instead of text")
    .action(async (o: { db?: string; json?: boolean }) => {
      const database = dbPath(o.db);
      let wh: Awaited<ReturnType<typeof openDb>>;
      try {
        wh = await openDb(database);
      } catch (e) {
        console.error(`tallyline: ${(e as Error).message}`);
        process.exitCode = 1;
        return;
      }
      try {
        const view = await computeLive(wh);
        if (o.json) console.log(JSON.stringify({ ...view, definition: LIVE_DEFINITION }, null, 2));
        else console.log([databaseLine(database), ...formatLive(view, Date.now())].join("\n"));
      } finally {
        await wh.close();
      }
    });
}
