import { parse } from "csv-parse/sync";
import { IngestError, MAX_ISSUES, type RowIssue } from "./errors";

/** One data record of a delimited file: its values by header name and the line it started on. */
export interface Record {
  readonly line: number;
  readonly values: Readonly<globalThis.Record<string, string>>;
}

/** A parsed delimited file: the header and every record, or the structural issues found. */
export interface DelimitedFile {
  readonly header: readonly string[];
  readonly records: readonly Record[];
  readonly issues: readonly RowIssue[];
}

/**
 * The longest record read, in bytes (as UTF-8): 2 MiB, the limit DuckDB's read_csv puts on a line of
 * a canonical CSV. No export field is that long; a quote left open makes one record of the rest of
 * the file, and this stops it before it fills memory.
 */
const MAX_RECORD_BYTES = 2 * 1024 * 1024;

/** At most this many characters of a field are shown as an issue's value (then "..."). */
const SHOWN_CHARS = 100;

/** Why csv-parse gave up, by its error code, said for the field where it did. */
const BROKEN: Readonly<globalThis.Record<string, string>> = {
  CSV_QUOTE_NOT_CLOSED: "opens a quote that is never closed: the file ends inside this value",
  INVALID_OPENING_QUOTE:
    'has a quote inside a value that does not start with one (quote the whole value and double the inner quote: "a ""b""")',
  CSV_INVALID_CLOSING_QUOTE: 'has text after its closing quote (a quote inside a quoted value is written twice: "")',
  CSV_MAX_RECORD_SIZE: `makes its record longer than 2 MB (${MAX_RECORD_BYTES.toLocaleString("en")} bytes): is a quote left open?`,
};

/**
 * Parses delimited text (RFC 4180 quoting, CRLF or LF, blank lines skipped) with csv-parse.
 * The first line that is not blank (or only spaces) is the header. A record with fewer or more
 * fields than the header is reported as an issue naming the first missing (or first extra) column;
 * a field holding a NUL character (a damaged file) as an issue naming its column. Throws
 * {@link IngestError} 'empty' when the text has no header, and 'bad_rows' ('bad_header' in the
 * header) when quoting is broken or a record is longer than {@link MAX_RECORD_BYTES}, naming the line
 * on which the field concerned starts, its column and its first {@link SHOWN_CHARS} characters.
 */
export async function parseDelimited(file: string, text: string, delimiter: string): Promise<DelimitedFile> {
  // CRLF becomes LF first: csv-parse counts a CRLF inside a quoted field as two lines, which would
  // shift every later line number (a line break inside a quoted value is then LF).
  const lf = text.replaceAll("\r\n", "\n");
  let header: string[] | undefined;
  const records: Record[] = [];
  const issues: RowIssue[] = [];
  // csv-parse reports the line a record ends on and the blank lines skipped so far; a record starts
  // after the previous one's last line and the blank lines between them. Records are taken as
  // csv-parse reads them (on_record), so that a parse error finds the header and the last line read.
  let endOfPrevious = 0;
  let blanksBefore = 0;
  const onRecord = (record: string[], info: { lines: number; empty_lines: number }): null => {
    const line = endOfPrevious + 1 + (info.empty_lines - blanksBefore);
    endOfPrevious = info.lines;
    blanksBefore = info.empty_lines;
    if (!header) {
      // Lines of spaces before the header are blank lines too (a whitespace-only file is empty).
      if (record.some((h) => h.trim() !== "")) header = record.map((h) => h.trim());
      return null;
    }
    if (issues.length >= MAX_ISSUES) return null;
    const issue = structureIssue(file, line, header, record);
    if (issue) {
      issues.push(issue);
      return null;
    }
    const values: globalThis.Record<string, string> = {};
    header.forEach((h, i) => {
      values[h] = record[i] ?? "";
    });
    records.push({ line, values });
    return null;
  };
  try {
    parse(lf, {
      delimiter,
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      max_record_size: MAX_RECORD_BYTES,
      on_record: onRecord,
    });
  } catch (cause) {
    const e = cause as Error & { code?: string; index?: number; empty_lines?: number };
    if (!e.code || e.index === undefined) throw cause;
    const start = endOfPrevious + 1 + ((e.empty_lines ?? blanksBefore) - blanksBefore);
    const at = fieldAt(lf, delimiter, start, e.index);
    const column = header?.[e.index] ?? `column ${e.index + 1}`;
    const reason = BROKEN[e.code] ?? `${e.code}: ${e.message}`;
    const issue = { file, line: at.line, column, value: shown(at.text), reason };
    throw new IngestError(header ? "bad_rows" : "bad_header", file, [issue], undefined, { cause });
  }
  if (!header)
    throw new IngestError("empty", file, [{ file, line: 1, column: "-", value: "", reason: "the file is empty" }]);
  return { header, records, issues };
}

/** The issue of a record whose fields do not fit the header (too few, too many, a NUL), or undefined. */
function structureIssue(file: string, line: number, header: readonly string[], record: string[]): RowIssue | undefined {
  if (record.length !== header.length) {
    const missing = record.length < header.length;
    const idx = missing ? record.length : header.length;
    return {
      file,
      line,
      column: missing ? (header[idx] ?? `column ${idx + 1}`) : `column ${idx + 1}`,
      value: missing ? "" : (record[idx] ?? ""),
      reason: missing
        ? `row has ${record.length} fields, header has ${header.length}: the row is truncated`
        : `row has ${record.length} fields, header has ${header.length}: extra field`,
    };
  }
  const nul = record.findIndex((f) => f.includes("\u0000"));
  if (nul < 0) return undefined;
  return {
    file,
    line,
    column: header[nul] ?? `column ${nul + 1}`,
    value: shown((record[nul] as string).replaceAll("\u0000", "\\0")),
    reason: "contains a NUL character (shown as \\0): the file is damaged or not plain text",
  };
}

/** `text` cut to {@link SHOWN_CHARS} characters, "..." marking the cut. */
const shown = (text: string): string => (text.length > SHOWN_CHARS ? `${text.slice(0, SHOWN_CHARS)}...` : text);

/**
 * Field `index` (0-based) of the record that starts on line `line` of `lf` (LF line ends): the line
 * the field starts on, and its text from there to the end of that line (at most one character more
 * than {@link SHOWN_CHARS}). The fields before it are well-formed (csv-parse read them), so a quoted
 * one ends at a quote that is not doubled.
 */
function fieldAt(lf: string, delimiter: string, line: number, index: number): { line: number; text: string } {
  let at = lf.startsWith("\uFEFF") ? 1 : 0;
  for (let l = 1; l < line; l++) {
    const nl = lf.indexOf("\n", at);
    if (nl < 0) return { line, text: "" };
    at = nl + 1;
  }
  let current = line;
  for (let field = 0; field < index; field++) {
    if (lf[at] === '"') {
      // Past the closing quote: a doubled quote is a quote inside the value.
      for (at++; at < lf.length && !(lf[at] === '"' && lf[at + 1] !== '"'); at += lf[at] === '"' ? 2 : 1)
        if (lf[at] === "\n") current++;
      at++;
    }
    const next = lf.indexOf(delimiter, at);
    const nl = lf.indexOf("\n", at);
    if (next < 0 || (nl >= 0 && nl < next)) break;
    at = next + delimiter.length;
  }
  const end = lf.indexOf("\n", at);
  return { line: current, text: lf.slice(at, Math.min(end < 0 ? lf.length : end, at + SHOWN_CHARS + 1)) };
}
