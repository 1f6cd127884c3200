/**
 * Drill-down of a snapshot's KPIs by queue, topic and agent (issue 12: "a figure's breakdown by day,
 * queue, topic or (labelled) agent, from what the snapshot froze; never to records"). Computed once
 * when a snapshot is taken, through the report runner, with what the engine already has:
 *
 * 1. the values to split by come from a report of the registry over the KPI's own fact whose
 *    dimension is that column (e.g. `calls.by_queue` for calls' queues, `calls.agents` for agents),
 *    run with the KPI's period, zone and filters: its top {@link MAX_BREAKDOWN_ROWS} rows;
 * 2. the KPI runs once per value with that value added as a filter (`queue`, `topic`, `agent`),
 *    which the KPI must accept (its definition's `filters`).
 *
 * A dimension without such a report, or that the KPI cannot filter on, gives no breakdown. Rows
 * whose value is not set (null key) are left out: a filter cannot select them. Agent keys are the
 * raw agent ids here; public.ts numbers and labels them like the rest of the document.
 */
import type { Registry, ReportDefinition, ReportResult } from "@tallyline/report-defs";

/** The dimensions a KPI is broken down by, besides its days: the filter and the fact column. */
export const BREAKDOWN_DIMENSIONS = [
  { by: "queue", filter: "queue", column: "queue", label: "Queue" },
  { by: "topic", filter: "topic", column: "topic", label: "Topic" },
  { by: "agent", filter: "agent", column: "agent_id", label: "Agent" },
] as const;

/** Most values a KPI is split into per dimension (the top ones of the dimension's report). */
export const MAX_BREAKDOWN_ROWS = 10;

/** One dimension's breakdown of a KPI as computed: raw keys (agent ids, queue names...) and labels. */
export interface ComputedBreakdown {
  readonly by: (typeof BREAKDOWN_DIMENSIONS)[number]["by"];
  readonly label: string;
  /** In the order of the dimension's report (largest first). `value` in the KPI's measure's unit. */
  readonly rows: readonly { key: string; label: string; value: number | null }[];
}

/** Runs a report with a query (the snapshot's runner: same clock, zone, segment); its result. */
export type RunReport = (def: ReportDefinition, query: Record<string, unknown>) => Promise<ReportResult>;

/** The report of `registry` that lists the values of `column` over `def`'s fact, if any. */
function valuesReport(registry: Registry, def: ReportDefinition, column: string): ReportDefinition | undefined {
  return registry
    .list()
    .find(
      (r) =>
        r.table === def.table &&
        r.derived === undefined &&
        r.intervals === undefined &&
        (r.shape === "ranking" || r.shape === "table" || r.shape === "distribution") &&
        r.dimension?.column === column &&
        r.dimension.buckets === undefined,
    );
}

function asObject(query: unknown): Record<string, unknown> {
  return query !== null && typeof query === "object" && !Array.isArray(query)
    ? { ...(query as Record<string, unknown>) }
    : {};
}

/**
 * The breakdowns of the KPI `def` (frozen query `query`) by each of {@link BREAKDOWN_DIMENSIONS}
 * it can take; [] for a report that is not a KPI. Errors of the runner propagate (the snapshot then
 * fails as a whole, like any of its queries).
 */
export async function kpiBreakdowns(
  registry: Registry,
  def: ReportDefinition,
  query: unknown,
  run: RunReport,
): Promise<ComputedBreakdown[]> {
  if (def.shape !== "kpi") return [];
  const base = asObject(query);
  const filters = asObject(base.filters) as Record<string, string[]>;
  const out: ComputedBreakdown[] = [];
  for (const d of BREAKDOWN_DIMENSIONS) {
    if (!def.filters.includes(d.filter)) continue;
    const source = valuesReport(registry, def, d.column);
    if (!source?.filters.includes(d.filter)) continue;
    // The period and filters of the KPI; nothing KPI-specific (grain, parameters) the other report might refuse.
    const listed = await run(source, {
      ...pick(base, ["periodDays", "asOf", "from", "to", "timezone"]),
      filters,
      compare: "none",
      limit: MAX_BREAKDOWN_ROWS,
    });
    const values = ("rows" in listed ? listed.rows : [])
      .filter((r): r is typeof r & { key: string } => r.key !== null)
      .slice(0, MAX_BREAKDOWN_ROWS);
    const rows: { key: string; label: string; value: number | null }[] = [];
    for (const v of values) {
      const result = await run(def, { ...base, compare: "none", filters: { ...filters, [d.filter]: [v.key] } });
      rows.push({ key: v.key, label: v.label, value: "value" in result ? (result.value as number | null) : null });
    }
    if (rows.length > 0) out.push({ by: d.by, label: d.label, rows });
  }
  return out;
}

function pick(o: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out;
}
