/**
 * Report result exports (issue 12 "Exports", first bullet): one result as CSV, JSON or XLSX, for
 * the export route and the CLI. The table layout is report-defs' `resultTable`; the writers are
 * csv.ts and xlsx.ts; this module adds the file name, the content type and the JSON document.
 */
import {
  listItem,
  type MeasureInfo,
  type ReportDefinition,
  type ReportResult,
  resultTable,
} from "@tallyline/report-defs";
import { writeCsv } from "./csv";
import { type DefinitionLine, writeXlsx } from "./xlsx";

/** The formats of a report export. */
export const EXPORT_FORMATS = ["csv", "json", "xlsx"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Content-Type of each format. */
export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8; header=present",
  json: "application/json; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

/** What an export says about how the result was asked for, beside the result itself. */
export interface ExportInput {
  /** The report's definition (from the registry the result was computed with). */
  readonly def: ReportDefinition;
  /** The result as the fetch route answers it (demo marker and segment echo included, if any). */
  readonly result: ReportResult & { demo?: boolean; notice?: string; segment?: { id: string; name: string } };
  /** The query's own filters, as given (a segment's are in `segment`). */
  readonly filters: Readonly<Record<string, unknown>>;
  /** The saved segment applied, with its filters. */
  readonly segment?: {
    readonly id: string;
    readonly name: string;
    readonly filters: Readonly<Record<string, unknown>>;
  };
  /** When the export was made (ms since 1970). */
  readonly now: number;
}

/** A written export. */
export interface ExportFile {
  readonly body: string | Uint8Array;
  readonly contentType: string;
  /** `<report-id>_<from>_<to>.<ext>`, safe characters only ({@link exportFileName}). */
  readonly fileName: string;
}

/**
 * The file name of an export: `<report-id>_<from>_<to>.<ext>`, every character outside
 * `A-Z a-z 0-9 . -` replaced by `_` and leading dots by one `_` (report ids are `calls.offered`;
 * dates `1999-02-01`), so it is
 * safe in a Content-Disposition header and on every file system.
 */
export function exportFileName(result: Pick<ReportResult, "reportId" | "from" | "to">, format: ExportFormat): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9.-]/g, "_").replace(/^\.+/, "_");
  return `${safe(result.reportId)}_${safe(result.from)}_${safe(result.to)}.${format}`;
}

/** The measures of a definition as exports describe them (id, label, format, direction, definition sentence). */
const definitionsOf = (def: ReportDefinition): MeasureInfo[] => listItem(def).measures;

/**
 * The JSON document of an export: `{ report: { id, name, description, category, shape, version },
 * definitions: [measure id, label, format, goodDirection, definition sentence], query: { period,
 * from, to, previousFrom, previousTo, timezone, grain, parameters, filters, segment }, exportedAt,
 * result }`, where `result` is exactly the fetch route's answer.
 */
export function exportDocument(input: ExportInput) {
  const { def, result: r } = input;
  return {
    report: {
      id: def.id,
      name: def.name,
      description: def.description,
      category: def.category,
      shape: def.shape,
      version: def.version,
    },
    definitions: definitionsOf(def),
    query: {
      period: r.period,
      from: r.from,
      to: r.to,
      previousFrom: r.previousFrom,
      previousTo: r.previousTo,
      timezone: r.timezone,
      grain: r.grain,
      ...(r.parameters ? { parameters: r.parameters } : {}),
      filters: input.filters,
      segment: input.segment
        ? { id: input.segment.id, name: input.segment.name, filters: input.segment.filters }
        : null,
    },
    exportedAt: new Date(input.now).toISOString(),
    result: r,
  };
}

const filterText = (filters: Readonly<Record<string, unknown>>) =>
  Object.entries(filters)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(", ") : String(v)}`)
    .join("; ");

/** The lines of the XLSX Definitions sheet above the measures. */
export function definitionLines(input: ExportInput): DefinitionLine[] {
  const { def, result: r } = input;
  const lines: DefinitionLine[] = [
    ["Report", def.name],
    ["Report id", def.id],
    ["Version", def.version],
    ["Description", def.description],
    ["Period", r.period],
    ["From", r.from],
    ["To", r.to],
    ["Previous period", r.previousFrom ? `${r.previousFrom} to ${r.previousTo}` : "none"],
    ["Time zone", r.timezone],
    ["Grain", r.grain],
    ["Filters", filterText(input.filters) || "none"],
    [
      "Segment",
      input.segment ? `${input.segment.name} (${filterText(input.segment.filters) || "no filters"})` : "none",
    ],
  ];
  if (r.parameters) lines.push(["Parameters", filterText(r.parameters)]);
  if (r.demo) lines.push(["Demo data", r.notice ?? "yes"]);
  lines.push(["Exported at", new Date(input.now).toISOString()]);
  return lines;
}

/** Options of {@link writeExport}. */
export interface WriteExportOptions {
  /** CSV only: start with a UTF-8 BOM (for Excel). */
  readonly bom?: boolean;
}

/** Writes one result in `format` (CSV and XLSX through `resultTable`; JSON as {@link exportDocument}). */
export async function writeExport(
  format: ExportFormat,
  input: ExportInput,
  options: WriteExportOptions = {},
): Promise<ExportFile> {
  const fileName = exportFileName(input.result, format);
  const contentType = CONTENT_TYPES[format];
  switch (format) {
    case "csv":
      return {
        body: writeCsv(resultTable(input.def, input.result), { bom: options.bom ?? false }),
        contentType,
        fileName,
      };
    case "json":
      return { body: `${JSON.stringify(exportDocument(input), null, 2)}\n`, contentType, fileName };
    case "xlsx":
      return {
        body: await writeXlsx(resultTable(input.def, input.result), {
          lines: definitionLines(input),
          created: new Date(input.now),
        }),
        contentType,
        fileName,
      };
  }
}
