/**
 * `pnpm bench:load [--smoke] [--write] [--key KEY] [--read-connections N] [--seconds S] [--passes P]`:
 * the API under load, with autocannon against the real server (`tallyline serve`, a child process)
 * on 127.0.0.1, over the bench:chat data (bench/chatData.ts: 1,000,000 conversations, 10,000,000
 * messages; `--smoke`: 10,000 conversations and 1 s a scenario):
 *
 * (a) a cached report fetch (one query, answered from the result cache): requests/s and p99
 *     (target: at least 2,000/s with p99 under 50 ms on 2 cores);
 * (b) 50 connections of mixed uncached reports (every chat report, each request a new query):
 *     target zero errors;
 * (c) the p99 of a 5 ms report (`engagement.messages`, 30 days, each request a new query) while ten
 *     connections keep 90-day staffing reports running, BEFORE (one read connection), with
 *     `--read-connections` (default 4) and any number of slow reports at once, and AFTER (those
 *     connections, slow reports capped by the server's default TALLYLINE_SLOW_READS) in the same run
 *     (target: under 100 ms after).
 *
 * `--passes 2` runs every scenario twice on the same data (the machine is shared: figures vary).
 * The bench process and the server share the machine's cores. `--key KEY` (or TALLYLINE_KEY) is
 * sent as `Authorization: Bearer KEY`. `--write` rewrites its section of docs/benchmarks.md. Exits
 * 1 when any request failed (the targets are reported, not enforced).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { defaultRegistry } from "@tallyline/report-defs";
import { Warehouse } from "@tallyline/warehouse";
import { addDays } from "@tallyline/warehouse/time";
import autocannon from "autocannon";
import { makeChatData } from "./chatData";
import { machine, writeSection } from "./doc";
import { type BenchServer, createKey, startServer as startBenchServer } from "./lib/server";

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(name);
const option = (name: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const smoke = flag("--smoke");
const write = flag("--write");
const givenKey = option("--key") ?? process.env.TALLYLINE_KEY;
const readConnections = Number(option("--read-connections") ?? 4);
/** How many times the scenarios run, one after the other, on the same data. */
const passes = Number(option("--passes") ?? 1);
const conversations = smoke ? 10_000 : 1_000_000;
/** Seconds each measured scenario runs. */
const seconds = Number(option("--seconds") ?? (smoke ? 1 : 10));
const timezone = "Europe/Amsterdam";
/** The last day of the data (bench/chatData.ts covers the 365 days to it). */
const lastDay = "2026-11-20";
const zones = ["Europe/Amsterdam", "Europe/London", "Europe/Berlin", "UTC"];

/** Request headers: JSON, and the API key (`--key`, or one the bench makes in its database with `tallyline key create`). */
const headers: Record<string, string> = { "content-type": "application/json" };
const fetchPath = (id: string) => `/api/v1/report/${id}/fetch`;

/** Starts `tallyline serve` on the bench's data folder with `connections` read connections. */
function startServer(dataDir: string, connections: number, slowReads?: number): Promise<BenchServer> {
  return startBenchServer(dataDir, {
    TALLYLINE_TIMEZONE: timezone,
    TALLYLINE_READ_CONNECTIONS: String(connections),
    ...(slowReads === undefined ? {} : { TALLYLINE_SLOW_READS: String(slowReads) }),
    UV_THREADPOOL_SIZE: String(connections + 4),
  });
}

/** Requests whose bodies come from `body(i)`, i counting every request of the run. */
function each(path: string, body: (i: number) => unknown): autocannon.Request[] {
  let i = 0;
  return [
    {
      method: "POST",
      path,
      setupRequest: (req) => ({ ...req, path, body: JSON.stringify(body(i++)) }),
    },
  ];
}

/** Like {@link each} with the path chosen per request too. */
function eachOf(next: (i: number) => { path: string; body: unknown }): autocannon.Request[] {
  let i = 0;
  return [
    {
      method: "POST",
      setupRequest: (req) => {
        const r = next(i++);
        return { ...req, path: r.path, body: JSON.stringify(r.body) };
      },
    },
  ];
}

