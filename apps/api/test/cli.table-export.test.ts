/**
 * `tallyline export` through the real binary on generated data (packages/synth: calls, quality
 * checks, chats, agent states and shifts, hourly invites and traffic): the CSV export of every
 * table, loaded back with `tallyline ingest` of its files (in the order the shell's glob gives)
 * into an empty database, has the row counts and column checksums (this test's own SQL) of the
 * source for every column but import_id (new by definition), as the manifest's opt-in column
 * checksums (`--column-checksums`) say. Also: refusals (unknown table, non-empty --out, bad range)
 * and --force run the same command in-process; one progress line per table; without
 * `--column-checksums` the manifest has each file's rows, bytes and SHA-256 (checked here against
 * the files' bytes) and no column checksums.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadDemo } from "@tallyline/synth";
import { canonicalTables, EXPORT_TABLES, type ExportManifest, Warehouse } from "@tallyline/warehouse";
import { Command } from "commander";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { registerExport } from "../src/cli/tableExport";
import { cliArgs } from "./testutil/process";

const repo = join(import.meta.dirname, "../../..");

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((ok) => {
    execFile(process.execPath, [...cliArgs(), ...args], { cwd: repo, maxBuffer: 2 ** 26 }, (error, stdout, stderr) =>
      ok({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** Count and sum(hash(column)) per column of every exported table, by this test's own SQL. */
async function checksums(db: string): Promise<Record<string, Record<string, string>>> {
  const wh = await Warehouse.open(db);
  try {
    const out: Record<string, Record<string, string>> = {};
    for (const table of EXPORT_TABLES) {
      const cols = Object.keys(canonicalTables[table].columns).filter((c) => c !== "import_id");
      const [row] = await wh.query(
        `SELECT count(*)::VARCHAR AS rows, ${cols.map((c) => `coalesce(sum(hash("${c}")), 0)::VARCHAR AS "${c}"`).join(", ")} FROM ${table}`,
      );
      out[table] = row as Record<string, string>;
    }
    return out;
  } finally {
    await wh.close();
  }
}

/** Every file under `dir` with extension `ext`, sorted as a shell glob would list them. */
function filesOf(dir: string, ext: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => f.endsWith(ext))
    .map((f) => join(dir, f))
    .sort();
}

/** Runs the same command in this process (errors reject; output to stderr is dropped). */
async function inProcess(args: string[]): Promise<void> {
  const program = new Command("tallyline").exitOverride().configureOutput({ writeErr: () => undefined });
  registerExport(program, (db) => Warehouse.open(db));
  const error = vi.spyOn(console, "error").mockImplementation(() => undefined);
  const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
  try {
    await program.parseAsync(args, { from: "user" });
  } finally {
    error.mockRestore();
    log.mockRestore();
  }
}

let dir: string;
let source: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tl-cli-export-"));
  source = join(dir, "source.duckdb");
  const wh = await Warehouse.open(source);
  await loadDemo(wh, { end: "2024-03-03", days: 10, scale: 20, conversationScale: 20, timezone: "Europe/Amsterdam" });
  await wh.close();
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("tallyline export", () => {
  it("CSV of every table loads back with tallyline ingest into an empty database: same checksums", async () => {
    const out = join(dir, "csv");
    const run = await cli(["export", "all", "--format", "csv", "--out", out, "--db", source, "--column-checksums"]);
    expect(run.code, run.stderr).toBe(0);
    // One progress line per table, then the summary.
    const progress = run.stderr.split("\n").filter((l) => /^\[\d+\/\d+\] /.test(l));
    expect(progress.map((l) => l.split(":")[0])).toEqual(
      EXPORT_TABLES.map((t, i) => `[${i + 1}/${EXPORT_TABLES.length}] ${t}`),
    );
    expect(progress[0]).toMatch(/\(months and checksums [\d.]+ s, files [\d.]+ s, sha256 [\d.]+ s\)$/);
    expect(run.stdout).toMatch(new RegExp(`^Exported ${EXPORT_TABLES.length} tables, [\\d,]+ rows`));
    const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")) as ExportManifest;
    const expected = await checksums(source);
    // The generator fills every table: the round trip covers each of them.
    for (const table of EXPORT_TABLES) expect(Number(expected[table]?.rows), table).toBeGreaterThan(0);
    for (const table of EXPORT_TABLES) {
      const { import_id: _, ...columns } = manifest.tables[table]?.columns ?? {};
      expect({ rows: String(manifest.tables[table]?.rows), ...columns }, table).toEqual(expected[table]);
    }
    // Across a month edge: files for February and March 2024.
    expect(manifest.tables.calls?.files.map((f) => f.path)).toEqual([
      "calls/year=2024/month=02/calls.csv",
      "calls/year=2024/month=03/calls.csv",
    ]);
    const target = join(dir, "target.duckdb");
    const load = await cli(["ingest", ...filesOf(out, ".csv"), "--db", target]);
    expect(load.code, load.stderr).toBe(0);
    expect(await checksums(target)).toEqual(expected);
  }, 120_000);

  it("refuses an unknown table listing the tables, a non-empty --out without --force, a bad range", async () => {
    await expect(
      inProcess(["export", "tickets", "--format", "csv", "--out", join(dir, "x"), "--db", source]),
    ).rejects.toThrow(`Unknown table "tickets"; the tables are: ${EXPORT_TABLES.join(", ")}`);
    await expect(
      inProcess(["export", "app_users", "--format", "csv", "--out", join(dir, "x"), "--db", source]),
    ).rejects.toThrow("application tables never leave");
    await expect(
      inProcess(["export", "message_minutes", "--format", "csv", "--out", join(dir, "x"), "--db", source]),
    ).rejects.toThrow("derived from other tables");
    const full = join(dir, "full");
    mkdirSync(full);
    writeFileSync(join(full, "keep.txt"), "mine");
    await expect(inProcess(["export", "agents", "--format", "parquet", "--out", full, "--db", source])).rejects.toThrow(
      "is not empty (1 entry); pass --force",
    );
    await inProcess(["export", "agents", "--format", "parquet", "--out", full, "--db", source, "--force"]);
    expect(readdirSync(full).sort()).toEqual(["agents", "keep.txt", "manifest.json"]);
    // Without --column-checksums: rows, bytes and the SHA-256 of the file's bytes, no column checksums.
    const m = JSON.parse(readFileSync(join(full, "manifest.json"), "utf8")) as ExportManifest;
    const [file] = m.tables.agents?.files ?? [];
    const bytes = readFileSync(join(full, "agents/agents.parquet"));
    expect(file).toEqual({
      path: "agents/agents.parquet",
      year: null,
      month: null,
      rows: Number((await checksums(source)).agents?.rows),
      bytes: bytes.length,
      sha256: createHash("sha256").update(bytes).digest("hex"),
    });
    expect(m.tables.agents?.columns).toBeUndefined();
    expect(m.checksum).toBeUndefined();
    await expect(
      inProcess([
        "export",
        "calls",
        "--format",
        "csv",
        "--out",
        join(dir, "y"),
        "--db",
        source,
        "--from",
        "2024-03-04",
        "--to",
        "2024-03-01",
      ]),
    ).rejects.toThrow("--from 2024-03-04 is after --to 2024-03-01");
    await expect(
      inProcess(["export", "calls", "--format", "csv", "--out", join(dir, "y"), "--db", join(dir, "none.duckdb")]),
    ).rejects.toThrow("No database at");
  });
});
