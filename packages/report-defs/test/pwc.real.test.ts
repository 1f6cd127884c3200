/**
 * Call reports on the real PwC workbook (../shared/data/real/pwc-callcenter), imported through the
 * shipped mapping, against figures read straight from the workbook's cells with exceljs (not through
 * the adapter). Skips with a visible message when ../shared is absent.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { importFile } from "@tallyline/ingest";
import { Warehouse } from "@tallyline/warehouse";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultRegistry, type KpiResult, runReport, type TableResult } from "../src/index";

const FILE = join(import.meta.dirname, "../../../../shared/data/real/pwc-callcenter/call-center-dataset.xlsx");
const MAPPING = join(import.meta.dirname, "../../ingest/mappings/pwc-callcenter.json");
const present = existsSync(FILE);
if (!present) console.warn(`SKIPPED: PwC report tests need ${FILE} (../shared/data/real is absent)`);

/** Per agent: answered calls and the mean rating; per topic: answered and resolved answered calls. */
async function byHand() {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(FILE);
  const ws = wb.worksheets[0] as ExcelJS.Worksheet;
  const col: Record<string, number> = {};
  ws.getRow(1).eachCell((cell, i) => {
    col[String(cell.value)] = i;
  });
  const agents = new Map<string, { answered: number; csatSum: number; csatN: number }>();
  const topics = new Map<string, { answered: number; resolved: number }>();
  let answered = 0;
  ws.eachRow((row, n) => {
    if (n === 1) return;
    const v = (h: string) => row.getCell(col[h] ?? 0).value;
    if (v("Answered (Y/N)") !== "Y") return;
    answered++;
    const a = agents.get(String(v("Agent"))) ?? { answered: 0, csatSum: 0, csatN: 0 };
    a.answered++;
    a.csatSum += v("Satisfaction rating") as number;
    a.csatN++;
    agents.set(String(v("Agent")), a);
    const t = topics.get(String(v("Topic"))) ?? { answered: 0, resolved: 0 };
    t.answered++;
    if (v("Resolved") === "Y") t.resolved++;
    topics.set(String(v("Topic")), t);
  });
  return { answered, agents, topics };
}

describe.skipIf(!present)("call reports on the real PwC workbook", () => {
  let dir: string;
  let wh: Warehouse;
  let hand: Awaited<ReturnType<typeof byHand>>;
  const q1 = { from: "2021-01-01", to: "2021-03-31", timezone: "Europe/Zurich", compare: "none" };
  const run = (id: string) => runReport(defaultRegistry().get(id), q1, (sql, params) => wh.query(sql, params));

  beforeAll(async () => {
    hand = await byHand();
    dir = mkdtempSync(join(tmpdir(), "tl-pwc-"));
    wh = await Warehouse.open(join(dir, "pwc.duckdb"));
    await importFile(wh, FILE, { mapping: MAPPING });
  }, 120_000);
  afterAll(async () => {
    await wh.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("answers 4,054 of 5,000 calls", async () => {
    expect(((await run("calls.offered")) as KpiResult).value).toBe(5000);
    expect(((await run("calls.answered")) as KpiResult).value).toBe(4054);
    expect(hand.answered).toBe(4054);
  });

  it("CSAT by agent equals the workbook", async () => {
    const t = (await run("calls.agents")) as TableResult;
    const rows = new Map(t.rows.map((r) => [r.label, r.values]));
    expect(hand.agents.size).toBe(8);
    for (const [agent, a] of hand.agents) {
      expect(rows.get(agent)?.answered).toBe(a.answered);
      expect(rows.get(agent)?.csat).toBeCloseTo(a.csatSum / a.csatN, 9);
    }
  });

  it("resolution rate by topic equals the workbook", async () => {
    const t = (await run("calls.resolution_by_topic")) as TableResult;
    const rows = new Map(t.rows.map((r) => [r.label, r.values]));
    expect(hand.topics.size).toBe(5);
    for (const [topic, x] of hand.topics) {
      expect(rows.get(topic)?.answered).toBe(x.answered);
      expect(rows.get(topic)?.resolution_rate).toBeCloseTo((100 * x.resolved) / x.answered, 9);
    }
  });
});
