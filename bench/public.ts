/**
 * `pnpm bench:public [--smoke] [--write] [--seconds S] [--connections C]`: public links (issue 12).
 *
 * (a) Throughput: autocannon against the real server (`tallyline serve`, a child process) on
 *     127.0.0.1, fetching the public snapshot of a dashboard page (the 17 Operations reports over
 *     the hand-made call log) with `GET /api/v1/public/{token}`: requests/s and p99 (target: at
 *     least 5,000/s with p99 under 20 ms on 2 cores).
 * (b) Timing of tokens: a miss (random token), a revoked token and a hit, interleaved, over a real
 *     HTTP server on 127.0.0.1 in this process (its failure limit raised so misses are not cut off
 *     at 60): median and interquartile range of each; the miss and revoked medians must not differ
 *     by more than a hit's spread.
 *
 * `--smoke`: 1 s of load and 300 rounds of timing. The bench and the server share the machine's
 * cores; the machine is shared with other work, so the load average is printed. `--write` rewrites
 * the "Public links" section of docs/benchmarks.md. Exits 1 when any request failed.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import autocannon from "autocannon";
import { smallCallLog, testApp } from "../apps/api/test/harness";
import { serveApp } from "../apps/api/test/testutil/serveApp";
import { timePublic } from "../apps/api/test/testutil/timing";
import { machine, writeSection } from "./doc";

const argv = process.argv.slice(2);
const option = (name: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const smoke = argv.includes("--smoke");
const write = argv.includes("--write");
const seconds = Number(option("--seconds") ?? (smoke ? 1 : 10));
const connections = Number(option("--connections") ?? 10);
const rounds = smoke ? 300 : 3000;
const MAIN = resolve(import.meta.dirname, "../apps/api/src/cli/main.ts");
const OPERATIONS = [
  "calls.offered",
  "calls.answered",
  "calls.abandoned",
  "calls.abandonment_rate",
  "calls.asa",
  "calls.aht",
  "calls.short_abandoned",
  "calls.service_level",
  "calls.talk_time",
  "calls.csat",
  "calls.csat_satisfied",
  "calls.resolution_rate",
  "calls.by_queue",
  "calls.by_topic",
  "calls.resolution_by_topic",
  "calls.heatmap",
  "calls.agents",
];
const load = () => loadavg()[0]?.toFixed(2) ?? "?";

/** Runs the CLI to completion; its stdout. */
async function cli(args: string[]): Promise<string> {
  const child = spawn(process.execPath, [...process.execArgv, MAIN, ...args], { stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  child.stdout?.on("data", (d) => {
    out += String(d);
  });
  const code = await new Promise<number | null>((ok) => child.once("exit", ok));
  if (code !== 0) throw new Error(`tallyline ${args[0]} exited with ${code}`);
  return out;
}

/** `tallyline serve` over `dataDir`, on 127.0.0.1, without the dashboard. */
async function startServer(dataDir: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const child: ChildProcess = spawn(process.execPath, [...process.execArgv, MAIN, "serve"], {
    env: {
      ...process.env,
      TALLYLINE_DATA_DIR: dataDir,
      TALLYLINE_HOST: "127.0.0.1",
      TALLYLINE_PORT: "0",
      TALLYLINE_DEMO: "off",
      TALLYLINE_TIMEZONE: "UTC",
      TALLYLINE_WEB_DIST: join(dataDir, "no-dashboard"),
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<void>((ok) => child.once("exit", () => ok()));
  const url = await new Promise<string>((ok, fail) => {
    child.once("exit", (code) => fail(new Error(`tallyline serve exited with ${code} before it listened`)));
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (line) => {
      const m = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(line);
      if (m?.[1]) ok(m[1]);
    });
  });
  return {
    url,
    stop: async () => {
      child.kill("SIGTERM");
      await exited;
    },
  };
}

const out: string[] = [];
let failed = 0;
const dir = mkdtempSync(join(tmpdir(), "tl-bench-public-"));
try {
  // (a) throughput against the real server process.
  const db = join(dir, "tallyline.duckdb");
  await cli(["ingest", smallCallLog, "--db", db]);
  const key = (await cli(["key", "create", "--name", "bench:public", "--role", "member", "--db", db]))
    .trim()
    .split("\n")
    .pop();
  const server = await startServer(dir);
  try {
    const res = await fetch(`${server.url}/api/v1/links`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
      body: JSON.stringify({
        label: "bench",
        mode: "snapshot",
        title: "Operations",
        queries: OPERATIONS.map((reportId) => ({ reportId, query: { from: "1999-01-28", to: "1999-02-04" } })),
      }),
    });
    if (res.status !== 201) throw new Error(`POST /api/v1/links: ${res.status} ${await res.text()}`);
    const { token } = (await res.json()) as { token: string };
    const path = `/api/v1/public/${token}`;
    const bytes = (await (await fetch(`${server.url}${path}`)).text()).length;
    // Warm-up, then the measured run.
    await autocannon({ url: `${server.url}${path}`, connections, duration: 1 });
    const before = load();
    const r = await autocannon({ url: `${server.url}${path}`, connections, duration: seconds });
    const bad = r.errors + r.timeouts + r.non2xx;
    failed += bad;
    out.push(
      "| scenario | requests/s (mean) | p50 | p99 | failed | load average (1 min) before / after |",
      "| --- | --- | --- | --- | --- | --- |",
      `| public snapshot of a 17-report page (${bytes.toLocaleString("en")} bytes of JSON), ${connections} connections, ${seconds} s | ${Math.round(r.requests.average).toLocaleString("en")} | ${r.latency.p50} ms | ${r.latency.p99} ms | ${bad} | ${before} / ${load()} |`,
    );
  } finally {
    await server.stop();
  }

  // (b) timing of a miss, a revoked token and a hit, over a real HTTP server in this process.
  const t = await testApp(undefined, "UTC", {
    publicLimits: { failuresPerAddress: 10_000_000, passcodeFailuresPerLink: 10, windowSecs: 600 },
  });
  const http = await serveApp(t.app);
  // The app answers to the host and port it listens on (the Host check).
  t.security.site.listening("127.0.0.1", Number(new URL(http.url).port));
  try {
    const make = async () => {
      const made = await t.post("/api/v1/links", {
        label: "timing",
        mode: "snapshot",
        queries: [{ reportId: "calls.offered", query: { from: "1999-02-01", to: "1999-02-03" } }],
      });
      return (await made.json()) as { token: string; link: { id: string } };
    };
    const hit = await make();
    const revoked = await make();
    await t.request(`/api/v1/links/${revoked.link.id}`, { method: "DELETE" });
    const timing = await timePublic(
      async (token) => {
        const res = await fetch(`${http.url}/api/v1/public/${token}`);
        await res.arrayBuffer();
        return res.status;
      },
      { hit: hit.token, revoked: revoked.token, miss: () => randomBytes(32).toString("base64url") },
      rounds,
    );
    const f = (x: number) => `${x.toFixed(3)} ms`;
    out.push(
      "",
      `Timing of tokens over HTTP (fetch, keep-alive, one at a time, interleaved; ${rounds} of each after 200 warm-up rounds; load average ${load()}):`,
      "",
      "| token | median | IQR (p25-p75) | p10 | p90 |",
      "| --- | --- | --- | --- | --- |",
      ...(["miss", "revoked", "hit"] as const).map(
        (k) => `| ${k} | ${f(timing[k].median)} | ${f(timing[k].iqr)} | ${f(timing[k].p10)} | ${f(timing[k].p90)} |`,
      ),
      "",
      `Miss vs revoked: medians differ by ${f(Math.abs(timing.miss.median - timing.revoked.median))}; a hit's IQR is ${f(timing.hit.iqr)}.`,
    );
  } finally {
    await http.close();
    await t.close();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

console.log(out.join("\n"));
if (write && !smoke) {
  writeSection("Public links", [
    `Produced by \`pnpm bench:public --write\` (bench/public.ts) on ${machine()}; autocannon 9 and the server (\`tallyline serve\`, a child process) share the 2 cores, and the machine was shared with other engineers' work at the same time (load averages given).`,
    "",
    ...out,
  ]);
}
if (failed > 0) {
  console.error(`bench:public: ${failed} requests failed`);
  process.exit(1);
}
