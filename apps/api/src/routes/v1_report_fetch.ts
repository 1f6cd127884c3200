import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import {
  HeatmapResult,
  KpiResult,
  RankingResult,
  ReportQuery,
  runReport,
  TableResult,
  TimeseriesResult,
} from "@tallyline/report-defs";
import { DemoMarker, demoMarker } from "../dataStatus";
import type { AppEnv } from "../env";
import { ApiError, errorResponses } from "../errors";

/**
 * `POST /api/v1/report/{reportId}/fetch`: runs one report. Body as seed 001 (`periodDays`, default
 * 30) plus `from`/`to` or `asOf`, `timezone`, `compare` and `filters`; an empty body is allowed.
 */
export const route = createRoute({
  method: "post",
  path: "/api/v1/report/{reportId}/fetch",
  operationId: "v1.report.fetch",
  tags: ["Reports"],
  summary: "Run a report",
  description:
    "Computes a report for the period. KPIs have the seed-001 shape (value, change, period, breakdown) plus the previous value; timeseries, rankings, distributions, tables and heatmaps have theirs. Values are in each measure's format: counts, percent on 0-100, or seconds. Every result also says whether it was computed over the built-in demo data (`demo`, with a one-line `notice`).",
  request: {
    params: z.object({ reportId: z.string().openapi({ example: "calls.offered" }) }),
    body: { required: false, content: { "application/json": { schema: ReportQuery } } },
  },
  responses: {
    200: {
      description: "The report result, in the report's shape (see `shape` in the report list)",
      content: {
        "application/json": {
          schema: z.intersection(
            z.union([KpiResult, TimeseriesResult, RankingResult, TableResult, HeatmapResult]),
            DemoMarker,
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
    const result = await runReport(def, body, (sql, params) => warehouse.query(sql, params), {
      now: now(),
      defaultTimezone,
    });
    return c.json({ ...result, ...(await demoMarker(warehouse)) }, 200);
  });
}
