/**
 * The files a scheduled mail may carry (issue 15; a schedule's `attachments` option, migration 24):
 * - the PDF of the bundle: the dashboard page of each area the bundle draws from, printed by the
 *   same Chromium printer and page as `POST /api/v1/pdf` (vectors, the period on every page, "Page
 *   X of Y" per area), for the run's period, zone and filters, joined into one file with pdf-lib;
 * - the figures as CSV (RFC 4180, formula-like text neutralised: exports/csv.ts) and XLSX (exceljs:
 *   exports/xlsx.ts): every key figure and every row of a charted table of the mail.
 */
import type { ExportColumn, ExportTable, Registry } from "@tallyline/report-defs";
import { PDFDocument } from "pdf-lib";
import type { Principal } from "../auth/accounts";
import { writeCsv } from "../exports/csv";
import { writeXlsx } from "../exports/xlsx";
import type { PrintGrants } from "../pdf/grants";
import { withPageQuery } from "../pdf/pages";
import type { Printer } from "../pdf/printer";
import { type MailRow, sectionsOf } from "./mail";
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
export function figuresTable(rows: readonly MailRow[], period: Period): ExportTable {
  return {
    reportId: "scheduled-mail",
    columns: COLUMNS,
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
    ]),
    measures: [],
  };
}

/** The figures as CSV (UTF-8 with a byte order mark, so Excel reads it as UTF-8). */
export function figuresCsv(rows: readonly MailRow[], period: Period, base: string): MailFile {
  return {
    filename: `${base}.csv`,
    contentType: "text/csv; charset=utf-8",
    content: Buffer.from(writeCsv(figuresTable(rows, period), { bom: true }), "utf8"),
  };
}

/** The figures as an XLSX workbook: the figures sheet and a Definitions sheet (schedule, period, zone, filters). */
export async function figuresXlsx(
  rows: readonly MailRow[],
  schedule: StoredSchedule,
  period: Period,
  base: string,
  now: number,
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
    ],
    created: new Date(now),
  });
  return {
    filename: `${base}.xlsx`,
    contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    content: Buffer.from(bytes),
  };
}

/** The dashboard areas (category slugs) a bundle's reports come from, in the bundle's order. */
export function bundleAreas(schedule: StoredSchedule, registry: Registry): string[] {
  const out: string[] = [];
  for (const section of sectionsOf(schedule.bundle, registry))
    for (const id of [...section.kpis, ...section.charts]) {
      if (!registry.has(id)) continue;
      const slug = registry
        .get(id)
        .category.toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-|-$/g, "");
      if (!out.includes(slug)) out.push(slug);
    }
  return out;
}

/** The path of one area page for the run: `/area/<slug>?from&to&tz` and the schedule's filters (as the dashboard reads them). */
export function areaPath(slug: string, schedule: StoredSchedule, period: Period): string {
  let path = withPageQuery(`/area/${slug}`, { from: period.from, to: period.to });
  const url = new URL(path, "http://tallyline.invalid");
  url.searchParams.set("tz", schedule.timezone);
  for (const [name, values] of Object.entries(schedule.filters))
    for (const v of values ?? []) url.searchParams.append(name, v);
  path = `${url.pathname}${url.search}`;
  return path;
}

/**
 * Who the printer's browser reads the pages as: a member principal of this process only (a
 * schedule's mail shows workspace data every member sees); it exists in no table and as no key.
 */
export const MAIL_PRINCIPAL: Principal = {
  kind: "key",
  role: "member",
  key: {
    id: "scheduled-mail",
    name: "scheduled mail (PDF attachment)",
    role: "member",
    prefix: "",
    createdBy: null,
    createdAt: new Date(0).toISOString(),
    lastUsedAt: null,
    expiresAt: null,
    revokedAt: null,
  },
} as Principal;

/**
 * Prints every area page of the bundle for the run and joins them into one PDF. Throws (the
 * printer's PrintError, or an Error when no printer runs in this process): the caller sends the
 * mail without the PDF and records the warning.
 */
export async function bundlePdf(
  printing: { readonly printer: Printer | undefined; readonly grants: PrintGrants | undefined },
  schedule: StoredSchedule,
  period: Period,
  registry: Registry,
  base: string,
): Promise<MailFile> {
  const { printer, grants } = printing;
  if (!printer?.ready || !grants)
    throw new Error("no PDF printer runs in this process (the server prints; Chromium at CHROMIUM_PATH)");
  const joined = await PDFDocument.create();
  joined.setTitle(`${schedule.name}: ${period.from} to ${period.to}`);
  joined.setProducer("Tallyline");
  // Asked for at once: the printer prints as many pages at a time as it allows and queues the rest.
  const printed = await Promise.all(
    bundleAreas(schedule, registry).map(async (slug) => {
      const grant = grants.issue(MAIL_PRINCIPAL, printer.timeoutMs + 5_000);
      try {
        return await printer.print({ path: areaPath(slug, schedule, period), grant, paper: "A4", landscape: false });
      } finally {
        grants.revoke(grant);
      }
    }),
  );
  for (const one of printed) {
    const doc = await PDFDocument.load(one.pdf);
    for (const page of await joined.copyPages(doc, doc.getPageIndices())) joined.addPage(page);
  }
  return { filename: `${base}.pdf`, contentType: "application/pdf", content: Buffer.from(await joined.save()) };
}
