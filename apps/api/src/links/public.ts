/**
 * The public document of a link (what `GET /api/v1/public/{token}` answers and `/r/{token}` shows),
 * built from an allow-list: each result is re-parsed through its report-defs schema (unknown fields
 * dropped: demo marker, segment id...), dimension values are kept only for dimensions known to hold
 * categories (queue, topic, intent, language...), agents become "Agent 1..n" unless the creator asked
 * for names, any other dimension's values become "<dimension> 1..n", and every string left is
 * scrubbed of e-mail addresses. Nothing else of the workspace goes out: no ids of segments, users,
 * keys or snapshots, no record, no creator name (the creator shows as "a workspace member" or
 * "a workspace admin").
 */
import { z } from "@hono/zod-openapi";
import {
  HeatmapResult,
  KpiResult,
  listItem,
  RankingResult,
  type ReportDefinition,
  ReportListItem,
  type ReportResult,
  TableResult,
  TimeseriesResult,
} from "@tallyline/report-defs";
import type { ComputedBreakdown } from "./breakdowns";

/** What the creator chose to publish (stored with the snapshot). */
export interface PublishOptions {
  /** Show agents' user names (default false: "Agent 1..n", numbered by agent id, stable within the document). */
  readonly showAgentNames: boolean;
  /** Leave the filters and the segment's name out of the document (default false). */
  readonly hideFilters: boolean;
}

/** One report of a link as it was computed: its definition and its result (or the code of its failure). */
export interface ComputedReport {
  readonly def: ReportDefinition;
  readonly result?: ReportResult;
  readonly errorCode?: string;
  /** A snapshot's KPI: its value per queue, topic and agent (breakdowns.ts), raw keys. */
  readonly breakdowns?: readonly ComputedBreakdown[];
}

/**
 * Dimension columns whose values are categories of the contact centre, not people: shown as they
 * are. (Campaign and quality-check ids are shown with their names.) Any other dimension is
 * pseudonymised; agents by {@link PublishOptions.showAgentNames}.
 */
export const CATEGORY_COLUMNS: ReadonlySet<string> = new Set([
  "queue",
  "topic",
  "intent",
  "language",
  "start_flow",
  "closing_reason",
  "filter_name",
  "entrypoint",
  "campaign_id",
  "check_id",
  "channel",
]);

/** Filters whose values are categories (shown unless hidden); others (agent) show only as a count. */
const CATEGORY_FILTERS: ReadonlySet<string> = new Set([
  "queue",
  "topic",
  "channel",
  "language",
  "intent",
  "outcome",
  "campaign",
  "check",
]);

/** An e-mail address anywhere in a string (replaced by {@link HIDDEN_EMAIL}). */
const EMAIL = /[^\s@<>()"',;:]+@[^\s@<>()"',;:]+\.[^\s@<>()"',;:]+/g;
/** What an e-mail address in a public string becomes. */
export const HIDDEN_EMAIL = "[e-mail hidden]";

/**
 * A report's definition as a public document shows it: the report list's item (id, version, name,
 * description, category, shape, measures with their one-sentence definitions, dimension, filters),
 * without the records kinds.
 */
export const PublicDefinition = ReportListItem.omit({ records: true }).meta({ id: "PublicDefinition" });
export type PublicDefinition = z.infer<typeof PublicDefinition>;

/**
 * A KPI's value per queue, topic or agent, frozen with the snapshot (largest first, at most 10
 * rows). Agents as "Agent n" (key `agent-<n>`, the document's numbering) unless names are shown.
 */
export const PublicBreakdown = z
  .object({
    by: z.enum(["queue", "topic", "agent"]),
    label: z.string().openapi({ description: "The dimension's label: Queue, Topic or Agent." }),
    rows: z.array(
      z.object({
        key: z.string(),
        label: z.string(),
        value: z.number().nullable().openapi({ description: "The KPI's value for this row, in the measure's unit." }),
      }),
    ),
  })
  .openapi("PublicBreakdown");
export type PublicBreakdown = z.infer<typeof PublicBreakdown>;

