/**
 * `tallyline ingest` output: a progress bar on stderr when asked (or on a terminal), none with
 * --json, whose stdout is the machine-readable summary alone; the database it uses, and what
 * arrived: rows per table and the days the data spans in the report zone (--timezone, else
 * TALLYLINE_TIMEZONE, else UTC).
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { loadDemo } from "@tallyline/synth";
import { Warehouse } from "@tallyline/warehouse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliArgs } from "./testutil/process";

const run = promisify(execFile);
const repo = join(import.meta.dirname, "../../..");
const fixture = join(repo, "packages/ingest/test/fixtures/canonical/conversations.csv");
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "tl-cli-ingest-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) => run(process.execPath, [...cliArgs(), ...args], { cwd: repo, maxBuffer: 1 << 24 });
const cliIn = (env: Record<string, string>, ...args: string[]) =>
  run(process.execPath, [...cliArgs(), ...args], { cwd: repo, maxBuffer: 1 << 24, env: { ...process.env, ...env } });

describe("tallyline ingest", () => {
  it("--progress draws the file's bar on stderr up to 100% done", async () => {
    const { stdout, stderr } = await cli("ingest", fixture, "--db", join(dir, "a.duckdb"), "--progress");
    expect(stderr).toMatch(/conversations\.csv \[=+\] 100% done/);
    expect(stdout).toContain("imported 3 conversations");
  });

  it("--json prints only the JSON summary and no bar (stderr is not a terminal here either)", async () => {
    const { stdout, stderr } = await cli("ingest", fixture, "--db", join(dir, "b.duckdb"), "--json");
    expect(stderr).not.toContain("%");
    const [summary] = JSON.parse(stdout) as { ok: boolean; rowsByTable: Record<string, number> }[];
    expect(summary).toMatchObject({ ok: true, rowsByTable: { conversations: 3 } });
  });
});

/*
 * The fixture's three conversations start at 2024-03-05 09:00:00, 2024-03-05T23:59:59.250Z and
 * 2024-03-06 00:30:00, UTC (the canonical format is UTC, whatever --timezone says). They span
 * 03-05 to 03-06 in UTC and in Tokyo (UTC+9: 18:00 on the 5th to 09:30 on the 6th), but only 03-05 in
 * New York (UTC-5: 04:00 to 19:30 on the 5th).
 */
describe("tallyline ingest says what arrived", () => {
  it("names the database, then rows per table and the days of the data", async () => {
    const db = join(dir, "c.duckdb");
    const { stdout } = await cli("ingest", fixture, "--db", db);
    const lines = stdout.trim().split("\n");
    expect(lines[0]).toBe(`Database: ${db}`);
    expect(lines[1]).toMatch(
      /^.*conversations\.csv: imported 3 conversations in \d+\.\d s; data from 2024-03-05 to 2024-03-06 \(UTC\)$/,
    );
  });

  it("gives the days in TALLYLINE_TIMEZONE when --timezone is not given, in --json too", async () => {
    const db = join(dir, "d.duckdb");
    const { stdout } = await cliIn({ TALLYLINE_TIMEZONE: "America/New_York" }, "ingest", fixture, "--db", db, "--json");
    const [summary] = JSON.parse(stdout);
    expect(summary).toMatchObject({
      ok: true,
      database: db,
      demoRemoved: false,
      span: {
        firstAt: "2024-03-05T09:00:00.000Z",
        lastAt: "2024-03-06T00:30:00.000Z",
        firstDay: "2024-03-05",
        lastDay: "2024-03-05",
        timezone: "America/New_York",
      },
    });
  });

  it("gives the days in --timezone before TALLYLINE_TIMEZONE, and says when the demo data went first", async () => {
    const db = join(dir, "e.duckdb");
    const wh = await Warehouse.open(db);
    await loadDemo(wh, { days: 3, end: "2024-03-06", scale: 5 });
    await wh.close();
    const { stdout } = await cliIn(
      { TALLYLINE_TIMEZONE: "Asia/Tokyo" },
      "ingest",
      fixture,
      "--db",
      db,
      "--timezone",
      "America/New_York",
    );
    expect(stdout).toContain(
      "; data from 2024-03-05 to 2024-03-05 (America/New_York); the demo data was removed first",
    );
  });
});
