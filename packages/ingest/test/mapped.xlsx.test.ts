/**
 * Workbooks through the mapped adapter: a small .xlsx written here with exceljs, with dates as serial
 * numbers, as date-formatted cells and as text; times as day fractions, time-formatted cells and text;
 * durations as fractions and [h]:mm:ss cells; a formula, rich text, a boolean column, an empty row and
 * title rows above the header. Expected values are worked out by hand beside each row.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Warehouse } from "@tallyline/warehouse";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IngestError, importFile } from "../src/index";
import { tableChecksums } from "./checksum";

const HEADER = ["ID", "Day", "Clock", "Agent", "Answered", "Wait", "Talk", "Resolved", "Rating"];
/** exceljs reads date- and time-formatted cells back as Dates whose UTC fields are the wall clock. */
const wall = (iso: string) => new Date(`${iso}Z`);
type Row = { values: ExcelJS.CellValue[]; formats?: Record<number, string> };

const GOOD: Row[] = [
  // 2024-01-01 is serial 45292; 0.375 of a day is 09:00:00; 0.0025 of a day is 216 s.
  {
    values: [
      { formula: 'CONCAT("C",1)', result: "C1" },
      45292,
      0.375,
      { richText: [{ text: "Da" }, { text: "na" }] },
      "Y",
      15,
      0.0025,
      true,
      4,
    ],
  },
  // A date cell, a time cell and an [h]:mm:ss cell (5 minutes = 300 s); the wait is text.
  {
    values: [
      "C2",
      wall("2024-01-02T00:00:00"),
      wall("1899-12-30T10:30:00"),
      "Eli",
      "Y",
      "20",
      wall("1899-12-30T00:05:00"),
      false,
      null,
    ],
    formats: { 2: "yyyy-mm-dd", 3: "h:mm:ss", 7: "[h]:mm:ss" },
  },
  { values: [] },
  // Text date and time; unanswered after 42 s of waiting: abandoned.
  { values: ["C3", "2024-01-03", "11:15:00", null, "N", 42, null, false, null] },
];

const MAPPING = {
  format: { type: "xlsx", sheet: "Calls", headerRow: 3 },
  source: "contoso",
  campaign: { id: "contoso", name: "Contoso" },
  timezone: "America/New_York",
  fields: {
    call_id: "ID",
    agent_id: "Agent",
    // A time cell reads as H:MM:SS text in comparisons (C2's 10:30:00 cell); a number cell as the number.
    queue: { cases: [{ value: "late", when: { column: "Clock", equals: "10:30:00" } }, { value: "early" }] },
    started_at: { date: "Day", time: "Clock" },
    wait_secs: "Wait",
    talk_secs: { column: "Talk", format: "H:MM:SS" },
    answered: { column: "Answered", map: { Y: true, N: false } },
    abandoned: {
      rule: {
        all: [
          { column: "Answered", equals: "N" },
          { column: "Wait", gt: 0 },
        ],
      },
    },
    resolved: "Resolved",
    csat: "Rating",
  },
};

