import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import {
  HeatmapResult,
  KpiResult,
  RankingResult,
  ReportError,
  TableResult,
  TimeseriesResult,
} from "@tallyline/report-defs";
import { currentDemoMarker, DemoMarker } from "../dataStatus";
import type { AppEnv } from "../env";
import { ApiError, ErrorBody, errorResponses, errorStatus } from "../errors";
import { SegmentEcho, segmentEcho, segmentOfQuery } from "../segments/segments";
import { reportRunner } from "../services/reportRunner";
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
 * one request, run at once through the report runner (read pool, result cache, time limit), and
 * answers each, in the order sent, with its result or its own error body and status (400 for a bad
 * query, 404 for an unknown report, 503 when the server is busy, 504 past the time limit, 500 for a
 * failure, logged with the request id). The batch itself fails only when its envelope is wrong.
 */
export const route = createRoute({
  method: "post",
  path: "/api/v1/reports/batch",
  operationId: "v1.reports.batch",
  tags: ["Reports"],
  summary: "Run several reports",
  description: `Runs up to ${MAX_BATCH} report queries in order and returns, for each, its result (status 200) or its own error body (status 400, 404, 500, 503 or 504), in the order sent. Results come from the same cache as the fetch route's. The batch fails as a whole (400) only when the envelope is wrong: not JSON, no queries, more than ${MAX_BATCH}, an unknown field.`,
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
    const { registry, now, defaultTimezone } = c.get("services");
    const requestId = c.get("requestId");
    // The envelope's objects are strict (a `__proto__` key is refused); each query is checked as its own (runReport).
    const parsed = BatchRequest.safeParse(await jsonBody(c));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const path = issue?.path.join(".") ?? "";
      throw new ApiError("invalid_query", `${path || "body"}: ${issue?.message}`, { issues: parsed.error.issues });
    }
    // Each result says whether it was computed over the demo data, as the fetch route's do.
    const services = c.get("services");
    const marker = await currentDemoMarker(services);
    const runner = reportRunner(services);
    // The queries run at once on the read pool (its queue orders them), each through the result
    // cache; the answers keep the order of the queries.
    const results: BatchResponse["results"] = await Promise.all(
      parsed.data.queries.map(async ({ reportId, query }, i): Promise<BatchResponse["results"][number]> => {
        try {
          const def = registry.get(reportId);
          const { query: rest, segment } = await segmentOfQuery(c, query ?? {}, `queries.${i}.query.segmentId`);
          const run = await runner.run(def, rest, {
            now: now(),
            defaultTimezone,
            segmentId: segment?.cacheKey ?? null,
            ...(segment ? { segment } : {}),
            signal: c.req.raw.signal,
          });
          if (run.status !== "ok") throw new Error("unreachable: no If-None-Match was given");
          return { reportId, status: 200, result: { ...run.result, ...marker, ...segmentEcho(segment) } };
        } catch (error) {
          const e = itemError(error);
          if (e.code === "internal") log(`batch query ${i} (${reportId}) failed [${requestId}]`, error);
          return {
            reportId,
            status: errorStatus[e.code],
            error: {
              code: e.code,
              message: e.message,
              requestId,
              ...(e.details === undefined ? {} : { details: e.details }),
            },
          };
        }
      }),
    );
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
