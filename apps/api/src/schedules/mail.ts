/**
 * The scheduled report e-mail (issue 15): the bundle's reports run through the report runner (the
 * same results, cache and numbers as `POST /api/v1/report/{id}/fetch` for the same period, zone and
 * filters), written as
 * - HTML for mail clients: tables with inline CSS, no script, no external resource, every value from
 *   the data escaped; charts as PNG images embedded by Content-ID (`cid:`) with alt text, and every
 *   charted number also in a table;
 * - a plain-text part with the same figures.
 *
 * The default bundle is seed 002's automated report: Activity (new users, active users, total
 * messages, peak volume and time; incoming messages, conversations, messages per conversation, max
 * messages per minute), Chatbot (most frequent intents, languages, start flows) and Contact Center
 * (conversations = assignments, missed, messages, unique users, average conversation and wait time;
 * handled vs missed, closing reasons, conversations per agent and their daily evolution).
 */
import type { KpiResult, RankingResult, Registry, ReportResult, TimeseriesResult } from "@tallyline/report-defs";
import { ReportError } from "@tallyline/report-defs";
import { formatChange, formatChangePercent, formatValue } from "@tallyline/ui/format";
import type { ResolvedSegment } from "../segments/segments";
import type { ReportRunner } from "../services/reportRunner";
import { mailChartOption, renderChart } from "./charts";
import type { Period } from "./periods";
import type { Bundle, StoredSchedule } from "./schedules";

/** One section of a bundle: a title, KPI report ids, chart report ids (in order). */
export interface BundleSection {
  readonly title: string;
  readonly kpis: readonly string[];
  readonly charts: readonly string[];
}

/** Seed 002's three sections, as report ids of the registry. */
export const SEED002_SECTIONS: readonly BundleSection[] = [
  {
    title: "Activity",
    kpis: ["contacts.new", "contacts.active", "engagement.messages", "activity.peak_volume"],
    charts: [
      "activity.incoming_messages",
      "activity.conversations",
      "activity.messages_per_conversation",
      "activity.max_messages_per_minute",
    ],
  },
  { title: "Chatbot", kpis: [], charts: ["chatbot.top_intents", "chatbot.languages", "chatbot.start_flows"] },
  {
    title: "Contact Center",
    kpis: [
      "contact_centre.conversations",
      "contact_centre.missed",
      "contact_centre.messages",
      "contact_centre.unique_users",
      "contact_centre.avg_conversation_time",
      "contact_centre.avg_wait_time",
    ],
    charts: [
      "contact_centre.handled_vs_missed",
      "contact_centre.closing_reasons",
      "agents.conversations",
      "agents.conversations_daily",
    ],
  },
];

/** The sections of a bundle: seed 002's, or one category's reports (KPIs, then charted reports). */
export function sectionsOf(bundle: Bundle, registry: Registry): BundleSection[] {
  if (bundle.kind === "seed002") return [...SEED002_SECTIONS];
  const defs = registry.list().filter((d) => d.category === bundle.category);
  return [
    {
      title: bundle.category,
      kpis: defs.filter((d) => d.shape === "kpi").map((d) => d.id),
      charts: defs.filter((d) => ["timeseries", "ranking", "distribution"].includes(d.shape)).map((d) => d.id),
    },
  ];
}

/** A KPI as the mail writes it (raw values for tests and the text part). */
export interface MailFigure {
  readonly reportId: string;
  readonly label: string;
  readonly value: number | null;
  readonly previousValue: number | null;
  readonly changePercent: number | null;
  /** The value as written in the mail ("1,234", "4 m 27 s"). */
  readonly text: string;
  readonly changeText: string;
  /** Peak time (ISO instant) for a peak KPI, else null. */
  readonly peakAt: string | null;
}

/** A chart image of the mail. */
export interface MailImage {
  readonly cid: string;
  readonly reportId: string;
  readonly filename: string;
  readonly alt: string;
  readonly png: Buffer;
}

/**
 * One line of the mail's figures as the CSV/XLSX attachment writes them: a key figure (item null),
 * or one row of a charted table (a ranking's label, or a timeseries' "series, day"). Values are in
 * the measure's unit: seconds for durations, percent on the 0-100 scale, counts, rates per minute.
 */
