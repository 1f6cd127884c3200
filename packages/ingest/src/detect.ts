/**
 * Which adapter reads a file (`--source auto`): the adapter whose header it has, else a shipped
 * mapping (packages/ingest/mappings) whose columns it has, else a short error naming the formats
 * that come closest and the columns the file lacks for each.
 *
 * Decisions (docs/ingest.md "Detection"):
 * - An adapter that detects the file with a score of at least 0.5 reads it: certain (1), or a near
 *   match whose read names each missing column precisely.
 * - Otherwise a shipped call-log mapping whose every column is in the file's header, in the kind of
 *   file it reads (a workbook's sheet for xlsx, the header line for csv/tsv), is used as if it were
 *   given with `--source mapped --mapping`: its columns are that specific (the PwC workbook's ten
 *   headers), and the import summary names the mapping. A file with those columns in another kind of
 *   file (the workbook saved as CSV) is not read; the error says which mapping fits and why not.
 * - Otherwise the error lists at most {@link CLOSEST} formats with some overlap, by the share of their
 *   columns the header has, each with at most {@link SHOWN_MISSING} of the columns it lacks.
 */
import { readdirSync } from "node:fs";
import { basename, join } from "node:path";
import ExcelJS from "exceljs";
import type { Detection, SourceAdapter, SourceFile } from "./adapter";
import { adapterById, adapters } from "./adapters/index";
import { mappedAdapter, referencedColumns } from "./adapters/mapped/index";
import { loadMapping } from "./adapters/mapped/load";
import type { Mapping } from "./adapters/mapped/schema";
import { text as cellText, cellValue, detectDelimiter } from "./adapters/mapped/table";
import { IngestError } from "./errors";
import { decodeText, firstLine, requireText } from "./text";

/** How much of a file detection looks at (adapters detect by name, header or first element). */
const PROBE_BYTES = 65_536;
/** At most this many near formats are named when none fits. */
const CLOSEST = 3;
/** At most this many missing columns are named per near format. */
const SHOWN_MISSING = 4;

/** The folder of the mappings shipped with Tallyline. */
export const SHIPPED_MAPPINGS = join(import.meta.dirname, "../mappings");

/** A shipped call-log mapping: its path, and what it reads. */
interface ShippedMapping {
  readonly path: string;
  readonly mapping: Mapping;
  readonly columns: readonly string[];
}

let shipped: Promise<ShippedMapping[]> | undefined;

/**
 * The call-log mappings in {@link SHIPPED_MAPPINGS}, loaded once. Files that are not call-log
 * mappings (the JSON Schema, mappings of another kind) are left out.
 */
function shippedMappings(): Promise<ShippedMapping[]> {
  shipped ??= (async () => {
    const names = readdirSync(SHIPPED_MAPPINGS).filter((n) => n.endsWith(".json") && n !== "mapping.schema.json");
    const out: ShippedMapping[] = [];
    for (const name of names.sort()) {
      const path = join(SHIPPED_MAPPINGS, name);
      const mapping = await loadMapping(path).catch(() => undefined);
      if (mapping) out.push({ path, mapping, columns: referencedColumns(mapping) });
    }
    return out;
  })();
  return shipped;
}

/** The adapter chosen for a file, and the shipped mapping it reads through when one was chosen by its header. */
export interface Choice {
  readonly adapter: SourceAdapter;
  readonly mapping?: string;
}

/**
 * The adapter named by `source`, or with 'auto' the one detection chooses (module docstring).
 * Throws IngestError 'unknown_format' (an unknown source, or a file no format fits), 'empty' (a file
 * of whitespace) or 'unreadable' (neither text nor a workbook a shipped mapping reads).
 */
export async function chooseAdapter(file: SourceFile, source: string): Promise<Choice> {
  if (source !== "auto") {
    const a = adapterById(source);
    if (!a) {
      throw new IngestError(
        "unknown_format",
        file.name,
        [],
        `Unknown source "${source}". Known: ${adapters.map((x) => x.id).join(", ")}, or auto`,
      );
    }
    return { adapter: a };
  }
  // Detection reads the head only: decoding a whole large file as one string can exhaust the heap.
  const text = decodeText(file.bytes.subarray(0, PROBE_BYTES))?.text ?? null;
  if (text !== null && text.trim() === "") {
    throw new IngestError("empty", file.name, [
      { file: file.name, line: 1, column: "-", value: "", reason: "the file is empty" },
    ]);
  }
  const probe = { name: file.name, bytes: file.bytes, text };
  const ranked = adapters
    .map((adapter) => ({ adapter, d: adapter.detect(probe) }))
    .sort((a, b) => b.d.score - a.d.score);
  const best = ranked[0];
  // A near match is read anyway: its read() names each missing column precisely.
  if (best && best.d.score >= 0.5) return { adapter: best.adapter };
  const workbook = isZip(file.bytes);
  const fits = await mappingFits(file, text, workbook);
  const exact = fits.find((f) => f.readable && f.missing.length === 0);
  if (exact) return { adapter: mappedAdapter, mapping: exact.path };
  // Not text and no format claims it: say what it is (UTF-16 without a byte-order mark, binary).
  if (text === null && !workbook) requireText(file.name, file.bytes.subarray(0, PROBE_BYTES));
  throw unknownFormat(file.name, text, workbook, ranked, fits);
}

