/**
 * `pnpm bench:peers [--smoke] [--write]`: every chat and call report on Tallyline's engine, on
 * PostgreSQL 15 and on ClickHouse (chdb, in-process), over the same canonical rows, results checked
 * equal, warm medians side by side (issue 17, part 1).
 *
 * - Data: bench/chatData.ts's chat rows (1,000,000 conversations, 10,000,000 messages, assignments,
 *   ratings, agent states) and bench/callData.ts's calls (1,000,000 calls here, not bench:calls'
 *   5,000,000, with their ~9M quality-check results), made in a scratch Tallyline warehouse, then
 *   exported once (DuckDB COPY to Parquet and CSV in the scratch folder) and loaded into:
 *   - PostgreSQL: initdb + pg_ctl into the scratch folder on a free port of 127.0.0.1, started and
 *     stopped here (on error too); COPY; covering indexes on (time) INCLUDE the grouped and filtered
 *     columns (listed in the output); VACUUM ANALYZE; read through the `pg` client. Skipped with a
 *     visible `SKIPPED: postgres not found` when the server programs are missing.
 *   - ClickHouse (chdb, a bench-only dependency): MergeTree tables ORDER BY their time column, from
 *     the Parquet files.
 * - Queries: bench/peers/sql.ts, the straightforward SQL for each engine over the raw rows,
 *   time-zone exact (Europe/Amsterdam days). Each returns the rows our compiled SQL returns, shaped
 *   by the same code (report-defs `shapeResult`); every result must equal ours (numbers to 9
 *   significant digits) or the run fails naming the report and the first difference.
 * - Time: the last 30 days ending 2026-11-20; warm median of N runs per engine, interleaved
 *   (Tallyline, PostgreSQL, ClickHouse, again) so that other load slows all alike; ours through the
 *   engine path (plan, SQL, shape) as bench/chat.ts times it, the peers' bare SQL.
 *
 * `--smoke`: 2,000 conversations and 5,000 calls, one timed run, every report still checked equal
 * on every engine. `--runs N`: N timed runs (default 15). `--write` rewrites the section of
 * docs/benchmarks.md.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { defaultRegistry, planReport, type ReportDefinition, shapeResult } from "@tallyline/report-defs";
import { Session } from "chdb";
import pg from "pg";
import { makeCallData } from "./callData";
import { makeChatData } from "./chatData";
import { machine, writeSection } from "./doc";
import {
  type Exec,
  exportTables,
  findPostgres,
  loadClickhouse,
  loadPostgres,
  PEER_TABLES,
  type PgServer,
  startPostgres,
} from "./peers/engines";
import { firstDifference } from "./peers/equal";
import { clickhouse, PEER_SPECS, type PeerDialect, peerSql, postgres } from "./peers/sql";
import { withScratchWarehouse } from "./reports";

const smoke = process.argv.includes("--smoke");
const write = process.argv.includes("--write");
const conversations = smoke ? 2_000 : 1_000_000;
const calls = smoke ? 5_000 : 1_000_000;
const runsArg = process.argv.indexOf("--runs");
const runs = smoke ? 1 : runsArg > 0 ? Number(process.argv[runsArg + 1]) : 15;
const timezone = "Europe/Amsterdam";
const query = { periodDays: 30, asOf: "2026-11-20", timezone };

/** Facts of the chat and call reports (bench/chat.ts, bench/calls.ts). */
const FACTS = new Set([
  "conversations",
  "messages",
  "assignments",
  "ratings",
  "agent_states",
  "calls",
  "call_check_results",
  "call_quality",
]);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : "-");
const f2 = (x: number) => (Number.isFinite(x) ? `${x.toFixed(2)}x` : "-");

/** A peer: its name, dialect and how it runs SQL. */
interface Peer {
  readonly name: string;
  readonly dialect: PeerDialect;
  readonly exec: Exec;
}

/** Milliseconds `fn` takes and what it returned. */
async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const out = await fn();
  return [performance.now() - t0, out];
}

const scratch = mkdtempSync(join(tmpdir(), "tl-bench-peers-"));
let server: PgServer | undefined;
let session: Session | undefined;
let client: pg.Client | undefined;
const stopAll = async () => {
  try {
    await client?.end();
  } catch {
    // the server is gone already
  }
  server?.stop();
  try {
    session?.close();
  } catch {
    // already closed
  }
  rmSync(scratch, { recursive: true, force: true });
};
process.once("SIGINT", () => {
  void stopAll().then(() => process.exit(130));
});