/** One report of a public document. */
export const PublicReport = z
  .object({
    reportId: z.string(),
    definition: PublicDefinition,
    breakdowns: z.array(PublicBreakdown).optional().openapi({
      description: "A snapshot's KPI: its value by queue, topic and agent where the report can give them.",
    }),
    result: z
      .union([KpiResult, TimeseriesResult, RankingResult, TableResult, HeatmapResult])
      .optional()
      .openapi({ description: "The result (report-defs shapes); absent when this report could not be computed." }),
    error: z
      .object({ code: z.string(), message: z.string() })
      .optional()
      .openapi({ description: "Why this report has no result (a live link whose report fails today)." }),
  })
  .openapi("PublicReport");

/** The public document of a link (`GET /api/v1/public/{token}`). Instants are ISO-8601 UTC. */
export const PublicDocument = z
  .object({
    kind: z.enum(["report", "page", "narrative"]).openapi({
      description: "One report, a dashboard page of several, or a frozen narrative report (then `narrative`).",
    }),
    mode: z.enum(["snapshot", "live"]).openapi({
      description: "'snapshot': results frozen when taken; 'live': the frozen query re-run on current data.",
    }),
    title: z.string(),
    at: z.string().openapi({ description: "When the snapshot was taken, or when the live results were computed." }),
    period: z
      .object({ label: z.string(), from: z.string(), to: z.string(), timezone: z.string() })
      .nullable()
      .openapi({ description: "The period and zone of the first report with a result (a page shares them)." }),
    filters: z
      .array(z.object({ name: z.string(), values: z.array(z.string()) }))
      .nullable()
      .openapi({ description: "Filters applied (agent filters as a count only); null when the creator hid them." }),
    segment: z
      .string()
      .nullable()
      .openapi({ description: "Name of the segment applied; null for none or when hidden." }),
    filtersHidden: z.boolean(),
    agentNames: z.boolean().openapi({ description: "True when agents show by name; else as 'Agent 1..n'." }),
    createdBy: z.enum(["a workspace member", "a workspace admin"]),
    reports: z.array(PublicReport),
    narrative: z
      .unknown()
      .optional()
      .openapi({ description: "For kind 'narrative': its sections and facts (schema PublicNarrative)." }),
  })
  .openapi("PublicDocument");
export type PublicDocument = z.infer<typeof PublicDocument>;

const SCHEMAS = {
  kpi: KpiResult,
  timeseries: TimeseriesResult,
  ranking: RankingResult,
  distribution: RankingResult,
  table: TableResult,
  heatmap: HeatmapResult,
} as const;

/** How a dimension's values are published. */
type DimensionRule = "category" | "agent" | "pseudonym";

function ruleOf(def: ReportDefinition): DimensionRule {
  const d = def.dimension;
  if (!d || d.buckets) return "category";
  if (d.column === "agent_id" || d.labelFrom?.table === "agents") return "agent";
  return d.column !== undefined && CATEGORY_COLUMNS.has(d.column) ? "category" : "pseudonym";
}

/** The dimension keys of a result, in the order its rows or series come. */
function keysOf(result: ReportResult): (string | null)[] {
  if ("rows" in result) return result.rows.map((r) => r.key);
  if ("series" in result && result.dimension !== null) return result.series.map((s) => (s.id === "" ? null : s.id));
  return [];
}

/** Replaces every e-mail address in every string of `value` (a JSON value), recursively. */
export function scrubEmails<T>(value: T): T {
  if (typeof value === "string") return value.replace(EMAIL, HIDDEN_EMAIL) as T;
  if (Array.isArray(value)) return value.map(scrubEmails) as T;
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = scrubEmails(v);
    return out as T;
  }
  return value;
}

/**
 * The public document of `reports` (in page order). `meta` gives the rest: kind, mode, title, the
 * instant (ms) taken or computed, the frozen filters and segment name, the creator's role. Agents
 * are numbered over the whole document by agent id (so "Agent 3" is the same person in every
 * report of the page); with `showAgentNames` their names show, but a name holding an e-mail
 * address still shows as its number.
 */
