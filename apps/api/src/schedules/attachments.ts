/**
 * The files a scheduled mail may carry (issue 15; a schedule's `attachments` option, migration 24):
 * - the PDF of the bundle: the mail's own document (its sections, figures, charts as SVG vectors and
 *   tables) printed once by the server's Chromium printer, the period in the header of every page;
 * - the figures as CSV (RFC 4180, formula-like text neutralised: exports/csv.ts) and XLSX (exceljs:
 *   exports/xlsx.ts): every key figure and every row of a charted table of the mail.
 */
import type { ExportColumn, ExportTable } from "@tallyline/report-defs";
import { writeCsv } from "../exports/csv";
import { writeXlsx } from "../exports/xlsx";
import type { Printer } from "../pdf/printer";
import type { MailContent, MailRow } from "./mail";
import type { Period } from "./periods";
import type { StoredSchedule } from "./schedules";

/** A file attached to the mail. */
export interface MailFile {
  readonly filename: string;
  readonly contentType: string;
  readonly content: Buffer;
}

/** `tallyline-<schedule name as a slug>-<from>_<to>` (no extension): the attachments' common name. */
export function attachmentBaseName(scheduleName: string, period: Period): string {
  const slug =
    scheduleName
      .toLowerCase()
      .normalize("NFKD")
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 60)
      .replace(/-+$/, "") || "schedule";
  return `tallyline-${slug}-${period.from}_${period.to}`;
}

const COLUMNS: readonly ExportColumn[] = [
  { id: "report_id", name: "Report id", unit: "text" },
  { id: "report", name: "Report", unit: "text" },
  { id: "from", name: "From", unit: "date" },
  { id: "to", name: "To", unit: "date" },
  { id: "item", name: "Item", unit: "text" },
  // Values keep their measure's unit (named in the Unit column), so the column is a plain number.
  { id: "value", name: "Value", unit: "score" },
  { id: "previous", name: "Previous", unit: "score" },
  { id: "change", name: "Change", unit: "score" },
  { id: "unit", name: "Unit", unit: "text" },
];

/** The words of a measure format in the Unit column. */
const UNIT_WORDS: Record<string, string> = {
  count: "count",
  duration: "seconds",
  percent: "percent (0-100)",
  rate_per_minute: "per minute",
};

/**
 * The mail's figures as one export table: report id, report, from, to, item ("Total" for a key
 * figure, else the charted row's label), value, previous, change, unit (seconds for durations,
 * percent on the 0-100 scale).
 */
export function figuresTable(rows: readonly MailRow[], period: Period, segmentName?: string): ExportTable {
  // With a segment, a last column names it on every row (a CSV has no header lines to print it in).
  const segment = segmentName === undefined ? [] : [segmentName];
  return {
    reportId: "scheduled-mail",
    columns: segmentName === undefined ? COLUMNS : [...COLUMNS, { id: "segment", name: "Segment", unit: "text" }],
    rows: rows.map((r) => [
      r.reportId,
      r.report,
      period.from,
      period.to,
      r.item ?? "Total",
      r.value,
      r.previousValue,
      r.change,
      UNIT_WORDS[r.unit] ?? r.unit,
      ...segment,
    ]),
    measures: [],
  };
}

/** The figures as CSV (UTF-8 with a byte order mark, so Excel reads it as UTF-8). */
export function figuresCsv(rows: readonly MailRow[], period: Period, base: string, segmentName?: string): MailFile {
  return {
    filename: `${base}.csv`,
    contentType: "text/csv; charset=utf-8",
    content: Buffer.from(writeCsv(figuresTable(rows, period, segmentName), { bom: true }), "utf8"),
  };
}

/** The figures as an XLSX workbook: the figures sheet and a Definitions sheet (schedule, period, zone, filters). */
export async function figuresXlsx(
  rows: readonly MailRow[],
  schedule: StoredSchedule,
  period: Period,
  base: string,
  now: number,
  segmentName?: string,
): Promise<MailFile> {
  const filters = Object.entries(schedule.filters)
    .filter(([, v]) => v && v.length > 0)
    .map(([k, v]) => `${k}: ${(v ?? []).join(", ")}`)
    .join("; ");
  const bytes = await writeXlsx(figuresTable(rows, period), {
    lines: [
      ["Schedule", schedule.name],
      ["Period", `${period.from} to ${period.to}`],
      ["Time zone", schedule.timezone],
      ["Filters", filters || "none"],
      ...(segmentName === undefined ? [] : [["Segment", segmentName] as [string, string]]),
    ],
    created: new Date(now),
  });
  return {
    filename: `${base}.xlsx`,
    contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    content: Buffer.from(bytes),
  };
}

/**
 * The PDF of the bundle: the mail's own document in its print rendering (`printHtml`: the same
 * template, charts as SVG, no unsubscribe link) printed once by Chromium
 * (A4, the schedule's name and the period in the header, "Page X of Y"), so it holds exactly the
 * mail's sections and figures. Throws the printer's PrintError, or an Error when no printer runs
 * in this process: the caller sends the mail without the PDF and records the warning.
 */
export async function bundlePdf(
  printer: Printer | undefined,
  content: Pick<MailContent, "printHtml">,
  schedule: StoredSchedule,
  period: Period,
  base: string,
  segmentName?: string,
): Promise<MailFile> {
  if (!printer) throw new Error("no PDF printer runs in this process (the server prints; Chromium at CHROMIUM_PATH)");
  const pdf = await printer.printHtml(content.printHtml, {
    title: schedule.name,
    period: `${period.from} to ${period.to} (${schedule.timezone})${segmentName === undefined ? "" : `, segment ${segmentName}`}`,
    paper: "A4",
    landscape: false,
  });
  return { filename: `${base}.pdf`, contentType: "application/pdf", content: pdf };
}
