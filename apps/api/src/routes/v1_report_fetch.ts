import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import {
  HeatmapResult,
  KpiResult,
  RankingResult,
  runReport,
  TableResult,
  TimeseriesResult,
} from "@tallyline/report-defs";
import { DemoMarker, demoMarker } from "../dataStatus";
import type { AppEnv } from "../env";
import { ApiError, errorResponses } from "../errors";
import { ApiReportQuery, SegmentEcho, segmentEcho, segmentOfQuery } from "../segments/segments";

/**
 * `POST /api/v1/report/{reportId}/fetch`: runs one report. Body as seed 001 (`periodDays`, default
 * 30) plus `from`/`to` or `asOf`, `timezone`, `compare`, `filters` and `segmentId` (a saved segment whose
 * filters are merged in: segments/segments.ts); an empty body is allowed.
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
    body: {
      required: false,
      content: { "application/json": { schema: ApiReportQuery } },
    },
  },
  responses: {
    200: {
      description: "The report result, in the report's shape (see `shape` in the report list)",
      content: {
        "application/json": {
          schema: z.intersection(
            z.union([KpiResult, TimeseriesResult, RankingResult, TableResult, HeatmapResult]),
            z.intersection(DemoMarker, SegmentEcho),
          ),
        },
      },
    },
    ...errorResponses(400, 404, 500),
  },
});

export function registerV1ReportFetch(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { registry, warehouse, now, defaultTimezone } = c.get("services");
    const def = registry.get(c.req.valid("param").reportId);
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
    const result = await runReport(def, query, (sql, params) => warehouse.query(sql, params), {
      now: now(),
      defaultTimezone,
      ...(segment ? { segment } : {}),
    });
    return c.json({ ...result, ...(await demoMarker(warehouse)), ...segmentEcho(segment) }, 200);
  });
}
