/**
 * Segments (seed 000: "saved filter combinations"): storage in `app_segments` (migration 15,
 * packages/warehouse/src/app-schema.ts), the rules of who may change them, and how a report query
 * names one (`segmentId`). The filters themselves are checked by report-defs' segments module
 * (parseSegmentFilters); applying them to a report is report-defs' applySegment (runReport and
 * planRecords take the resolved segment as their `segment` option).
 *
 * Visibility: every segment is shared with the workspace (every member and key lists and uses
 * all of them); there are no private segments. Only the segment's owner (the user, or the API key,
 * that created it) or an admin may rename, change or delete it.
 */
import { createHash, randomUUID } from "node:crypto";
import { z } from "@hono/zod-openapi";
import {
  parseSegmentFilters,
  type QueryFilters,
  RecordsRequest,
  ReportError,
  ReportQuery,
  type SegmentFilters,
} from "@tallyline/report-defs";
import type { Warehouse } from "@tallyline/warehouse";
import type { Principal } from "../auth/accounts";
import { ts } from "../auth/store";
import { ApiError } from "../errors";

/** Most segments a workspace holds (a bound on storage; the picker lists them all). */
export const MAX_SEGMENTS = 500;

/** Control characters (NUL, newlines...) and invisible format characters (bidi overrides, zero-width). */
const HIDDEN = /[\p{Cc}\p{Cf}\u2028\u2029]/u;

/** A segment id: a UUID. */
export const SegmentIdSchema = z
  .uuid({ error: "must be a segment id (a UUID)" })
  .openapi({ param: { name: "segmentId", in: "path" }, example: "5d1c3a8e-8f3b-4f4e-9a51-0c7b2f6d9e21" });

/** A segment's name: 1 to 100 characters after trimming, no control or invisible formatting characters. */
export const SegmentNameSchema = z
  .string({ error: "must be a string" })
  .trim()
  .min(1, "must not be empty")
  .max(100, "must be at most 100 characters")
  .refine((n) => !HIDDEN.test(n), "must not contain control or invisible formatting characters")
  .openapi({ example: "Sales queue, Dutch" });

/** A segment's description: at most 500 characters, no control or invisible formatting characters; null for none. */
export const SegmentDescriptionSchema = z
  .string({ error: "must be a string or null" })
  .trim()
  .max(500, "must be at most 500 characters")
  .refine((n) => !HIDDEN.test(n), "must not contain control or invisible formatting characters")
  .nullable()
  .openapi({ example: "Calls to the sales queue in Dutch" });

const Instant = z.iso.datetime().openapi({ example: "2026-12-01T09:30:00.000Z" });

/** A segment as the API shows it. */
export const SegmentSchema = z
  .object({
    id: z.string().openapi({ example: "5d1c3a8e-8f3b-4f4e-9a51-0c7b2f6d9e21" }),
    name: z.string(),
    description: z.string().nullable(),
    filters: z.record(z.string(), z.array(z.string())).openapi({
      description: "The filters, as a report query's `filters` (each a list of values).",
      example: { queue: ["sales"], language: ["nl"] },
    }),
    owner: z
      .object({ kind: z.enum(["user", "key"]), id: z.string() })
      .openapi({ description: "Who created it: a user id, or an API key id." }),
    editable: z
      .boolean()
      .openapi({ description: "True when the caller may change or delete it (its owner, or an admin)." }),
    createdAt: Instant,
    updatedAt: Instant,
  })
  .openapi("Segment");
export type Segment = z.infer<typeof SegmentSchema>;

/** The segment a result was computed with (echoed in every result of a query that named one). */
export const SegmentEcho = z
  .object({
    segment: z
      .object({ id: z.string(), name: z.string() })
      .optional()
      .openapi({ description: "The segment the query named (`segmentId`); absent when it named none." }),
  })
  .openapi("SegmentEcho");

/** A segment resolved for a report run: its filters, and the key a result cache must use for it. */
export interface ResolvedSegment extends SegmentFilters {
  /**
   * `<id>:<updatedAt ms>:<sha256 of name and filters>`: changes with every edit of the segment, so a
   * result cached under it is never served after the segment changed (the cache of results keys by
   * this, not by the bare id).
   */
  readonly cacheKey: string;
}

type SegmentRow = {
  segment_id: string;
  name: string;
  description: string | null;
  filters: string;
  owner_kind: "user" | "key";
  owner_id: string;
  created_at: string;
  updated_at: string;
};

/** The owner of what `p` creates: its user, or its key. */
function ownerOf(p: Principal): { kind: "user" | "key"; id: string } {
  return p.kind === "session" ? { kind: "user", id: p.user.id } : { kind: "key", id: p.key.id };
}