async function cannon(
  url: string,
  options: { connections: number; duration: number; requests: autocannon.Request[] },
): Promise<autocannon.Result> {
  return autocannon({ url, headers, method: "POST", timeout: 60, ...options });
}

/** Failed requests of a run: connection errors, time-outs and non-2xx answers. */
const failures = (r: autocannon.Result) => r.errors + r.timeouts + r.non2xx;
const load = () => loadavg()[0]?.toFixed(2) ?? "?";
const ms = (x: number) => `${x.toFixed(1)} ms`;

/** A query for the i-th request that no request before it asked (a new cache key), over `periodDays`. */
function uncached(i: number, periodDays: number, spanDays: number) {
  return {
    periodDays,
    asOf: addDays(lastDay, -(i % spanDays)),
    timezone: zones[Math.floor(i / spanDays) % zones.length],
    compare: Math.floor(i / (spanDays * zones.length)) % 2 === 0 ? "previous" : "none",
  };
}

const dir = mkdtempSync(join(tmpdir(), "tl-bench-load-"));
const out: string[] = [];
let failed = 0;
try {
  const t0 = performance.now();
  const wh = await Warehouse.open(join(dir, "tallyline.duckdb"));
  const counts = await makeChatData(wh, conversations);
  await wh.close();
  headers.authorization = `Bearer ${givenKey ?? (await createKey(join(dir, "tallyline.duckdb"), "bench:load", "member"))}`;
  const madeSecs = (performance.now() - t0) / 1000;
  out.push(
    `Data: ${JSON.stringify(counts)} over 365 days, made in ${madeSecs.toFixed(1)} s. Each scenario runs ${seconds} s; load average (1 min) before each in brackets.`,
    "",
  );
  const chatReports = defaultRegistry()
    .list()
    .filter(
      (d) => ["conversations", "messages", "assignments", "ratings", "agent_states"].includes(d.table) || d.derived,
    )
    .map((d) => d.id);

  out.push("| scenario | result | target |", "| --- | --- | --- |");
  for (let pass = 1; pass <= passes; pass++) {
    const tag = passes > 1 ? `pass ${pass}: ` : "";
    let server = await startServer(dir, readConnections);
    try {
      // (a) one cached query.
      const cachedBody = { periodDays: 30, asOf: lastDay, timezone };
      const warm = await fetch(`${server.url}${fetchPath("engagement.messages")}`, {
        method: "POST",
        headers,
        body: JSON.stringify(cachedBody),
      });
      if (warm.status !== 200) throw new Error(`warm-up answered ${warm.status}: ${await warm.text()}`);
      const la = load();
      const a = await cannon(server.url, {
        connections: 10,
        duration: seconds,
        requests: [{ method: "POST", path: fetchPath("engagement.messages"), body: JSON.stringify(cachedBody) }],
      });
      failed += failures(a);
      const aOk = a.requests.average >= 2000 && a.latency.p99 < 50;
      out.push(
        `| ${tag}(a) cached fetch, 10 connections [${la}] | ${Math.round(a.requests.average).toLocaleString("en-US")} requests/s, p50 ${ms(a.latency.p50)}, p99 ${ms(a.latency.p99)}, ${failures(a)} failed of ${a.requests.total} | >= 2,000/s and p99 < 50 ms: ${aOk ? "met" : "**not met**"} |`,
      );

      // (b) 50 connections, every request a new query of one of the chat reports.
      const lb = load();
      const b = await cannon(server.url, {
        connections: 50,
        duration: seconds,
        requests: eachOf((i) => ({
          path: fetchPath(chatReports[i % chatReports.length] as string),
          body: uncached(Math.floor(i / chatReports.length), 30, 300),
        })),
      });
      failed += failures(b);
      out.push(
        `| ${tag}(b) mixed uncached reports (${chatReports.length} chat reports), 50 connections [${lb}] | ${b.requests.total} requests (${Math.round(b.requests.average)}/s), p50 ${ms(b.latency.p50)}, p99 ${ms(b.latency.p99)}, **${failures(b)} failed** | zero failed: ${failures(b) === 0 ? "met" : "**not met**"} |`,
      );
    } finally {
      await server.stop();
    }

    // (c) a 5 ms report beside ten running 90-day staffing reports, one read connection then several.
    const heavyIds = ["staffing.agents_vs_chats", "staffing.chats_per_agent_hour"];
    // BEFORE: one connection; then several with any number of slow reports at once (the pool before
    // TALLYLINE_SLOW_READS), and AFTER: several with the server's default (half the cores, at least 1).
    const setups = [
      { connections: 1, slowReads: undefined, label: "BEFORE: 1 read connection" },
      {
        connections: readConnections,
        slowReads: 64,
        label: `${readConnections} read connections, slow reports unlimited`,
      },
      {
        connections: readConnections,
        slowReads: undefined,
        label: `AFTER: ${readConnections} read connections, slow reports at once: ${Math.max(1, Math.floor(availableParallelism() / 2))} (default)`,
      },
    ];
    for (const { connections, slowReads, label } of setups) {
      const after = label.startsWith("AFTER");
      server = await startServer(dir, connections, slowReads);
      try {
        // Warm-up: each kind of query runs twice alone first (the runner learns how long each takes);
        // the second run's round trip is reported as the time alone.
        const alone = new Map<string, number>();
        for (let i = 0; i < 2; i++) {
          for (const id of [...heavyIds, "engagement.messages"]) {
            const t = performance.now();
            const res = await fetch(`${server.url}${fetchPath(id)}`, {
              method: "POST",
              headers,
              // 29 and 89 days: queries the measured runs never ask, of the same kinds (runner's costClass).
              body: JSON.stringify(uncached(i, id === "engagement.messages" ? 29 : 89, 270)),
            });
            if (res.status !== 200) throw new Error(`warm-up of ${id} answered ${res.status}: ${await res.text()}`);
            await res.arrayBuffer();
            alone.set(id, performance.now() - t);
          }
        }
        const aloneText = [...alone].map(([id, t]) => `${id} ${ms(t)}`).join(", ");
        const lc = load();
        const heavy = cannon(server.url, {
          connections: 10,
          duration: seconds + 1,
          requests: eachOf((i) => ({ path: fetchPath(heavyIds[i % 2] as string), body: uncached(i >> 1, 90, 270) })),
        });
        await new Promise((r) => setTimeout(r, 500));
        const fast = await cannon(server.url, {
          connections: 1,
          duration: seconds,
          requests: each(fetchPath("engagement.messages"), (i) => uncached(i, 30, 300)),
        });
        const h = await heavy;
        failed += failures(fast) + failures(h);
        out.push(
          `| ${tag}(c) ${label} [${lc}] | 5 ms report: ${fast.requests.total} requests, p50 ${ms(fast.latency.p50)}, **p99 ${ms(fast.latency.p99)}**, max ${ms(fast.latency.max)}; beside ${h.requests.total} staffing reports (p50 ${ms(h.latency.p50)}), ${failures(fast) + failures(h)} failed; alone: ${aloneText} | p99 < 100 ms after: ${after ? (fast.latency.p99 < 100 ? "met" : "**not met**") : "-"} |`,
        );
      } finally {
        await server.stop();
      }
    }
  }
  out.push("", `Load average (1 min) at the end: ${load()}.`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

console.log(out.join("\n"));
if (write && !smoke) {
  writeSection("API under load", [
    `Produced by \`pnpm bench:load --write\` (bench/load.ts) on ${machine()}; autocannon 9 and the server (\`tallyline serve\`, a child process, UV_THREADPOOL_SIZE = read connections + 4) share the 2 cores. The machine was shared with other work: the load average is given per scenario.`,
    "",
    ...out,
  ]);
}
if (failed > 0) {
  console.error(`bench:load: ${failed} requests failed`);
  process.exit(1);
}
