/**
 * The Overview page (`/`): the headline figures of each area (a category of the report list) that
 * has data, loaded with one `POST /api/v1/reports/batch`. The one place that says which reports
 * are an area's headline (docs/dashboard.md "Overview" repeats it for users).
 */
import type { ReportDefinition } from "@tallyline/ui";
import type { Category } from "./categories";
import type { PeriodRequest } from "./period";

/** Most queries of one batch (apps/api routes/v1_reports_batch.ts MAX_BATCH): the Overview's budget. */
export const BATCH_LIMIT = 20;

/**
 * Headline reports per area, by category name, in the order shown: 2-5 KPIs each (the area's
 * volume first, then its service figures), and for agents, who have no KPI, the top of their
 * conversations ranking. 19 in all, under {@link BATCH_LIMIT}. Categories not named here (Activity,
 * Chatbot, Performance, Staffing, Work shifts, Invites and traffic) have no headline: the Overview
 * lists them as links when they have data.
 */
export const HEADLINES: Readonly<Record<string, readonly string[]>> = {
  /** Calls: volume, service level, abandonment, speed of answer, handling time (seed 000). */
  Operations: ["calls.offered", "calls.service_level", "calls.abandonment_rate", "calls.asa", "calls.aht"],
  /** Call quality checks: calls analysed, average score, pass rate. */
  "Quality checks": ["quality_checks.calls", "quality_checks.average_score", "quality_checks.pass_rate"],
  /** Chats: conversations and messages (the category has these two KPIs). */
  Engagement: ["engagement.conversations", "engagement.messages"],
  /** Chat ratings: how many, the positive share, thumbs down. */
  Quality: ["quality.ratings", "quality.positive_share", "quality.thumbs_down"],
  /** Contact centre: conversations, missed, first response time, conversation time. */
  "Contact centre": [
    "contact_centre.conversations",
    "contact_centre.missed",
    "contact_centre.avg_wait_time",
    "contact_centre.avg_conversation_time",
  ],
  /** Chat contacts: unique and new. */
  Contacts: ["contacts.unique", "contacts.new"],
  /** Agents: the top of the conversations ranking (the category has no KPI). */
  "Agent performance": ["agents.conversations"],
};

/** Rows of a ranking headline shown on the Overview (the area's page shows them all). */
export const RANKING_ROWS = 3;

/** An area on the Overview: its category (with every report, for the link) and its headline reports. */
export interface Area {
  readonly category: Category;
  readonly headlines: readonly ReportDefinition[];
}

/** A report of the list with the API's `hasData` (absent from older servers: taken as present). */
type Listed = ReportDefinition & { readonly hasData?: boolean };

/** True when some report of the category counts a table that holds rows (the report list's `hasData`). */
export function hasData(category: Category): boolean {
  return category.reports.some((report) => (report as Listed).hasData !== false);
}

/**
 * The Overview's areas: categories with data ({@link hasData}) in catalogue order, each with its
 * headline reports ({@link HEADLINES}, those the list has) in headline order; `more` are the other
 * categories with data (no headline). Categories without data are in neither: hidden, not zeros.
 */
export function overviewAreas(categories: readonly Category[]): { areas: Area[]; more: Category[] } {
  const areas: Area[] = [];
  const more: Category[] = [];
  for (const category of categories) {
    if (!hasData(category)) continue;
    const ids = HEADLINES[category.name] ?? [];
    const headlines = ids.flatMap((id) => category.reports.filter((r) => r.id === id));
    if (headlines.length > 0) areas.push({ category, headlines });
    else more.push(category);
  }
  return { areas, more };
}

/** One query of `POST /reports/batch`. */
export interface BatchQuery {
  readonly reportId: string;
  readonly query: PeriodRequest & { segmentId?: string };
}

/**
 * The batch of the Overview: each area's headlines over the same period (and segment), in page
 * order, cut at {@link BATCH_LIMIT} (the list above stays under it).
 */
export function overviewQueries(areas: readonly Area[], query: BatchQuery["query"]): BatchQuery[] {
  return areas.flatMap((area) => area.headlines.map((r) => ({ reportId: r.id, query }))).slice(0, BATCH_LIMIT);
}
