/**
 * The eight Conversation24 exports written from the warehouse (packages/ingest/src/export/c24.ts)
 * read back to the same figures (issue 12, "The eight Conversation24 exports of seed 003"):
 *
 * 1. a generation (packages/synth; a week across the end of summer time in Europe/Amsterdam on
 *    2026-10-25) is written as the eight Conversation24 exports, which are imported into the
 *    **source** database: the chat data a Conversation24 customer has;
 * 2. `writeC24Exports` writes the source's eight exports (timestamps in America/New_York, a zone
 *    that is neither the data's nor the import's, so a lost offset would show);
 * 3. the written files are imported with the normal importer (detected by header, zone UTC) into an
 *    empty **copy** database;
 * 4. every report that reads chat data (every report of the registry whose definition names no
 *    call table: the tables a definition reads are every `table` it names, fact, other facts,
 *    summaries, lookups, `exists`) runs on both, over several periods and zones, and must give
 *    deep-equal results; the copy's canonical rows must equal the source's (but `import_id`).
 *
 * A period export (`from`/`to`) is checked against independent SQL over the source.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { importFile, writeC24Exports } from "@tallyline/ingest";
import { generate, writeGenerated } from "@tallyline/synth";
import { canonicalTables, isWrittenTable, Warehouse } from "@tallyline/warehouse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultRegistry, type ReportDefinition, runReport } from "../src/index";

const OPTIONS = { seed: 5, days: 7, end: "2026-10-27", timezone: "Europe/Amsterdam", scale: 60 };
/** Import order: Agent performance last, as it names the campaigns (docs/ingest.md). */
const FILES = [
  "agents.csv",
  "hosts.csv",
  "agent-activity.csv",
  "slots.csv",
  "conversations.csv",
  "invites.csv",
  "traffic.csv",
  "agent-performance.csv",
];
/** Tables of call data: a report naming one of them does not read (only) chat data. */
const CALL_TABLES = new Set(["calls", "call_quality", "call_check_results", "quality_checks", "check_quality"]);

let dir: string;
let source: Warehouse;
let copy: Warehouse;

async function importAll(wh: Warehouse, folder: string, timezone: string) {
  for (const f of FILES) {
    const s = await importFile(wh, join(folder, f), { timezone });
    expect(s.source, f).toBe(`c24-${f.replace(".csv", "")}`);
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tl-c24-roundtrip-"));
  const generated = join(dir, "generated");
  await writeGenerated(generated, generate(OPTIONS));
  source = await Warehouse.open(join(dir, "source.duckdb"));
  await importAll(source, join(generated, "c24"), OPTIONS.timezone);
  const written = await writeC24Exports(source, join(dir, "written"), { timezone: "America/New_York" });
  expect(written.map((w) => w.file.split("/").pop()).sort()).toEqual([...FILES].sort());
  copy = await Warehouse.open(join(dir, "copy.duckdb"));
  await importAll(copy, join(dir, "written"), "UTC");
}, 60_000);
afterAll(async () => {
  await source?.close();
  await copy?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Every `table` a definition names (its fact, other facts, summary, derived base, lookups, exists). */
function tablesOf(def: ReportDefinition): Set<string> {
  const out = new Set<string>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) {
        if (k === "table" && typeof x === "string") out.add(x);
        walk(x);
      }
    }
  };
  walk(def);
  return out;
}

const chatReports = () =>
  defaultRegistry()
    .list()
    .filter((d) => ![...tablesOf(d)].some((t) => CALL_TABLES.has(t)));

describe("the reports that read chat data", () => {
  it("are every report of the registry but the call and quality-check ones", () => {
    const all = defaultRegistry().list();
    const chat = chatReports();
    const calls = all.filter((d) => !chat.includes(d)).map((d) => d.id);
    expect(calls.every((id) => id.startsWith("calls.") || id.startsWith("quality_checks."))).toBe(true);
    expect(chat.length).toBeGreaterThanOrEqual(45);
    // Each chat fact of seed 003 is read by at least one of them.
    const read = new Set(chat.flatMap((d) => [...tablesOf(d)]));
    for (const t of [
      "conversations",
      "assignments",
      "ratings",
      "agent_states",
      "agent_shifts",
      "invites_hourly",
      "traffic_hourly",
    ]) {
      expect(read.has(t), t).toBe(true);
    }
  });
});

/** Periods and zones: the whole week (and the day after), the DST day alone, and other zones with compare. */
const QUERIES = [
  { from: "2026-10-21", to: "2026-10-28", timezone: "Europe/Amsterdam", compare: "none" },
  { from: "2026-10-25", to: "2026-10-25", timezone: "Europe/Amsterdam", compare: "previous" },
  { from: "2026-10-23", to: "2026-10-26", timezone: "Asia/Kolkata", compare: "previous" },
  { from: "2026-10-24", to: "2026-10-27", timezone: "America/New_York", compare: "none", grain: "hour" },
] as const;