export interface MailRow {
  readonly reportId: string;
  readonly report: string;
  /** The row of a charted table (imported text: never trusted); null for a key figure. */
  readonly item: string | null;
  readonly value: number | null;
  /** The previous period's value (null when the report gives none for the row). */
  readonly previousValue: number | null;
  /** value - previous, in the same unit. */
  readonly change: number | null;
  /** The measure's format: count, duration (seconds), percent (0-100), rate_per_minute, score... */
  readonly unit: string;
}

/** The content of one scheduled mail, before the per-recipient parts (unsubscribe link). */
export interface MailContent {
  readonly subject: string;
  /** HTML with `{{UNSUBSCRIBE}}` where each recipient's link goes; charts as `cid:` images. */
  readonly html: string;
  /**
   * The same document for print (the bundle's PDF), from the same template: charts as their SVG in
   * `data:` URIs (Chromium prints vectors), print rules (no heading left alone at a page's end, no
   * chart or row cut in two), and no unsubscribe link (a PDF is not one recipient's).
   */
  readonly printHtml: string;
  /** Plain text with `{{UNSUBSCRIBE}}` likewise. */
  readonly text: string;
  readonly images: MailImage[];
  readonly figures: MailFigure[];
  /** Every key figure and charted row, raw, for the CSV/XLSX attachments. */
  readonly rows: MailRow[];
  /** The reports the mail shows (in order; those that refused the filters or segment left out): what a public link of the run holds. */
  readonly reportIds: string[];
}

/** What {@link buildMail} needs. */
export interface MailInput {
  readonly schedule: StoredSchedule;
  readonly period: Period;
  readonly registry: Registry;
  readonly runner: ReportRunner;
  /** Current instant in ms (the runner's "today"). */
  readonly now: number;
  /** The run's due instant, ms; with `late`, the mail says when it was due. */
  readonly dueAt: number;
  readonly late: boolean;
  /** The origin people open (TALLYLINE_PUBLIC_URL), for the dashboard link; e.g. http://127.0.0.1:8787. */
  readonly baseUrl: string;
  /** A narrative's executive summary (paragraphs) and the link to its page, put at the top; absent: none. */
  readonly summary?: { readonly paragraphs: readonly string[]; readonly link: string } | undefined;
  /**
   * The schedule's segment (segments.ts `resolve`), applied to every report on top of the schedule's
   * filters exactly as `POST /api/v1/report/{id}/fetch` applies a `segmentId`; its name is printed.
   */
  readonly segment?: ResolvedSegment | undefined;
  /**
   * Makes the run's public link once the mail's reports have run, given their ids (those the mail
   * shows); its URL is printed beside the dashboard link. Null: none (the caller records why). Absent: no link.
   */
  readonly publicLink?: ((reportIds: readonly string[]) => Promise<PublicLink | null>) | undefined;
}

/** A public link printed in the mail: its URL and when it stops working (ISO instant; null: never). */
export interface PublicLink {
  readonly url: string;
  readonly expiresAt: string | null;
}

/** Where the run's public link line goes (HTML and text); replaced before buildMail returns. */
const PUBLIC_LINK_MARK = "{{PUBLIC_LINK}}";

/** The marker replaced by each recipient's unsubscribe link. */
export const UNSUBSCRIBE_MARK = "{{UNSUBSCRIBE}}";

/** What a document is rendered for: the mail (images by Content-ID) or print (the PDF). */
type Medium = "mail" | "print";

/** Print rules: a heading stays with what follows it; a chart or a table row is never cut in two. */
const PRINT_CSS = "h1,h2,h3{break-after:avoid-page}img,tr{break-inside:avoid-page}";

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const CELL = "padding:6px 10px;border-bottom:1px solid #e5e7eb;font:14px Arial,Helvetica,sans-serif;color:#111827;";
const HEAD = `${CELL}font-weight:bold;background:#f3f4f6;`;

function filtersText(filters: Record<string, readonly string[] | undefined>): string {
  const parts = Object.entries(filters)
    .filter(([, v]) => v && v.length > 0)
    .map(([k, v]) => `${k}: ${(v ?? []).join(", ")}`);
  return parts.length ? parts.join("; ") : "none";
}

/**
 * Runs the bundle's reports for `period` and writes the mail. A report that refuses the schedule's
 * filters is left out with a line saying so; any other error propagates (the run fails and is
 * recorded with it).
 */
