/**
 * `pnpm bench:ingest [--smoke] [--write]`: load speed of the canonical adapter. Generates
 * 1,000,000 conversations and 10,000,000 messages as canonical CSV files (SQL inside DuckDB, written
 * with COPY: deterministic), then in one run measures
 * (a) `importFile` of both files through the canonical adapter (read, SHA-256, stage, checks, upsert,
 *     campaign/contact fill, commit) into a migrated database, and
 * (b) DuckDB's plain `CREATE TABLE AS SELECT * FROM read_csv(file)` of the same files into tables
 *     without keys or checks, in a second database,
 * plus, to show where the difference goes, (c) a typed read_csv INSERT into the canonical tables
 * themselves (no checks, no key handling: their NOT NULLs only) and (d) the same INSERT into copies
 * of them with a PRIMARY KEY, as the tables had before migration 5. Targets: (a) at least
 * 1,000,000 rows/s and at most 2x (b). `--smoke` uses 10,000 conversations (CI); `--write` appends the result to
 * docs/benchmarks.md under "## Ingest".
 */
import { closeSync, fsyncSync, mkdtempSync, openSync, rmSync, statSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { importFile } from "@tallyline/ingest";
import { canonicalTables, keyList, Warehouse } from "@tallyline/warehouse";
import { machine, writeSection } from "./doc";

const smoke = process.argv.includes("--smoke");
const write = process.argv.includes("--write");
const conversations = smoke ? 10_000 : 1_000_000;
const messages = conversations * 10;
const TARGET_ROWS_PER_SEC = 1_000_000;
const TARGET_RATIO = 2;

const dir = mkdtempSync(join(tmpdir(), "tl-bench-ingest-"));
const files = { conversations: join(dir, "conversations.csv"), messages: join(dir, "messages.csv") } as const;
type Table = keyof typeof files;

/** Writes the two canonical CSV files: 10 messages per conversation, 20 campaigns, 200,000 contacts, 50 agents. */
async function generate(): Promise<void> {
  const wh = await Warehouse.open(":memory:", { migrate: false });
  const start = (i: string) => `TIMESTAMP '2026-01-01 00:00:00' + to_seconds(${i} * 30)`;
  await wh.run(`COPY (
    SELECT 'bench:c' || i AS conversation_id, 'bench:campaign' || (i % 20) AS campaign_id,
           'bench:contact' || (i * 7919 % 200000) AS contact_id, ${start("i")} AS started_at,
           ${start("i")} + to_seconds(60 + i % 600) AS ended_at, 'chat' AS channel,
           ['en', 'nl', 'de'][1 + i % 3] AS language, ['bot', 'hybrid', 'agent', 'agent'][1 + i % 4] AS handled_by,
           10 AS message_count, (60 + i % 600)::DOUBLE AS duration_secs
    FROM range(${conversations}) r(i)) TO '${files.conversations}' (HEADER)`);
  await wh.run(`COPY (
    SELECT 'bench:m' || j AS message_id, 'bench:c' || (j // 10) AS conversation_id, (j % 10 + 1)::INTEGER AS seq,
           ${start("(j // 10)")} + to_seconds((j % 10) * 6) AS sent_at,
           CASE WHEN j % 2 = 0 THEN 'contact' ELSE 'agent' END AS sender,
           CASE WHEN j % 2 = 1 THEN 'bench:agent' || (j // 10 % 50) END AS agent_id,
           (j * 31 % 300)::INTEGER AS length_chars, 'bench:campaign' || (j // 10 % 20) AS campaign_id,
           CASE WHEN j % 2 = 0 THEN 'bench:contact' || ((j // 10) * 7919 % 200000) END AS contact_id
    FROM range(${messages}) r(j)) TO '${files.messages}' (HEADER)`);
  await wh.close();
}

/** Wall-clock and CPU seconds (all threads of the process, so DuckDB's too) taken by `fn`. */
interface Timing {
  readonly wall: number;
  readonly cpu: number;
}

async function timed(fn: () => Promise<unknown>): Promise<Timing> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await fn();
  const cpu = process.cpuUsage(cpu0);
  return { wall: (performance.now() - t0) / 1000, cpu: (cpu.user + cpu.system) / 1e6 };
}

/** Loads both files with `load` into a fresh database; the timing of each table and their sum. */
async function measure(name: string, migrate: boolean, load: (wh: Warehouse, table: Table) => Promise<unknown>) {
  const wh = await Warehouse.open(join(dir, `${name}.duckdb`), { migrate });
  const conversations = await timed(() => load(wh, "conversations"));
  const messages = await timed(() => load(wh, "messages"));
  await wh.close();
  const total = { wall: conversations.wall + messages.wall, cpu: conversations.cpu + messages.cpu };
  return { conversations, messages, total };
}

const typedColumns = (table: Table, header: string[]) =>
  `{${header.map((c) => `'${c}': '${(canonicalTables[table].columns as Record<string, { type: string }>)[c]?.type}'`).join(", ")}}`;

