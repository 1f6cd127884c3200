/**
 * `pnpm bench:export [--smoke] [--write]`: `tallyline export all --format parquet` (the real CLI,
 * a child process) against DuckDB's own `COPY <table> TO '<table>.parquet' (FORMAT parquet,
 * COMPRESSION zstd)` of the same tables (DuckDB's default settings, files on the same disk), side by
 * side in one run, over the bench:chat data (bench/chatData.ts: 1,000,000 conversations, 10,000,000
 * messages; `--smoke`: 10,000 and a check of the files only). In the same process as the plain COPY
 * (run before and after it, to bracket the noise), the export itself (exportTables, what the CLI
 * runs; its manifest lists each file's rows, bytes and SHA-256, the column checksums being opt-in
 * and not asked for here) with its time per table and phase: the month list, the month files and
 * their SHA-256. The CLI runs compiled (apps/api/dist/cli.mjs, built first when stale:
 * apps/api/scripts/build-cli.mjs), as `pnpm tallyline` runs it. Its own start (Node, its modules) is measured apart with
 * `tallyline --help` (which loads no command module) and `tallyline export --help` (which loads the
 * export's: DuckDB, the warehouse, the configuration). Then the server's peak
 * resident memory (VmHWM) while it streams the largest table through `GET /api/v1/exports/messages`.
 * Times are wall clock and CPU (user + system) of the process doing the work: on a shared machine
 * the CPU time is the steadier figure. `--write` rewrites the "Canonical export" section of
 * docs/benchmarks.md.
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import {
  EXPORT_TABLES,
  type ExportManifest,
  exportTables,
  type TableProgress,
  Warehouse,
  type WrittenTableName,
} from "@tallyline/warehouse";
import { buildCli, CLI } from "../apps/api/scripts/build-cli.mjs";
import { makeChatData } from "./chatData";
import { machine, writeSection } from "./doc";
import { startServer } from "./lib/server";

const smoke = process.argv.includes("--smoke");
const write = process.argv.includes("--write");
const n = smoke ? 10_000 : 1_000_000;
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(" / ");
/**
 * What was tried to make the export cheaper, measured apart on the same data (10M messages, CPU
 * seconds, December 2026, load 5-29 on the shared machine, so +-10%).
 */
