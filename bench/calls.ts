/**
 * `pnpm bench:calls [--smoke] [--write]`: warm median latency of every report of the call catalogue
 * (facts `calls` and `call_check_results`: defs/calls.ts, operations.ts, quality.ts) over 5,000,000
 * calls and a result of each of 10 quality checks on every answered call (~46M results), through the
 * engine and as the bare compiled SQL on the same connection, run alternately, over 30 and 90 days in
 * Europe/Amsterdam, against the target of issue 5 (every report under 100 ms).
 *
 * The data is made with SQL inside DuckDB (fast and deterministic: every draw is a hash of the call's
 * number), straight into a migrated warehouse's canonical tables, in 30-day batches as periodic
 * imports would arrive, over 730 local days ending 2026-11-20:
 * - arrivals follow local opening hours (weekdays 08:00-20:00 with a morning and an afternoon peak,
 *   weekends 09:00-17:00), Mondays busiest and Sundays quietest, 20% growth over the two years,
 *   day-to-day noise and public holidays;
 * - 8 campaigns, 6 queues with 4 topics each, 200 agents in an early and a late shift;
 * - a 5-40 s voice menu (3% of callers hang up there), exponential queue waits that grow in busy
 *   hours and on understaffed days, callers with exponential patience who abandon when the wait
 *   exceeds it plus 1% who hang up within 5 s (short abandons), log-normal talk times per queue and
 *   agent, hold on 18% of answered calls and 10-90 s of after-call work (the schema keeps no hold or
 *   wrap-up columns: both are in handle_secs); a resolution flag on 96% and a 1-5 CSAT answer on 22%
 *   of answered calls (higher when resolved); better agents talk shorter, resolve more and score higher;
 * - 10 quality checks (2 pass/fail only), each evaluated on every answered call: unanswered calls
 *   have no conversation to evaluate, and the import fills a result's agent from its call. Scores
 *   (0-100) depend on the check, the agent and the call; `call_started_at`, `agent_id` and
 *   `campaign_id` are copied from the call, as the import pipeline does.
 *
 * `--smoke` uses 20,000 calls and 3 runs; `--write` rewrites its section of docs/benchmarks.md.
 */
import { existsSync, statSync } from "node:fs";
import { loadavg } from "node:os";
import { defaultRegistry } from "@tallyline/report-defs";
import { AGENTS, CHECKS, days, makeCallData } from "./callData";
import { machine, writeSection } from "./doc";
import { compareReports, periods, withScratchWarehouse } from "./reports";

const smoke = process.argv.includes("--smoke");
const write = process.argv.includes("--write");
const calls = smoke ? 20_000 : 5_000_000;
const runs = smoke ? 3 : 25;
const timezone = "Europe/Amsterdam";
const asOf = "2026-11-20";
const targetMs = 100;

/** Facts of the call catalogue: every report over them (or derived from them) is measured. */
const CALL_FACTS = new Set(["calls", "call_check_results", "call_quality"]);

const n = (x: unknown, digits = 0) =>
  Number(x).toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });

await withScratchWarehouse("tl-bench-calls-", async (wh, path) => {
  const load0 = loadavg()[0] ?? 0;
  const t0 = performance.now();
  const made = await makeCallData(wh, calls);
  const total = (performance.now() - t0) / 1000;
  const gib = [path, `${path}.wal`].reduce((s, p) => s + (existsSync(p) ? statSync(p).size : 0), 0) / 2 ** 30;
  const [f] = await wh.query(`SELECT count(*) AS calls, 100 * avg(answered::INTEGER) AS answered,
      100 * count(*) FILTER (abandoned) / count(*) FILTER (answered OR abandoned) AS abandonment,
      100 * count(*) FILTER (abandoned AND wait_secs < 5) / count(*) FILTER (abandoned) AS short,
      avg(wait_secs) FILTER (answered) AS asa, avg(handle_secs) FILTER (answered) AS aht,
      100 * count(csat) / count(*) FILTER (answered) AS csat,
      (SELECT count(*) FROM call_check_results) AS results,
      (SELECT 100 * avg(passed::INTEGER) FROM call_check_results) AS pass_rate
    FROM calls`);
  const defs = defaultRegistry()
    .list()
    .filter((def) => CALL_FACTS.has(def.derived?.from ?? def.table));
  const {
    lines: table,
    worst,
    worstOwn,
    over,
  } = await compareReports(wh, defs, periods(asOf, timezone), { runs, targetMs });
  const lines = [
    `Data: ${n(f?.calls)} calls over ${days} days ending ${asOf} (${n(f?.answered, 1)}% answered; abandonment rate ${n(f?.abandonment, 1)}%, short abandons under 5 s ${n(f?.short, 1)}% of abandons; ASA ${n(f?.asa, 1)} s; AHT ${n(f?.aht)} s; CSAT on ${n(f?.csat, 1)}% of answered calls), 8 campaigns, 6 queues, 24 topics, ${AGENTS} agents; ${CHECKS.length} quality checks with ${n(f?.results)} results (one per check and answered call; pass rate ${n(f?.pass_rate, 1)}%).`,
    `Made with SQL in ${n(total, 1)} s (calls ${n(made.calls, 1)} s, check results ${n(made.results, 1)} s, derived per-call quality summary ${n(made.derived, 1)} s, checkpoint ${n(made.checkpoint, 1)} s); database file ${n(gib, 2)} GiB. Load average ${n(load0, 1)} at the start, ${n(loadavg()[0] ?? 0, 1)} at the end.`,
    `Zone ${timezone}; as of ${asOf}; warm median of ${runs} runs; target: every report under ${targetMs} ms through the engine.`,
    "",
    ...table,
    "",
    over.length ? `At or over ${targetMs} ms: ${over.join(", ")}.` : `Every report is under ${targetMs} ms.`,
    `Slowest report through the engine: ${worst.toFixed(1)} ms. Largest share of the engine's own work (planning and shaping) in the bare SQL's time: ${worstOwn.toFixed(1)}%.`,
  ];
  console.log(lines.join("\n"));
  if (write) {
    writeSection("Calls at scale", [
      `Produced by \`pnpm bench:calls --write\` (bench/calls.ts) on ${machine()}.`,
      "",
      ...lines,
    ]);
  }
});
