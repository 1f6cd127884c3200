/**
 * `tallyline narrative generate|list|show|delete` on a DuckDB file of generated data (generate
 * through the real binary, the others in-process): the stored report is printed with its facts and narrator, listed, shown, deleted
 * (call data untouched); a bad scope is exit 1 with a message naming it.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { importFile } from "@tallyline/ingest";
import type { Narrative } from "@tallyline/narrative";
import { GENERATED_TABLES, generate, writeGenerated } from "@tallyline/synth";
import { Warehouse } from "@tallyline/warehouse";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { registerNarrative } from "../src/cli/narrative";
import { runInProcess } from "./testutil/cliInProcess";
import { cliArgs } from "./testutil/process";

const repo = join(import.meta.dirname, "../../..");

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((ok) => {
    execFile(
      process.execPath,
      [...cliArgs(), ...args],
      { cwd: repo, env: { ...process.env, TALLYLINE_AI_BASE_URL: "", TALLYLINE_AI_MODEL: "" } },
      (error, stdout, stderr) => ok({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** The same commands in this process (the binary's start-up is slow on a busy machine). */
const inProcess = (args: string[]) =>
  runInProcess((program) => registerNarrative(program, (file) => Warehouse.open(file ?? "")), args);

let dir: string;
let db: string;
let calls = 0;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tl-cli-narr-"));
  db = join(dir, "t.duckdb");
  await writeGenerated(join(dir, "g"), generate({ seed: 3, days: 7, end: "2026-10-27", timezone: "UTC", scale: 20 }));
  const wh = await Warehouse.open(db);
  for (const t of GENERATED_TABLES) await importFile(wh, join(dir, "g", `${t}.csv`), { source: "canonical" });
  calls = Number((await wh.query<{ n: number }>("SELECT count(*)::INTEGER AS n FROM calls"))[0]?.n);
  await wh.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("tallyline narrative", () => {
  it("generate prints the stored report; list, show and delete work on it; call data stays", async () => {
    const g = await cli([
      "narrative",
      "generate",
      "--scope",
      "campaign:generated:100",
      "--from",
      "2026-10-21",
      "--to",
      "2026-10-27",
      "--timezone",
      "UTC",
      "--db",
      db,
      "--json",
    ]);
    expect(g.stderr).toBe("");
    expect(g.code).toBe(0);
    const n = JSON.parse(g.stdout) as Narrative;
    expect(n).toMatchObject({
      status: "done",
      narrator: "rules",
      scope: { kind: "campaign", key: "campaign:generated:100" },
    });
    expect(n.period).toEqual({ from: "2026-10-21", to: "2026-10-27", timezone: "UTC" });
    expect(n.content?.facts.find((f) => f.id === "total_calls")?.value).toBeGreaterThan(0);
    expect(n.content?.sections.executiveSummary.length).toBeGreaterThanOrEqual(2);

    const list = await inProcess(["narrative", "list", "--db", db]);
    expect(list.stdout).toContain(n.id);
    const show = await inProcess(["narrative", "show", n.id, "--db", db]);
    expect(show.stdout).toContain("Executive summary");
    expect(show.stdout).toContain("narrator rules");

    const del = await inProcess(["narrative", "delete", n.id, "--db", db]);
    expect(del).toMatchObject({ code: 0 });
    const again = await inProcess(["narrative", "show", n.id, "--db", db]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`No narrative report ${n.id}`);
    const wh = await Warehouse.open(db);
    expect(Number((await wh.query<{ n: number }>("SELECT count(*)::INTEGER AS n FROM calls"))[0]?.n)).toBe(calls);
    await wh.close();
  }, 90_000);

  it("generate without --json prints its steps on stderr as plain lines (not a terminal), then the report", async () => {
    const written: string[] = [];
    const write = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const tty = process.stderr.isTTY;
    process.stderr.isTTY = false;
    let r: Awaited<ReturnType<typeof inProcess>>;
    try {
      r = await inProcess([
        "narrative",
        "generate",
        "--scope",
        "campaign:generated:100",
        "--from",
        "2026-10-21",
        "--to",
        "2026-10-27",
        "--timezone",
        "UTC",
        "--db",
        db,
      ]);
    } finally {
      write.mockRestore();
      process.stderr.isTTY = tty;
    }
    expect(r.code).toBe(0);
    const lines = written.join("").trimEnd().split("\n");
    expect(lines.slice(0, 6)).toEqual(
      [1, 2, 3, 4, 5, 6].map((k) =>
        expect.stringMatching(new RegExp(`^narrative: +\\d+% Collecting facts: report ${k} of 6$`)),
      ),
    );
    expect(lines.slice(6)).toEqual([
      "narrative:  45% Grouping common issues",
      "narrative:  80% Writing the text by rules",
      "narrative:  90% Checking every number",
      "narrative:  95% Saving the report",
      "narrative: 100% Done",
    ]);
    expect(r.stdout).toContain("Executive summary");
    expect(r.stdout).toContain("common issues grouped by wording: lexical similarity (Dice) 0.6 or more");
  }, 60_000);

  it("a bad scope is exit 1 naming it", async () => {
    const r = await inProcess(["narrative", "generate", "--scope", "team:7", "--period-days", "7", "--db", db]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Scope "team:7"');
  }, 30_000);
});