const NOTE =
  "December 2026, third pass: the CLI runs compiled JavaScript (apps/api/dist/cli.mjs, an esbuild bundle with the workspace packages, code-split so each command still loads only its own module: apps/api/scripts/build-cli.mjs), no longer tsx: `export --help` went from 0.78 to 0.37 CPU seconds and `--help` from 0.37 to 0.10 (whole process, median of 5-7 runs each, compiled and tsx interleaved, load 18-24; source maps on; `pnpm tallyline`'s freshness check adds about 0.01). The month split itself is not what costs: on the messages table alone (10M rows, one DuckDB thread, one process, CPU seconds, load about 20) plain `COPY messages TO` 6.62 and 7.01, the thirteen month COPYs 6.76 and 6.75; DuckDB's `PARTITION_BY (year, month)` writer again costs more (integer keys 10.0, the layout's zero-padded text keys 12.8, and it names files `<pattern><n>`), so the month COPYs stay. December 2026, second pass (issue 12's last target): the manifest now lists per file its rows (COPY's own count), bytes and the SHA-256 of its bytes (node:crypto, streamed from the file just written, while the connections go on with the next COPY); the per-column value checksums `sum(hash(col))`, which cost one more read of every column (about 3.3 of 11.3 CPU seconds), are opt-in (`--column-checksums`, API `?checksums=columns`). The table's month list is a count by month of the time column only. The CLI loads only the module of the command being run (apps/api/src/cli/commands.ts): `tallyline --help` went from 3.4-3.9 to 0.36-0.42 CPU seconds (`/usr/bin/time -f '%e %U %S' node --import tsx apps/api/src/cli/main.ts --help`, five runs each, interleaved, load 21-23), and `export --help` from 1.75-2.0 to 0.94-1.05 once config.ts stopped importing the public links' module for one constant (apps/api/src/links/defaults.ts). Measured apart in one sitting on the same data (load 16-20, plain COPY and the export alternated, CPU seconds): plain COPY 9.55, 9.67, 9.29, 9.05; exportTables on two connections 9.88, 10.56 (1.03-1.09 of the plain COPY), with the column checksums 14.27; the CLI 10.34 (1.13). Where the CLI's rest goes (`node --cpu-prof` of `tallyline export all`; the profile sees the JavaScript threads only): the main thread is busy 1.6 s of 15.4 (module loading and tsx before the export's first statement, which starts 1.07 s after the process; garbage collection 0.26 s; DuckDB's instance close 0.09 s; the SHA-256 of the 75 MB 0.035 s), tsx's loader thread about 0.8 s more (the profiler inflates both); DuckDB's own threads are the rest. So what is left of the gap is the CLI's start (Node, tsx transpiling TypeScript at run time, DuckDB's binding, the configuration with zod: `export --help` alone is 0.8-1.0 CPU seconds) and the month split (66 files, 13 per fact table, against 15 files for the plain COPY: 0.3-0.9). Running the CLI from compiled JavaScript would remove tsx's share; not done here. Earlier: tried while working on the ratio (messages table alone, CPU seconds of one process, measured apart in one sitting, load 5-29 so about +-10%): plain `COPY messages TO` 6.0-7.7; thirteen month COPYs 7.3-8.0; DuckDB's `PARTITION_BY (year, month)` writer 9.2-9.9 (so not used). Month files written with DuckDB's two threads cost more CPU the smaller they are (conversations, 13 files of 77,000 rows: 2.2-2.7 against 1.3-1.6 for its plain COPY), and one thread a statement removes it (conversations 1.37-1.39, messages 6.9 against 7.9): so the export runs its statements two at a time on two connections, one thread each, which still uses both cores; the checksum pass `sum(hash(col))` over the table 1.9-2.0, of which reading the values is 1.0 (`max(col)` of every column) and the 128-bit sums most of the rest; the same checksums read back from the Parquet files just written 2.05 (no cheaper than the table: both decode every value; Parquet footers and DuckDB's `COPY ... RETURN_STATS` give min, max and null counts, no checksum of the values). So the checksums now sum the high and low 32 bits of each hash apart on 64 bits and add them exactly afterwards (same figures, 1.5-1.65 instead of 1.9-2.0). The floor of a manifest with value checksums is one more read of every column: the export cannot reach 1.0 of a plain COPY while the manifest checksums every value, unless DuckDB could feed one scan to both the file writer and an aggregate (it cannot in SQL). Lower zstd levels would buy it (COMPRESSION_LEVEL 1: 6.3 against 7.1, files 14% larger) but would not be the same compression as the reference, so they are not used.";
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Runs the compiled CLI under /usr/bin/time; resolves with its wall and CPU seconds and its stdout. */
async function cli(args: string[]): Promise<{ wall: number; cpu: number; stdout: string }> {
  const timing = join(dir, "time.txt");
  const child = spawn(
    "/usr/bin/time",
    ["-f", "%e %U %S", "-o", timing, process.execPath, "--enable-source-maps", CLI, ...args],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  let stdout = "";
  child.stdout?.on("data", (d) => {
    stdout += String(d);
  });
  const code = await new Promise<number | null>((ok) => child.once("exit", ok));
  if (code !== 0) throw new Error(`tallyline ${args.join(" ")} exited with ${code}`);
  const [wall, user, sys] = readFileSync(timing, "utf8").trim().split(/\s+/).slice(-3).map(Number);
  return { wall: (wall ?? 0) * 1000, cpu: ((user ?? 0) + (sys ?? 0)) * 1000, stdout };
}

/** Wall and CPU milliseconds. */
interface Took {
  wall: number;
  cpu: number;
}

/** Runs `fn`; its wall and process CPU (user + system, DuckDB's threads included) milliseconds. */
async function took(fn: () => Promise<unknown>): Promise<Took> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await fn();
  const cpu = process.cpuUsage(cpu0);
  return { wall: performance.now() - t0, cpu: (cpu.user + cpu.system) / 1000 };
}

/**
 * DuckDB's own COPY of every exported table into `out`, one file each, with DuckDB's default
 * settings, on the main connection of `wh`; the total and each table's wall and CPU ms.
 */
