/**
 * `pnpm bench:live [--smoke]`: the live view (packages/report-defs/src/live.ts over the derived table
 * conversation_live, packages/warehouse/src/derive-live.ts) over the chat benchmark's data
 * (bench/chatData.ts: 1,000,000 conversations, 10,000,000 messages) with status events added by SQL:
 * every conversation opens ('opened', or 'pending' with the bot and a 'handoff' for one in ten), the
 * newest 2% stay open, the rest are 'resolved' at their end, and one in twelve of those is
 * 'reopened' an hour later and resolved again an hour after that (the newest reopened ones stay
 * open). Measures the whole rebuild of the derived table (migration 28, repairs), a small import's
 * upkeep (100 new events through deriveColumns), and the warm median of the view's two statements.
 * `--smoke`: 10,000 conversations, 3 runs. Timings on a shared 2-core machine are noisy.
 */
import { computeLive, FRESHNESS_SQL, LIVE_SQL } from "@tallyline/report-defs";
import { CONVERSATION_LIVE_REBUILD, deriveColumns } from "@tallyline/warehouse";
import { makeChatData } from "./chatData";
import { withScratchWarehouse } from "./reports";

const smoke = process.argv.includes("--smoke");
const n = smoke ? 10_000 : 1_000_000;
const runs = smoke ? 3 : 15;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

await withScratchWarehouse("tl-bench-live-", async (wh) => {
  const t0 = performance.now();
  const counts = await makeChatData(wh, n);
  const open = Math.round(n * 0.02);
  await wh.run(`INSERT INTO conversation_events (conversation_id, seq, source, import_id, event, occurred_at, actor_kind, campaign_id)
    SELECT c.conversation_id, e.seq, 'bench', 'bench', e.event, e.t, 'system', c.campaign_id
    FROM (SELECT conversation_id, campaign_id, started_at, ended_at, CAST(substr(conversation_id, 2) AS BIGINT) AS i, handled_by FROM conversations) c,
    LATERAL (
      SELECT * FROM (VALUES
        (1, CASE WHEN c.handled_by = 'bot' OR c.i % 10 = 0 THEN 'pending' ELSE 'opened' END, c.started_at),
        (2, CASE WHEN c.i % 10 = 0 THEN 'handoff' END, c.started_at + INTERVAL 30 SECOND),
        (3, CASE WHEN c.i < ${n - open} THEN 'resolved' END, c.ended_at),
        (4, CASE WHEN c.i < ${n - open} AND c.i % 12 = 0 THEN 'reopened' END, c.ended_at + INTERVAL 1 HOUR),
        (5, CASE WHEN c.i < ${n - open - Math.round(n * 0.002)} AND c.i % 12 = 0 THEN 'resolved' END, c.ended_at + INTERVAL 2 HOUR)
      ) v(seq, event, t) WHERE event IS NOT NULL
    ) e`);
  await wh.run("CHECKPOINT");
  const [ev] = await wh.query<{ n: number }>("SELECT count(*) AS n FROM conversation_events");
  const madeSecs = (performance.now() - t0) / 1000;
  let t = performance.now();
  await wh.transaction((tx) => tx.run(CONVERSATION_LIVE_REBUILD));
  const rebuildMs = performance.now() - t;
  // A small import: 100 conversations (half of them resolved) get a 'reopened' event.
  t = performance.now();
  await wh.transaction(async (tx) => {
    await tx.run(`INSERT INTO conversation_events (conversation_id, seq, source, import_id, event, occurred_at, actor_kind)
      SELECT 'c' || (i * 997), 9, 'bench', 'small', 'reopened', TIMESTAMP '2026-11-21 00:00:00', 'customer' FROM range(100) t(i)`);
    await deriveColumns(tx, { conversation_events: 100 }, "small");
  });
  const smallMs = performance.now() - t;
  const [live] = await wh.query<{ n: number }>("SELECT count(*) AS n FROM conversation_live");
  const times = { live: [] as number[], freshness: [] as number[], whole: [] as number[] };
  let view = await computeLive(wh);
  for (let r = 0; r < runs; r++) {
    t = performance.now();
    await wh.query(LIVE_SQL);
    times.live.push(performance.now() - t);
    t = performance.now();
    await wh.query(FRESHNESS_SQL);
    times.freshness.push(performance.now() - t);
    t = performance.now();
    view = await computeLive(wh);
    times.whole.push(performance.now() - t);
  }
  console.log(
    `Data: ${JSON.stringify({ ...counts, conversation_events: Number(ev?.n), conversation_live: Number(live?.n) })}, made in ${madeSecs.toFixed(1)} s; warm median of ${runs} runs.`,
  );
  console.log(`Totals: ${JSON.stringify(view.totals)}; as of ${view.asOf}.`);
  console.log(
    `conversation_live rebuilt whole in ${rebuildMs.toFixed(0)} ms; a 100-event import's upkeep (insert + deriveColumns) ${smallMs.toFixed(0)} ms.`,
  );
  console.log(
    `Live table SQL ${median(times.live).toFixed(1)} ms; freshness SQL ${median(times.freshness).toFixed(1)} ms; computeLive (both, shaped) ${median(times.whole).toFixed(1)} ms.`,
  );
});
