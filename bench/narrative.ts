/**
 * `pnpm bench:narrative [--smoke]`: one campaign narrative report (issue 14) over 10,000 calls with
 * a result of each of 10 quality checks (100,000 results) in 30 local days, end to end: the fact
 * sheet from the registry's reports, common issues (30 reason texts grouped), the prose, and the
 * stored report, on a warm warehouse file.
 * - without a model (the rules narrator): target under 2 s;
 * - with the AI narrator through the `openai` SDK against a local HTTP server on 127.0.0.1 that
 *   speaks chat-completions (written here, answers at once): target under 5 s.
 * Each is run 5 times (median and worst printed). The data is made with SQL inside DuckDB
 * (deterministic: every draw is a hash of the call's number), then the derived tables rebuilt.
 * `--smoke` uses 1,000 calls and 2 runs and checks only that both end with a stored report.
 * Exit 1 when a (non-smoke) median misses its target. Timings on a shared 2-core machine are noisy.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { generateNarrative } from "@tallyline/narrative";
import { rebuildDerived, type Warehouse } from "@tallyline/warehouse";
import { withScratchWarehouse } from "./reports";

const smoke = process.argv.includes("--smoke");
const CALLS = smoke ? 1_000 : 10_000;
const RUNS = smoke ? 2 : 5;
const PERIOD = { from: "2026-10-22", to: "2026-11-20", timezone: "Europe/Amsterdam" };

async function fill(wh: Warehouse): Promise<void> {
  await wh.transaction(async (tx) => {
    const p = "'bench', 'bench'";
    await tx.run(
      `INSERT INTO campaigns (campaign_id, source, import_id, name, channel) VALUES ('camp', ${p}, 'Support', 'call')`,
    );
    await tx.run(
      `INSERT INTO agents (agent_id, source, import_id, username, disabled)
       SELECT 'ag' || i, ${p}, 'agent' || i, false FROM range(20) t(i)`,
    );
    await tx.run(
      `INSERT INTO quality_checks (check_id, source, import_id, campaign_id, name)
       SELECT 'qc' || i, ${p}, 'camp', 'Check ' || chr(65 + i::INTEGER) FROM range(10) t(i)`,
    );
    await tx.run(
      `INSERT INTO calls (call_id, source, import_id, campaign_id, agent_id, started_at, answered, abandoned, wait_secs, topic)
       SELECT 'k' || i, ${p}, 'camp', 'ag' || (hash(i) % 20),
         TIMESTAMP '2026-10-22 06:00:00' + INTERVAL (hash(i * 7) % (30 * 86400)) SECOND, true, false, 0,
         'topic ' || (hash(i * 3) % 12)
       FROM range(${CALLS}) t(i)`,
    );
    await tx.run(
      `INSERT INTO call_check_results (call_id, check_id, source, import_id, passed, score, reason, call_started_at, agent_id, campaign_id)
       SELECT c.call_id, 'qc' || q.i, ${p}, s.score >= 55 + 4 * q.i, s.score,
         CASE WHEN s.score >= 55 + 4 * q.i THEN NULL
              ELSE 'Reason ' || (hash(c.call_id || q.i::VARCHAR) % 3) || ' of check ' || q.i || (CASE WHEN hash(c.call_id) % 2 = 0 THEN '' ELSE '!' END) END,
         c.started_at, c.agent_id, c.campaign_id
       FROM calls c, range(10) q(i),
         LATERAL (SELECT (40 + hash(c.call_id || 'x' || q.i::VARCHAR) % 61)::DOUBLE AS score) s`,
    );
    await rebuildDerived(tx);
  });
}

/** A local chat-completions server answering every request at once with a valid answer and usage. */
async function protocolServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const answer = JSON.stringify({
    executiveSummary: [
      "The pass rate was {{fact:pass_rate}} over {{fact:total_calls}} calls.",
      "The average score was {{fact:average_score}}.",
    ],
    commonIssues: [
      { issueId: "reason.1", text: "{{fact:issue.reason.1.pattern}}: {{fact:issue.reason.1.count}} failures." },
    ],
    recommendations: {
      immediate: ["Coach on {{fact:check.1.name}}."],
      shortTerm: ["Review calls."],
      longTerm: ["Track progress."],
    },
  });
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          id: "b",
          object: "chat.completion",
          created: 0,
          model: "bench",
          choices: [{ index: 0, message: { role: "assistant", content: answer }, finish_reason: "stop" }],
          usage: { prompt_tokens: 3000, completion_tokens: 400, total_tokens: 3400 },
        }),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

await withScratchWarehouse("tl-bench-narrative-", async (wh) => {
  const t0 = performance.now();
  await fill(wh);
  const [n] = await wh.query<{ n: number }>("SELECT count(*)::INTEGER AS n FROM call_check_results");
  console.log(`data: ${CALLS} calls, ${n?.n} check results (${Math.round(performance.now() - t0)} ms to make)`);
  const server = await protocolServer();
  let failed = false;
  try {
    for (const [label, ai, target] of [
      ["rules narrator (no model)", null, 2000],
      [
        "AI narrator, local protocol server",
        {
          baseURL: server.url,
          model: "bench",
          apiKey: "x",
          timeoutMs: 5000,
          maxRetries: 0,
          stream: false,
          maxTokens: 2000,
        },
        5000,
      ],
    ] as const) {
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const start = performance.now();
        const r = await generateNarrative({
          db: wh,
          execute: (sql, params) => wh.query(sql, params as never),
          scope: { kind: "campaign", ids: ["camp"] },
          period: PERIOD,
          author: { kind: "cli", id: null },
          ai,
        });
        times.push(performance.now() - start);
        const want = ai ? "ai" : "rules";
        if (r.status !== "done" || r.narrator !== want) {
          console.error(`${label}: report ${r.status} by ${r.narrator} (${r.failure})`);
          failed = true;
        }
      }
      const m = median(times);
      const ok = smoke || m < target;
      if (!ok) failed = true;
      console.log(
        `${label}: median ${Math.round(m)} ms, worst ${Math.round(Math.max(...times))} ms over ${RUNS} runs (target < ${target} ms${smoke ? ", smoke: not checked" : ok ? ": met" : ": MISSED"})`,
      );
    }
  } finally {
    await server.close();
  }
  if (failed) process.exitCode = 1;
});
