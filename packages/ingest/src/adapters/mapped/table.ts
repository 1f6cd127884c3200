/**
 * Reads the rows of a call log as a mapping describes it: csv/tsv text through csv-parse (the shared
 * `parseDelimited`), or one sheet of an .xlsx workbook through exceljs. Either way the result is a
 * header and rows of cells by header name, each row with the line (sheet row) it came from.
 */
import ExcelJS from "exceljs";
import type { SourceFile } from "../../adapter";
import { parseDelimited } from "../../delimited";
import { IngestError, type RowIssue } from "../../errors";
import { decodeText, firstLine, requireText } from "../../text";
import type { Mapping } from "./schema";

/**
 * One cell: text from delimited files; from workbooks the typed value exceljs gives (number, string,
 * boolean, or a Date for date- and time-formatted cells, whose UTC fields are the wall clock).
 */
export type Cell = string | number | boolean | Date | null;

/** One data row: its cells by header name and its line (the sheet row number for xlsx). */
export interface TableRow {
  readonly line: number;
  readonly cells: Readonly<Record<string, Cell>>;
}

/** The header, the rows, and the structural issues (rows with too few or too many fields). */
export interface Table {
  readonly header: readonly string[];
  readonly headerLine: number;
  readonly rows: readonly TableRow[];
  readonly issues: readonly RowIssue[];
  /** True when the workbook counts serial dates from 1904-01-01 (old Mac Excel). */
  readonly date1904: boolean;
}

/**
 * Reads `file` as `format` says. Throws IngestError 'unreadable' (not text for csv/tsv; for xlsx a text
 * file, a corrupt or truncated workbook, no such sheet) or 'empty'.
 */
export async function readTable(file: SourceFile, format: Mapping["format"]): Promise<Table> {
  return format.type === "xlsx" ? readSheet(file, format) : readDelimited(file, format);
}

/**
 * Throws IngestError 'bad_header' naming each of `columns` (the columns a mapping reads) that the
 * header of `table` lacks, on the header's line, with the header's own names in the message; returns
 * when it has them all.
 */
export function requireColumns(fileName: string, table: Table, columns: readonly string[]): void {
  const missing = columns.filter((c) => !table.header.includes(c));
  if (missing.length === 0) return;
  const issues = missing.map((column) => ({
    file: fileName,
    line: table.headerLine,
    column,
    value: "",
    reason: "the mapping reads this column but the header does not have it",
  }));
  throw new IngestError(
    "bad_header",
    fileName,
    issues,
    `${IngestError.summarise(fileName, issues)}\n  The header (line ${table.headerLine}) has: ${table.header.join(", ")}`,
  );
}

const DELIMITERS = [",", ";", "\t"] as const;

/** The most frequent of , ; and tab in `line` (comma on a tie or when none occurs). */
export function detectDelimiter(line: string): string {
  const count = (d: string) => line.split(d).length - 1;
  return DELIMITERS.reduce((best, d) => (count(d) > count(best) ? d : best), DELIMITERS[0] as string);
}

async function readDelimited(file: SourceFile, format: Mapping["format"]): Promise<Table> {
  const text = requireText(file.name, file.bytes);
  const skip = (format.headerRow ?? 1) - 1;
  const body = dropLines(text, skip);
  const delimiter =
    format.type === "tsv"
      ? "\t"
      : !format.delimiter || format.delimiter === "auto"
        ? detectDelimiter(firstLine(body))
        : format.delimiter;
  const parsed = await parseDelimited(file.name, body, delimiter);
  return {
    header: parsed.header,
    headerLine: skip + 1,
    rows: parsed.records.map((r) => ({ line: r.line + skip, cells: r.values })),
    issues: parsed.issues.map((i) => ({ ...i, line: i.line + skip })),
    date1904: false,
  };
}

/** `text` without its first `n` lines (titles or notes above the header). */
function dropLines(text: string, n: number): string {
  let at = 0;
  for (let i = 0; i < n; i++) {
    const nl = text.indexOf("\n", at);
    if (nl < 0) return "";
    at = nl + 1;
  }
  return text.slice(at);
}

