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
 * 1,000,000 rows/s and at most 2x (b).
 * Then, into the warehouse (a) loaded, small imports of 1,000 messages each (900 new ones, 100
 * replacing earlier messages by key), alternating with whole rebuilds of what a messages import
 * derives (rolled back): the derived tables are kept up to date for what an import touches
 * (packages/warehouse/src/derive.ts), and the rebuild is what each small import paid before. Target:
 * a small import under 0.5 s; the first rebuild also checks that the kept-up-to-date derived tables
 * equal the rebuilt ones (the run fails if not).
 * `--smoke` uses 10,000 conversations and 3 small imports (CI); `--write` replaces the section
 * "## Ingest" of docs/benchmarks.md.
 */
import { closeSync, fsyncSync, mkdtempSync, openSync, rmSync, statSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { importFile } from "@tallyline/ingest";
import { canonicalTables, DERIVED_TABLES, keyList, rebuildDerived, Warehouse } from "@tallyline/warehouse";
import { machine, writeSection } from "./doc";

const smoke = process.argv.includes("--smoke");
const write = process.argv.includes("--write");
const conversations = smoke ? 10_000 : 1_000_000;
const messages = conversations * 10;
const TARGET_ROWS_PER_SEC = 1_000_000;
const TARGET_RATIO = 2;
const SMALL_ROWS = 1_000;
const SMALL_RUNS = smoke ? 3 : 7;
const TARGET_SMALL_SECS = 0.5;

const dir = mkdtempSync(join(tmpdir(), "tl-bench-ingest-"));
const files = { conversations: join(dir, "conversations.csv"), messages: join(dir, "messages.csv") } as const;
type Table = keyof typeof files;

/** The start of conversation number `i` (SQL): one every 30 seconds from 2026-01-01. */
const start = (i: string) => `TIMESTAMP '2026-01-01 00:00:00' + to_seconds(${i} * 30)`;

/**
 * The messages of conversations `from` to `to` - 1 (SQL over range `j`, 10 per conversation, 6 s
 * apart), as in messages.csv; `later` seconds added to each and, with `flip`, from the other sender.
 */
function messageRows(from: number, to: number, later = 0, flip = false): string {
  const contact = flip ? "j % 2 = 1" : "j % 2 = 0";
  return `SELECT 'bench:m' || j AS message_id, 'bench:c' || (j // 10) AS conversation_id, (j % 10 + 1)::INTEGER AS seq,
           ${start("(j // 10)")} + to_seconds((j % 10) * 6 + ${later}) AS sent_at,
           CASE WHEN ${contact} THEN 'contact' ELSE 'agent' END AS sender,
           CASE WHEN NOT (${contact}) THEN 'bench:agent' || (j // 10 % 50) END AS agent_id,
           (j * 31 % 300)::INTEGER AS length_chars, 'bench:campaign' || (j // 10 % 20) AS campaign_id,
           CASE WHEN ${contact} THEN 'bench:contact' || ((j // 10) * 7919 % 200000) END AS contact_id
    FROM range(${from * 10}, ${to * 10}) r(j)`;
}

/** Writes the two canonical CSV files: 10 messages per conversation, 20 campaigns, 200,000 contacts, 50 agents. */
async function generate(): Promise<void> {
  const wh = await Warehouse.open(":memory:", { migrate: false });
  await wh.run(`COPY (
    SELECT 'bench:c' || i AS conversation_id, 'bench:campaign' || (i % 20) AS campaign_id,
           'bench:contact' || (i * 7919 % 200000) AS contact_id, ${start("i")} AS started_at,
           ${start("i")} + to_seconds(60 + i % 600) AS ended_at, 'chat' AS channel,
           ['en', 'nl', 'de'][1 + i % 3] AS language, ['bot', 'hybrid', 'agent', 'agent'][1 + i % 4] AS handled_by,
           10 AS message_count, (60 + i % 600)::DOUBLE AS duration_secs
    FROM range(${conversations}) r(i)) TO '${files.conversations}' (HEADER)`);
  await wh.run(`COPY (${messageRows(0, conversations)}) TO '${files.messages}' (HEADER)`);
  await wh.close();
}

/**
 * Writes small file number `k` (from 0): 900 messages of 90 new conversations after the data, and
 * 100 re-exported messages of 10 earlier conversations, each moved 10 minutes later (into another
 * minute and often another quarter-hour) and from the other sender.
 */
async function generateSmall(k: number): Promise<string> {
  const path = join(dir, `small-${k}_messages.csv`);
  const wh = await Warehouse.open(":memory:", { migrate: false });
  const fresh = conversations + k * 90;
  const earlier = conversations - 1_000 - k * 10;
  await wh.run(
    `COPY (${messageRows(fresh, fresh + 90)} UNION ALL ${messageRows(earlier, earlier + 10, 600, true)}) TO '${path}' (HEADER)`,
  );
  await wh.close();
  return path;
}

/** Median of `xs`. */
const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? (s[(s.length - 1) / 2] ?? 0) : ((s[s.length / 2 - 1] ?? 0) + (s[s.length / 2] ?? 0)) / 2;
};

