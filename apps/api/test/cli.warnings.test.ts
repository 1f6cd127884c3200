/**
 * `tallyline ingest` shows an import's warnings (values not used as written, their rows kept): their
 * number and the first five on stderr after the summary line, how many more there are, and all the
 * kept ones in --json; a workbook read through a shipped mapping names it.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliArgs } from "./testutil/process";

const run = promisify(execFile);
const repo = join(import.meta.dirname, "../../..");
const fixture = join(repo, "packages/ingest/test/fixtures/ibm/sessions.json");
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "tl-cli-warn-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) => run(process.execPath, [...cliArgs(), ...args], { cwd: repo, maxBuffer: 1 << 24 });

const NEGATIVE =
  "is negative, and a session cannot end before it starts: duration_secs and ended_at are left empty (the session's rows are kept)";

/** The fixture's three sessions copied `copies` times under new ids, every duration negative. */
function negativeSessions(copies: number): string {
  const sessions = JSON.parse(readFileSync(fixture, "utf8")) as {
    dialogHeader: { sessionID: string; duration: string };
  }[];
  const out = Array.from({ length: copies }, (_, k) =>
    sessions.map((s) => ({
      ...s,
      dialogHeader: { ...s.dialogHeader, sessionID: `${s.dialogHeader.sessionID}-${k}`, duration: "-01:00:00." },
    })),
  ).flat();
  return JSON.stringify(out, null, 2);
}

describe("tallyline ingest warnings", () => {
  it("one warning: the summary line, then the warning with file, line, column and value", async () => {
    const { stdout, stderr } = await cli("ingest", fixture, "--db", join(dir, "a.duckdb"));
    expect(stdout).toContain("imported 2 campaigns, 3 conversations, 9 messages");
    expect(stderr.split("\n").filter((l) => l.trim() !== "")).toEqual([
      "  1 warning(s): values not used as written, their rows kept",
      `    sessions.json:2: column "[1].dialogHeader.duration", value "-03:00:00.": ${NEGATIVE}`,
    ]);
  });

  it("nine warnings: five shown, and how many more", async () => {
    const path = join(dir, "negative.json");
    writeFileSync(path, negativeSessions(3));
    const { stderr } = await cli("ingest", path, "--db", join(dir, "b.duckdb"));
    const lines = stderr.split("\n").filter((l) => l.trim() !== "");
    expect(lines[0]).toBe("  9 warning(s): values not used as written, their rows kept");
    expect(lines.slice(1, 6)).toEqual(
      [1, 2, 3, 4, 5].map(
        (n) => `    negative.json:${n}: column "[${n - 1}].dialogHeader.duration", value "-01:00:00.": ${NEGATIVE}`,
      ),
    );
    expect(lines[6]).toBe("    ... and 4 more (--json lists the first 9; so does the imports table)");
    expect(lines).toHaveLength(7);
  });

  it("--json carries every warning kept, and stderr stays empty", async () => {
    writeFileSync(join(dir, "negative2.json"), negativeSessions(4));
    const json = await cli("ingest", join(dir, "negative2.json"), "--db", join(dir, "c.duckdb"), "--json");
    const [summary] = JSON.parse(json.stdout) as { warnings: { total: number; first: { line: number }[] } }[];
    expect(summary?.warnings.total).toBe(12);
    expect(summary?.warnings.first.map((w) => w.line)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(json.stderr).toBe("");
  });
});
