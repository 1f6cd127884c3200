/**
 * `tallyline report run ... --format csv|json|xlsx [--out FILE] [--bom]` on the small call log (the
 * hand-computed figures of the fetch tests: 9 calls offered on 02-01..02-03, PS 7 of them, 2 before),
 * and `--json` as it was. Each run starts a process (seconds on a busy machine): the JSON document
 * and the writers are tested in-process (exports.test.ts, v1_report_export.happy.test.ts).
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { importFile } from "@tallyline/ingest";
import { Warehouse } from "@tallyline/warehouse";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CliUsageError, checkExportTarget } from "../src/cli/export";
import { smallCallLog } from "./harness";
import { cliArgs } from "./testutil/process";

const run = promisify(execFile);
const repo = join(import.meta.dirname, "../../..");
const cli = (...args: string[]) =>
  run(process.execPath, [...cliArgs(), ...args], { cwd: repo, maxBuffer: 1 << 24, encoding: "buffer" });
let dir: string;
let db: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tl-cli-export-"));
  db = join(dir, "t.duckdb");
  const wh = await Warehouse.open(db);
  await importFile(wh, smallCallLog, { timezone: "UTC" });
  await wh.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const W = ["--from", "1999-02-01", "--to", "1999-02-03"];

describe("tallyline report run --format", () => {
  it("csv to stdout: the ranking by queue", async () => {
    const { stdout } = await cli("report", "run", "calls.by_queue", ...W, "--db", db, "--format", "csv");
    const rows = parse(stdout.toString("utf8")) as string[][];
    expect(rows[0]).toEqual([
      "Queue",
      "Queue id",
      "Calls offered",
      "Share (%)",
      "Calls offered, previous period",
      "Calls offered, change",
    ]);
    expect(rows.at(-1)).toEqual(["Total", "", "9", "100", "2", "7"]);
    expect(rows[1]?.slice(0, 3)).toEqual(["PS", "PS", "7"]);
  });

  it("csv --bom --out FILE: the file starts with the BOM, stdout stays empty", async () => {
    const out = join(dir, "offered.csv");
    const { stdout, stderr } = await cli(
      "report",
      "run",
      "calls.offered",
      ...W,
      "--db",
      db,
      "--format",
      "csv",
      "--bom",
      "--out",
      out,
    );
    expect(stdout.length).toBe(0);
    expect(stderr.toString()).toContain(`wrote ${out}`);
    const bytes = readFileSync(out);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect((parse(bytes, { bom: true }) as string[][]).at(-1)).toEqual(["Total", "9", "2", "7", "350"]);
  });

  it("xlsx to a redirected stdout (not a terminal): the workbook", async () => {
    const { stdout } = await cli("report", "run", "calls.aht", ...W, "--db", db, "--format", "xlsx");
    for (const bytes of [stdout]) {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(bytes as unknown as ArrayBuffer);
      const ws = wb.getWorksheet("Report");
      expect(ws?.getRow(1).getCell(2).value).toBe("AHT");
      // Three days, then the Total row; a duration column has the [h]:mm:ss format.
      const total = ws?.getRow(5);
      expect(total?.getCell(1).value).toBe("Total");
      expect(total?.getCell(2).numFmt).toBe("[h]:mm:ss");
      expect(wb.getWorksheet("Definitions")).toBeDefined();
    }
  });

  it("--json is unchanged (the result and the demo marker), and cannot be combined with --format", async () => {
    const { stdout } = await cli("report", "run", "calls.offered", ...W, "--db", db, "--json");
    expect(JSON.parse(stdout.toString("utf8"))).toMatchObject({ value: 9, previousValue: 2, demo: false });
    await expect(
      cli("report", "run", "calls.offered", ...W, "--db", db, "--json", "--format", "csv"),
    ).rejects.toMatchObject({
      code: 1,
    });
  });

  it("refuses xlsx to a terminal, before running anything", () => {
    const tty = { isTTY: true } as NodeJS.WriteStream;
    expect(() => checkExportTarget("xlsx", { stdout: tty })).toThrow(CliUsageError);
    expect(() => checkExportTarget("xlsx", { stdout: tty, out: "a.xlsx" })).not.toThrow();
    expect(() => checkExportTarget("csv", { stdout: tty })).not.toThrow();
    expect(() => checkExportTarget("xlsx", { stdout: { isTTY: false } as NodeJS.WriteStream })).not.toThrow();
  });
});
