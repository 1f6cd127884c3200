/**
 * `tallyline ingest` output: a progress bar on stderr when asked (or on a terminal), none with
 * --json, whose stdout is the machine-readable summary alone.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const repo = join(import.meta.dirname, "../../..");
const fixture = join(repo, "packages/ingest/test/fixtures/canonical/conversations.csv");
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "tl-cli-ingest-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) => run("pnpm", ["-s", "tallyline", ...args], { cwd: repo, maxBuffer: 1 << 24 });

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
