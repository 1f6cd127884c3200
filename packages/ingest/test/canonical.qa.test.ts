/**
 * AI quality-check results (seed 000: calls evaluated by checks, pass/fail and a 0-100 score) in the
 * canonical format: test/fixtures/canonical/quality_checks.csv and call_check_results.csv, detected
 * by name and header, with the figures a check report shows worked out by hand:
 *
 * | check    | call1     | call2      | call3      | passed | pass rate | mean score        |
 * | greeting | true, 95  | true, 85   | TRUE, 60   | 3 of 3 | 100 %     | (95+85+60)/3 = 80 |
 * | verify   | true, 80  | false, 30  | true, 100  | 2 of 3 | 66.67 %   | (80+30+100)/3 = 70|
 * | resolve  | false, 40 | true, none | False, 35  | 1 of 3 | 33.33 %   | (40+35)/2 = 37.5  |
 *
 * All checks: 6 of 9 passed (66.67 %); mean of the 8 scores 525/8 = 65.625.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Warehouse } from "@tallyline/warehouse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ImportSummary, importFile } from "../src/index";

const FIXTURES = join(import.meta.dirname, "fixtures/canonical");
let dir: string;
let wh: Warehouse;
const summaries: ImportSummary[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tl-qa-"));
  wh = await Warehouse.open(join(dir, "qa.duckdb"));
  for (const f of ["quality_checks.csv", "call_check_results.csv"])
    summaries.push(await importFile(wh, join(FIXTURES, f)));
});
afterAll(async () => {
  await wh.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("quality-check results in the canonical format", () => {
  it("both files are detected as canonical: 3 checks, 9 results", () => {
    expect(summaries.map((s) => [s.source, s.status, s.rowsByTable])).toEqual([
      ["canonical", "imported", { quality_checks: 3 }],
      ["canonical", "imported", { call_check_results: 9 }],
    ]);
  });

  it("the checks as written, source 'canonical'", async () => {
    expect(await wh.query("SELECT check_id, source, campaign_id, name FROM quality_checks ORDER BY check_id")).toEqual([
      { check_id: "qa:greeting", source: "canonical", campaign_id: "qa:support", name: "Opening Greeting" },
      { check_id: "qa:resolve", source: "canonical", campaign_id: "qa:support", name: "Issue Resolution" },
      { check_id: "qa:verify", source: "canonical", campaign_id: "qa:support", name: "Customer Verification" },
    ]);
  });

  it("pass rate (percent 0-100) and mean score per check, as in the table above", async () => {
    expect(
      await wh.query(`SELECT q.name, count(*) FILTER (WHERE r.passed) AS passed, round(100 * avg(r.passed::INT), 2) AS pass_rate,
                             avg(r.score) AS mean_score, count(r.score) AS scored
                      FROM call_check_results r JOIN quality_checks q USING (check_id) GROUP BY 1 ORDER BY 1`),
    ).toEqual([
      { name: "Customer Verification", passed: 2, pass_rate: 66.67, mean_score: 70, scored: 3 },
      { name: "Issue Resolution", passed: 1, pass_rate: 33.33, mean_score: 37.5, scored: 2 },
      { name: "Opening Greeting", passed: 3, pass_rate: 100, mean_score: 80, scored: 3 },
    ]);
    expect(
      await wh.query(
        "SELECT count(*) FILTER (WHERE passed) AS passed, count(*) AS results, avg(score) AS mean_score FROM call_check_results",
      ),
    ).toEqual([{ passed: 6, results: 9, mean_score: 65.625 }]);
  });

  it("values: UTC timestamps in three spellings, quoted text with commas and quotes, empty reason NULL", async () => {
    expect(
      await wh.query(
        "SELECT call_id, evaluated_at, reason FROM call_check_results WHERE check_id = 'qa:greeting' ORDER BY call_id",
      ),
    ).toEqual([
      { call_id: "qa:call1", evaluated_at: "2024-03-05T09:10:00.000Z", reason: "Greeted by name" },
      { call_id: "qa:call2", evaluated_at: "2024-03-05T10:20:00.000Z", reason: null },
      { call_id: "qa:call3", evaluated_at: "2024-03-05T11:30:00.500Z", reason: 'No company name, but a warm "hello"' },
    ]);
  });
});
