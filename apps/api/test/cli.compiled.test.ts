/**
 * The compiled CLI (apps/api/dist/cli.mjs, built by apps/api/scripts/build-cli.mjs):
 * - a stack trace through it names the TypeScript file and line (source maps), both with Node's
 *   `--enable-source-maps` and through the launcher `pnpm tallyline` (scripts/tallyline.mjs);
 * - it prints what the TypeScript source prints (`report list --json`, an ingest summary);
 * - the freshness check: a build whose inputs changed size or mtime, or went missing, is stale.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUILD_INFO, buildCli, CLI, cliFresh, MAIN, REPO } from "../scripts/build-cli.mjs";
import { smallCallLog } from "./harness";
import { tallyline } from "./testutil/process";

const run = promisify(execFile);
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
    const db = join(dir, "ingest.duckdb");
    const ingest = await tallyline(["ingest", smallCallLog, "--db", db, "--json"], {}, "", "compiled");
    expect(ingest.code, ingest.stderr).toBe(0);
    const [summary] = JSON.parse(ingest.stdout) as { ok: boolean; rowsInserted?: unknown }[];
    expect(summary?.ok).toBe(true);
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
