/**
 * The public document of a link as the `/r/{token}` page reads it (apps/api links/public.ts), and
 * the words the page stamps it with.
 */
import type { KpiResult, RankingResult, ReportDefinition, ReportResult } from "@tallyline/ui";
import type { PublicNarrativeDoc } from "./narratives";

/**
 * A snapshot KPI's value per queue, topic or agent (largest first; agents "Agent n" unless the
 * creator showed names). `value` is in the KPI measure's unit.
 */
export interface PublicBreakdown {
  readonly by: "queue" | "topic" | "agent";
  readonly label: string;
  readonly rows: { key: string; label: string; value: number | null }[];
}

/** One report of a public document: its definition and result, or why it has none. */
export interface PublicReport {
  readonly reportId: string;
  readonly definition: ReportDefinition;
  readonly result?: ReportResult;
  readonly error?: { code: string; message: string };
  /** A snapshot KPI's breakdowns by queue, topic and agent, where the report gives them. */
  readonly breakdowns?: PublicBreakdown[];
}

/** `GET /api/v1/public/{token}`. Instants ISO-8601 UTC. */
export interface PublicDocument {
  /** 'narrative': a frozen narrative report (then `narrative`, and no reports). */
  readonly kind: "report" | "page" | "narrative";
  readonly mode: "snapshot" | "live";
  readonly title: string;
  readonly at: string;
  readonly period: { label: string; from: string; to: string; timezone: string } | null;
  readonly filters: { name: string; values: string[] }[] | null;
  readonly segment: string | null;
  readonly filtersHidden: boolean;
  readonly agentNames: boolean;
  readonly createdBy: string;
  readonly reports: PublicReport[];
  /** The narrative report of a `narrative` link (components/PublicNarrative.tsx). */
  readonly narrative?: PublicNarrativeDoc;
}

/** An instant as `YYYY-MM-DD HH:MM UTC` (the same for every viewer, wherever they are). */
export function utcMinute(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/**
 * The stamp of a document: "snapshot of <period> (<zone>), taken <time>" or "live, computed <time>"
 * (with the period and zone after it when there is one).
 */
export function stampOf(doc: PublicDocument): string {
  const period = doc.period ? `${doc.period.label} (${doc.period.timezone})` : "no period";
  return doc.mode === "snapshot"
    ? `snapshot of ${period}, taken ${utcMinute(doc.at)}`
    : `live, computed ${utcMinute(doc.at)}: ${period}`;
}

/** A KPI of a document: definition, result and its frozen breakdowns ([] when none). */
export interface PublicKpi {
  readonly definition: ReportDefinition;
  readonly result: KpiResult;
  readonly breakdowns: PublicBreakdown[];
}

/** The KPI reports of a document (with a result), in page order. */
export function kpisOf(doc: PublicDocument): PublicKpi[] {
  return doc.reports.flatMap((r) =>
    r.result && r.definition.shape === "kpi"
      ? [{ definition: r.definition, result: r.result as KpiResult, breakdowns: r.breakdowns ?? [] }]
      : [],
  );
}

/**
 * A KPI's breakdown as a ranking result, for the dashboard's own ranking bars: the rows as frozen
 * (no shares: rows without a value or beyond the top 10 are not listed, so they need not add up),
 * and the KPI's overall value as the total.
 */
export function breakdownRanking(kpi: PublicKpi, breakdown: PublicBreakdown): RankingResult {
  return {
    reportId: kpi.result.reportId,
    shape: "ranking",
    period: kpi.result.period,
    from: kpi.result.from,
    to: kpi.result.to,
    previousFrom: null,
    previousTo: null,
    timezone: kpi.result.timezone,
    grain: kpi.result.grain,
    measure: kpi.result.measure,
    dimension: breakdown.label,
    total: kpi.result.value,
    previousTotal: null,
    rows: breakdown.rows.map((r) => ({
      key: r.key,
      label: r.label,
      value: r.value,
      share: null,
      previousValue: null,
      change: null,
    })),
    others: null,
  };
}