async function plainCopy(wh: Warehouse, out: string): Promise<Took & { tables: Map<WrittenTableName, Took> }> {
  mkdirSync(out);
  const tables = new Map<WrittenTableName, Took>();
  const total = await took(async () => {
    for (const table of EXPORT_TABLES)
      tables.set(
        table,
        await took(() =>
          wh.run(`COPY ${table} TO '${join(out, `${table}.parquet`)}' (FORMAT parquet, COMPRESSION zstd)`),
        ),
      );
  });
  return { ...total, tables };
}

/** The export itself, in this process, on two connections of its own (as the CLI runs it); total and progress per table. */
async function inProcess(wh: Warehouse, out: string): Promise<Took & { tables: TableProgress[] }> {
  const tables: TableProgress[] = [];
  const conns: Awaited<ReturnType<Warehouse["attach"]>> = [];
  const owner = {
    close: async () => {
      for (const c of conns) c.closeSync();
    },
  };
  conns.push(...(await wh.attach(owner, 2)));
  try {
    const [c, second] = conns;
    if (!c || !second) throw new Error("no connection");
    const total = await took(() =>
      exportTables(c, { format: "parquet", out, moreConnections: [second], onTable: (p) => tables.push(p) }),
    );
    return { ...total, tables };
  } finally {
    for (const c of conns) c.closeSync();
    wh.detach(owner);
  }
}

/** VmHWM (peak resident set) and VmRSS of a process, in MiB (Linux /proc). */
function memory(pid: number): { peak: number; now: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kib = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
  return { peak: kib("VmHWM") / 1024, now: kib("VmRSS") / 1024 };
}

