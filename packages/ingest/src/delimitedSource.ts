import type { DelimitedAdapter, Detection, MapContext, Probe, ReadResult, SourceAdapter, SourceFile } from "./adapter";
import { parseDelimited } from "./delimited";
import { IngestError, MAX_ISSUES, type RowIssue, WarningList } from "./errors";
import { RowSet } from "./rowset";
import { firstLine, requireText } from "./text";

/** The header names of `line` split by `delimiter` (trimmed, surrounding quotes removed). */
const namesOf = (line: string, delimiter: string): string[] =>
  line.split(delimiter).map((c) => c.trim().replace(/^"|"$/g, ""));

/**
 * The delimiter of `adapter` that `line` (a header) is written with, and the required columns it
 * lacks then: the delimiter that leaves the fewest missing (the adapter's first on a tie).
 */
export function headerDelimiter(adapter: DelimitedAdapter, line: string): { delimiter: string; missing: string[] } {
  const options = typeof adapter.delimiter === "string" ? [adapter.delimiter] : adapter.delimiter;
  let best: { delimiter: string; missing: string[] } | undefined;
  for (const delimiter of options) {
    const cols = namesOf(line, delimiter);
    const missing = adapter.requiredColumns.filter((c) => !cols.includes(c));
    if (!best || missing.length < best.missing.length) best = { delimiter, missing };
  }
  return best ?? { delimiter: ",", missing: [...adapter.requiredColumns] };
}

/**
 * Turns a fixed-header delimited format into a {@link SourceAdapter}: detection scores the share of
 * required columns in the first line (split by the adapter's delimiter that fits it best); reading
 * parses with csv-parse, checks the header (a missing column is an issue on line 1 naming it), and
 * maps every record, collecting up to MAX_ISSUES issues and the records' warnings.
 */
export function delimitedSource(adapter: DelimitedAdapter): SourceAdapter {
  return {
    id: adapter.id,
    description: adapter.description,
    detect(probe: Probe): Detection {
      if (probe.text === null) return { score: 0 };
      const { missing } = headerDelimiter(adapter, firstLine(probe.text));
      return { score: 1 - missing.length / adapter.requiredColumns.length, missing };
    },
    async read(file: SourceFile, ctx: MapContext): Promise<ReadResult> {
      const text = requireText(file.name, file.bytes);
      const { delimiter } = headerDelimiter(adapter, firstLine(text.trimStart()));
      const parsed = await parseDelimited(file.name, text, delimiter);
      const absent = adapter.requiredColumns.filter((c) => !parsed.header.includes(c));
      const optional = new Set(adapter.optionalColumns ?? []);
      const missing = absent.filter((c) => !optional.has(c));
      if (missing.length > 0) throw badHeader(file.name, adapter.id, adapter.requiredColumns, parsed.header, missing);
      const issues: RowIssue[] = [...parsed.issues];
      const warnings = new WarningList();
      for (const column of absent)
        warnings.add({
          file: file.name,
          line: 1,
          column,
          value: "",
          reason: `is not in the header: ${column} is empty (NULL) in every row`,
        });
      const rows = new RowSet();
      if (adapter.fileRows) rows.add(adapter.fileRows(ctx));
      for (const record of parsed.records) {
        if (issues.length >= MAX_ISSUES) break;
        const result = adapter.mapRecord(record, ctx);
        if ("issues" in result) issues.push(...result.issues);
        else {
          rows.add(result.rows);
          if (result.warnings) warnings.add(...result.warnings);
        }
      }
      return { rows: rows.byTable(), issues, warnings, records: parsed.records.length + parsed.issues.length };
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