export async function buildMail(input: MailInput): Promise<MailContent> {
  const { schedule, period, registry, runner } = input;
  const query = { from: period.from, to: period.to, timezone: schedule.timezone, filters: schedule.filters };
  const run = async (id: string): Promise<ReportResult | string> => {
    try {
      // As the fetch route: the segment's filters merged by report-defs, its cacheKey in the cache key.
      const r = await runner.run(registry.get(id), query, {
        now: input.now,
        defaultTimezone: schedule.timezone,
        segmentId: input.segment?.cacheKey ?? null,
        ...(input.segment ? { segment: input.segment } : {}),
      });
      if (r.status !== "ok") throw new Error("unexpected not_modified");
      return r.result;
    } catch (e) {
      if (e instanceof ReportError && e.code === "invalid_query") return e.message;
      throw e;
    }
  };
  const reportIds: string[] = [];
  const figures: MailFigure[] = [];
  const figureRows: MailRow[] = [];
  const images: MailImage[] = [];
  /** The body's parts; a function where the mail and its print differ. */
  const html: (string | ((m: Medium) => string))[] = [];
  const text: string[] = [];
  const dashboard = `${input.baseUrl.replace(/\/$/, "")}/?from=${period.from}&to=${period.to}&tz=${encodeURIComponent(schedule.timezone)}`;
  const title = `${schedule.name}: ${period.from} to ${period.to}`;
  const lateLine = input.late
    ? `This report was due at ${new Date(input.dueAt).toISOString().replace(".000Z", "Z")} and is sent late, after the server was down.`
    : null;
  const meta = [
    `Period: ${period.from} to ${period.to} (calendar days in ${schedule.timezone})`,
    `Compared with: the ${daysIn(period)} days before`,
    `Filters: ${filtersText(schedule.filters)}`,
    ...(input.segment ? [`Segment: ${input.segment.name}`] : []),
    `Dashboard: ${dashboard}`,
  ];
  const metaLines = meta.length - 1;
  html.push(
    `<h1 style="font:bold 20px Arial,Helvetica,sans-serif;color:#111827;margin:0 0 8px">${escapeHtml(title)}</h1>`,
  );
  if (lateLine)
    html.push(
      `<p style="font:14px Arial,Helvetica,sans-serif;color:#92400e;background:#fef3c7;padding:8px">${escapeHtml(lateLine)}</p>`,
    );
  html.push(
    `<p style="font:13px Arial,Helvetica,sans-serif;color:#374151">${meta
      .slice(0, metaLines)
      .map(escapeHtml)
      .join(
        "<br>",
      )}<br>Dashboard: <a href="${escapeHtml(dashboard)}" style="color:#1d4ed8">${escapeHtml(dashboard)}</a>${PUBLIC_LINK_MARK}</p>`,
  );
  text.push(title, "=".repeat(title.length), "");
  if (lateLine) text.push(lateLine, "");
  text.push(...meta, PUBLIC_LINK_MARK, "");
  if (input.summary) {
    const { paragraphs, link } = input.summary;
    html.push(
      `<h2 style="font:bold 17px Arial,Helvetica,sans-serif;color:#111827;margin:16px 0 8px">Executive summary</h2>${paragraphs
        .map((p) => `<p style="font:14px Arial,Helvetica,sans-serif;color:#111827;margin:0 0 8px">${escapeHtml(p)}</p>`)
        .join(
          "",
        )}<p style="font:13px Arial,Helvetica,sans-serif"><a href="${escapeHtml(link)}" style="color:#1d4ed8">Read the whole report</a></p>`,
    );
    text.push(
      "Executive summary",
      "-----------------",
      ...paragraphs.flatMap((p) => [p, ""]),
      `Read the whole report: ${link}`,
      "",
    );
  }

  for (const section of sectionsOf(schedule.bundle, registry)) {
    html.push(
      `<h2 style="font:bold 17px Arial,Helvetica,sans-serif;color:#111827;margin:24px 0 8px">${escapeHtml(section.title)}</h2>`,
    );
    text.push(section.title, "-".repeat(section.title.length));
    if (section.kpis.length) {
      const rows: string[] = [];
      for (const id of section.kpis) {
        const r = await run(id);
        const label = registry.get(id).name;
        if (typeof r === "string") {
          rows.push(
            `<tr><td style="${CELL}">${escapeHtml(label)}</td><td style="${CELL}" colspan="3">not available: ${escapeHtml(r)}</td></tr>`,
          );
          text.push(`${label}: not available (${r})`);
          continue;
        }
        reportIds.push(id);
        const k = r as KpiResult;
        const f: MailFigure = {
          reportId: id,
          label,
          value: k.value,
          previousValue: k.previousValue,
          changePercent: k.changePercent,
          text: formatValue(k.value, k.measure.format, "en"),
          changeText: `${formatChange(k.change, k.measure.format, "en")} (${formatChangePercent(k.changePercent, "en")})`,
          peakAt: k.peakAt ?? null,
        };
        figures.push(f);
        figureRows.push({
          reportId: id,
          report: label,
          item: null,
          value: k.value,
          previousValue: k.previousValue,
          change: k.change,
          unit: k.measure.format,
        });
        const peak = f.peakAt ? ` at ${f.peakAt}` : "";
        rows.push(
          `<tr><td style="${CELL}">${escapeHtml(label)}</td><td style="${CELL}text-align:right;font-weight:bold">${escapeHtml(f.text)}${escapeHtml(peak)}</td><td style="${CELL}text-align:right">${escapeHtml(formatValue(k.previousValue, k.measure.format, "en"))}</td><td style="${CELL}text-align:right">${escapeHtml(f.changeText)}</td></tr>`,
        );
        text.push(
          `${label}: ${f.text}${peak} (previous ${formatValue(k.previousValue, k.measure.format, "en")}; change ${f.changeText})`,
        );
      }
      html.push(
        `<table role="presentation" cellspacing="0" cellpadding="0" style="border-collapse:collapse;width:100%;max-width:640px"><tr><th style="${HEAD}text-align:left">Metric</th><th style="${HEAD}text-align:right">This period</th><th style="${HEAD}text-align:right">Previous</th><th style="${HEAD}text-align:right">Change</th></tr>${rows.join("")}</table>`,
      );
    }
    for (const id of section.charts) {
      const r = await run(id);
      const name = registry.get(id).name;
      if (typeof r === "string") {
        html.push(
          `<p style="font:13px Arial,Helvetica,sans-serif;color:#6b7280">${escapeHtml(name)}: not available: ${escapeHtml(r)}</p>`,
        );
        text.push(`${name}: not available (${r})`);
        continue;
      }
      reportIds.push(id);
      const lines = chartLines(r);
      if (lines.length > 0) figureRows.push(...chartRows(id, name, r));
      const option = mailChartOption(r);
      html.push(
        `<h3 style="font:bold 15px Arial,Helvetica,sans-serif;color:#111827;margin:16px 0 4px">${escapeHtml(name)}</h3>`,
      );
      if (option && lines.length > 0) {
        const cid = `chart-${images.length + 1}@tallyline`;
        const alt = `${name}, ${period.from} to ${period.to}: ${lines
          .slice(0, 5)
          .map((l) => `${l[0]} ${l[1]}`)
          .join("; ")}${lines.length > 5 ? "; ..." : ""}`;
        const chart = renderChart(option);
        images.push({ cid, reportId: id, filename: `${id}.png`, alt, png: chart.png });
        // The print draws the same chart as SVG (ECharts SSR): vectors in the PDF.
        const data = `data:image/svg+xml;base64,${Buffer.from(chart.svg, "utf8").toString("base64")}`;
        html.push(
          (m) =>
            `<img src="${m === "mail" ? `cid:${escapeHtml(cid)}` : data}" alt="${escapeHtml(alt)}" width="560" height="240" style="display:block;border:0;max-width:100%;height:auto">`,
        );
      }
      html.push(
        lines.length === 0
          ? `<p style="font:13px Arial,Helvetica,sans-serif;color:#6b7280">No data in this period.</p>`
          : `<table role="presentation" cellspacing="0" cellpadding="0" style="border-collapse:collapse;width:100%;max-width:640px">${lines
              .map(
                ([k, v]) =>
                  `<tr><td style="${CELL}">${escapeHtml(k)}</td><td style="${CELL}text-align:right">${escapeHtml(v)}</td></tr>`,
              )
              .join("")}</table>`,
      );
      text.push(`${name}:`, ...(lines.length ? lines.map(([k, v]) => `  ${k}: ${v}`) : ["  no data in this period"]));
    }
    text.push("");
  }
  const footer = `You receive this because you are a recipient of the schedule "${schedule.name}".`;
  html.push(
    (m) =>
      `<p style="font:12px Arial,Helvetica,sans-serif;color:#6b7280;margin-top:24px">${escapeHtml(footer)}${m === "mail" ? ` <a href="${UNSUBSCRIBE_MARK}" style="color:#6b7280">Unsubscribe</a>` : ""}</p>`,
  );
  text.push(footer, `Unsubscribe: ${UNSUBSCRIBE_MARK}`);
  const link = input.publicLink ? await input.publicLink(reportIds) : null;
  const page = (m: Medium) =>
    withPublicLink(
      `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(title)}</title>${m === "print" ? `<style>${PRINT_CSS}</style>` : ""}</head><body style="margin:0;padding:16px;background:#ffffff">${html.map((part) => (typeof part === "string" ? part : part(m))).join("\n")}</body></html>`,
      link,
    );
  return {
    subject: `${input.late ? "[late] " : ""}${title}`,
    html: page("mail"),
    printHtml: page("print"),
    text: textWithPublicLink(text.join("\n"), link),
    images,
    figures,
    rows: figureRows,
    reportIds,
  };
}