export function publicDocument(
  reports: readonly ComputedReport[],
  meta: {
    kind: "report" | "page";
    mode: "snapshot" | "live";
    title: string;
    at: number;
    filters: Readonly<Record<string, readonly string[]>>;
    segmentName: string | null;
    creatorRole: "admin" | "member";
    options: PublishOptions;
  },
): PublicDocument {
  // Agent numbers over the whole document, by id.
  const agentIds = new Set<string>();
  for (const r of reports) {
    if (r.result && ruleOf(r.def) === "agent") for (const k of keysOf(r.result)) if (k !== null) agentIds.add(k);
    for (const b of r.breakdowns ?? []) if (b.by === "agent") for (const row of b.rows) agentIds.add(row.key);
  }
  const agentNumber = new Map([...agentIds].sort().map((id, i) => [id, i + 1]));
  const out = reports.map((r) => publicReport(r, agentNumber, meta.options));
  const first = out.find((r) => r.result)?.result;
  const filters = meta.options.hideFilters
    ? null
    : Object.entries(meta.filters)
        .filter(([, values]) => values.length > 0)
        .map(([name, values]) => ({
          name,
          values: CATEGORY_FILTERS.has(name)
            ? [...values]
            : [`${values.length} ${name === "agent" ? "agent" : "value"}${values.length === 1 ? "" : "s"}`],
        }));
  return scrubEmails({
    kind: meta.kind,
    mode: meta.mode,
    title: meta.title,
    at: new Date(meta.at).toISOString(),
    period: first ? { label: first.period, from: first.from, to: first.to, timezone: first.timezone } : null,
    filters,
    segment: meta.options.hideFilters ? null : meta.segmentName,
    filtersHidden: meta.options.hideFilters,
    agentNames: meta.options.showAgentNames,
    createdBy: meta.creatorRole === "admin" ? "a workspace admin" : "a workspace member",
    reports: out,
  });
}

function publicReport(
  r: ComputedReport,
  agentNumber: ReadonlyMap<string, number>,
  options: PublishOptions,
): PublicDocument["reports"][number] {
  const def = r.def;
  const { records: _records, ...definition } = listItem(def);
  if (!r.result) {
    return {
      reportId: def.id,
      definition,
      error: { code: r.errorCode ?? "internal", message: "This report could not be computed." },
    };
  }
  // Allow-list: the report-defs schema of its shape keeps its known fields only.
  const result = SCHEMAS[def.shape].parse(r.result) as ReportResult;
  const breakdowns = (r.breakdowns ?? []).map((b) => publicBreakdown(b, agentNumber, options));
  return {
    reportId: def.id,
    definition,
    ...(breakdowns.length > 0 ? { breakdowns } : {}),
    result: relabel(result, def, agentNumber, options),
  };
}

/** A breakdown as published: fields by allow-list; agents numbered (named only when asked and not an e-mail). */
function publicBreakdown(
  b: ComputedBreakdown,
  agentNumber: ReadonlyMap<string, number>,
  options: PublishOptions,
): PublicBreakdown {
  return {
    by: b.by,
    label: b.label,
    rows: b.rows.map((row) => {
      const value = typeof row.value === "number" && Number.isFinite(row.value) ? row.value : null;
      if (b.by !== "agent") return { key: String(row.key), label: String(row.label), value };
      const n = agentNumber.get(row.key) ?? 0;
      const label = options.showAgentNames && !String(row.label).match(EMAIL) ? String(row.label) : `Agent ${n}`;
      return { key: `agent-${n}`, label, value };
    }),
  };
}

/** The result with its dimension values published by the dimension's rule. */
function relabel(
  result: ReportResult,
  def: ReportDefinition,
  agentNumber: ReadonlyMap<string, number>,
  options: PublishOptions,
): ReportResult {
  const rule = ruleOf(def);
  if (rule === "category") return result;
  const what = def.dimension?.label ?? "Value";
  const local = new Map<string | null, number>();
  const name = (key: string | null, label: string): { key: string | null; label: string } => {
    if (key === null) return { key: null, label: "(not set)" };
    if (rule === "agent") {
      const n = agentNumber.get(key) ?? 0;
      const shown = options.showAgentNames && !label.match(EMAIL) ? label : `Agent ${n}`;
      return { key: `agent-${n}`, label: shown };
    }
    let n = local.get(key);
    if (n === undefined) {
      n = local.size + 1;
      local.set(key, n);
    }
    return { key: `${what.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-${n}`, label: `${what} ${n}` };
  };
  if ("rows" in result) {
    return { ...result, rows: result.rows.map((row) => ({ ...row, ...name(row.key, row.label) })) } as ReportResult;
  }
  if ("series" in result && result.dimension !== null) {
    return {
      ...result,
      series: result.series.map((s) => {
        const n = name(s.id === "" ? null : s.id, s.label);
        return { ...s, id: n.key ?? "", label: n.label };
      }),
    };
  }
  return result;
}
