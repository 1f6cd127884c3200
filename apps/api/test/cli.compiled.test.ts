/**
 * The compiled CLI (apps/api/dist/cli.mjs, built by apps/api/scripts/build-cli.mjs):
 * - a stack trace through it names the TypeScript file and line (source maps), both with Node's
 *   `--enable-source-maps` and through the launcher `pnpm tallyline` (scripts/tallyline.mjs);
 * - it prints what the TypeScript source prints (`report list --json`), and finds the files its
 *   sources find next to themselves (`import.meta.dirname`: a workbook is read through the shipped
 *   mapping packages/ingest/mappings/pwc-callcenter.json);
 * - the freshness check: a build whose inputs changed size or mtime, or went missing, is stale.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUILD_INFO, buildCli, CLI, cliFresh, MAIN, REPO } from "../scripts/build-cli.mjs";
import { tallyline } from "./testutil/process";

const run = promisify(execFile);
/** The columns of the PwC call-centre sheet (packages/ingest/mappings/pwc-callcenter.json). */
const PWC_HEADER = [
  "Call Id",
  "Agent",
  "Date",
  "Time",
  "Topic",
  "Answered (Y/N)",
  "Resolved",
  "Speed of answer in seconds",
  "AvgTalkDuration",
  "Satisfaction rating",
];
let dir: string;
let probe: string;
beforeAll(async () => {
  await buildCli();
  dir = mkdtempSync(join(tmpdir(), "tl-cli-compiled-"));
  // Prints a stack trace from inside the first console.error call: the caller's frame is main.ts's catch.
  probe = join(dir, "probe.mjs");
  writeFileSync(
    probe,
    `const error = console.error;
console.error = (...args) => { console.error = error; error(...args); error(new Error("probe").stack); };
`,
  );
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The line of main.ts that prints a rejected command's message (1-based), found in the source. */
function reportLine(): number {
  const lines = readFileSync(MAIN, "utf8").split("\n");
  const i = lines.findIndex((l) => l.includes("console.error(`tallyline: $" + "{e.message}`)"));
  expect(i).toBeGreaterThan(0);
  return i + 1;
}

/** A rejected export (a --from that is no date), so main.ts's catch reports it with console.error. */
const rejected = ["export", "all", "--format", "parquet", "--db", "missing.duckdb", "--from", "2020-13-45"];

describe("the compiled CLI", () => {
  it("stack traces name the TypeScript file and line (--enable-source-maps, and the launcher)", async () => {
    const line = reportLine();
    const where = new RegExp(`apps/api/src/cli/main\\.ts:${line}:\\d+\\)`);
    for (const args of [
      ["--enable-source-maps", "--import", probe, CLI, ...rejected, "--out", join(dir, "a")],
      ["--import", probe, join(REPO, "apps/api/scripts/tallyline.mjs"), ...rejected, "--out", join(dir, "b")],
    ]) {
      const r = await run(process.execPath, args, { cwd: dir }).catch((e: { stderr: string; code: number }) => e);
      expect("code" in r ? r.code : 0).toBe(1);
      expect(r.stderr).toContain("Error: probe");
      expect(r.stderr).toMatch(where);
    }
    // Without source maps the frame is the bundle's: the TypeScript line above comes from the map.
    const raw = await run(process.execPath, ["--import", probe, CLI, ...rejected, "--out", join(dir, "c")], {
      cwd: dir,
    }).catch((e: { stderr: string }) => e);
    expect(raw.stderr).toMatch(/apps\/api\/dist\/cli\.mjs:\d+:\d+/);
    expect(raw.stderr).not.toMatch(/main\.ts:/);
  }, 60_000);

  it("prints what the TypeScript source prints", async () => {
    const [compiled, source] = await Promise.all([
      tallyline(["report", "list", "--json"], {}, "", "compiled"),
      tallyline(["report", "list", "--json"], {}, "", "tsx"),
    ]);
    expect(compiled.code, compiled.stderr).toBe(0);
    expect(JSON.parse(compiled.stdout).items.length).toBeGreaterThan(10);
    expect(compiled.stdout).toBe(source.stdout);
  }, 60_000);

  it("reads a workbook through the shipped mapping (a path next to the TypeScript source)", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Sheet1");
    ws.addRow(PWC_HEADER);
    ws.addRow(["ID0001", "Diane", "2021-01-01", "9:12:58", "Contract related", "Y", "Y", 109, "0:02:23", 3]);
    const file = join(dir, "calls.xlsx");
    await wb.xlsx.writeFile(file);
    const ingest = await tallyline(["ingest", file, "--db", join(dir, "pwc.duckdb"), "--json"], {}, "", "compiled");
    expect(ingest.code, ingest.stderr).toBe(0);
    const [summary] = JSON.parse(ingest.stdout) as { ok: boolean; mapping?: string; rowsByTable?: unknown }[];
    expect(summary?.ok).toBe(true);
    expect(summary?.mapping).toBe(join(REPO, "packages/ingest/mappings/pwc-callcenter.json"));
    expect(summary?.rowsByTable).toMatchObject({ calls: 1 });
  }, 60_000);

  it("pnpm tallyline runs it", async () => {
    const { stdout } = await run("pnpm", ["-s", "tallyline", "--help"], { cwd: REPO });
    expect(stdout).toMatch(/^Usage: tallyline \[options\] \[command\]/);
  }, 60_000);

  it("is stale when a file it was built from changed size or mtime, or is gone", () => {
    expect(cliFresh()).toBe(true);
    const info = JSON.parse(readFileSync(BUILD_INFO, "utf8")) as { inputs: [string, number, number][] };
    const main = info.inputs.findIndex(([f]) => f === "apps/api/src/cli/main.ts");
    const [file, size, mtime] = info.inputs[main] ?? ["", 0, 0];
    expect(file).toBe("apps/api/src/cli/main.ts");
    expect(info.inputs.some(([f]) => f === "packages/warehouse/src/exports.ts")).toBe(true);
    const variant = (change: (inputs: [string, number, number][]) => void): boolean => {
      const copy = structuredClone(info);
      change(copy.inputs);
      const path = join(dir, "build-info.json");
      writeFileSync(path, JSON.stringify(copy));
      return cliFresh(path);
    };
    expect(variant(() => undefined)).toBe(true);
    expect(variant((i) => i.splice(main, 1, [file, size + 1, mtime]))).toBe(false);
    expect(variant((i) => i.splice(main, 1, [file, size, mtime + 1]))).toBe(false);
    expect(variant((i) => void i.push(["apps/api/src/cli/gone.ts", 1, 1]))).toBe(false);
  });
});
