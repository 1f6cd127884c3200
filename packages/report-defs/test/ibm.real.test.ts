/**
 * Chat reports on the real IBM Twitter dev file (../shared/data/real/ibm-twitter-cdp/dev.json),
 * imported through the adapter, against independent SQL over the raw file (DuckDB read_json).
 * Skips with a visible message when ../shared is absent.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { importFile } from "@tallyline/ingest";
import { Warehouse } from "@tallyline/warehouse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultRegistry, type KpiResult, type RankingResult, runReport } from "../src/index";

const REAL = join(import.meta.dirname, "../../../../shared/data/real/ibm-twitter-cdp/dev.json");
const present = existsSync(REAL);
if (!present) console.warn(`SKIPPED: IBM report tests need ${REAL} (../shared/data/real is absent)`);

describe.skipIf(!present)("reports on the real IBM Twitter dev file", () => {
  let dir: string;
  let wh: Warehouse;
  const raw = `read_json('${REAL}')`;
  // The whole file: its conversations start between 2018-05-02 and 2020-04-02.
  const all = { from: "2018-01-01", to: "2020-12-31", timezone: "UTC", compare: "none" };
  const run = (id: string) => runReport(defaultRegistry().get(id), all, (sql, params) => wh.query(sql, params));

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "tl-ibm-reports-"));
    wh = await Warehouse.open(join(dir, "ibm.duckdb"));
    await importFile(wh, REAL);
  });
  afterAll(async () => {
    await wh.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("engagement.conversations counts 525 and engagement.messages the sum of messageCount minus the untimed final replies", async () => {
    const [file] = await wh.query<{ sessions: number; timed: number }>(
      `SELECT count(*) AS sessions, sum(len(dialogContent)) AS timed FROM ${raw}`,
    );
    expect(((await run("engagement.conversations")) as KpiResult).value).toBe(file?.sessions);
    expect(file?.sessions).toBe(525);
    // The final agent reply has no timestamp, so it is in no period (its definition says so).
    expect(((await run("engagement.messages")) as KpiResult).value).toBe(file?.timed);
  });

  it("conversations per company equal the raw file", async () => {
    const perCompany = await wh.query<{ company: string; n: number }>(
      `SELECT dialogHeader.company AS company, count(*) AS n FROM ${raw} GROUP BY 1`,
    );
    const r = (await run("engagement.conversations_by_campaign")) as RankingResult;
    expect(r.others).toBeNull();
    const shown = new Map(r.rows.map((x) => [x.label, x.value]));
    expect(shown.size).toBe(perCompany.length);
    for (const { company, n } of perCompany) expect(shown.get(company)).toBe(n);
  });
});
