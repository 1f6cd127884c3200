/**
 * Reads the message records of a chat log as its mapping describes it: csv, tsv and xlsx through the
 * call mapping's table reader (csv-parse, exceljs), JSON and NDJSON through the records paths of
 * ./paths.ts. Either way each record is a line and the cells of the columns the mapping reads.
 *
 * Where a problem is: csv/tsv give the physical line and the header name; xlsx the sheet row; NDJSON the
 * file's line and the JSON path inside that line (`messages[2].ts`); a JSON file the 1-based position of
 * the record's outermost array element and the JSON path from the root (`[12].dialogContent[0].datetime`
 * is on "line" 13), as the IBM Twitter adapter writes them.
 */
import type { SourceFile } from "../../adapter";
import { IngestError, type RowIssue } from "../../errors";
import { JSON_NUL_REASON, type JsonPath, jsonPath } from "../../json";
import { requireText } from "../../text";
import { type Cell, readTable, requireColumns } from "../mapped/table";
import { type Found, type ParsedPath, parsePath, read, walk } from "./paths";
import { type ChatMapping, columnsOf, parsedColumns, recordsPaths } from "./schema";

/** One message record: where it is, and the cells of the columns the mapping reads. */
export interface ChatRecord {
  readonly line: number;
  readonly cells: Readonly<Record<string, Cell>>;
  /** Columns the record does not have at all (JSON: an absent key), as opposed to empty ones. */
  readonly missing: ReadonlySet<string>;
  /** How issues name column `column` of this record: the header name, or the JSON path of the value. */
  where(column: string): string;
}

/** The records of a file, the problems of the records that could not be read, and the records seen. */
export interface ChatRecords {
  readonly records: readonly ChatRecord[];
  readonly issues: readonly RowIssue[];
  /** Records seen, good or bad (for the empty-file check and the summary). */
  readonly seen: number;
  /** True when a workbook counts serial dates from 1904-01-01. */
  readonly date1904: boolean;
}

/**
 * Reads `file` as mapping `m` says. Throws IngestError 'unreadable' (not text, not JSON, a root the
 * records path cannot walk, a workbook problem), 'bad_header' (a column the mapping reads is not in the
 * header) or 'empty'.
 */
export async function readRecords(file: SourceFile, m: ChatMapping): Promise<ChatRecords> {
  return m.format.type === "json" || m.format.type === "ndjson" ? readJson(file, m) : readSheetOrText(file, m);
}

async function readSheetOrText(file: SourceFile, m: ChatMapping): Promise<ChatRecords> {
  const { type, delimiter, sheet, headerRow } = m.format;
  const table = await readTable(file, {
    type: type as "csv" | "tsv" | "xlsx",
    ...(delimiter ? { delimiter } : {}),
    ...(sheet ? { sheet } : {}),
    ...(headerRow ? { headerRow } : {}),
  });
  requireColumns(file.name, table, [...new Set(columnsOf(m).map(([c]) => c))]);
  const none: ReadonlySet<string> = new Set();
  return {
    records: table.rows.map((r) => ({ line: r.line, cells: r.cells, missing: none, where: (c: string) => c })),
    issues: table.issues,
    seen: table.rows.length + table.issues.length,
    date1904: table.date1904,
  };
}

/** The parsed document: its root, and the line of each top-level element. */
interface Document {
  readonly root: unknown;
  lineOf(index: number): number;
  /** NDJSON paths are written inside their line, without the line's index. */
  readonly inLine: boolean;
  readonly issues: RowIssue[];
}

function parseDocument(file: SourceFile, m: ChatMapping): Document {
  const text = requireText(file.name, file.bytes);
  if (m.format.type === "ndjson") {
    const root: unknown[] = [];
    const lineNumbers: number[] = [];
    const issues: RowIssue[] = [];
    text.split("\n").forEach((raw, i) => {
      const line = raw.replace(/\r$/, "");
      if (line.trim() === "") return;
      try {
        root.push(JSON.parse(line));
        lineNumbers.push(i + 1);
      } catch (cause) {
        issues.push({
          file: file.name,
          line: i + 1,
          column: "-",
          value: line,
          reason: `is not JSON: ${(cause as Error).message}`,
        });
      }
    });
    return { root, lineOf: (k) => lineNumbers[k] ?? 1, inLine: true, issues };
  }
  try {
    return { root: JSON.parse(text), lineOf: (k) => k + 1, inLine: false, issues: [] };
  } catch (cause) {
    const message = (cause as Error).message;
    const at = /position (\d+)/.exec(message);
    const line = at ? text.slice(0, Number(at[1])).split("\n").length : 1;
    const value = text.split("\n", line)[line - 1] ?? "";
    throw new IngestError(
      "unreadable",
      file.name,
      [{ file: file.name, line, column: "-", value, reason: `is not JSON: ${message}` }],
      undefined,
      { cause },
    );
  }
}

