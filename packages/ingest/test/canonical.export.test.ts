/**
 * Canonical table exports (packages/warehouse/src/exports.ts) on hand-made data loaded through the
 * canonical import, with instants on both sides of month edges:
 *
 * | message | sent_at (UTC)               | month file        |
 * | m1      | 2023-12-31 23:59:59         | year=2023/month=12|
 * | m2      | 2024-01-31 23:59:59.999999  | year=2024/month=01|
 * | m3      | 2024-02-01 00:00:00         | year=2024/month=02|
 * | m4      | 2024-02-29 23:59:59.999999  | year=2024/month=02|
 * | m5      | 2024-03-01 00:00:00         | year=2024/month=03|
 * | m6      | NULL                        | __HIVE_DEFAULT_PARTITION__ |
 *
 * Texts carry a comma, quotes, a line break, a leading `=`, and non-ASCII letters. Checksums are
 * computed here with our own SQL (count and `sum(hash(column))` per column) over the source
 * tables, over DuckDB's read of the written Parquet, and over a second database into which the CSV
 * files were imported with `importFile`; all three and the manifest (with its opt-in column
 * checksums) must agree. Each file's SHA-256 in the manifest is checked against this test's own
 * hash of the file's bytes.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  canonicalTables,
  EXPORT_TABLES,
  type ExportManifest,
  exportTables,
  parseExportRange,
  type TableProgress,
  Warehouse,
  type WrittenTableName,
} from "@tallyline/warehouse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOADABLE_TABLES } from "../src/adapters/canonical/tables";
import { importFile } from "../src/index";

const FILES: Record<string, string> = {
  "campaigns.csv": "campaign_id,name,channel\nweb,Web chat,chat\n",
  "agents.csv":
    'agent_id,username,first_name,disabled\nann,ann,"Ann, ""the"" first",false\nbob,=HYPERLINK(1),Bøb,true\n',
  "conversations.csv": [
    "conversation_id,campaign_id,started_at,ended_at,channel,intent",
    "c1,web,2023-12-31 23:50:00,2024-01-01 00:10:00,chat,billing",
    'c2,web,2024-01-31 23:59:59.999999,,chat,"=1+1"',
    "c3,web,2024-02-01 00:00:00,2024-02-01 00:05:00,chat,",
    "c4,web,2024-02-29 23:59:59.999999,,chat,order",
    "c5,web,2024-03-01 00:00:00,,chat,order",
    "",
  ].join("\n"),
  "assignments.csv": [
    "assignment_id,conversation_id,seq,agent_id,assigned_at,accepted_at,missed",
    "a1,c3,1,ann,2024-02-01 00:01:00,2024-02-01 00:01:30,false",
    "a2,c4,1,,2024-03-01 00:00:30,,true",
    "",
  ].join("\n"),
  "messages.csv": [
    "message_id,conversation_id,seq,sent_at,sender,agent_id,length_chars,text",
    "m1,c1,1,2023-12-31 23:59:59,contact,,5,hello",
    'm2,c2,1,2024-01-31 23:59:59.999999,contact,,12,"a,""b""\nc"',
    "m3,c3,1,2024-02-01 00:00:00,agent,ann,3,=cmd|' /C calc'!A0",
    "m4,c4,1,2024-02-29 23:59:59.999999,contact,,9,Ünïcödé ✓",
    "m5,c5,1,2024-03-01 00:00:00,bot,,2,@x",
    "m6,c5,2,,system,,0,",
    "",
  ].join("\n"),
  "ratings.csv": "rating_id,conversation_id,rated_at,scale,value\nr1,c3,2024-02-01 00:09:00,thumbs,1\n",
};

let dir: string;
let source: Warehouse;

/** Count and per-column `sum(hash(column))` of `from` (a table or a read_parquet call), by this test's own SQL. */
async function checksums(wh: Warehouse, table: WrittenTableName, from: string, skip: string[] = []) {
  const cols = Object.keys(canonicalTables[table].columns).filter((c) => !skip.includes(c));
  const [row] = await wh.query(
    `SELECT count(*)::VARCHAR AS rows, ${cols.map((c) => `coalesce(sum(hash("${c}")), 0)::VARCHAR AS "${c}"`).join(", ")} FROM ${from}`,
  );
  return row as Record<string, string>;
}

