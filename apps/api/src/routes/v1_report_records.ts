import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { planRecords, RecordsPage, shapeRecords } from "@tallyline/report-defs";
import type { Context } from "hono";
import { currentDemoMarker, DemoMarker } from "../dataStatus";
import type { AppEnv } from "../env";
import { ApiError, errorResponses } from "../errors";
import { ApiRecordsRequest, SegmentEcho, segmentEcho, segmentOfQuery } from "../segments/segments";
import { reportRunner } from "../services/reportRunner";

/**
 * `POST /api/v1/report/{reportId}/records`: the calls, check results, conversations or assignments
 * behind one figure of a report's result (report-defs records.ts), one page at a time. Body: the
 * report query (`query`, as for fetch), the `selector` of the figure (measure, previous period,
 * bucket, dimension key, heatmap cell; empty for the whole period), the `cursor` of the previous
 * page's `nextCursor` (`query.segmentId` names a saved segment whose filters are merged in), and `limit` (default 50, at most 500). An empty body gives the first page of
 * the whole last 30 days.
 */
export const route = createRoute({
  method: "post",
  path: "/api/v1/report/{reportId}/records",
  operationId: "v1.report.records",
  tags: ["Reports"],
  summary: "Records behind a figure",
  description:
    "The calls, quality-check results, conversations or assignments behind one figure of a report (the whole period, the previous period, a bucket, a dimension value, a heatmap cell), chosen with the same predicates as the figure: as many as a count counts, or those an average, sum or ratio is over (each record's `value` or `in_numerator`). Ordered by time then id, paged by an opaque cursor. Records carry canonical ids and no personal data. Reports over messages, ratings, online time or aggregate exports have none (see `records` in the report list).",
  request: {
    params: z.object({ reportId: z.string().max(200).openapi({ example: "calls.asa" }) }),
    body: {
      required: false,
      content: {
        "application/json": {
          schema: ApiRecordsRequest,
        },
      },
    },
  },
  responses: {
    200: {
      description: "One page of records, the cursor of the next and the total",
      content: { "application/json": { schema: z.intersection(RecordsPage, z.intersection(DemoMarker, SegmentEcho)) } },
    },
    ...errorResponses(400, 404, 500, 503, 504),
  },
});

/**
 * The request body as JSON (an empty body is `{}`), parsed from its text so that nothing of it is
 * lost to a schema (report-defs refuses `__proto__` keys and unknown fields with their path).
 * Throws ApiError 'bad_request' for text that is not JSON.
 */
export async function jsonBody(c: Context<AppEnv>): Promise<unknown> {
  const raw = await c.req.text();
  if (raw.trim() === "") return {};
  try {
    return JSON.parse(raw);
  } catch (cause) {
    throw new ApiError("bad_request", `Request body is not valid JSON: ${(cause as Error).message}`, undefined, {
      cause,
    });
  }
}

/** The records body with `query.segmentId` taken out, and the segment it names (segments/segments.ts). */
async function recordsSegment(c: Context<AppEnv>, body: unknown) {
  if (body === null || typeof body !== "object" || Array.isArray(body) || !Object.hasOwn(body, "query"))
    return { body };
  const { query, segment } = await segmentOfQuery(c, (body as { query: unknown }).query, "query.segmentId");
  return { body: { ...(body as object), query }, segment };
}

export function registerV1ReportRecords(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const services = c.get("services");
    const { registry, now, defaultTimezone } = services;
    const def = registry.get(c.req.valid("param").reportId);
    const { body, segment } = await recordsSegment(c, await jsonBody(c));
    const plan = planRecords(def, body, { now: now(), defaultTimezone, ...(segment ? { segment } : {}) });
    // Both reads run on the read pool with the reports' time limit, queue and cancellation; a page
    // of records is not cached (each cursor is its own page, rarely asked twice).
    const runner = reportRunner(services);
    const signal = c.req.raw.signal;
    const [[count], rows] = await Promise.all([
      runner.read<{ total: number }>(plan.count.sql, plan.count.params, { signal }),
      runner.read(plan.page.sql, plan.page.params, { signal }),
    ]);
    const { items, nextCursor } = shapeRecords(plan, rows);
    return c.json(
      {
        reportId: def.id,
        measure: plan.measure,
        kind: plan.kind,
        items,
        nextCursor,
        total: Number(count?.total ?? 0),
        ...(await currentDemoMarker(services)),
        ...segmentEcho(segment),
      },
      200,
    );
  });
}
