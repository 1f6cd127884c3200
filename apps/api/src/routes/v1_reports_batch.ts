import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import {
  HeatmapResult,
  KpiResult,
  RankingResult,
  ReportError,
  runReport,
  TableResult,
  TimeseriesResult,
} from "@tallyline/report-defs";
import { DemoMarker, demoMarker } from "../dataStatus";
import type { AppEnv } from "../env";
import { ApiError, ErrorBody, errorResponses, errorStatus } from "../errors";
import { SegmentEcho, segmentEcho, segmentOfQuery } from "../segments/segments";
import { jsonBody } from "./v1_report_records";

/** Most report queries in one batch (a dashboard page shows fewer). */
export const MAX_BATCH = 20;

/** One query of a batch: the report and its query (the body of fetch). */
const BatchQuery = z.strictObject({
  reportId: z.string().min(1).max(200).openapi({ example: "calls.offered" }),
  query: z
    .unknown()
    .optional()
    .openapi({
      description:
        "The report query, as the body of `POST /api/v1/report/{reportId}/fetch` (schema ReportQuery, plus `segmentId`); a bad one, or an unknown segment, is this item's own error, not the batch's.",
      example: { periodDays: 30 },
    }),
});

export const BatchRequest = z
  .strictObject({ queries: z.array(BatchQuery).min(1).max(MAX_BATCH) })
  .openapi("ReportsBatchRequest");

/** One answer of a batch, in the order of the queries: the result, or its own error body. */
export const BatchAnswer = z
  .union([
    z.object({
      reportId: z.string(),
      status: z.literal(200),
      result: z.intersection(
        z.union([KpiResult, TimeseriesResult, RankingResult, TableResult, HeatmapResult]),
        z.intersection(DemoMarker, SegmentEcho),
      ),
    }),
    z.object({ reportId: z.string(), status: z.number().int(), error: ErrorBody.shape.error }),
  ])
  .openapi("ReportsBatchAnswer");

export const BatchResponse = z.object({ results: z.array(BatchAnswer) }).openapi("ReportsBatchResponse");
export type BatchResponse = z.infer<typeof BatchResponse>;

/**
 * `POST /api/v1/reports/batch`: runs up to {@link MAX_BATCH} report queries (a dashboard page) in
 * one request, one after the other in order, and answers each with its result or its own error body
 * and status (400 for a bad query, 404 for an unknown report, 500 for a failure, logged with the
 * request id). The batch itself fails only when its envelope is wrong.
 */
export const route = createRoute({
  method: "post",
  path: "/api/v1/reports/batch",
  operationId: "v1.reports.batch",
  tags: ["Reports"],
  summary: "Run several reports",
  description: `Runs up to ${MAX_BATCH} report queries in order and returns, for each, its result (status 200) or its own error body (status 400, 404 or 500), in the order sent. The batch fails as a whole (400) only when the envelope is wrong: not JSON, no queries, more than ${MAX_BATCH}, an unknown field.`,
  request: { body: { required: true, content: { "application/json": { schema: BatchRequest } } } },
  responses: {
    200: {
      description: "Each query's result or error, in order",
      content: { "application/json": { schema: BatchResponse } },
    },
    ...errorResponses(400, 500),
  },
});

export function registerV1ReportsBatch(app: OpenAPIHono<AppEnv>, log: (message: string, error: unknown) => void): void {
  app.openapi(route, async (c) => {
    const { registry, warehouse, now, defaultTimezone } = c.get("services");
    const requestId = c.get("requestId");
    // The envelope's objects are strict (a `__proto__` key is refused); each query is checked as its own (runReport).
    const parsed = BatchRequest.safeParse(await jsonBody(c));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const path = issue?.path.join(".") ?? "";
      throw new ApiError("invalid_query", `${path || "body"}: ${issue?.message}`, { issues: parsed.error.issues });
    }
    const results: BatchResponse["results"] = [];
    // Each result says whether it was computed over the demo data, as the fetch route's do.
    const marker = await demoMarker(warehouse);
    for (const [i, { reportId, query }] of parsed.data.queries.entries()) {
      try {
        const def = registry.get(reportId);
        const { query: rest, segment } = await segmentOfQuery(c, query ?? {}, `queries.${i}.query.segmentId`);
        const result = await runReport(def, rest, (sql, params) => warehouse.query(sql, params), {
          now: now(),
          defaultTimezone,
          ...(segment ? { segment } : {}),
        });
        results.push({ reportId, status: 200, result: { ...result, ...marker, ...segmentEcho(segment) } });
      } catch (error) {
        const e = itemError(error);
        if (e.code === "internal") log(`batch query ${i} (${reportId}) failed [${requestId}]`, error);
        results.push({
          reportId,
          status: errorStatus[e.code],
          error: {
            code: e.code,
            message: e.message,
            requestId,
            ...(e.details === undefined ? {} : { details: e.details }),
          },
        });
      }
    }
    return c.json({ results }, 200);
  });
}

/** The API error an item's failure answers with: the report's own errors, else an internal error. */
function itemError(error: unknown): ApiError {
  if (error instanceof ReportError && error.code !== "invalid_definition")
    return new ApiError(error.code, error.message, error.path ? { path: error.path } : undefined);
  if (error instanceof ApiError) return error;
  return new ApiError("internal", "Internal error; see the server log with this request id");
}