function daysIn(p: Period): number {
  return Math.round((Date.parse(`${p.to}T00:00:00Z`) - Date.parse(`${p.from}T00:00:00Z`)) / 86_400_000) + 1;
}

/** "(no sign-in needed; works until YYYY-MM-DD)" after a public link. */
function linkUntil(link: PublicLink): string {
  return link.expiresAt ? ` (no sign-in needed; works until ${link.expiresAt.slice(0, 10)})` : " (no sign-in needed)";
}

/** The HTML with the run's public link put in (a line after the dashboard link), or its marker removed when there is none. */
function withPublicLink(html: string, link: PublicLink | null): string {
  if (!link) return html.replace(PUBLIC_LINK_MARK, "");
  return html.replace(
    PUBLIC_LINK_MARK,
    `<br>Public link: <a href="${escapeHtml(link.url)}" style="color:#1d4ed8">${escapeHtml(link.url)}</a>${escapeHtml(linkUntil(link))}`,
  );
}

/** The plain text with the run's public link put in (a line after the dashboard's), or its marker line removed. */
function textWithPublicLink(text: string, link: PublicLink | null): string {
  if (!link) return text.replace(`${PUBLIC_LINK_MARK}\n`, "");
  return text.replace(PUBLIC_LINK_MARK, `Public link: ${link.url}${linkUntil(link)}`);
}