/** The manifest's figures in the shape of {@link checksums}. */
function fromManifest(m: ExportManifest, table: WrittenTableName, skip: string[] = []) {
  const t = m.tables[table];
  if (!t) throw new Error(`${table} missing from the manifest`);
  const cols = Object.fromEntries(Object.entries(t.columns ?? {}).filter(([c]) => !skip.includes(c)));
  return { rows: String(t.rows), ...cols };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tl-export-"));
  for (const [name, text] of Object.entries(FILES)) writeFileSync(join(dir, name), text);
  source = await Warehouse.open(join(dir, "source.duckdb"));
  for (const name of Object.keys(FILES)) await importFile(source, join(dir, name));
});
afterAll(async () => {
  await source?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs `fn` on a connection of its own (as the CLI and the API do). */
async function onOwnConnection<T>(wh: Warehouse, fn: (c: Awaited<ReturnType<Warehouse["attach"]>>[0]) => Promise<T>) {
  const owner = { close: async () => conn?.closeSync() };
  const [conn] = await wh.attach(owner, 1);
  if (!conn) throw new Error("no connection");
  try {
    return await fn(conn);
  } finally {
    conn.closeSync();
    wh.detach(owner);
  }
}

/** Like {@link onOwnConnection} with two connections: the CLI's way (exportTables' moreConnections). */
async function onTwoConnections<T>(
  wh: Warehouse,
  fn: (c: Awaited<ReturnType<Warehouse["attach"]>>[0], more: Awaited<ReturnType<Warehouse["attach"]>>) => Promise<T>,
) {
  const owner = {
    close: async () => {
      for (const c of conns) c.closeSync();
    },
  };
  const conns = await wh.attach(owner, 2);
  const [conn, ...more] = conns;
  if (!conn) throw new Error("no connection");
  try {
    return await fn(conn, more);
  } finally {
    for (const c of conns) c.closeSync();
    wh.detach(owner);
  }
}

/**
 * A manifest's files without their sizes, SHA-256 and column checksums (the bytes of a Parquet file
 * depend on the threads that wrote it; column checksums are opt-in).
 */
const filesOf = (m: ExportManifest) =>
  Object.fromEntries(
    Object.entries(m.tables).map(([t, { columns: _, ...v }]) => [
      t,
      { ...v, bytes: 0, files: v.files.map(({ columns: _c, ...f }) => ({ ...f, bytes: 0, sha256: "" })) },
    ]),
  );

/** SHA-256 of a file's bytes, hex, by this test (node:crypto over the whole file read at once). */
const sha256Of = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

describe("Parquet export", () => {
  let out: string;
  let manifest: ExportManifest;
  const progress: string[] = [];
  const phases: [string, TableProgress["phases"]][] = [];
  beforeAll(async () => {
    out = join(dir, "parquet");
    manifest = await onOwnConnection(source, (c) =>
      exportTables(c, {
        format: "parquet",
        out,
        now: () => Date.parse("2026-12-07T10:00:00Z"),
        onTable: (p) => {
          progress.push(`${p.table} ${p.rows}`);
          phases.push([p.table, p.phases]);
        },
      }),
    );
  });

  it("writes one file per UTC month of the time column, month edges on the right side, NULL times apart", () => {
    const files = (readdirSync(join(out, "messages"), { recursive: true }) as string[])
      .filter((f) => f.endsWith(".parquet"))
      .sort();
    expect(files).toEqual([
      "year=2023/month=12/messages.parquet",
      "year=2024/month=01/messages.parquet",
      "year=2024/month=02/messages.parquet",
      "year=2024/month=03/messages.parquet",
      "year=__HIVE_DEFAULT_PARTITION__/month=__HIVE_DEFAULT_PARTITION__/messages.parquet",
    ]);
    const m = manifest.tables.messages;
    expect(m?.files.map((f) => [f.path, f.year, f.month, f.rows])).toEqual([
      ["messages/year=2023/month=12/messages.parquet", 2023, 12, 1],
      ["messages/year=2024/month=01/messages.parquet", 2024, 1, 1],
      ["messages/year=2024/month=02/messages.parquet", 2024, 2, 2],
      ["messages/year=2024/month=03/messages.parquet", 2024, 3, 1],
      ["messages/year=__HIVE_DEFAULT_PARTITION__/month=__HIVE_DEFAULT_PARTITION__/messages.parquet", null, null, 1],
    ]);
    // Tables without a time column: one file, whole.
    expect(manifest.tables.agents?.files.map((f) => [f.path, f.rows])).toEqual([["agents/agents.parquet", 2]]);
    expect(manifest.tables.agents?.timeColumn).toBeNull();
    // Tables without rows: no file, listed with 0 rows.
    expect(manifest.tables.calls).toMatchObject({ rows: 0, bytes: 0, files: [] });
  });

  it("every file's rows are its month's, as DuckDB reads them back (hive partitioning)", async () => {
    const rows = await source.query(
      `SELECT message_id, year::VARCHAR AS y, month::VARCHAR AS m FROM read_parquet('${out}/messages/*/*/*.parquet', hive_partitioning = true, hive_types_autocast = false) ORDER BY message_id`,
    );
    expect(rows).toEqual([
      { message_id: "m1", y: "2023", m: "12" },
      { message_id: "m2", y: "2024", m: "01" },
      { message_id: "m3", y: "2024", m: "02" },
      { message_id: "m4", y: "2024", m: "02" },
      { message_id: "m5", y: "2024", m: "03" },
      { message_id: "m6", y: null, m: null },
    ]);
  });

  it("read back by DuckDB: the same row counts and column checksums as the source tables; the manifest's rows, bytes and SHA-256 per file", async () => {
    for (const table of EXPORT_TABLES) {
      const expected = await checksums(source, table, table);
      const t = manifest.tables[table];
      // Without --column-checksums the manifest has rows, bytes and SHA-256, no column checksums.
      expect(fromManifest(manifest, table), table).toEqual({ rows: expected.rows });
      expect(t?.columns, table).toBeUndefined();
      if (!t?.files.length) continue;
      const list = t.files.map((f) => `'${join(out, f.path)}'`).join(", ");
      expect(await checksums(source, table, `read_parquet([${list}])`), table).toEqual(expected);
      for (const f of t.files) {
        const one = await checksums(source, table, `read_parquet('${join(out, f.path)}')`);
        const path = join(out, f.path);
        expect({ rows: one.rows, bytes: readFileSync(path).length, sha256: sha256Of(path) }).toEqual({
          rows: String(f.rows),
          bytes: f.bytes,
          sha256: f.sha256,
        });
        expect(f.columns).toBeUndefined();
      }
    }
    expect(Number(fromManifest(manifest, "messages").rows)).toBe(6);
    // The hashes are of the files' own bytes: distinct files, distinct hashes.
    const all = Object.values(manifest.tables).flatMap((t) => t.files.map((f) => f.sha256));
    expect(new Set(all).size).toBe(all.length);
    expect(all.every((h) => /^[0-9a-f]{64}$/.test(h))).toBe(true);
  });

  it("with a second connection (the CLI's way, one thread a statement) and column checksums: the same files, rows and checksums, read back; threads restored", async () => {
    const [before] = await source.query("SELECT current_setting('threads') AS t");
    const two = join(dir, "parquet-two");
    const m = await onTwoConnections(source, (c, more) =>
      exportTables(c, {
        format: "parquet",
        out: two,
        now: () => Date.parse("2026-12-07T10:00:00Z"),
        moreConnections: more,
        columnChecksums: true,
      }),
    );
    expect(filesOf(m)).toEqual(filesOf(manifest));
    expect(m.checksum).toMatch(/^per column: sum over the rows of DuckDB hash/);
    for (const table of EXPORT_TABLES) {
      const expected = await checksums(source, table, table);
      expect(fromManifest(m, table), table).toEqual(expected);
      const files = m.tables[table]?.files ?? [];
      if (!files.length) continue;
      const list = files.map((f) => `'${join(two, f.path)}'`).join(", ");
      expect(await checksums(source, table, `read_parquet([${list}])`), table).toEqual(expected);
      for (const f of files) {
        const path = join(two, f.path);
        const { rows, ...columns } = await checksums(source, table, `read_parquet('${path}')`);
        expect({ rows, ...columns, sha256: sha256Of(path) }, f.path).toEqual({
          rows: String(f.rows),
          ...f.columns,
          sha256: f.sha256,
        });
      }
    }
    expect(await source.query("SELECT current_setting('threads') AS t")).toEqual([before]);
    const feb = await onTwoConnections(source, (c, more) =>
      exportTables(c, {
        format: "csv",
        out: join(dir, "february-two"),
        range: parseExportRange("2024-02-01", "2024-02-29"),
        moreConnections: more,
      }),
    );
    expect(feb.tables.messages?.files.map((f) => [f.path, f.rows])).toEqual([
      ["messages/year=2024/month=02/messages.csv", 2],
    ]);
  });

  it("the manifest file: format, schema version, export time, range, one progress report per table", async () => {
    const onDisk = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")) as ExportManifest;
    expect(onDisk).toEqual(manifest);
    const [v] = await source.query("SELECT max(version) AS v FROM schema_migrations");
    expect(onDisk).toMatchObject({
      format: "parquet",
      schemaVersion: v?.v,
      exportedAt: "2026-12-07T10:00:00.000Z",
      range: { from: null, to: null, timezone: "UTC" },
      fileChecksum: expect.stringMatching(/^sha256: SHA-256 of the file's bytes/),
    });
    // The column checksums' definition only with the column checksums.
    expect(onDisk.checksum).toBeUndefined();
    expect(Object.keys(onDisk.tables)).toEqual([...EXPORT_TABLES]);
    expect(EXPORT_TABLES).not.toContain("imports");
    // What is exported is exactly what the canonical import loads back.
    expect([...EXPORT_TABLES]).toEqual([...LOADABLE_TABLES]);
    expect(EXPORT_TABLES).not.toContain("message_minutes");
    expect(progress).toContain("messages 6");
    expect(progress).toHaveLength(EXPORT_TABLES.length);
    // Each table says where its time went: the month list, the files and their SHA-256, wall and
    // CPU; a table without rows writes and hashes nothing.
    for (const [table, p] of phases) {
      const rows = (manifest.tables[table as WrittenTableName]?.rows ?? 0) > 0;
      expect(p.checksum.ms, table).toBeGreaterThan(0);
      expect(p.write.ms > 0, table).toBe(rows);
      expect(p.hash.ms > 0, table).toBe(rows);
      expect(Math.min(p.checksum.cpuMs, p.write.cpuMs, p.hash.cpuMs), table).toBeGreaterThanOrEqual(0);
    }
  });
});

describe("--from / --to (UTC days, inclusive)", () => {
  it("February 2024 only: both edges of the month, NULL times left out, tables without time whole", async () => {
    const out = join(dir, "february");
    const m = await onOwnConnection(source, (c) =>
      exportTables(c, { format: "parquet", out, range: parseExportRange("2024-02-01", "2024-02-29") }),
    );
    const ids = await source.query(`SELECT message_id FROM read_parquet('${out}/messages/*/*/*.parquet') ORDER BY 1`);
    expect(ids.map((r) => r.message_id)).toEqual(["m3", "m4"]);
    expect(m.tables.conversations?.files.map((f) => f.path)).toEqual([
      "conversations/year=2024/month=02/conversations.parquet",
    ]);
    expect(m.tables.conversations?.rows).toBe(2);
    expect(m.tables.agents?.rows).toBe(2);
    expect(m.range).toEqual({ from: "2024-02-01", to: "2024-02-29", timezone: "UTC" });
  });

  it("one day and an open end", async () => {
    const day = await onOwnConnection(source, (c) =>
      exportTables(c, {
        format: "csv",
        out: join(dir, "day"),
        tables: ["messages"],
        range: parseExportRange("2024-01-31", "2024-01-31"),
      }),
    );
    expect(day.tables.messages?.rows).toBe(1);
    const from = await onOwnConnection(source, (c) =>
      exportTables(c, {
        format: "csv",
        out: join(dir, "from"),
        tables: ["messages"],
        range: parseExportRange("2024-02-29", undefined),
      }),
    );
    expect(from.tables.messages?.rows).toBe(2);
    const to = await onOwnConnection(source, (c) =>
      exportTables(c, {
        format: "csv",
        out: join(dir, "to"),
        tables: ["messages"],
        range: parseExportRange(undefined, "2023-12-31"),
      }),
    );
    expect(to.tables.messages?.rows).toBe(1);
  });

  it("refuses dates that are not days, impossible days and a reversed range", () => {
    expect(() => parseExportRange("2024-02-30", undefined)).toThrow(/--from "2024-02-30" is not a date/);
    expect(() => parseExportRange(undefined, "2024-2-1")).toThrow(/--to "2024-2-1"/);
    expect(() => parseExportRange("2024-03-01", "2024-02-01")).toThrow(/after --to/);
    expect(() => parseExportRange("1969-12-31", undefined)).toThrow(/1970-2099/);
  });
});

describe("CSV export", () => {
  let out: string;
  let manifest: ExportManifest;
  beforeAll(async () => {
    out = join(dir, "csv");
    // Column checksums on one connection (the single read by month; two connections read per part, above).
    manifest = await onOwnConnection(source, (c) => exportTables(c, { format: "csv", out, columnChecksums: true }));
  });

  it("is RFC 4180: header row, CRLF, quotes doubled, line breaks inside quotes, values verbatim", () => {
    const text = readFileSync(join(out, "messages/year=2024/month=01/messages.csv"), "utf8");
    expect(text.startsWith("message_id,source,import_id,conversation_id,seq,sent_at,")).toBe(true);
    expect(text).toContain('"a,""b""\nc"');
    expect(text.split("\r\n")).toHaveLength(3);
    const feb = readFileSync(join(out, "messages/year=2024/month=02/messages.csv"), "utf8");
    // Not neutralised: the canonical CSV is data to load, kept byte for byte (docs/canonical-format.md).
    expect(feb).toContain(",=cmd|' /C calc'!A0,");
    expect(feb).toContain("Ünïcödé ✓");
  });

  it("re-imports through the canonical import into an empty database with the same checksums (import_id aside)", async () => {
    const target = await Warehouse.open(join(dir, "target.duckdb"));
    try {
      const order: WrittenTableName[] = ["campaigns", "agents", "conversations", "assignments", "messages", "ratings"];
      for (const table of order)
        for (const f of manifest.tables[table]?.files ?? []) await importFile(target, join(out, f.path));
      for (const table of EXPORT_TABLES) {
        // import_id is the id of the import that wrote the row: new in the target, by definition.
        const expected = await checksums(source, table, table, ["import_id"]);
        expect(await checksums(target, table, table, ["import_id"]), table).toEqual(expected);
        expect(fromManifest(manifest, table, ["import_id"]), table).toEqual(expected);
      }
    } finally {
      await target.close();
    }
  });
});