/** How well a shipped mapping fits a file: the columns it reads that the file lacks, and whether it reads that kind of file. */
interface MappingFit {
  readonly path: string;
  readonly mapping: Mapping;
  readonly score: number;
  readonly missing: readonly string[];
  readonly readable: boolean;
}

/** A zip archive (an .xlsx workbook is one): the local-file-header signature PK\x03\x04. */
const isZip = (b: Uint8Array): boolean => b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;

/** Every shipped mapping against the file's header as that mapping would read it. */
async function mappingFits(file: SourceFile, text: string | null, workbook: boolean): Promise<MappingFit[]> {
  const mappings = await shippedMappings();
  const sheets = workbook && mappings.some((m) => m.mapping.format.type === "xlsx") ? await readSheets(file) : null;
  return mappings.map(({ path, mapping, columns }) => {
    const xlsx = mapping.format.type === "xlsx";
    const header = xlsx
      ? sheets
        ? sheetHeader(sheets, mapping)
        : text === null
          ? []
          : splitHeader(text, mapping)
      : text === null
        ? []
        : splitHeader(text, mapping);
    const missing = columns.filter((c) => !header.includes(c));
    return {
      path,
      mapping,
      score: 1 - missing.length / Math.max(1, columns.length),
      missing,
      readable: xlsx ? sheets !== null : text !== null,
    };
  });
}

/** The names on the header line of a text file, as a csv/tsv mapping reads them (an xlsx mapping: any delimiter). */
function splitHeader(text: string, m: Mapping): string[] {
  const line = text.split("\n")[(m.format.headerRow ?? 1) - 1] ?? "";
  const clean = firstLine(line);
  const delimiter =
    m.format.type === "tsv"
      ? "\t"
      : m.format.delimiter && m.format.delimiter !== "auto"
        ? m.format.delimiter
        : detectDelimiter(clean);
  return clean.split(delimiter).map((c) => c.trim().replace(/^"|"$/g, ""));
}

/** The workbook's sheets, or null when the bytes are not a readable workbook. */
async function readSheets(file: SourceFile): Promise<ExcelJS.Worksheet[] | null> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(file.bytes as unknown as ArrayBuffer);
  } catch {
    return null; // a damaged workbook: the mapped adapter says why when it is named
  }
  return wb.worksheets;
}

/** The header row of the sheet an xlsx mapping reads (its `sheet`, else the first). */
function sheetHeader(sheets: readonly ExcelJS.Worksheet[], m: Mapping): string[] {
  const ws = m.format.sheet ? sheets.find((s) => s.name === m.format.sheet) : sheets[0];
  if (!ws) return [];
  const header: string[] = [];
  ws.getRow(m.format.headerRow ?? 1).eachCell((cell) => {
    header.push(cellText(cellValue(cell.value)).trim());
  });
  return header;
}

/** The IngestError of a file no format fits: the closest formats and what each lacks, in a few lines. */
function unknownFormat(
  file: string,
  text: string | null,
  workbook: boolean,
  ranked: readonly { adapter: SourceAdapter; d: Detection }[],
  fits: readonly MappingFit[],
): IngestError {
  const head = text === null ? (workbook ? "(an .xlsx workbook)" : "(binary)") : firstLine(text).slice(0, 80);
  const lacks = (missing: readonly string[]) => {
    const shown = missing.slice(0, SHOWN_MISSING).map((c) => `"${c}"`);
    const more = missing.length > SHOWN_MISSING ? ` and ${missing.length - SHOWN_MISSING} more` : "";
    return `lacks ${shown.join(", ")}${more}`;
  };
  const wrongKind = fits.find((f) => !f.readable && f.missing.length === 0);
  const near = [
    ...ranked
      .filter((r) => r.d.score > 0 && r.d.missing)
      .map((r) => ({ score: r.d.score, text: `${r.adapter.id} (${lacks(r.d.missing ?? [])})` })),
    ...fits
      .filter((f) => f.score > 0 && f !== wrongKind)
      .map((f) => ({ score: f.score, text: `--mapping ${displayPath(f.path)} (${lacks(f.missing)})` })),
  ]
    .sort((a, b) => b.score - a.score)
    .slice(0, CLOSEST)
    .map((n) => n.text);
  const lines = [`Cannot tell the format of ${file} from its content (line 1: "${head}").`];
  if (wrongKind) {
    const kind = wrongKind.mapping.format.type === "xlsx" ? "an .xlsx workbook" : "a text file";
    lines.push(
      `  Its columns are those of the shipped mapping ${displayPath(wrongKind.path)}, which reads ${kind}: import the original ${kind === "a text file" ? "text export" : "workbook"}, or copy the mapping and set its "format".`,
    );
  } else if (near.length > 0) lines.push(`  Closest: ${near.join("; ")}.`);
  else lines.push(`  It shares no column with any known format (docs/ingest.md lists them).`);
  lines.push("  Name the format with --source ID, or read the file through a mapping: --source mapped --mapping FILE.");
  return new IngestError(
    "unknown_format",
    file,
    [{ file, line: 1, column: "-", value: head, reason: "matches no known export format" }],
    lines.join("\n"),
  );
}

/** A shipped mapping's path as a user types it from the repository root. */
function displayPath(path: string): string {
  return `packages/ingest/mappings/${basename(path)}`;
}
