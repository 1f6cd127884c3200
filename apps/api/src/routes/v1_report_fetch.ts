import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { HeatmapResult, KpiResult, RankingResult, TableResult, TimeseriesResult } from "@tallyline/report-defs";
import { currentDemoMarker, DemoMarker } from "../dataStatus";
import type { AppEnv } from "../env";
import { ApiError, errorResponses } from "../errors";
import { ApiReportQuery, SegmentEcho, segmentEcho, segmentOfQuery } from "../segments/segments";
import { reportRunner } from "../services/reportRunner";

/**
 * `POST /api/v1/report/{reportId}/fetch`: runs one report. Body as seed 001 (`periodDays`, default
 * 30) plus `from`/`to` or `asOf`, `timezone`, `compare`, `filters` and `segmentId` (a saved segment whose
 * filters are merged in: segments/segments.ts); an empty body is allowed.
 * Runs through the report runner (services/reportRunner.ts): cached per data version, with an
 * ETag, 304 on a matching If-None-Match, a time limit, and the statement stopped when the client goes.
 */
export const route = createRoute({
  method: "post",
  path: "/api/v1/report/{reportId}/fetch",
  operationId: "v1.report.fetch",
  tags: ["Reports"],
  summary: "Run a report",
  description:
    "Computes a report for the period. KPIs have the seed-001 shape (value, change, period, breakdown) plus the previous value; timeseries, rankings, distributions, tables and heatmaps have theirs. Values are in each measure's format: counts, percent on 0-100, or seconds. Every result also says whether it was computed over the built-in demo data (`demo`, with a one-line `notice`). `segmentId` applies a saved segment's filters on top of the query's (echoed as `segment`); a report that cannot take one of them is a 400 naming the filter and the report.",
  request: {
    params: z.object({ reportId: z.string().openapi({ example: "calls.offered" }) }),
    headers: z.object({
      "if-none-match": z.string().optional().openapi({
        description:
          "The ETag of a result the client holds: when it is still current (same report, query, segment and data) the answer is 304 without a body.",
      }),
    }),
    body: {
      required: false,
      content: { "application/json": { schema: ApiReportQuery } },
    },
  },
  responses: {
    200: {
      description: "The report result, in the report's shape (see `shape` in the report list)",
      headers: z.object({
        ETag: z.string().openapi({
          description:
            "Changes when the report, the normalised query, the segment or the data (any import or delete) change",
        }),
      }),
      content: {
        "application/json": {
          schema: z.intersection(
            z.union([KpiResult, TimeseriesResult, RankingResult, TableResult, HeatmapResult]),
            z.intersection(DemoMarker, SegmentEcho),
          ),
        },
      },
    },
    304: { description: "Not modified: the If-None-Match ETag is current; the held result is still the answer" },
    ...errorResponses(400, 404, 500, 503, 504),
  },
});

export function registerV1ReportFetch(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const services = c.get("services");
    const def = services.registry.get(c.req.valid("param").reportId);
    const raw = await c.req.text();
    let body: unknown = {};
    if (raw.trim() !== "") {
      try {
        body = JSON.parse(raw);
      } catch (cause) {
        throw new ApiError("bad_request", `Request body is not valid JSON: ${(cause as Error).message}`, undefined, {
          cause,
        });
      }
    }
    // The segment resolves to its filters before the report runs; its cacheKey moves with every edit.
    const { query, segment } = await segmentOfQuery(c, body);
    const run = await reportRunner(services).run(def, query, {
      now: services.now(),
      defaultTimezone: services.defaultTimezone,
      segmentId: segment?.cacheKey ?? null,
      ...(segment ? { segment } : {}),
      signal: c.req.raw.signal,
      ifNoneMatch: c.req.header("if-none-match"),
    });
    c.header("ETag", run.etag);
    if (run.status === "not_modified") return c.body(null, 304);
    c.header("X-Cache", run.cache);
    // The demo marker moves only with an import (a new data version, so a new ETag); the segment's
    // name is in its cacheKey. Both are added to the cached result's JSON text.
    const extra = JSON.stringify({ ...(await currentDemoMarker(services)), ...segmentEcho(segment) });
    return c.body(`${run.body.slice(0, -1)},${extra.slice(1)}`, 200, { "content-type": "application/json" });
  });
}
