/**
 * `pnpm bench:chat [--smoke] [--write]`: warm median latency of every chat report over 1,000,000
 * conversations and 10,000,000 messages (plus ~700k assignments, ratings and agent states), through
 * the engine and as the bare compiled SQL on the same connection, run alternately (so that other
 * load on the machine slows both alike and the overhead column stays fair), in Europe/Amsterdam.
 * The data is made with SQL inside DuckDB (fast and deterministic), spread over 365 days.
 * `--smoke` uses 10,000 conversations and 3 runs; `--write` rewrites its section of docs/benchmarks.md.
 */
import { defaultRegistry } from "@tallyline/report-defs";
import { makeChatData } from "./chatData";
import { machine, writeSection } from "./doc";
import { compareReports, periods, withScratchWarehouse } from "./reports";

const smoke = process.argv.includes("--smoke");
const write = process.argv.includes("--write");
const conversations = smoke ? 10_000 : 1_000_000;
const runs = smoke ? 3 : 25;
const timezone = "Europe/Amsterdam";
const asOf = "2026-11-20";
const queries = periods(asOf, timezone);

/** Facts this bench fills; reports over other tables (calls, QA results, exports) are not measured here. */
const CHAT_FACTS = new Set([
  "conversations",
  "messages",
  "assignments",
  "ratings",
  "agent_states",
  "conversation_events",
  "resolution_events",
  "resolution_labels",
  "replies",
  "surveys",
  "conversation_bot",
]);

await withScratchWarehouse("tl-bench-chat-", async (wh) => {
  const t0 = performance.now();
  const counts = await makeChatData(wh, conversations);
  const madeSecs = (performance.now() - t0) / 1000;
  // Call, QA and export tables have no data here.
  const defs = defaultRegistry()
    .list()
    .filter((def) => CHAT_FACTS.has(def.table) || def.derived);
  const { lines: table, worst, worstOwn } = await compareReports(wh, defs, queries, { runs });
  const lines = [
    `Data: ${JSON.stringify(counts)} over 365 days, made in ${madeSecs.toFixed(1)} s; zone ${timezone}; warm median of ${runs} runs.`,
    "",
    ...table,
  ];
  lines.push(
    "",
    `Slowest report through the engine: ${worst.toFixed(1)} ms. Largest share of the engine's own work (planning and shaping) in the bare SQL's time: ${worstOwn.toFixed(1)}%.`,
  );
  console.log(lines.join("\n"));
  if (write) {
    writeSection("Chat reports: engine vs bare SQL", [
      `Produced by \`pnpm bench:chat --write\` (bench/chat.ts) on ${machine()}.`,
      "",
      ...lines,
    ]);
  }
});
