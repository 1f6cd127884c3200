/**
 * The fact sheet of a narrative report equals the dashboard's figures: for a campaign, a segment,
 * a check and a set of calls on generated data (packages/synth), every fact is compared with the
 * result of the same registry report fetched through the API (`POST /api/v1/report/{id}/fetch`,
 * with the scope's filters or the saved segment), for the same period and zone.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { importFile } from "@tallyline/ingest";
import { computeFactSheet, type FactSheet } from "@tallyline/narrative";
import type { KpiResult, RankingResult, TableResult } from "@tallyline/report-defs";
import { GENERATED_TABLES, generate, writeGenerated } from "@tallyline/synth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveParsed } from "../src/narrative/scope";
import { json, type TestApp, testApp } from "./harness";

const PERIOD = { from: "2026-10-21", to: "2026-10-27", timezone: "Europe/Amsterdam" };
let t: TestApp;
let dir: string;

beforeAll(async () => {
  t = await testApp([], "Europe/Amsterdam");
  dir = mkdtempSync(join(tmpdir(), "tl-nfacts-"));
  await writeGenerated(
    dir,
    generate({ seed: 11, days: 14, end: "2026-10-27", timezone: "Europe/Amsterdam", scale: 40 }),
  );
  for (const f of GENERATED_TABLES) await importFile(t.warehouse, join(dir, `${f}.csv`), { source: "canonical" });
});
afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

async function fetchReport<T>(id: string, scope: Record<string, unknown>): Promise<T> {
  const res = await t.post(`/api/v1/report/${id}/fetch`, { ...PERIOD, compare: "previous", ...scope });
  expect(res.status, id).toBe(200);
  return json<T>(res);
}

const value = (sheet: FactSheet, id: string) => sheet.facts.find((f) => f.id === id)?.value;

/** Every fact of a call sheet against the API's results of the same reports. */
async function expectDashboard(sheet: FactSheet, scope: Record<string, unknown>) {
  const [calls, score, pass, dist, checks, agents] = await Promise.all([
    fetchReport<KpiResult>("quality_checks.calls", scope),
    fetchReport<KpiResult>("quality_checks.average_score", scope),
    fetchReport<KpiResult>("quality_checks.pass_rate", scope),
    fetchReport<RankingResult>("quality_checks.score_distribution", scope),
    fetchReport<TableResult>("quality_checks.checks", scope),
    fetchReport<TableResult>("quality_checks.agents", scope),
  ]);
  expect(calls.value).toBeGreaterThan(0);
  expect(value(sheet, "total_calls")).toBe(calls.value);
  expect(value(sheet, "total_calls.previous")).toBe(calls.previousValue);
  expect(value(sheet, "average_score")).toBe(score.value);
  expect(value(sheet, "average_score.change")).toBe(score.change);
  expect(value(sheet, "pass_rate")).toBe(pass.value);
  expect(value(sheet, "pass_rate.previous")).toBe(pass.previousValue);
  expect(sheet.facts.find((f) => f.id === "pass_rate")?.sample?.size).toBe(pass.sample?.size);
  for (const row of dist.rows) expect(value(sheet, `score_range.${row.label.replace("-", "_")}`)).toBe(row.value);
  expect(sheet.checks.map((c) => c.name)).toEqual(checks.rows.map((r) => r.label));
  checks.rows.forEach((row, i) => {
    for (const m of ["pass_rate", "average_score", "calls"])
      expect(value(sheet, `check.${i + 1}.${m}`), `${row.label} ${m}`).toBe(row.values[m]);
  });
  const linked = agents.rows.filter((r) => r.key !== null && (r.sample?.size ?? 0) >= 20);
  expect(sheet.agents.map((a) => a.key)).toEqual(linked.map((r) => r.key));
  linked.forEach((row, i) => {
    for (const m of ["calls", "average_score", "pass_rate"])
      expect(value(sheet, `agent.${i + 1}.${m}`), `${row.label} ${m}`).toBe(row.values[m]);
  });
}

const sheetOf = async (kind: "campaign" | "segment" | "check" | "calls", ids: string[]) =>
  computeFactSheet({
    execute: (sql, params) => t.warehouse.query(sql, params as never),
    scope: await resolveParsed(t.warehouse, kind, ids),
    period: PERIOD,
    now: Date.parse("2026-11-01T00:00:00Z"),
  });

describe("fact sheet = dashboard figures", () => {
  it("campaign", async () => {
    const [row] = await t.warehouse.query<{ c: string }>("SELECT min(campaign_id) AS c FROM call_check_results");
    const c = String(row?.c);
    await expectDashboard(await sheetOf("campaign", [c]), { filters: { campaign: [c] } });
  });

  it("segment (a saved segment by id, through the API's segment resolution)", async () => {
    const res = await t.post("/api/v1/segments", {
      name: "Returns and refunds",
      filters: { topic: ["Returns", "Refund"] },
    });
    expect(res.status).toBe(201);
    const { id } = await json<{ id: string }>(res);
    const sheet = await sheetOf("segment", [id]);
    expect(sheet.filters).toEqual({ topic: ["Returns", "Refund"] });
    await expectDashboard(sheet, { segmentId: id });
  });

  it("check", async () => {
    await expectDashboard(await sheetOf("check", ["generated:qc2"]), { filters: { check: ["generated:qc2"] } });
  });

  it("a selected set of calls", async () => {
    const rows = await t.warehouse.query<{ call_id: string }>(
      `(SELECT call_id FROM call_quality ORDER BY call_started_at DESC, call_id LIMIT 40)
       UNION ALL (SELECT call_id FROM call_quality WHERE call_started_at < TIMESTAMP '2026-10-19 00:00:00' ORDER BY call_id LIMIT 10)`,
    );
    const ids = rows.map((r) => r.call_id);
    const sheet = await sheetOf("calls", ids);
    await expectDashboard(sheet, { filters: { call: ids } });
    // Independent SQL over the results: the calls of the set inside the period.
    const [n] = await t.warehouse.query<{ n: number }>(
      `SELECT count(DISTINCT call_id)::INTEGER AS n FROM call_check_results
       WHERE call_id IN (${ids.map((_, i) => `$${i + 1}`).join(", ")})
         AND ((call_started_at AT TIME ZONE 'UTC') AT TIME ZONE 'Europe/Amsterdam')::DATE BETWEEN DATE '2026-10-21' AND DATE '2026-10-27'`,
      ids,
    );
    expect(value(sheet, "total_calls")).toBe(n?.n);
  });
});
