/**
 * Segments in the dashboard (docs/api.md "Segments"): the typed calls of the segment routes, the
 * keyed list query, and how the chosen segment lives in the URL (`?segment=ID`) and in every
 * report request of the page (`segmentId`).
 */
import { query } from "@solidjs/router";
import { FILTER_NAMES } from "@tallyline/report-defs/filter-names";
import { API_BASE, ApiError, CSRF_HEADER } from "./api";
import type { PeriodRequest } from "./period";

/** A segment as the API shows it. */
export interface Segment {
  readonly id: string;
  readonly name: string;
  readonly description: string | null;
  /** Filter name to values, as a report query's `filters`. */
  readonly filters: Readonly<Record<string, readonly string[]>>;
  /** True when the caller may rename or delete it (its owner, or an admin). */
  readonly editable: boolean;
}

/**
 * The filters a segment may set, in the order the dialog shows them: every query filter
 * (report-defs filters.ts, whose names come from the import-free filterNames.ts, so zod stays out of
 * the bundle).
 */
export const SEGMENT_FILTERS = FILTER_NAMES;

/** A report request of the page: the period, and the chosen segment when there is one. */
export type ReportRequest = PeriodRequest & { segmentId?: string };

/** The page's report request: `period` with `segmentId` when a segment is chosen. */
export function withSegment(period: PeriodRequest, segmentId: string | undefined): ReportRequest {
  return segmentId ? { ...period, segmentId } : period;
}

/** The segment id of `?segment=` when it looks like one (a UUID), else undefined (all data). */
export function segmentFromSearch(value: string | undefined): string | undefined {
  return value && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value) ? value : undefined;
}

/**
 * Filters from the dialog's fields: each a comma-separated list of values, trimmed, empty ones
 * left out; fields left blank are not filters.
 */
export function filtersFromFields(fields: Readonly<Record<string, string>>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const name of SEGMENT_FILTERS) {
    const values = (fields[name] ?? "")
      .split(",")
      .map((v) => v.trim())
      .filter((v) => v !== "");
    if (values.length > 0) out[name] = values;
  }
  return out;
}

async function send<T>(method: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`${API_BASE}${path}`, {
      method,
      headers: {
        accept: "application/json",
        ...CSRF_HEADER,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (cause) {
    throw new ApiError(0, "network_error", "The Tallyline API could not be reached.", undefined, { cause });
  }
  const text = res.status === 204 ? "" : await res.text();
  let parsed: unknown;
  try {
    parsed = text === "" ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (!res.ok) {
    const e = (parsed as { error?: { code?: string; message?: string; requestId?: string } } | undefined)?.error;
    throw new ApiError(
      res.status,
      e?.code ?? "http_error",
      e?.message ?? `The API answered ${res.status}.`,
      e?.requestId,
    );
  }
  return parsed as T;
}

/** The segment routes. */
export const segmentsApi = {
  list: async (): Promise<Segment[]> => (await send<{ items: Segment[] }>("GET", "/segments")).items,
  create: (input: { name: string; filters: Record<string, string[]> }): Promise<Segment> =>
    send("POST", "/segments", input),
  rename: (id: string, name: string): Promise<Segment> =>
    send("PATCH", `/segments/${encodeURIComponent(id)}`, { name }),
  remove: (id: string): Promise<void> => send("DELETE", `/segments/${encodeURIComponent(id)}`),
};

/** Keyed query of the workspace's segments. */
export const getSegments = query(() => segmentsApi.list(), "segments");