await buildCli();
const dir = mkdtempSync(join(tmpdir(), "tl-bench-export-"));
const out: string[] = [];
try {
  const db = join(dir, "tallyline.duckdb");
  const wh = await Warehouse.open(db);
  const counts = await makeChatData(wh, n);
  out.push(
    `Data: ${Object.entries(counts)
      .map(([t, c]) => `${Number(c).toLocaleString("en-US")} ${t}`)
      .join(", ")} (bench/chatData.ts). Load average (1 / 5 / 15 min) before: ${load()}.`,
    "",
  );
  // DuckDB's COPY before and after the export in the same process: the reference is their mean.
  const plainA = await plainCopy(wh, join(dir, "plain-a"));
  const own = await inProcess(wh, join(dir, "inprocess"));
  const plainB = await plainCopy(wh, join(dir, "plain-b"));
  await wh.close();
  const plain = { wall: (plainA.wall + plainB.wall) / 2, cpu: (plainA.cpu + plainB.cpu) / 2 };
  const plainBytes = EXPORT_TABLES.reduce((s, t) => s + statSync(join(dir, "plain-a", `${t}.parquet`)).size, 0);

  const tlDir = join(dir, "tallyline");
  const tl = await cli(["export", "all", "--format", "parquet", "--out", tlDir, "--db", db]);
  const start = await cli(["--help"]);
  const exportStart = await cli(["export", "--help"]);
  const manifest = JSON.parse(readFileSync(join(tlDir, "manifest.json"), "utf8")) as ExportManifest;
  const tables = Object.values(manifest.tables);
  const rows = tables.reduce((s, t) => s + t.rows, 0);
  const bytes = tables.reduce((s, t) => s + t.bytes, 0);
  const files = tables.reduce((s, t) => s + t.files.length, 0);
  if (manifest.tables.messages?.rows !== n * 10) throw new Error(`messages: ${manifest.tables.messages?.rows} rows`);
  const ratio = (a: Took, b: Took) => `wall **${(a.wall / b.wall).toFixed(2)}**, CPU **${(a.cpu / b.cpu).toFixed(2)}**`;
  const wc = (t: Took) => `${secs(t.wall)} | ${secs(t.cpu)}`;

  out.push(
    "| run | what | wall | CPU (user + system) | output |",
    "| --- | --- | --- | --- | --- |",
    `| DuckDB \`COPY <table> TO ... (FORMAT parquet, COMPRESSION zstd)\`, ${EXPORT_TABLES.length} tables, in-process, before the export | one file per table | ${wc(plainA)} | ${(plainBytes / 1e6).toFixed(1)} MB |`,
    `| the same, after the export | one file per table | ${wc(plainB)} | |`,
    `| the export in the same process (\`exportTables\`, what the CLI runs) | month files, manifest with rows, bytes and SHA-256 per file | ${wc(own)} | |`,
    `| \`tallyline export all --format parquet\` (child process, Node start included) | ${files} month files, manifest with rows, bytes and SHA-256 per file | ${wc(tl)} | ${(bytes / 1e6).toFixed(1)} MB, ${rows.toLocaleString("en-US")} rows |`,
    `| \`tallyline --help\` (the CLI's start alone: Node, the compiled main.ts; no command module) | | ${wc(start)} | |`,
    `| \`tallyline export --help\` (the export command's start: the above, DuckDB, the warehouse, the configuration) | | ${wc(exportStart)} | |`,
    "",
    `Ratio to DuckDB's COPY (the mean of the two plain runs; below 1: tallyline faster): the CLI ${ratio(tl, plain)}; the export in-process ${ratio(own, plain)}. Load average after: ${load()}.`,
    "",
    "Per table (in-process runs, seconds; tables with rows): DuckDB's COPY (mean of the two runs) against the export's month list (a count by month of the time column), month files and their SHA-256 (a phase's CPU is the table's CPU shared in proportion to the phases' wall times, an estimate: the two connections and the hashing overlap).",
    "",
    "| table | rows | COPY wall | COPY CPU | month list wall | month list CPU | month files wall | month files CPU | SHA-256 wall | SHA-256 CPU |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ...own.tables
      .filter((t) => t.rows > 0)
      .map((t) => {
        const a = plainA.tables.get(t.table);
        const b = plainB.tables.get(t.table);
        const ref = { wall: ((a?.wall ?? 0) + (b?.wall ?? 0)) / 2, cpu: ((a?.cpu ?? 0) + (b?.cpu ?? 0)) / 2 };
        const { checksum, write, hash } = t.phases;
        return `| ${t.table} | ${t.rows.toLocaleString("en-US")} | ${wc(ref)} | ${secs(checksum.ms)} | ${secs(checksum.cpuMs)} | ${secs(write.ms)} | ${secs(write.cpuMs)} | ${secs(hash.ms)} | ${secs(hash.cpuMs)} |`;
      }),
    "",
    NOTE,
    "",
  );

  // The API: the server streams the largest table; its peak resident memory before and after.
  const key = (await cli(["key", "create", "--name", "bench:export", "--role", "admin", "--db", db])).stdout
    .trim()
    .split("\n")
    .pop();
  const server = await startServer(dir);
  try {
    const before = memory(server.pid);
    const t0 = performance.now();
    const res = await fetch(`${server.url}/api/v1/exports/messages?format=parquet`, {
      headers: { authorization: `Bearer ${key}` },
    });
    if (res.status !== 200 || !res.body) throw new Error(`GET /api/v1/exports/messages: ${res.status}`);
    let received = 0;
    for await (const chunk of res.body) received += (chunk as Uint8Array).length;
    const ms = performance.now() - t0;
    const after = memory(server.pid);
    if (received !== Number(res.headers.get("content-length"))) throw new Error("short download");
    out.push(
      `\`GET /api/v1/exports/messages?format=parquet\` (${Number(res.headers.get("x-tallyline-rows")).toLocaleString("en-US")} rows, ${(received / 1e6).toFixed(1)} MB, ${secs(ms)}): server peak RSS (VmHWM) **${after.peak.toFixed(0)} MiB** (${before.peak.toFixed(0)} MiB before the request; RSS after ${after.now.toFixed(0)} MiB). DuckDB writes the file to a temporary file, which is then streamed in 64 KiB reads and deleted.`,
    );
  } finally {
    await server.stop();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(out.join("\n"));
if (write && !smoke)
  writeSection("Canonical export", [
    `Produced by \`pnpm bench:export --write\` (bench/export.ts) on ${machine()}. The machine was shared with other work (see the load averages): wall times are noisy, CPU times less so.`,
    "",
    ...out,
  ]);