/** The raw rows of a charted result ({@link MailRow}), in the order {@link chartLines} writes them. */
export function chartRows(reportId: string, report: string, r: ReportResult): MailRow[] {
  if (r.shape === "timeseries") {
    const t = r as TimeseriesResult;
    return t.series.flatMap((s) => {
      const unit = t.measures.find((m) => m.id === s.measureId)?.format ?? "count";
      const prefix = t.series.length > 1 ? `${s.label}, ` : "";
      return s.points.map((p) => ({
        reportId,
        report,
        item: `${prefix}${p.date}`,
        value: p.value,
        previousValue: null,
        change: null,
        unit,
      }));
    });
  }
  if (r.shape === "ranking" || r.shape === "distribution") {
    const k = r as RankingResult;
    return k.rows.map((x) => ({
      reportId,
      report,
      item: x.label,
      value: x.value,
      previousValue: x.previousValue,
      change: x.change,
      unit: k.measure.format,
    }));
  }
  return [];
}

/** The numbers of a charted result as [label, formatted value] lines (timeseries: per bucket and series). */
export function chartLines(r: ReportResult): [string, string][] {
  if (r.shape === "timeseries") {
    const t = r as TimeseriesResult;
    const out: [string, string][] = [];
    for (const s of t.series) {
      const format = t.measures.find((m) => m.id === s.measureId)?.format ?? "count";
      const prefix = t.series.length > 1 ? `${s.label}, ` : "";
      for (const p of s.points) out.push([`${prefix}${p.date}`, formatValue(p.value, format, "en")]);
    }
    return out.every(([, v]) => v === "0" || v === "–") ? [] : out;
  }
  if (r.shape === "ranking" || r.shape === "distribution") {
    const k = r as RankingResult;
    return k.rows.map((x) => [
      x.label,
      `${formatValue(x.value, k.measure.format, "en")}${x.share === null ? "" : ` (${formatValue(x.share, "percent", "en")})`}`,
    ]);
  }
  return [];
}