try {
  await withScratchWarehouse("tl-bench-peers-wh-", async (wh) => {
    const load0 = loadavg()[0] ?? 0;
    const t0 = performance.now();
    const chat = await makeChatData(wh, conversations);
    await makeCallData(wh, calls);
    const madeSecs = (performance.now() - t0) / 1000;
    const [exportMs, types] = await timed(() => exportTables(wh, scratch));
    const [counts] = await wh.query(
      `SELECT ${PEER_TABLES.map((t) => `(SELECT count(*) FROM "${t.name}") AS "${t.name}"`).join(", ")}`,
    );
    const [duck] = await wh.query("SELECT version() AS v");
    const duckVersion = String(duck?.v);

    const peers: Peer[] = [];
    const notes: string[] = [];
    // PostgreSQL.
    const bin = findPostgres();
    let pgIndexes: string[] = [];
    let pgVersion = "not run";
    let pgLoadSecs = 0;
    if (!bin) {
      console.log(
        "SKIPPED: postgres not found (no pg_ctl/initdb on PATH or under /usr/lib/postgresql): PostgreSQL is not compared.",
      );
      notes.push("PostgreSQL: SKIPPED (server programs not found).");
    } else {
      server = await startPostgres(bin, scratch);
      pgVersion = server.version;
      const c = new pg.Client({ host: "127.0.0.1", port: server.port, user: server.user, database: "postgres" });
      client = c;
      c.on("error", (e) => console.error(`peers: PostgreSQL connection: ${e.message}`));
      await c.connect();
      const exec: Exec = async (sql) => (await c.query(sql)).rows;
      const [ms, idx] = await timed(() => loadPostgres(exec, scratch, types));
      pgIndexes = idx;
      pgLoadSecs = ms / 1000;
      const [size] = await exec("SELECT pg_database_size('postgres') AS b");
      notes.push(
        `PostgreSQL: ${pgVersion}; load (COPY, indexes, VACUUM ANALYZE) ${pgLoadSecs.toFixed(1)} s; database ${(Number(size?.b) / 2 ** 20).toFixed(0)} MiB.`,
      );
      peers.push({ name: "PostgreSQL", dialect: postgres, exec });
    }
    // ClickHouse.
    session = new Session(join(scratch, "chdb"));
    const ch = session;
    const chExec: Exec = async (sql) => {
      const isSelect = /^\s*(SELECT|WITH)\b/i.test(sql);
      const text = ch.query(isSelect ? `${sql} SETTINGS join_use_nulls = 1` : sql, "JSONEachRow");
      return text
        .split("\n")
        .filter((l) => l.trim() !== "")
        .map((l) => JSON.parse(l) as Record<string, unknown>);
    };
    const [chMs, chDdl] = await timed(() => loadClickhouse(chExec, scratch, types));
    const [chv] = await chExec("SELECT version() AS v");
    const chdbPkg = JSON.parse(
      readFileSync(join(import.meta.dirname, "node_modules/chdb/package.json"), "utf8"),
    ).version;
    const chVersion = `chdb ${chdbPkg} (ClickHouse ${chv?.v})`;
    const [chSize] = await chExec("SELECT sum(bytes_on_disk) AS b FROM system.parts WHERE active");
    notes.push(
      `ClickHouse: ${chVersion}; load from Parquet (and OPTIMIZE FINAL) ${(chMs / 1000).toFixed(1)} s; tables ${(Number(chSize?.b) / 2 ** 20).toFixed(0)} MiB.`,
    );
    peers.push({ name: "ClickHouse", dialect: clickhouse, exec: chExec });

    // The reports: every chat and call report.
    const defs = defaultRegistry()
      .list()
      .filter((def: ReportDefinition) => FACTS.has(def.derived?.from ?? def.table));
    const header = `| report | shape | Tallyline ms | ${peers.map((p) => `${p.name} ms`).join(" | ")} | ${peers.map((p) => `${p.name}/Tallyline`).join(" | ")} |`;
    const lines = [
      header,
      `| --- | --- | ---: | ${peers.map(() => "---:").join(" | ")} | ${peers.map(() => "---:").join(" | ")} |`,
    ];
    const ratios = new Map<string, { id: string; r: number }[]>(peers.map((p) => [p.name, []]));
    const uncovered: string[] = [];
    const execOurs = (sql: string, params: readonly (string | number | boolean)[]) => wh.query(sql, params);
    for (const def of defs) {
      const spec = PEER_SPECS[def.id];
      if (!spec) {
        uncovered.push(def.id);
        continue;
      }
      const ours = async () => {
        const plan = planReport(def, query);
        return shapeResult(def, plan, await execOurs(plan.compiled.sql, plan.compiled.params));
      };
      const plan = planReport(def, query);
      const expected = await ours();
      const sqls = peers.map((p) => peerSql(spec, plan.period, p.dialect, def.shape === "timeseries"));
      // Checked equal (and warm) first.
      for (const [i, p] of peers.entries()) {
        let rows: Record<string, unknown>[];
        try {
          rows = await p.exec(sqls[i] as string);
        } catch (e) {
          throw new Error(`peers: ${def.id} failed on ${p.name}: ${e}\n${sqls[i]}`);
        }
        const got = shapeResult(def, plan, rows);
        const diff = firstDifference(expected, got);
        if (diff) throw new Error(`peers: ${def.id} on ${p.name} differs from Tallyline's result: ${diff}\n${sqls[i]}`);
      }
      const times: number[][] = [[], ...peers.map(() => [])];
      for (let r = 0; r < runs; r++) {
        (times[0] as number[]).push((await timed(ours))[0]);
        for (const [i, p] of peers.entries())
          (times[i + 1] as number[]).push((await timed(() => p.exec(sqls[i] as string)))[0]);
      }
      const meds = times.map(median);
      const mine = meds[0] as number;
      const rs = peers.map((p, i) => {
        const r = (meds[i + 1] as number) / mine;
        ratios.get(p.name)?.push({ id: def.id, r });
        return r;
      });
      const line = `| ${def.id} | ${def.shape} | ${f1(mine)} | ${meds.slice(1).map(f1).join(" | ")} | ${rs.map(f2).join(" | ")} |`;
      lines.push(line);
      if (!smoke) console.error(line);
    }
    const summary: string[] = [];
    for (const p of peers) {
      const rs = ratios.get(p.name) ?? [];
      const med = median(rs.map((x) => x.r));
      const target = p.name === "PostgreSQL" ? 10 : 1.5;
      const below = rs.filter((x) => x.r < (p.name === "PostgreSQL" ? 10 : 1)).sort((a, b) => a.r - b.r);
      summary.push(
        `${p.name}/Tallyline: median ${f2(med)} over ${rs.length} reports (target at least ${target}x: ${med >= target ? "met" : "**not met**"}); min ${f2(Math.min(...rs.map((x) => x.r)))}, max ${f2(Math.max(...rs.map((x) => x.r)))}.` +
          (below.length
            ? ` Below ${p.name === "PostgreSQL" ? "10x" : "1.0x (ClickHouse faster)"}: ${below.map((x) => `${x.id} ${f2(x.r)}`).join(", ")}.`
            : ` None below ${p.name === "PostgreSQL" ? "10x" : "1.0x"}.`),
      );
    }
    const out = [
      `Data: ${JSON.stringify(counts)} (chat ${JSON.stringify(chat)}; ${calls.toLocaleString("en-US")} calls requested), made in ${madeSecs.toFixed(1)} s, exported to Parquet and CSV in ${(exportMs / 1000).toFixed(1)} s.`,
      `Engines: Tallyline on DuckDB ${duckVersion}; ${notes.join(" ")}`,
      `Query: the last 30 days ending ${query.asOf} in ${timezone} (with the previous 30 days where the report compares); warm median of ${runs} interleaved runs; every result checked equal to Tallyline's. Load average ${load0.toFixed(1)} at the start, ${(loadavg()[0] ?? 0).toFixed(1)} at the end (a shared, noisy machine).`,
      "",
      ...lines,
      "",
      ...summary,
      uncovered.length
        ? `Not compared yet (no peer query in bench/peers/sql.ts): ${uncovered.join(", ")}.`
        : "Every chat and call report is compared.",
      "",
      "PostgreSQL indexes:",
      "",
      ...pgIndexes.map((x) => `- \`${x}\``),
      "",
      "ClickHouse tables:",
      "",
      ...chDdl.map((x) => `- \`${x}\``),
    ];
    console.log(out.join("\n"));
    if (write) {
      const node = process.version;
      writeSection("Peers: PostgreSQL and ClickHouse", [
        `Produced by \`pnpm bench:peers --write\` (bench/peers.ts) on ${machine()}; DuckDB ${duckVersion}, ${pgVersion}, ${chVersion}, Node ${node}.`,
        "",
        ...out,
      ]);
    }
  });
} finally {
  await stopAll();
}