try {
  const generated = await timed(generate);
  // The 1 GB just written is flushed to disk before any line is timed, so that the kernel's
  // write-back does not slow whichever line runs first.
  for (const file of Object.values(files)) {
    const fd = openSync(file, "r+");
    fsyncSync(fd);
    closeSync(fd);
  }
  const rows = { conversations, messages };
  const total = conversations + messages;
  const mb = (t: Table) => statSync(files[t]).size / 2 ** 20;
  const load0 = loadavg()[0] ?? 0;

  const viaImport = async (wh: Warehouse, table: Table) => {
    const s = await importFile(wh, files[table], { source: "canonical" });
    if (s.rowsByTable[table] !== rows[table]) throw new Error(`${table}: ${JSON.stringify(s.rowsByTable)}`);
  };
  const canonical = await measure("canonical", true, viaImport);
  const plain = await measure("plain", false, (wh, table) =>
    wh.run(`CREATE TABLE ${table} AS SELECT * FROM read_csv('${files[table]}')`),
  );
  /** A typed read_csv INSERT into `table`: what the canonical adapter does minus checks, staging and bookkeeping. */
  const typedInsert = async (wh: Warehouse, table: string, file: Table) => {
    const [row] = await wh.query<{ h: string }>(
      `SELECT string_agg(column_name, ',') AS h FROM (DESCRIBE SELECT * FROM read_csv('${files[file]}'))`,
    );
    const header = (row?.h ?? "").split(",");
    await wh.run(
      `INSERT INTO ${table} (${header.join(", ")}, source, import_id)
       SELECT *, 'bench', 'bench' FROM read_csv('${files[file]}', header = true, auto_detect = false, columns = ${typedColumns(file, header)})`,
    );
  };
  const unkeyed = await measure("unkeyed", true, (wh, table) => typedInsert(wh, table, table));
  const keyed = await measure("keyed", true, async (wh, table) => {
    await wh.run(`CREATE TABLE keyed_${table} AS SELECT * FROM ${table} LIMIT 0`);
    await wh.run(`ALTER TABLE keyed_${table} ADD PRIMARY KEY (${keyList(table)})`);
    await typedInsert(wh, `keyed_${table}`, table);
  });

  const n = (x: number, digits = 0) =>
    x.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
  const ratio = canonical.total.wall / plain.total.wall;
  const canonicalRate = total / canonical.total.wall;
  const line = (label: string, m: typeof plain) =>
    `| ${label} | ${n(m.conversations.wall, 2)} | ${n(m.messages.wall, 2)} | ${n(m.total.wall, 2)} | ${n(total / m.total.wall)} | ${n(m.total.wall / plain.total.wall, 2)}x | ${n(m.total.cpu, 1)} | ${n(m.total.cpu / plain.total.cpu, 2)}x |`;
  const lines = [
    `Files: conversations.csv ${n(rows.conversations)} rows (${n(mb("conversations"))} MB), messages.csv ${n(rows.messages)} rows (${n(mb("messages"))} MB); generated in ${n(generated.wall, 1)} s. Load average ${n(load0, 1)} at the start, ${n(loadavg()[0] ?? 0, 1)} at the end (other work on the machine slows every line alike; the CPU columns count this process's own CPU time, DuckDB's threads included).`,
    "",
    "| load | conversations (s) | messages (s) | total (s) | rows/s | vs plain | CPU (s) | CPU vs plain |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    line("(a) importFile, canonical adapter", canonical),
    line("(b) plain read_csv, CREATE TABLE AS", plain),
    line("(c) typed read_csv INSERT into the canonical tables (no checks, no key handling)", unkeyed),
    line("(d) the same INSERT into copies of them with a PRIMARY KEY (the design before migration 5)", keyed),
    "",
    `Targets for (a): >= ${n(TARGET_ROWS_PER_SEC)} rows/s: ${canonicalRate >= TARGET_ROWS_PER_SEC ? "met" : "NOT met"} (${n(canonicalRate)}); <= ${TARGET_RATIO}x plain: ${ratio <= TARGET_RATIO ? "met" : "NOT met"} (${n(ratio, 2)}x).`,
    "",
    `Where the time goes: the import adds (a) - (c) = ${n(canonical.total.wall - unkeyed.total.wall, 1)} s to a bare typed insert (reading and hashing the file, text cast once and tested per value, counting the distinct keys, filling derived columns, recording the import). A PRIMARY KEY index would add (d) - (c) = ${n(keyed.total.wall - unkeyed.total.wall, 1)} s by itself, which is why the tables have none and the import enforces the natural key (migration 5).`,
  ];
  console.log(lines.join("\n"));
  if (write) {
    writeSection("Ingest", [
      `Produced by \`pnpm bench:ingest --write\` (bench/ingest.ts; \`--smoke\` runs 10,000 conversations). Machine: ${machine()}.`,
      "",
      ...lines,
    ]);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
