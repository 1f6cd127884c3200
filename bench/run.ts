/**
 * `pnpm bench [--smoke] [--write]`: warm median latency of every report, through the engine
 * (plan + execute + shape) and as the bare compiled SQL on the same connection, in one run, over
 * the demo generator's calls. `--smoke` runs a tiny data set once (CI); `--write` rewrites
 * its section of docs/benchmarks.md with the results and the machine.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defaultRegistry } from "@tallyline/report-defs";
import { loadDemo } from "@tallyline/synth";
import { Warehouse } from "@tallyline/warehouse";
import { machine, writeSection } from "./doc";
import { compareReports } from "./reports";

const smoke = process.argv.includes("--smoke");
const write = process.argv.includes("--write");
const days = smoke ? 14 : 730;
// Every table comes from the generator and passes through JS objects in one import: 730 days of
// 1,000 calls and 300 conversations a weekday (~0.6M calls, ~1.5M messages) fit Node's default heap.
const perWeekday = smoke ? 200 : 1000;
const conversationsPerWeekday = smoke ? 200 : 300;
const runs = smoke ? 3 : 30;
const timezone = "Europe/Amsterdam";
const query = { periodDays: 90, asOf: "2026-11-20", timezone };

const dir = mkdtempSync(join(tmpdir(), "tl-bench-"));
const wh = await Warehouse.open(join(dir, "bench.duckdb"));
try {
  const t0 = performance.now();
  const load = await loadDemo(wh, {
    end: "2026-11-20",
    days,
    scale: perWeekday,
    conversationScale: conversationsPerWeekday,
    timezone,
  });
  const loadMs = performance.now() - t0;
  const count = (table: string) => (load.rowsByTable[table] ?? 0).toLocaleString("en-US");
  const rows = Object.values(load.rowsByTable).reduce((a, b) => a + b, 0);
  const lines = [
    `Calls: ${count("calls")}, conversations: ${count("conversations")}, messages: ${count("messages")} over ${days} days; load ${(loadMs / 1000).toFixed(1)} s (${Math.round(rows / (loadMs / 1000)).toLocaleString("en-US")} rows/s over all tables, generator included)`,
    `Query: ${JSON.stringify(query)}; warm median of ${runs} runs`,
    "",
  ];
  const { lines: table, worstOwn } = await compareReports(wh, defaultRegistry().list(), [{ label: "90 days", query }], {
    runs,
  });
  lines.push(...table, "", `Largest share of the engine's own work in the bare SQL's time: ${worstOwn.toFixed(1)}%.`);
  console.log(lines.join("\n"));
  if (write) {
    writeSection("Call KPIs: engine vs bare SQL", [
      `Produced by \`pnpm bench --write\` (bench/run.ts) on ${machine()}.`,
      "",
      "The engine column is the whole report path (parse the query, resolve the period and the zone's offsets, compile, execute, shape the result); the bare column runs the same compiled SQL with the same parameters on the same connection; the engine's own work is planning plus shaping, timed inside the engine runs.",
      "",
      ...lines,
    ]);
  }
} finally {
  await wh.close();
  rmSync(dir, { recursive: true, force: true });
}
