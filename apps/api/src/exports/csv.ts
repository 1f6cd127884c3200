/**
 * CSV of an {@link ExportTable}: RFC 4180 (comma, CRLF line ends, fields quoted when they hold a
 * comma, a quote or a line break) written by csv-stringify; the header names carry the unit where
 * a number alone would not say it ("AHT (s)", "Share (%)"). Numbers are written as numbers in full
 * precision (durations in seconds, percent on the 0-100 scale), no value is an empty field, and text
 * cells that a spreadsheet would read as a formula are neutralised ({@link neutraliseText}).
 */
import { type ExportTable, headerWithUnit, NUMERIC_UNITS } from "@tallyline/report-defs";
import { stringify } from "csv-stringify/sync";

/** Characters that make a spreadsheet read a cell as a formula when it starts with one (OWASP "CSV Injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A text cell as it is safe to put in a CSV that a spreadsheet opens: text that starts with `=`,
 * `+`, `-`, `@`, a tab or a carriage return gets a leading `'` (OWASP's rule), so Excel, LibreOffice
 * and Google Sheets show it as text instead of evaluating it. Other text is unchanged. Numbers are
 * never passed here: a negative number stays a number.
 */
export function neutraliseText(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** Options of {@link writeCsv}. */
export interface CsvOptions {
  /** Start with a UTF-8 byte order mark (EF BB BF), so Excel reads the file as UTF-8. */
  readonly bom?: boolean;
}

/**
 * The table as CSV text: one header row (names with units, neutralised like text cells: a series
 * may be named after an imported agent), then one line per row. A numeric column's cells are
 * numbers or empty; a text or date column's cells are neutralised text or empty.
 */
export function writeCsv(table: ExportTable, options: CsvOptions = {}): string {
  const numeric = table.columns.map((c) => NUMERIC_UNITS.has(c.unit));
  const records: (string | number | null)[][] = [table.columns.map((c) => neutraliseText(headerWithUnit(c)))];
  for (const row of table.rows) {
    records.push(
      row.map((cell, i) =>
        cell === null ? null : typeof cell === "number" && numeric[i] ? cell : neutraliseText(String(cell)),
      ),
    );
  }
  return stringify(records, {
    bom: options.bom ?? false,
    record_delimiter: "windows",
    cast: { number: (n) => (Number.isFinite(n) ? String(n) : "") },
  });
}