describe("the written exports imported into an empty database", () => {
  it("give every chat report the same result as the source, for every period and zone", async () => {
    let nonEmpty = 0;
    for (const def of chatReports()) {
      for (const q of QUERIES) {
        // Only timeseries take a grain; the others take their default.
        const query = def.shape === "timeseries" ? q : { ...q, grain: undefined };
        const want = await runReport(def, query, (sql, params) => source.query(sql, params));
        const got = await runReport(def, query, (sql, params) => copy.query(sql, params));
        expect(got, `${def.id} ${JSON.stringify(q)}`).toEqual(want);
        if (JSON.stringify(want).match(/"value":[1-9]/)) nonEmpty++;
      }
    }
    // The comparison is not between empty results: most reports have figures (not those over the
    // conversation's life: the exports carry no messages, status events or surveys, so those are
    // empty on both sides).
    const lifeTables = [
      "replies",
      "resolution_events",
      "resolution_labels",
      "conversation_bot",
      "surveys",
      "conversation_events",
    ];
    expect(nonEmpty).toBeGreaterThan(chatReports().filter((d) => !lifeTables.includes(d.table)).length * 2);
  }, 120_000);

  it("hold the same canonical rows as the source (but import_id)", async () => {
    for (const table of Object.keys(canonicalTables).filter((t) => isWrittenTable(t as never))) {
      const columns = Object.keys(canonicalTables[table as keyof typeof canonicalTables].columns).filter(
        (c) => c !== "import_id",
      );
      const list = columns.map((c) => `"${c}"`).join(", ");
      const rows = async (wh: Warehouse) =>
        (await wh.query(`SELECT ${list} FROM ${table} ORDER BY ALL`)).map((r) => JSON.stringify(r));
      const [want, got] = [await rows(source), await rows(copy)];
      expect(got.length, table).toBe(want.length);
      expect(got, table).toEqual(want);
    }
    const n = await source.query<{ n: number }>("SELECT count(*) AS n FROM conversations");
    expect(n[0]?.n).toBeGreaterThan(150);
  });
});

/** Local day in `$1` of a UTC TIMESTAMP column, by DuckDB's own time zones (not the writer's code). */
const localDay = (column: string) => `strftime(timezone($1, timezone('UTC', ${column})), '%Y-%m-%d')`;

describe("a period export (from/to: local days, inclusive)", () => {
  const PERIOD = { from: "2026-10-24", to: "2026-10-25", timezone: "Europe/Amsterdam" };
  let period: Warehouse;
  let counts: Record<string, number>;

  beforeAll(async () => {
    const folder = join(dir, "period");
    const written = await writeC24Exports(source, folder, PERIOD);
    counts = Object.fromEntries(written.map((w) => [w.file.split("/").pop(), w.rows]));
    period = await Warehouse.open(join(dir, "period.duckdb"));
    await importAll(period, folder, "UTC");
  }, 60_000);
  afterAll(async () => {
    await period?.close();
  });

  it("holds the rows of the period, as independent SQL over the source counts them", async () => {
    const p = [PERIOD.timezone, PERIOD.from, PERIOD.to];
    const n = async (sql: string, params = p) => Number((await source.query<{ n: number }>(sql, params))[0]?.n);
    const inDays = (c: string) => `${localDay(c)} BETWEEN $2 AND $3`;
    // Intervals overlap the period: begin before the local midnight that ends it, and begin in it,
    // or have not ended, or end after the local midnight that starts it.
    const local = (c: string) => `timezone($1, timezone('UTC', ${c}))`;
    const overlap = (s: string, e: string) =>
      `${local(s)} < CAST($3 AS DATE) + INTERVAL 1 DAY AND (${local(s)} >= CAST($2 AS DATE) OR ${e} IS NULL OR ${local(e)} > CAST($2 AS DATE))`;
    const want = {
      "conversations.csv": await n(
        `SELECT count(*) AS n FROM conversations c WHERE ${inDays("started_at")} AND EXISTS (SELECT 1 FROM assignments a WHERE a.conversation_id = c.conversation_id)`,
      ),
      "agent-activity.csv": await n(
        `SELECT count(*) AS n FROM agent_states WHERE origin = 'activity' AND ${overlap("time_start", "time_end")}`,
      ),
      "slots.csv": await n(
        `SELECT count(*) AS n FROM agent_states WHERE origin = 'slots' AND ${overlap("time_start", "time_end")}`,
      ),
      "agent-performance.csv": await n(
        `SELECT count(*) AS n FROM agent_shifts WHERE ${overlap("workshift_start", "workshift_end")}`,
      ),
      "invites.csv": await n(`SELECT count(*) AS n FROM invites_hourly WHERE ${inDays("hour_begin_time")}`),
      "traffic.csv": await n(`SELECT count(*) AS n FROM traffic_hourly WHERE ${inDays("hour_begin_time")}`),
      // Static reports: every row.
      "agents.csv": await n("SELECT count(*) AS n FROM agents", []),
      "hosts.csv": await n("SELECT count(*) AS n FROM hosts", []),
    };
    expect(counts).toEqual(want);
    expect(want["conversations.csv"]).toBeGreaterThan(20);
    expect(want["conversations.csv"]).toBeLessThan(
      Number((await source.query<{ n: number }>("SELECT count(*) AS n FROM conversations"))[0]?.n),
    );
  });

  // contacts.new counts visitors whose first conversation ever falls in the period: a period export
  // cannot carry a visitor's earlier conversations, so returning visitors count as new in the copy.
  it("gives the chat reports of that period the source's results, but new contacts", async () => {
    const differ: string[] = [];
    for (const def of chatReports()) {
      const query = { ...PERIOD, compare: "none" };
      const want = await runReport(def, query, (sql, params) => source.query(sql, params));
      const got = await runReport(def, query, (sql, params) => period.query(sql, params));
      if (JSON.stringify(got) !== JSON.stringify(want)) differ.push(def.id);
    }
    expect(differ).toEqual(["contacts.new"]);
  });
});