const shown = (v: unknown): string => (typeof v === "string" ? v : (JSON.stringify(v) ?? ""));

async function readJson(file: SourceFile, m: ChatMapping): Promise<ChatRecords> {
  const doc = parseDocument(file, m);
  const columns = parsedColumns(m);
  const issues: RowIssue[] = [...doc.issues];
  const records: ChatRecord[] = [];
  // The line of a value: that of the top-level element it lies in (the first index of its path).
  const lineAt = (path: JsonPath) => {
    const first = path.findIndex((p) => typeof p === "number");
    return first < 0 ? 1 : doc.lineOf(path[first] as number);
  };
  const written = (path: JsonPath) => jsonPath(doc.inLine ? path.slice(1) : path);
  let seen = doc.issues.length;
  for (const recordsPath of recordsPaths(m)) {
    const steps = (parsePath(recordsPath) as ParsedPath).steps;
    const { found, problems } = walk(doc.root, steps);
    for (const p of problems) {
      if (p.path.length === 0)
        throw new IngestError("unreadable", file.name, [
          {
            file: file.name,
            line: 1,
            column: "(root)",
            value: shown(p.value).slice(0, 40),
            reason: `${p.reason}: ${recordsPath}`,
          },
        ]);
      seen++;
      issues.push({
        file: file.name,
        line: lineAt(p.path),
        column: written(p.path),
        value: shown(p.value),
        reason: p.reason,
      });
    }
    for (const f of found) {
      seen++;
      const line = lineAt(f.path);
      if (typeof f.value !== "object" || Array.isArray(f.value)) {
        const reason = `is not an object: each record of ${recordsPath} must be one`;
        issues.push({ file: file.name, line, column: written(f.path), value: shown(f.value), reason });
        continue;
      }
      const record = readCells(doc.root, f, columns, line, written, file.name);
      if ("issues" in record) issues.push(...record.issues);
      else records.push(record);
    }
  }
  return { records, issues, seen, date1904: false };
}

/**
 * The cells of one JSON record: strings as they are, numbers as numbers, booleans as the text
 * `true`/`false`, absent keys and null as empty. Refused, each an issue: an object or array where a
 * value is read, a string with a NUL character, and a whole number beyond 2^53 (JSON readers round it,
 * so an id would change).
 */
function readCells(
  root: unknown,
  found: Found,
  columns: ReadonlyMap<string, ParsedPath>,
  line: number,
  written: (path: JsonPath) => string,
  file: string,
): ChatRecord | { issues: RowIssue[] } {
  const cells: Record<string, Cell> = {};
  const paths = new Map<string, JsonPath>();
  const missing = new Set<string>();
  const issues: RowIssue[] = [];
  for (const [name, column] of columns) {
    const { value, path } = read(root, found, column);
    paths.set(name, path);
    const fail = (reason: string) => issues.push({ file, line, column: written(path), value: shown(value), reason });
    if (value === undefined) missing.add(name);
    if (value === undefined || value === null) cells[name] = null;
    else if (typeof value === "string") {
      if (value.includes("\u0000")) fail(JSON_NUL_REASON);
      cells[name] = value;
    } else if (typeof value === "number") {
      if (Number.isInteger(value) && !Number.isSafeInteger(value))
        fail(
          "is a whole number beyond 2^53, which JSON readers cannot hold exactly (an id would change): write it as a string",
        );
      cells[name] = value;
    } else if (typeof value === "boolean") cells[name] = value ? "true" : "false";
    else fail(`is ${Array.isArray(value) ? "an array" : "an object"}, not a value`);
  }
  if (issues.length > 0) return { issues };
  return { line, cells, missing, where: (c) => written(paths.get(c) ?? [c]) };
}
