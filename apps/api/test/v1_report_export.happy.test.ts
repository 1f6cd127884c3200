/**
 * POST /api/v1/report/{id}/export on the real app: the hand-computed figures of the small call log
 * (the same as the fetch tests: 9 calls offered on 02-01..02-03, 2 before), the headers, and for
 * every report of the registry over the demo data: the CSV parsed back with csv-parse gives exactly
 * the numbers of the JSON result of the fetch route, read by shape here (not through resultTable).
 */
import type { KpiResult, MeasureInfo, ReportListItem, ReportResult } from "@tallyline/report-defs";
import { loadDemo } from "@tallyline/synth";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, type TestApp, testApp } from "./harness";

let t: TestApp;
let demo: TestApp;
beforeAll(async () => {
  [t, demo] = await Promise.all([testApp(), testApp([])]);
  await loadDemo(demo.warehouse, { days: 6, end: "1999-02-03", scale: 5 });
}, 60_000);
afterAll(async () => {
  await Promise.all([t.close(), demo.close()]);
});

const Q = { from: "1999-02-01", to: "1999-02-03" };
const csvOf = async (res: Response) => parse(await res.text(), { bom: true }) as string[][];

describe("POST /api/v1/report/{id}/export", () => {
  it("CSV: hand-computed calls offered, the attachment name and the content type", async () => {
    const res = await t.post("/api/v1/report/calls.offered/export?format=csv", Q);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8; header=present");
    expect(res.headers.get("content-disposition")).toBe(
      'attachment; filename="calls.offered_1999-02-01_1999-02-03.csv"',
    );
    expect(await csvOf(res)).toEqual([
      [
        "Date",
        "Calls offered",
        "Calls offered, previous period",
        "Calls offered, change",
        "Calls offered, relative change (%)",
      ],
      ["1999-02-01", "5", "", "", ""],
      ["1999-02-02", "4", "", "", ""],
      ["1999-02-03", "0", "", "", ""],
      ["Total", "9", "2", "7", "350"],
    ]);
  });

  it("CSV for Excel: bom=1 starts with EF BB BF, the rest is the same file", async () => {
    const plain = new Uint8Array(
      await (await t.post("/api/v1/report/calls.by_queue/export?format=csv", Q)).arrayBuffer(),
    );
    const res = await t.post("/api/v1/report/calls.by_queue/export?format=csv&bom=1", Q);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(Buffer.from(bytes.subarray(3)).equals(Buffer.from(plain))).toBe(true);
    // PS 7 of 9 calls (02-01 #1 #2 #4 AA0103#1; 02-02 #5 #6 #8), 2 before.
    const rows = parse(Buffer.from(bytes), { bom: true }) as string[][];
    expect(rows[1]?.slice(0, 3)).toEqual(["PS", "PS", "7"]);
    expect(Number(rows[1]?.[3])).toBeCloseTo((100 * 7) / 9, 12);
  });

  it("JSON: the fetch result plus definitions and query, as an attachment", async () => {
    const res = await t.post("/api/v1/report/calls.aht/export?format=json", { ...Q, filters: { queue: ["PS"] } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="calls.aht_1999-02-01_1999-02-03.json"');
    const doc = (await res.json()) as {
      report: { id: string; version: number };
      definitions: MeasureInfo[];
      query: { timezone: string; filters: unknown; segment: unknown };
      result: KpiResult & { demo: boolean };
    };
    const fetched = await json<KpiResult>(
      await t.post("/api/v1/report/calls.aht/fetch", { ...Q, filters: { queue: ["PS"] } }),
    );
    expect(doc.result).toEqual(fetched);
    expect(doc.report.id).toBe("calls.aht");
    expect(doc.definitions.map((d) => d.id)).toEqual(["aht"]);
    expect(doc.definitions[0]?.definition).toBe(fetched.measure.definition);
    expect(doc.query).toMatchObject({ timezone: "UTC", filters: { queue: ["PS"] }, segment: null });
  });

  it("XLSX: a workbook with the Report and Definitions sheets, counts as numbers", async () => {
    const res = await t.post("/api/v1/report/calls.offered/export?format=xlsx", Q);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(res.headers.get("content-disposition")).toBe(
      'attachment; filename="calls.offered_1999-02-01_1999-02-03.xlsx"',
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await res.arrayBuffer()) as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["Report", "Definitions"]);
    const total = wb.getWorksheet("Report")?.getRow(5);
    expect([1, 2, 3, 4].map((i) => total?.getCell(i).value)).toEqual(["Total", 9, 2, 7]);
    expect(total?.getCell(5).value).toBe(3.5); // 350% as a fraction
  });

  it("takes a segment like fetch, and its filters are in the file", async () => {
    const created = await t.post("/api/v1/segments", { name: "PS only", filters: { queue: ["PS"] } });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const res = await t.post("/api/v1/report/calls.offered/export?format=json", { ...Q, segmentId: id });
    const doc = (await res.json()) as { query: { segment: unknown }; result: KpiResult };
    expect(doc.result.value).toBe(7);
    expect(doc.query.segment).toEqual({ id, name: "PS only", filters: { queue: ["PS"] } });
  });

  it("goes through the report runner's cache (the second identical export is a hit)", async () => {
    const body = { from: "1999-02-02", to: "1999-02-03" };
    await t.post("/api/v1/report/calls.answered/export?format=csv", body);
    const res = await t.post("/api/v1/report/calls.answered/export?format=xlsx", body);
    expect(res.headers.get("x-cache")).toBe("hit");
  });
});

/** The CSV header of a measure's values: its label and its unit (worked out here, not by report-defs). */
const head = (m: MeasureInfo, suffix = "") =>
  `${m.label}${suffix}${m.format === "duration" ? " (s)" : m.format === "percent" ? " (%)" : m.format === "rate_per_minute" ? " (per min)" : ""}`;
const cell = (v: number | null | undefined) => (v === null || v === undefined ? "" : String(v));

/** The cells a CSV must hold for a result, read from the JSON by shape: [header, row index, value]. */
function expectedCells(r: ReportResult): [string, number, string][] {
  const out: [string, number, string][] = [];
  if ("breakdown" in r) {
    r.breakdown.forEach((p, i) => {
      out.push(["Date", i, p.date], [head(r.measure), i, cell(p.total)]);
    });
    const n = r.breakdown.length;
    out.push([head(r.measure), n, cell(r.value)], [head(r.measure, ", previous period"), n, cell(r.previousValue)]);
    if (r.stats)
      out.push(
        [head(r.measure, ", median"), n, cell(r.stats.median)],
        [head(r.measure, ", p90"), n, cell(r.stats.p90)],
      );
  } else if ("series" in r) {
    for (const s of r.series) {
      const m = r.measures.find((x) => x.id === s.measureId) as MeasureInfo;
      s.points.forEach((p, i) => {
        out.push([head({ ...m, label: s.label }), i, cell(p.value)]);
      });
    }
  } else if ("cells" in r) {
    r.cells.forEach((c, i) => {
      out.push(["Hour", i, String(c.hour)], [head(r.measure), i, cell(c.value)]);
    });
  } else if ("totals" in r) {
    r.rows.forEach((row, i) => {
      out.push([r.dimension, i, row.label]);
      for (const m of r.measures) {
        out.push([head(m), i, cell(row.values[m.id])]);
        if (r.previousFrom) out.push([head(m, ", previous period"), i, cell(row.previous[m.id])]);
      }
    });
    for (const m of r.measures) out.push([head(m), r.rows.length, cell(r.totals.values[m.id])]);
  } else {
    r.rows.forEach((row, i) => {
      out.push(
        [r.dimension, i, row.label],
        [head(r.measure), i, cell(row.value)],
        ["Share (%)", i, cell(row.share)],
        [head(r.measure, ", previous period"), i, cell(row.previousValue)],
      );
    });
    const n = r.rows.length + (r.others ? 1 : 0);
    out.push([head(r.measure), n, cell(r.total)]);
  }
  return out;
}

describe("every report: the CSV holds the JSON result's numbers (demo data, 6 days)", () => {
  it("parses back to the fetch result for every report of the registry", async () => {
    const { items } = await json<{ items: ReportListItem[] }>(await demo.request("/api/v1/platform/report/list"));
    const body = { from: "1999-02-01", to: "1999-02-03", timezone: "Europe/Amsterdam" };
    let checked = 0;
    let nonZero = 0;
    for (const item of items) {
      const fetched = await json<ReportResult>(await demo.post(`/api/v1/report/${item.id}/fetch`, body));
      const res = await demo.post(`/api/v1/report/${item.id}/export?format=csv`, body);
      expect(res.status, item.id).toBe(200);
      const [header, ...rows] = await csvOf(res);
      for (const [name, i, value] of expectedCells(fetched)) {
        const col = header?.indexOf(name) ?? -1;
        expect(col, `${item.id}: column ${name} in ${header?.join(" | ")}`).toBeGreaterThanOrEqual(0);
        const got = rows[i]?.[col];
        // Text as written, numbers exactly (String of a double reads back to the same double).
        expect(
          got === "" || value === "" ? got : Number.isNaN(Number(value)) ? got : Number(got),
          `${item.id} ${name} row ${i}`,
        ).toEqual(got === "" || value === "" ? value : Number.isNaN(Number(value)) ? value : Number(value));
        checked++;
        if (value !== "" && value !== "0" && !Number.isNaN(Number(value))) nonZero++;
      }
    }
    expect(items.length).toBeGreaterThan(50);
    expect(checked).toBeGreaterThan(2000);
    expect(nonZero).toBeGreaterThan(500);
  }, 60_000);
});
