/**
 * XLSX of an {@link ExportTable} (exceljs): a "Report" sheet with the table, its header row frozen,
 * and a "Definitions" sheet with the report, the period, the zone, the filters and every measure's
 * definition sentence. Cells keep their types:
 * - numbers are numbers with a number format: counts `#,##0`, scores `0.00`, rates `0.0`, hours `0`;
 * - percent (0-100 in the result) is written as a fraction with the `0.0%` format (87.3 -> 0.873,
 *   shown 87.3%);
 * - durations are written in days with the `[h]:mm:ss` format (3,725 s -> 0.04311..., shown
 *   1:02:05); a change of a duration can be negative, which Excel cannot show as a time, so change
 *   columns stay in seconds (`0.0`, the header says "(s)"), and a change of a percent measure stays
 *   in percentage points (`0.0`, "(pp)");
 * - dates, hours and months are Excel dates holding the wall clock of the query's zone
 *   (`yyyy-mm-dd`, `yyyy-mm-dd hh:mm`, `yyyy-mm`); a peak minute in the repeated hour of an autumn
 *   change (with its offset) stays text, as a date would lose which of the two it was;
 * - text is always a string cell (shared string), never a formula, whatever it starts with.
 */
import {
  type Cell,
  type ColumnUnit,
  type ExportColumn,
  type ExportTable,
  headerWithUnit,
  type MeasureInfo,
} from "@tallyline/report-defs";
import ExcelJS from "exceljs";

/** The lines of the Definitions sheet above the measures: a label and its value. */
export type DefinitionLine = readonly [label: string, value: string | number | null];

/** What the Definitions sheet says beside the measures. */
export interface XlsxMeta {
  /** Label-value pairs (report, version, period, zone, filters...), in order. */
  readonly lines: readonly DefinitionLine[];
  /** The workbook's creation time (its document properties). */
  readonly created: Date;
}

const DAY_SECONDS = 86_400;

/** Number format of each unit in the Report sheet (text columns have none). */
const NUMBER_FORMATS: Partial<Record<ColumnUnit, string>> = {
  count: "#,##0",
  seconds: "[h]:mm:ss",
  percent: "0.0%",
  score: "0.00",
  per_minute: "0.0",
  integer: "0",
  date: "yyyy-mm-dd",
  datetime: "yyyy-mm-dd hh:mm",
  month: "yyyy-mm",
};

/**
 * A change of a duration stays in seconds (Excel shows a negative time as ####), and a change of a
 * percent measure stays in percentage points (a percent format would read as a relative change).
 */
const keepsUnit = (c: ExportColumn) => c.signed === true && (c.unit === "seconds" || c.points === true);

const LOCAL = /^(\d{4})-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2}))?)?$/;

/**
 * A wall-clock date, hour or month text ('YYYY-MM-DD', 'YYYY-MM-DDTHH:MM', 'YYYY-MM') as a Date whose
 * UTC fields are that wall clock (exceljs writes a Date's UTC fields as the Excel serial); null for
 * any other text.
 */
export function wallClockDate(text: string): Date | null {
  const m = LOCAL.exec(text);
  if (!m) return null;
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3] ?? 1), Number(m[4] ?? 0), Number(m[5] ?? 0)));
}

/** A cell's value as written to the Report sheet, and its number format (if any). */
function xlsxValue(c: ExportColumn, cell: Cell): { value: ExcelJS.CellValue; numFmt?: string } {
  if (cell === null) return { value: null };
  if (typeof cell === "number") {
    if (keepsUnit(c)) return { value: cell, numFmt: "0.0" };
    if (c.unit === "seconds") return { value: cell / DAY_SECONDS, numFmt: NUMBER_FORMATS.seconds as string };
    if (c.unit === "percent") return { value: cell / 100, numFmt: NUMBER_FORMATS.percent as string };
    const numFmt = NUMBER_FORMATS[c.unit];
    return numFmt ? { value: cell, numFmt } : { value: cell };
  }
  if (c.unit === "date" || c.unit === "datetime" || c.unit === "month") {
    const date = wallClockDate(cell);
    if (date) return { value: date, numFmt: NUMBER_FORMATS[c.unit] as string };
  }
  // Text (imported names included) is a plain string: exceljs writes a formula only from { formula }.
  return { value: cell };
}

/** Header of a column in the Report sheet: the name, with "(s)" or "(pp)" where a change keeps its unit. */
const header = (c: ExportColumn) => (keepsUnit(c) ? headerWithUnit(c) : c.name);

/**
 * The table and its definitions as an .xlsx workbook (bytes). Sheet "Report": header row (bold,
 * frozen) then the rows; sheet "Definitions": `meta.lines`, a blank line, then one row per measure
 * (id, label, format, definition sentence).
 */
export async function writeXlsx(table: ExportTable, meta: XlsxMeta): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "Tallyline";
  wb.created = meta.created;
  wb.modified = meta.created;
  const ws = wb.addWorksheet("Report", { views: [{ state: "frozen", ySplit: 1 }] });
  const headerRow = ws.addRow(table.columns.map(header));
  headerRow.font = { bold: true };
  for (const row of table.rows) {
    const r = ws.addRow([]);
    table.columns.forEach((c, i) => {
      const { value, numFmt } = xlsxValue(c, row[i] ?? null);
      const cell = r.getCell(i + 1);
      cell.value = value;
      if (numFmt) cell.numFmt = numFmt;
    });
  }
  table.columns.forEach((c, i) => {
    const longest = Math.max(
      header(c).length,
      ...table.rows.map((row) => (typeof row[i] === "string" ? (row[i] as string).length : 10)),
    );
    ws.getColumn(i + 1).width = Math.min(60, Math.max(10, longest + 2));
  });
  writeDefinitions(wb, meta.lines, table.measures);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

function writeDefinitions(wb: ExcelJS.Workbook, lines: readonly DefinitionLine[], measures: readonly MeasureInfo[]) {
  const ws = wb.addWorksheet("Definitions");
  for (const [label, value] of lines) ws.addRow([label, value]).getCell(1).font = { bold: true };
  ws.addRow([]);
  ws.addRow(["Measure id", "Measure", "Format", "Definition"]).font = { bold: true };
  for (const m of measures) ws.addRow([m.id, m.label, m.format, m.definition]);
  ws.getColumn(1).width = 24;
  ws.getColumn(2).width = 40;
  ws.getColumn(3).width = 16;
  ws.getColumn(4).width = 100;
}
