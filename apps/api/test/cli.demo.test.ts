/**
 * `tallyline demo remove`, `tallyline demo` on a database with data of the user's own, and
 * `serve --db`, through the real CLI in child processes.
 */
import { execFile, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { WRITTEN_TABLES } from "@tallyline/ingest";
import { loadDemo } from "@tallyline/synth";
import { canonicalTables, Warehouse } from "@tallyline/warehouse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { smallCallLog } from "./harness";
import { cliArgs } from "./testutil/process";

const run = promisify(execFile);
const repo = join(import.meta.dirname, "../../..");
const cli = (...args: string[]) =>
  run(process.execPath, [...cliArgs(), ...args], {
    cwd: repo,
    maxBuffer: 1 << 24,
    env: { ...process.env, TALLYLINE_DEMO: "off" },
  });

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "tl-cli-demo-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function count(db: string, tables: readonly string[], where = "true"): Promise<number> {
  const wh = await Warehouse.open(db);
  try {
    let n = 0;
    for (const t of tables) {
      n += (await wh.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${t} WHERE ${where}`))[0]?.n ?? 0;
    }
    return n;
  } finally {
    await wh.close();
  }
}

describe("tallyline demo remove", () => {
  it("removes the demo in one line that counts its rows, and then says there is none", async () => {
    const db = join(dir, "demo.duckdb");
    const wh = await Warehouse.open(db);
    await loadDemo(wh, { days: 5, end: "2026-03-31", scale: 10 });
    await wh.close();
    const demoRows = await count(db, WRITTEN_TABLES, "source = 'demo'");
    expect(demoRows).toBeGreaterThan(500);
    expect(await count(db, WRITTEN_TABLES)).toBe(demoRows);

    const { stdout } = await cli("demo", "remove", "--db", db);
    expect(stdout).toBe(
      `Removed the demo data from ${db}: ${demoRows.toLocaleString("en-US")} rows of 1 import. While the database is empty, 'tallyline serve' loads the demo again unless TALLYLINE_DEMO=off.\n`,
    );
    // Every table is empty: written, derived and imports.
    expect(await count(db, Object.keys(canonicalTables))).toBe(0);

    expect((await cli("demo", "remove", "--db", db)).stdout).toBe(`No demo data in ${db}: nothing removed.\n`);
  });
});

describe("tallyline demo", () => {
  it("refuses a database with data of the user's own, which stays as it was", async () => {
    const db = join(dir, "own.duckdb");
    await cli("ingest", smallCallLog, "--db", db);
    const before = await count(db, WRITTEN_TABLES);
    const failure = await cli("demo", "--db", db, "--port", "0").catch((e: { code: number; stderr: string }) => e);
    expect(failure).toMatchObject({ code: 1 });
    expect((failure as { stderr: string }).stderr).toContain(
      "tallyline: The database holds data of your own, and demo data is only loaded into a database without any",
    );
    expect(await count(db, WRITTEN_TABLES)).toBe(before);
    expect(await count(db, WRITTEN_TABLES, "source = 'demo'")).toBe(0);
  });
});

describe("tallyline serve --db", () => {
  it("names the database as ingest does", async () => {
    const db = join(dir, "serve.duckdb");
    const ingest = await cli("ingest", smallCallLog, "--db", db);
    const child = spawn(process.execPath, [...cliArgs(), "serve", "--db", db, "--port", "0"], {
      cwd: repo,
      env: { ...process.env, TALLYLINE_DEMO: "auto" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    try {
      await new Promise<void>((ok, fail) => {
        const timer = setTimeout(() => fail(new Error(`serve did not start:\n${out}`)), 60_000);
        child.stdout?.on("data", (b: Buffer) => {
          out += b.toString();
          if (out.includes("is serving on")) {
            clearTimeout(timer);
            ok();
          }
        });
        child.once("exit", (code) => fail(new Error(`serve exited with ${code}:\n${out}`)));
      });
    } finally {
      const exited = new Promise((ok) => child.once("exit", ok));
      child.kill("SIGTERM");
      await exited;
    }
    const first = (s: string) => s.split("\n")[0];
    expect(first(out)).toBe(`Database: ${db}`);
    expect(first(ingest.stdout)).toBe(first(out));
    // The database holds calls, so TALLYLINE_DEMO=auto loaded nothing.
    expect(out).not.toContain("demo data");
  });
});