let dir: string;
let wh: Warehouse;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tl-xlsx-"));
  wh = await Warehouse.open(join(dir, "t.duckdb"));
});
afterAll(async () => {
  await wh.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Writes a workbook with a 'Notes' sheet first and the rows on sheet 'Calls' below two title rows. */
async function workbook(name: string, rows: Row[], date1904 = false): Promise<string> {
  const wb = new ExcelJS.Workbook();
  wb.properties.date1904 = date1904;
  wb.addWorksheet("Notes").addRow(["exported by hand"]);
  const ws = wb.addWorksheet("Calls");
  ws.addRow(["Contoso calls, January 2024"]);
  ws.addRow([]);
  ws.addRow(HEADER);
  for (const r of rows) {
    const row = ws.addRow(r.values);
    for (const [col, fmt] of Object.entries(r.formats ?? {})) row.getCell(Number(col)).numFmt = fmt;
  }
  const path = join(dir, name);
  await wb.xlsx.writeFile(path);
  return path;
}

const mappingFile = (m: object, name = "m.json") => {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(m));
  return path;
};

describe("xlsx through a mapping", () => {
  it("reads serials, date cells and text dates; fractions, time cells and text times; in the mapping's zone", async () => {
    const s = await importFile(wh, await workbook("calls.xlsx", GOOD), {
      source: "mapped",
      mapping: mappingFile(MAPPING),
    });
    expect(s.rowsByTable).toEqual({ campaigns: 1, calls: 3, agents: 2 });
    // New York is UTC-5 in January: 09:00 local is 14:00Z.
    expect(
      await wh.query(`SELECT call_id, strftime(started_at, '%Y-%m-%d %H:%M:%S') AS started, agent_id, queue, wait_secs, talk_secs,
        answered, abandoned, resolved, csat FROM calls ORDER BY call_id`),
    ).toEqual([
      {
        call_id: "contoso:C1",
        started: "2024-01-01 14:00:00",
        agent_id: "contoso:Dana",
        queue: "early",
        wait_secs: 15,
        talk_secs: 216,
        answered: true,
        abandoned: false,
        resolved: true,
        csat: 4,
      },
      {
        call_id: "contoso:C2",
        started: "2024-01-02 15:30:00",
        agent_id: "contoso:Eli",
        queue: "late",
        wait_secs: 20,
        talk_secs: 300,
        answered: true,
        abandoned: false,
        resolved: false,
        csat: null,
      },
      {
        call_id: "contoso:C3",
        started: "2024-01-03 16:15:00",
        agent_id: null,
        queue: "early",
        wait_secs: 42,
        talk_secs: null,
        answered: false,
        abandoned: true,
        resolved: false,
        csat: null,
      },
    ]);
  });

  it("reads serials of a 1904 workbook (old Mac Excel): 43830 is 2024-01-01 there", async () => {
    const path = await workbook("mac.xlsx", [{ values: ["M1", 43830, 0.5, "Dana", "Y", 1, 0.001, true, 5] }], true);
    await importFile(wh, path, { source: "mapped", mapping: mappingFile(MAPPING) });
    expect(
      await wh.query(
        "SELECT strftime(started_at, '%Y-%m-%d %H:%M:%S') AS s, talk_secs FROM calls WHERE call_id = 'contoso:M1'",
      ),
    ).toEqual([{ s: "2024-01-01 17:00:00", talk_secs: 86.4 }]);
  });

  it("a bad cell is reported with the sheet row number and the header name", async () => {
    const bad: Row[] = [
      ...GOOD,
      { values: ["C4", 45294, "soon", "Eli", "Y", 5, 0.001, true, 3] },
      { values: ["C5", 45294, 0.5, "Eli", "Y", 5, 0.001, true, 9] },
      { values: ["C6", 45294, 0.5, "Eli", "Y", 5, 0.001, "maybe", 3] },
    ];
    const before = await tableChecksums(wh);
    const e = await importFile(wh, await workbook("bad.xlsx", bad), {
      source: "mapped",
      mapping: mappingFile(MAPPING),
    }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(IngestError);
    // Rows: 1 title, 2 blank, 3 header, 4-7 GOOD (6 empty), then 8, 9, 10.
    expect((e as IngestError).issues).toEqual([
      { file: "bad.xlsx", line: 8, column: "Clock", value: "soon", reason: "is not a time of day H:MM:SS" },
      { file: "bad.xlsx", line: 9, column: "Rating", value: "9", reason: "is not on the 1-5 scale" },
      {
        file: "bad.xlsx",
        line: 10,
        column: "Resolved",
        value: "maybe",
        reason: 'is not true/false (give a "map", e.g. {"Y": true, "N": false})',
      },
    ]);
    expect(await tableChecksums(wh)).toEqual(before);
  });

  it("a sheet that does not exist, and a file that is not a workbook, are refused as such", async () => {
    const path = await workbook("sheets.xlsx", GOOD.slice(0, 1)); // other bytes than calls.xlsx: not skipped as known
    const noSheet = mappingFile({ ...MAPPING, format: { type: "xlsx", sheet: "Anrufe" } }, "anrufe.json");
    const e = (await importFile(wh, path, { source: "mapped", mapping: noSheet }).catch(
      (x: unknown) => x,
    )) as IngestError;
    expect(e.code).toBe("unreadable");
    expect(e.issues[0]?.reason).toBe('has no sheet "Anrufe" (sheets: Notes, Calls)');
    const text = join(dir, "calls-as-text.xlsx");
    writeFileSync(text, "ID,Day\n1,2024-01-01\n");
    const e2 = (await importFile(wh, text, { source: "mapped", mapping: mappingFile(MAPPING) }).catch(
      (x: unknown) => x,
    )) as IngestError;
    expect(e2.code).toBe("unreadable");
    expect(e2.issues[0]?.reason).toMatch(/^is not an \.xlsx workbook/);
  });
});