function ms(v: string): number {
  return Date.parse(v.includes("T") || v.endsWith("Z") ? v : `${v.replace(" ", "T")}Z`);
}

function filtersOf(row: SegmentRow): QueryFilters {
  const raw = typeof row.filters === "string" ? JSON.parse(row.filters) : row.filters;
  return parseSegmentFilters(raw);
}

function show(row: SegmentRow, caller: Principal): Segment {
  const owner = { kind: row.owner_kind, id: row.owner_id };
  const mine = ownerOf(caller);
  return {
    id: row.segment_id,
    name: row.name,
    description: row.description,
    filters: filtersOf(row) as Record<string, string[]>,
    owner,
    editable: caller.role === "admin" || (mine.kind === owner.kind && mine.id === owner.id),
    createdAt: new Date(ms(row.created_at)).toISOString(),
    updatedAt: new Date(ms(row.updated_at)).toISOString(),
  };
}

/** The filters of an untrusted body, checked by report-defs; an error is a 400 naming `filters.<name>`. */
export function checkFilters(input: unknown): QueryFilters {
  try {
    return parseSegmentFilters(input);
  } catch (e) {
    if (e instanceof ReportError) throw new ApiError("invalid_query", e.message, e.path ? { path: e.path } : undefined);
    throw e;
  }
}

const SELECT = `SELECT segment_id, name, description, filters::VARCHAR AS filters, owner_kind, owner_id,
  strftime(created_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS created_at, strftime(updated_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS updated_at
  FROM app_segments`;

/**
 * The segments of a workspace over its warehouse: list, get, create, update, delete, and resolve a
 * query's `segmentId`. Every value is bound as a parameter. Throws {@link ApiError} 'not_found' for
 * an unknown id, 'forbidden' when the caller is neither owner nor admin, 'conflict' past
 * {@link MAX_SEGMENTS}.
 */
export class Segments {
  constructor(
    private readonly warehouse: Warehouse,
    private readonly now: () => number,
  ) {}

  private async row(id: string): Promise<SegmentRow> {
    const [row] = await this.warehouse.query<SegmentRow>(`${SELECT} WHERE segment_id = $1`, [id]);
    if (!row) throw new ApiError("not_found", `No segment ${id}`, { path: "segmentId" });
    return row;
  }

  /** Every segment, by name (case-insensitive) then id. */
  async list(caller: Principal): Promise<Segment[]> {
    const rows = await this.warehouse.query<SegmentRow>(`${SELECT} ORDER BY lower(name), name, segment_id`);
    return rows.map((r) => show(r, caller));
  }

  /** One segment; 404 when unknown. */
  async get(id: string, caller: Principal): Promise<Segment> {
    return show(await this.row(id), caller);
  }

  /** A new segment owned by the caller; `filters` is untrusted (checked here). */
  async create(
    input: { name: string; description?: string | null | undefined; filters: unknown },
    caller: Principal,
  ): Promise<Segment> {
    const filters = checkFilters(input.filters);
    const [count] = await this.warehouse.query<{ n: number }>("SELECT count(*)::INTEGER AS n FROM app_segments");
    if (Number(count?.n ?? 0) >= MAX_SEGMENTS)
      throw new ApiError("conflict", `The workspace already holds ${MAX_SEGMENTS} segments; delete some first`);
    const id = randomUUID();
    const at = ts(this.now());
    const owner = ownerOf(caller);
    await this.warehouse.run(
      `INSERT INTO app_segments (segment_id, name, description, filters, owner_kind, owner_id, created_at, updated_at)
       VALUES ($1, $2, $3, $4::JSON, $5, $6, $7::TIMESTAMP, $7::TIMESTAMP)`,
      [id, input.name, input.description ?? null, JSON.stringify(filters), owner.kind, owner.id, at],
    );
    return this.get(id, caller);
  }

  private async editable(id: string, caller: Principal): Promise<SegmentRow> {
    const row = await this.row(id);
    if (!show(row, caller).editable)
      throw new ApiError("forbidden", "Only the segment's owner or an admin may change or delete it");
    return row;
  }

  /** Changes the fields given (owner or admin); `updated_at` moves. */
  async update(
    id: string,
    change: { name?: string | undefined; description?: string | null | undefined; filters?: unknown },
    caller: Principal,
  ): Promise<Segment> {
    const row = await this.editable(id, caller);
    const filters = change.filters === undefined ? filtersOf(row) : checkFilters(change.filters);
    await this.warehouse.run(
      "UPDATE app_segments SET name = $2, description = $3, filters = $4::JSON, updated_at = $5::TIMESTAMP WHERE segment_id = $1",
      [
        id,
        change.name ?? row.name,
        change.description === undefined ? row.description : change.description,
        JSON.stringify(filters),
        ts(Math.max(this.now(), ms(row.updated_at) + 1)),
      ],
    );
    return this.get(id, caller);
  }

