import type { DelimitedAdapter, Detection, MapContext, Probe, ReadResult, SourceAdapter, SourceFile } from "./adapter";
import { parseDelimited } from "./delimited";
import { IngestError, MAX_ISSUES, type RowIssue } from "./errors";
import { RowSet } from "./rowset";
import { firstLine, requireText } from "./text";

/**
 * Turns a fixed-header delimited format into a {@link SourceAdapter}: detection scores the share of
 * required columns in the first line; reading parses with csv-parse, checks the header (a missing
 * column is an issue on line 1 naming it), and maps every record, collecting up to MAX_ISSUES issues.
 */
export function delimitedSource(adapter: DelimitedAdapter): SourceAdapter {
  return {
    id: adapter.id,
    description: adapter.description,
    detect(probe: Probe): Detection {
      if (probe.text === null) return { score: 0 };
      const cols = firstLine(probe.text)
        .split(adapter.delimiter)
        .map((c) => c.trim().replace(/^"|"$/g, ""));
      const missing = adapter.requiredColumns.filter((c) => !cols.includes(c));
      return { score: 1 - missing.length / adapter.requiredColumns.length, missing };
    },
    async read(file: SourceFile, ctx: MapContext): Promise<ReadResult> {
      const text = requireText(file.name, file.bytes);
      const parsed = await parseDelimited(file.name, text, adapter.delimiter);
      const missing = adapter.requiredColumns.filter((c) => !parsed.header.includes(c));
      if (missing.length > 0) throw badHeader(file.name, adapter.id, adapter.requiredColumns, parsed.header, missing);
      const issues: RowIssue[] = [...parsed.issues];
      const rows = new RowSet();
      if (adapter.fileRows) rows.add(adapter.fileRows(ctx));
      for (const record of parsed.records) {
        if (issues.length >= MAX_ISSUES) break;
        const result = adapter.mapRecord(record, ctx);
        if ("issues" in result) issues.push(...result.issues);
        else rows.add(result.rows);
      }
      return { rows: rows.byTable(), issues, records: parsed.records.length + parsed.issues.length };
    },
  };
}

/** The IngestError of a header that lacks required columns: one issue per missing column, on line 1. */
export function badHeader(
  file: string,
  source: string,
  required: readonly string[],
  header: readonly string[],
  missing: readonly string[],
): IngestError {
  const issues = missing.map((m) => {
    const pos = required.indexOf(m);
    return {
      file,
      line: 1,
      column: `column ${pos + 1} (${m})`,
      value: header[pos] ?? "",
      reason: `expected column "${m}" for ${source} but the header does not have it`,
    };
  });
  return new IngestError("bad_header", file, issues);
}
