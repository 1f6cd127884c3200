/**
 * `tallyline export-c24`: writes the eight Conversation24 exports of a database (here the hand-made
 * fixtures of packages/ingest/test/fixtures/c24, imported with `tallyline ingest`), which
 * `tallyline ingest` reads back; --json lists the files and their records; a lone --from is a
 * usage error and a bad day an error, each with one line on stderr.
 * (The writer itself: packages/ingest/test/c24-export.test.ts; the round trip of every chat report:
 * packages/report-defs/test/c24-export.roundtrip.test.ts.)
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliArgs } from "./testutil/process";

const run = promisify(execFile);
const repo = join(import.meta.dirname, "../../..");
const fixtures = join(repo, "packages/ingest/test/fixtures/c24");
const FILES = [
  "agents",
  "hosts",
  "agent-activity",
  "slots",
  "conversations",
  "invites",
  "traffic",
  "agent-performance",
];
let dir: string;

const cli = (...args: string[]) => run(process.execPath, [...cliArgs(), ...args], { cwd: repo, maxBuffer: 1 << 24 });
const fails = (...args: string[]) =>
  cli(...args).then(
    () => {
      throw new Error("expected a failure");
    },
    (e: { code: number; stderr: string }) => e,
  );

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tl-cli-export-c24-"));
  await cli(
    "ingest",
    ...FILES.map((f) => join(fixtures, `${f}.csv`)),
    "--timezone",
    "Europe/Amsterdam",
    "--db",
    join(dir, "a.duckdb"),
  );
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("tallyline export-c24", () => {
  it("writes the eight files, which tallyline ingest reads back", async () => {
    const out = join(dir, "out");
    const { stdout } = await cli(
      "export-c24",
      "--out",
      out,
      "--db",
      join(dir, "a.duckdb"),
      "--timezone",
      "Europe/Amsterdam",
      "--json",
    );
    const summary = JSON.parse(stdout) as {
      timezone: string;
      files: { file: string; adapter: string; rows: number }[];
    };
    expect(summary.timezone).toBe("Europe/Amsterdam");
    expect(Object.fromEntries(summary.files.map((f) => [f.adapter, f.rows]))).toEqual({
      "c24-agent-activity": 4,
      "c24-agent-performance": 3,
      "c24-agents": 3,
      "c24-conversations": 5,
      "c24-invites": 3,
      "c24-hosts": 3,
      "c24-traffic": 3,
      "c24-slots": 3,
    });
    expect(readdirSync(out).sort()).toEqual(FILES.map((f) => `${f}.csv`).sort());
    const back = await cli(
      "ingest",
      ...FILES.map((f) => join(out, `${f}.csv`)),
      "--db",
      join(dir, "b.duckdb"),
      "--json",
    );
    const imported = JSON.parse(back.stdout) as { ok: boolean; source: string }[];
    expect(imported.map((i) => [i.ok, i.source])).toEqual(FILES.map((f) => [true, `c24-${f}`]));
  }, 120_000);

  it("refuses a lone --from (usage, exit 2) and a day that does not exist (exit 1)", async () => {
    const db = join(dir, "a.duckdb");
    const lone = await fails("export-c24", "--out", join(dir, "x"), "--db", db, "--from", "2024-03-05");
    expect(lone.code).toBe(2);
    expect(lone.stderr.trim()).toBe("tallyline: give both --from and --to, or neither");
    const bad = await fails(
      "export-c24",
      "--out",
      join(dir, "x"),
      "--db",
      db,
      "--from",
      "2024-02-30",
      "--to",
      "2024-03-01",
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim()).toBe("tallyline: Not a date (YYYY-MM-DD): 2024-02-30");
  }, 120_000);
});