/** The derived tables and derived flag columns, as SELECTs (for the comparison with a whole rebuild). */
const DERIVED_ROWS = [
  ...DERIVED_TABLES.map((t) => `SELECT * FROM ${t}`),
  "SELECT conversation_id, assigned, served FROM conversations",
  "SELECT message_id, conversation_assigned, campaign_id, contact_id FROM messages",
];

/**
 * Small imports into the warehouse at `path` (loaded by line (a)), each followed by a whole rebuild
 * of what a messages import derives inside a transaction that is rolled back; the first rebuild is
 * compared with the derived tables as the imports kept them (EXCEPT ALL both ways).
 */
async function smallImports(path: string) {
  const wh = await Warehouse.open(path);
  const imports: Timing[] = [];
  const rebuilds: Timing[] = [];
  let mismatches = -1;
  try {
    for (let k = 0; k < SMALL_RUNS; k++) {
      const file = await generateSmall(k);
      imports.push(
        await timed(async () => {
          const s = await importFile(wh, file, { source: "canonical" });
          if (s.rowsByTable.messages !== SMALL_ROWS) throw new Error(`small import: ${JSON.stringify(s.rowsByTable)}`);
        }),
      );
      // Measured inside a transaction that is then rolled back (by throwing `undo`).
      const undo = new Error("roll back");
      await wh
        .transaction(async (tx) => {
          if (k === 0) {
            for (const [i, rows] of DERIVED_ROWS.entries()) await tx.run(`CREATE TEMP TABLE _kept_${i} AS ${rows}`);
          }
          rebuilds.push(await timed(() => rebuildDerived(tx, ["messages"])));
          if (k === 0) {
            mismatches = 0;
            for (const [i, rows] of DERIVED_ROWS.entries()) {
              const [row] = await tx.query<{ n: number }>(
                `SELECT (SELECT count(*) FROM (FROM _kept_${i} EXCEPT ALL ${rows})) + (SELECT count(*) FROM (${rows} EXCEPT ALL FROM _kept_${i})) AS n`,
              );
              mismatches += row?.n ?? 1;
            }
          }
          throw undo;
        })
        .catch((error: unknown) => {
          if (error !== undo) throw error;
        });
    }
  } finally {
    await wh.close();
  }
  return { imports, rebuilds, mismatches };
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
  const small = await smallImports(join(dir, "canonical.duckdb"));
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
    "",
    `Small imports into the warehouse (a) loaded: ${SMALL_RUNS} files of ${n(SMALL_ROWS)} messages (900 new ones in 90 new conversations, 100 replacing earlier messages by key, each moved 10 minutes later and from the other sender), each followed by a whole rebuild of what a messages import derives (keys filled from conversations, contact-centre flags, message_minutes, conversation_quarters, contact_message_quarters) in a transaction rolled back (its COMMIT not counted).`,
    "",
    "| step | median (s) | fastest (s) | slowest (s) | median CPU (s) |",
    "| --- | ---: | ---: | ---: | ---: |",
    ...(
      [
        ["importFile of 1,000 messages, derived tables kept up to date for what it touches", small.imports],
        [
          "whole rebuild of what a messages import derives (what each small import paid before, on top of its writing)",
          small.rebuilds,
        ],
      ] as const
    ).map(
      ([label, t]) =>
        `| ${label} | ${n(median(t.map((x) => x.wall)), 3)} | ${n(Math.min(...t.map((x) => x.wall)), 3)} | ${n(Math.max(...t.map((x) => x.wall)), 3)} | ${n(median(t.map((x) => x.cpu)), 3)} |`,
    ),
    "",
    `Target for a small import: under ${TARGET_SMALL_SECS} s: ${median(small.imports.map((x) => x.wall)) < TARGET_SMALL_SECS ? "met" : "NOT met"}. After the first small import, every derived table and derived column equals a whole rebuild (EXCEPT ALL both ways): ${small.mismatches === 0 ? "yes" : `NO (${small.mismatches} rows differ)`}.`,
  ];
  console.log(lines.join("\n"));
  if (small.mismatches !== 0) throw new Error("the derived tables kept up to date differ from a whole rebuild");
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