async function readSheet(file: SourceFile, format: Mapping["format"]): Promise<Table> {
  const wb = new ExcelJS.Workbook();
  const unreadable = (reason: string, cause?: unknown, value = "") =>
    new IngestError("unreadable", file.name, [{ file: file.name, line: 1, column: "-", value, reason }], undefined, {
      cause,
    });
  // A workbook is a zip file, never text: text here is most often a CSV export renamed .xlsx.
  const asText = decodeText(file.bytes);
  if (asText) {
    const line = firstLine(asText.text);
    const value = line.length > 80 ? `${line.slice(0, 80)}...` : line;
    throw unreadable(
      'is not an .xlsx workbook but a text file (a CSV file named .xlsx? read it with a mapping whose format is { "type": "csv" })',
      undefined,
      value,
    );
  }
  try {
    await wb.xlsx.load(file.bytes as unknown as ArrayBuffer);
  } catch (cause) {
    throw unreadable(`is not an .xlsx workbook (${(cause as Error).message})`, cause);
  }
  const ws = format.sheet ? wb.getWorksheet(format.sheet) : wb.worksheets[0];
  if (!ws) {
    const names = wb.worksheets.map((w) => w.name).join(", ");
    throw unreadable(format.sheet ? `has no sheet "${format.sheet}" (sheets: ${names})` : "has no sheet");
  }
  const headerLine = format.headerRow ?? 1;
  const header: string[] = [];
  ws.getRow(headerLine).eachCell((cell, col) => {
    header[col - 1] = text(cellValue(cell.value)).trim();
  });
  if (header.length === 0)
    throw new IngestError("empty", file.name, [
      {
        file: file.name,
        line: headerLine,
        column: "-",
        value: "",
        reason: `sheet "${ws.name}" has no header in row ${headerLine}`,
      },
    ]);
  const rows: TableRow[] = [];
  ws.eachRow((row, line) => {
    if (line <= headerLine) return;
    const cells: Record<string, Cell> = {};
    let filled = false;
    header.forEach((name, i) => {
      if (!name) return;
      const v = cellValue(row.getCell(i + 1).value);
      cells[name] = v;
      if (text(v).trim() !== "") filled = true;
    });
    if (filled) rows.push({ line, cells });
  });
  return {
    header: header.map((h) => h ?? ""),
    headerLine,
    rows,
    issues: [],
    date1904: wb.properties.date1904 === true,
  };
}

/** The plain value of an exceljs cell value: formulas give their result, rich text and links their text. */
export function cellValue(v: ExcelJS.CellValue): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean" || v instanceof Date) return v;
  if ("result" in v) return cellValue((v.result ?? null) as ExcelJS.CellValue);
  if ("richText" in v) return v.richText.map((r) => r.text).join("");
  if ("text" in v) return typeof v.text === "string" ? v.text : cellValue(v.text as ExcelJS.CellValue);
  if ("error" in v) return v.error;
  return null;
}

/** Days a workbook uses for time-only cells (serial 0 in the 1900 and 1904 date systems). */
const TIME_ONLY_DAYS = new Set(["1899-12-30", "1904-01-01"]);

/**
 * A cell as text (for keys, text fields, comparisons and error messages): numbers in JavaScript's
 * shortest form, booleans TRUE/FALSE as Excel shows them, date cells by their wall clock as
 * 'YYYY-MM-DD', time cells as 'H:MM:SS' and date-time cells as 'YYYY-MM-DD HH:MM:SS'.
 */
export function text(v: Cell): string {
  if (v === null) return "";
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  if (!(v instanceof Date)) return String(v);
  const [day, clock] = v
    .toISOString()
    .replace(/\.000Z$|Z$/, "")
    .split("T") as [string, string];
  if (TIME_ONLY_DAYS.has(day)) return clock.replace(/^0(\d)/, "$1");
  return clock === "00:00:00" ? day : `${day} ${clock}`;
}
