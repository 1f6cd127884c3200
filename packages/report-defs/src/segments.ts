/**
 * Segments (seed 000: "saved filter combinations"), as pure functions: a segment is a named set of
 * filters (filters.ts) that a report query takes by reference. Storage lives elsewhere (the API);
 * here are the rules: a segment's filters are checked like a query's, and applying a segment to a
 * report whose facts cannot take one of its filters is an error that names the segment, the filter
 * and the report, never a silently ignored filter.
 */
import type { ReportDefinition } from "./definition";
import { ReportError } from "./errors";
import { FILTER_NAMES, type FilterName, QueryFilters } from "./filters";
import type { ReportQuery } from "./query";
import { checkUntrusted } from "./untrusted";

/** A segment as the rules see it: its id and name (for messages) and its filters. */
export interface SegmentFilters {
  readonly id: string;
  readonly name: string;
  readonly filters: QueryFilters;
}

/**
 * Parses the filters of a segment from untrusted input (the body that creates or changes one): the
 * same schema as a query's filters (unknown filters, `__proto__`, control characters refused), and
 * at least one filter. Throws {@link ReportError} 'invalid_query' whose path starts `filters`.
 */
export function parseSegmentFilters(input: unknown): QueryFilters {
  checkUntrusted(input, "filters");
  const r = QueryFilters.safeParse(input);
  if (!r.success) {
    const issue = r.error.issues[0];
    const path = ["filters", ...(issue?.path ?? [])].join(".");
    throw new ReportError("invalid_query", `${path}: ${issue?.message}`, path);
  }
  if (!FILTER_NAMES.some((f) => r.data[f] !== undefined))
    throw new ReportError("invalid_query", "filters: a segment needs at least one filter", "filters");
  return r.data;
}

/** The filters of `filters` that report `def` cannot take (empty when the segment applies to it). */
export function segmentProblems(def: ReportDefinition, filters: QueryFilters): FilterName[] {
  return FILTER_NAMES.filter((f) => filters[f] !== undefined && !def.filters.includes(f));
}

/**
 * The query with the segment's filters added: a row must pass both the segment's and the query's
 * own filters, so a filter both set keeps the values they share (none shared: no row passes, and
 * counts are 0). Throws {@link ReportError} 'invalid_query' (path `segmentId`) naming the segment,
 * the filter and the report when the report cannot take one of the segment's filters.
 */
export function applySegment(def: ReportDefinition, query: ReportQuery, segment: SegmentFilters): ReportQuery {
  const refused = segmentProblems(def, segment.filters);
  if (refused.length > 0) {
    throw new ReportError(
      "invalid_query",
      `Segment "${segment.name}" (${segment.id}) filters by ${refused.join(", ")}, which report ${def.id} cannot take (it takes: ${def.filters.join(", ") || "no filter"})`,
      "segmentId",
    );
  }
  const merged: Record<string, string[]> = { ...query.filters };
  for (const f of FILTER_NAMES) {
    const own = segment.filters[f];
    if (own === undefined) continue;
    const asked = query.filters[f];
    merged[f] = asked === undefined ? [...own] : asked.filter((v) => (own as readonly string[]).includes(v));
  }
  return { ...query, filters: merged as QueryFilters };
}
