/** `tallyline pdf` through the real CLI in a child process (it starts the app and Chromium itself). */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { importFile } from "@tallyline/ingest";
import { Warehouse } from "@tallyline/warehouse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { smallCallLog } from "./harness";
import { builtWeb, pdfText } from "./pdfServer";
import { cliArgs } from "./testutil/process";

const run = promisify(execFile);
const repo = join(import.meta.dirname, "../../..");
let dir: string;
let db: string;
let web: string;
const cli = (...args: string[]) =>
  run(process.execPath, [...cliArgs(), "pdf", "--db", db, ...args], {
    cwd: repo,
    maxBuffer: 1 << 24,
    env: { ...process.env, TALLYLINE_WEB_DIST: web },
  });

beforeAll(async () => {
  web = builtWeb();
  dir = mkdtempSync(join(tmpdir(), "tl-cli-pdf-"));
  db = join(dir, "t.duckdb");
  const wh = await Warehouse.open(db);
  await importFile(wh, smallCallLog, { timezone: "UTC" });
  await wh.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("tallyline pdf", () => {
  it("prints a report's page for a period in a time zone to --out", async () => {
    const out = join(dir, "answered.pdf");
    const { stdout } = await cli(
      "--page",
      "calls.answered",
      "--from",
      "1999-02-01",
      "--to",
      "1999-02-03",
      "--timezone",
      "Europe/Amsterdam",
      "--out",
      out,
    );
    expect(stdout).toContain(`Wrote ${out}`);
    const pdf = readFileSync(out);
    const text = pdfText(pdf, dir, "cli").replace(/\s+/g, " ");
    expect(text).toContain("Period 1999-02-01 to 1999-02-03");
    expect(text).toContain("Time zone Europe/Amsterdam");
    expect(text).toContain("Calls answered per day");
  });

  it("refuses a page that cannot be printed, writing nothing: exit 1 with the reason", async () => {
    const out = join(dir, "never.pdf");
    const error = await cli("--page", "/admin", "--out", out).catch((e: { code: number; stderr: string }) => e);
    expect((error as { code: number }).code).toBe(1);
    expect((error as { stderr: string }).stderr).toContain("/admin cannot be printed");
    expect(existsSync(out)).toBe(false);
  });
});
