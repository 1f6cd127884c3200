/**
 * `pnpm bench:chat [--smoke] [--write]`: warm median latency of every chat report over 1,000,000
 * conversations and 10,000,000 messages (plus ~700k assignments, ratings and agent states), through
 * the engine and as the bare compiled SQL on the same connection, run alternately (so that other
 * load on the machine slows both alike and the overhead column stays fair), in Europe/Amsterdam.
 * The data is made with SQL inside DuckDB (fast and deterministic), spread over 365 days.
 * `--smoke` uses 10,000 conversations and 3 runs; `--write` rewrites its section of docs/benchmarks.md.
 */
import { defaultRegistry } from "@tallyline/report-defs";
import { deriveColumns } from "@tallyline/warehouse";
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
const CHAT_FACTS = new Set(["conversations", "messages", "assignments", "ratings", "agent_states"]);

await withScratchWarehouse("tl-bench-chat-", async (wh) => {
  const t0 = performance.now();
  const n = conversations;
  await wh.run("CREATE TEMP MACRO h(x, m) AS CAST(hash(x) % m AS BIGINT)");
  const start = "TIMESTAMP '2025-11-21 00:00:00'";
  // Arrivals: i-th conversation at i * (365 days / n) plus up to 10 minutes of jitter, in UTC.
  const startOf = (i: string) => `${start} + to_seconds(CAST(${i} * ${(365 * 86400) / n} + (h(${i}, 600)) AS BIGINT))`;
  await wh.run(`INSERT INTO conversations (conversation_id, source, import_id, campaign_id, contact_id, started_at, ended_at, channel, language, intent, start_flow, closing_reason, handled_by)
    SELECT 'c' || i, 'bench', 'bench', 'camp' || (i % 5), 'u' || (h(i, ${Math.round(n * 0.3)})), ${startOf("i")},
           ${startOf("i")} + to_seconds(60 + h(i * 7, 3600)),
           'chat', ['nl','en','de','fr'][1 + i % 4], 'intent' || (h(i * 3, 20)), ['welcome','order','billing'][1 + i % 3],
           ['resolved','bot_resolved','timeout'][1 + h(i * 5, 3)], CASE WHEN i % 10 < 6 THEN 'agent' ELSE 'bot' END
    FROM range(${n}) t(i)`);
  await wh.run(`INSERT INTO messages (message_id, source, import_id, conversation_id, seq, sent_at, sender, agent_id, length_chars, campaign_id, contact_id)
    SELECT 'm' || j, 'bench', 'bench', 'c' || (j // 10), j % 10 + 1, ${startOf("(j // 10)")} + to_seconds((j % 10) * 20),
           CASE WHEN j % 10 IN (0, 2, 4, 6, 8) THEN 'contact' WHEN (j // 10) % 10 < 6 AND j % 10 >= 5 THEN 'agent' ELSE 'bot' END,
           CASE WHEN (j // 10) % 10 < 6 AND j % 10 >= 5 AND j % 2 = 1 THEN 'agent' || ((j // 10) % 100) END,
           20 + j % 200, 'camp' || ((j // 10) % 5), CASE WHEN j % 2 = 0 THEN 'u' || (h(j // 10, ${Math.round(n * 0.3)})) END
    FROM range(${n * 10}) t(j)`);
  await wh.run(`INSERT INTO assignments (assignment_id, source, import_id, conversation_id, seq, agent_id, assigned_at, accepted_at, first_response_at, closed_at, missed, campaign_id)
    SELECT 'a' || i || '-' || s, 'bench', 'bench', 'c' || i, s, CASE WHEN i % 17 <> 0 THEN 'agent' || ((i + s) % 100) END,
           ${startOf("i")} + to_seconds(30 + s * 300), CASE WHEN i % 17 <> 0 THEN ${startOf("i")} + to_seconds(40 + s * 300) END,
           CASE WHEN i % 17 <> 0 THEN ${startOf("i")} + to_seconds(40 + s * 300 + h(i, 900)) END,
           CASE WHEN i % 17 <> 0 THEN ${startOf("i")} + to_seconds(300 + s * 300) END, i % 17 = 0, 'camp' || (i % 5)
    FROM range(${n}) t(i), range(1, 3) u(s) WHERE i % 10 < 6 AND (s = 1 OR i % 10 = 0)`);
  await wh.run(`INSERT INTO ratings (rating_id, source, import_id, conversation_id, rated_at, scale, value)
    SELECT 'r' || i, 'bench', 'bench', 'c' || i, ${startOf("i")} + to_seconds(3700), CASE WHEN i % 2 = 0 THEN 'thumbs' ELSE '1-5' END,
           CASE WHEN i % 2 = 0 THEN h(i, 2) ELSE 1 + h(i, 5) END
    FROM range(${n}) t(i) WHERE i % 5 = 0`);
  await wh.run(`INSERT INTO agent_states (state_id, source, import_id, origin, agent_id, campaign_id, state, time_start, time_end)
    SELECT 's' || a || '-' || d, 'bench', 'bench', 'activity', 'agent' || a, 'camp' || (a % 5), 'online',
           ${start} + to_seconds(d * 86400 + 7 * 3600 + a * 60), ${start} + to_seconds(d * 86400 + 15 * 3600 + a * 60)
    FROM range(100) t(a), range(365) u(d)`);
  await wh.run(
    `INSERT INTO agents (agent_id, source, import_id, username, disabled) SELECT 'agent' || a, 'bench', 'bench', 'agent ' || a, false FROM range(100) t(a)`,
  );
  // Derived columns (contact-centre flags, campaign keys), as an import fills them.
  await wh.transaction((tx) => deriveColumns(tx, { conversations: 1, messages: 1, assignments: 1 }, "bench"));
  await wh.run("CHECKPOINT");
  const counts = await wh.query(
    "SELECT (SELECT count(*) FROM conversations) AS conversations, (SELECT count(*) FROM messages) AS messages, (SELECT count(*) FROM assignments) AS assignments, (SELECT count(*) FROM ratings) AS ratings, (SELECT count(*) FROM agent_states) AS states",
  );
  const madeSecs = (performance.now() - t0) / 1000;
  // Call, QA and export tables have no data here.
  const defs = defaultRegistry()
    .list()
    .filter((def) => CHAT_FACTS.has(def.table) || def.derived);
  const { lines: table, worst, worstOwn } = await compareReports(wh, defs, queries, { runs });
  const lines = [
    `Data: ${JSON.stringify(counts[0])} over 365 days, made in ${madeSecs.toFixed(1)} s; zone ${timezone}; warm median of ${runs} runs.`,
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