  /** Deletes it (owner or admin). */
  async delete(id: string, caller: Principal): Promise<void> {
    await this.editable(id, caller);
    await this.warehouse.run("DELETE FROM app_segments WHERE segment_id = $1", [id]);
  }

  /**
   * The segment a report query names, for runReport/planRecords' `segment` option, with its cache
   * key. `path` is where the id was in the request (for the 404's details). Throws ApiError
   * 'not_found' when no segment has this id.
   */
  async resolve(id: string, path = "segmentId"): Promise<ResolvedSegment> {
    const [row] = await this.warehouse.query<SegmentRow>(`${SELECT} WHERE segment_id = $1`, [id]);
    if (!row) throw new ApiError("not_found", `No segment ${id}`, { path });
    const filters = filtersOf(row);
    const hash = createHash("sha256")
      .update(JSON.stringify([row.name, filters]))
      .digest("hex")
      .slice(0, 16);
    return { id: row.segment_id, name: row.name, filters, cacheKey: `${row.segment_id}:${ms(row.updated_at)}:${hash}` };
  }
}

/**
 * Takes `segmentId` out of an untrusted report query (a plain object): the query without it (what
 * report-defs parses, unchanged otherwise) and the id, checked to be a UUID (else ApiError
 * 'invalid_query' naming `path`). A query that is not a plain object is returned as it is.
 */
export function takeSegmentId(query: unknown, path = "segmentId"): { query: unknown; segmentId?: string } {
  if (query === null || typeof query !== "object" || Array.isArray(query) || !Object.hasOwn(query, "segmentId"))
    return { query };
  const { segmentId, ...rest } = query as Record<string, unknown>;
  const parsed = SegmentIdSchema.safeParse(segmentId);
  if (!parsed.success) throw new ApiError("invalid_query", `${path}: must be a segment id (a UUID)`, { path });
  return { query: rest, segmentId: parsed.data };
}

/** The segments of the request's workspace (stateless: one over the request's warehouse and clock). */
export function segmentsOf(c: { get(key: "services"): { warehouse: Warehouse; now: () => number } }): Segments {
  const { warehouse, now } = c.get("services");
  return new Segments(warehouse, now);
}

/**
 * Resolves the `segmentId` of an untrusted report query (see {@link takeSegmentId}): the query
 * without it, and the segment for runReport/planRecords' `segment` option (undefined when the query
 * names none). Throws ApiError 'invalid_query' for an id that is not a UUID, 'not_found' for an
 * unknown segment.
 */
export async function segmentOfQuery(
  c: { get(key: "services"): { warehouse: Warehouse; now: () => number } },
  query: unknown,
  path = "segmentId",
): Promise<{ query: unknown; segment?: ResolvedSegment }> {
  const taken = takeSegmentId(query, path);
  if (taken.segmentId === undefined) return { query: taken.query };
  return { query: taken.query, segment: await segmentsOf(c).resolve(taken.segmentId, path) };
}

/** What a result echoes of its segment: `{ segment: { id, name } }`, or nothing. */
export function segmentEcho(segment: ResolvedSegment | undefined): { segment?: { id: string; name: string } } {
  return segment ? { segment: { id: segment.id, name: segment.name } } : {};
}

/** A report query's schema with `segmentId` (the routes take it out before report-defs parses the rest). */
export const SegmentIdField = SegmentIdSchema.optional().openapi({
  description:
    "A segment (`GET /api/v1/segments`) whose filters apply on top of the query's; a report that cannot take one of them answers 400 naming the filter and the report; an unknown id 404.",
  param: undefined,
});

/** The report query of the API: report-defs' ReportQuery plus `segmentId` (the OpenAPI component ReportQuery). */
export const ApiReportQuery = ReportQuery.extend({ segmentId: SegmentIdField }).meta({
  id: "ReportQuery",
  example: { from: "1999-02-01", to: "1999-02-28", timezone: "UTC" },
});

/** The records request of the API: its query takes `segmentId` too (the OpenAPI component RecordsRequest). */
export const ApiRecordsRequest = RecordsRequest.extend({ query: ApiReportQuery.optional() }).meta({
  id: "RecordsRequest",
  example: { query: { from: "1999-02-01", to: "1999-02-28" }, selector: {} },
});
