/**
 * Zone names enter in any case (issue 10 point 7) and leave as the canonical name: through
 * TALLYLINE_TIMEZONE, a report query to the API, and `tallyline report run --timezone`.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { KpiResult } from "@tallyline/report-defs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config";
import { json, smallCallLog, testApp } from "./harness";
import { cliArgs } from "./testutil/process";

describe("TALLYLINE_TIMEZONE", () => {
  it("is read in any case and kept under its canonical name", () => {
    expect(loadConfig({ TALLYLINE_TIMEZONE: "europe/AMSTERDAM" }).timezone).toBe("Europe/Amsterdam");
    expect(loadConfig({ TALLYLINE_TIMEZONE: "Asia/Calcutta" }).timezone).toBe("Asia/Kolkata");
    expect(loadConfig({}).timezone).toBe("UTC");
    expect(() => loadConfig({ TALLYLINE_TIMEZONE: "Mars/Olympus" })).toThrow(/TALLYLINE_TIMEZONE: must be an IANA/);
  });
});

describe("POST /api/v1/report/{id}/fetch with a zone in another case", () => {
  let t: Awaited<ReturnType<typeof testApp>>;
  beforeAll(async () => {
    t = await testApp([smallCallLog], "asia/JERUSALEM");
  });
  afterAll(() => t.close());

  it("gives the canonical zone's result and echoes the canonical name", async () => {
    const body = { from: "1999-02-01", to: "1999-02-03", filters: { queue: ["PS"] } };
    const canonical = await json<KpiResult>(
      await t.post("/api/v1/report/calls.offered/fetch", { ...body, timezone: "Asia/Jerusalem" }),
    );
    const variant = await json<KpiResult>(
      await t.post("/api/v1/report/calls.offered/fetch", { ...body, timezone: "ASIA/jerusalem" }),
    );
    // The server's default zone, given in another case, is echoed canonically too.
    const byDefault = await json<KpiResult>(await t.post("/api/v1/report/calls.offered/fetch", body));
    // #8 (23:59:50 UTC on 02-02) falls on 02-03 in Jerusalem (see v1_report_fetch.happy.test.ts).
    expect(canonical.breakdown.map((p) => p.total)).toEqual([4, 2, 1]);
    expect(variant).toEqual(canonical);
    expect(byDefault).toEqual(canonical);
    expect(variant.timezone).toBe("Asia/Jerusalem");
  });
});

describe("tallyline report run --timezone", () => {
  const run = promisify(execFile);
  const repo = join(import.meta.dirname, "../../..");
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "tl-cli-zones-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("echoes the canonical name of a zone given in another case", async () => {
    const db = join(dir, "z.duckdb");
    const cli = (...args: string[]) =>
      run(process.execPath, [...cliArgs(), ...args], { cwd: repo, maxBuffer: 1 << 24 });
    await cli("ingest", smallCallLog, "--db", db, "--timezone", "utc", "--json");
    const args = ["report", "run", "calls.offered", "--from", "1999-02-01", "--to", "1999-02-03", "--queue", "PS"];
    const { stdout } = await cli(...args, "--timezone", "asia/jerusalem", "--db", db, "--json");
    const r = JSON.parse(stdout) as KpiResult;
    expect(r.timezone).toBe("Asia/Jerusalem");
    expect(r.breakdown.map((p) => p.total)).toEqual([4, 2, 1]);
  }, 60_000);
});
