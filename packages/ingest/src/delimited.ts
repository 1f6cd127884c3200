import { parse } from "csv-parse";
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
 * Parses delimited text (RFC 4180 quoting, CRLF or LF, blank lines skipped) with csv-parse.
 * The first line is the header. A record with fewer or more fields than the header is reported as an
 * issue naming the first missing (or first extra) column. Throws {@link IngestError} 'empty' when the
 * text has no header and 'bad_rows' when quoting is broken beyond recovery.
 */
export async function parseDelimited(file: string, text: string, delimiter: string): Promise<DelimitedFile> {
  // CRLF becomes LF first: csv-parse counts a CRLF inside a quoted field as two lines, which would
  // shift every later line number (a line break inside a quoted value is then LF).
  const parser = parse(text.replaceAll("\r\n", "\n"), {
    delimiter,
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    info: true,
  });
  let header: string[] | undefined;
  const records: Record[] = [];
  const issues: RowIssue[] = [];
  try {
    // csv-parse reports the line a record ends on and the blank lines skipped so far; a record starts
    // after the previous one's last line and the blank lines between them.
    let endOfPrevious = 0;
    let blanksBefore = 0;
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number; empty_lines: number };
    }>) {
      const line = endOfPrevious + 1 + (info.empty_lines - blanksBefore);
      endOfPrevious = info.lines;
      blanksBefore = info.empty_lines;
      if (!header) {
        header = record.map((h) => h.trim());
        continue;
      }
      if (record.length !== header.length) {
        const missing = record.length < header.length;
        const idx = missing ? record.length : header.length;
        issues.push({
          file,
          line,
          column: missing ? (header[idx] ?? `column ${idx + 1}`) : `column ${idx + 1}`,
          value: missing ? "" : (record[idx] ?? ""),
          reason: missing
            ? `row has ${record.length} fields, header has ${header.length}: the row is truncated`
            : `row has ${record.length} fields, header has ${header.length}: extra field`,
        });
        if (issues.length >= MAX_ISSUES) break;
        continue;
      }
      const values: globalThis.Record<string, string> = {};
      header.forEach((h, i) => {
        values[h] = record[i] ?? "";
      });
      records.push({ line, values });
    }
  } catch (cause) {
    const e = cause as Error & { lines?: number; code?: string };
    throw new IngestError(
      "bad_rows",
      file,
      [{ file, line: e.lines ?? 0, column: "-", value: "", reason: `${e.code ?? "parse error"}: ${e.message}` }],
      undefined,
      { cause },
    );
  }
  if (!header)
    throw new IngestError("empty", file, [{ file, line: 1, column: "-", value: "", reason: "the file is empty" }]);
  return { header, records, issues };
}
