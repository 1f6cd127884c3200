import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { listItem, ReportListItem } from "@tallyline/report-defs";
import { currentDataDays, currentDemoMarker, DataDays, DemoMarker } from "../dataStatus";
import type { AppEnv } from "../env";
import { errorResponses } from "../errors";

/** The catalogue, the demo marker, and the days the data spans (the dashboard opens on data). */
export const ReportList = z
  .object({ items: z.array(ReportListItem), data: DataDays })
  .extend(DemoMarker.shape)
  .openapi("ReportList");
export type ReportList = z.infer<typeof ReportList>;

/**
 * `GET /api/v1/platform/report/list`: every report with its definition (seed 001), the demo marker
 * and the data's first and last day. No report query runs.
 */
export const route = createRoute({
  method: "get",
  path: "/api/v1/platform/report/list",
  operationId: "v1.platform.report.list",
  tags: ["Reports"],
  summary: "List every report",
  description:
    "The catalogue of reports: id, name, description, timestamps (seed 001), plus category, shape and the measure's definition; `demo` (and a `notice`) when the database holds the built-in demo data, and `data`: the first and last day of the data in the server's report zone.",
  responses: {
    200: { description: "The report catalogue", content: { "application/json": { schema: ReportList } } },
    ...errorResponses(500),
  },
});

export function registerV1PlatformReportList(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const services = c.get("services");
    const { registry, defaultTimezone } = services;
    const [marker, data] = await Promise.all([currentDemoMarker(services), currentDataDays(services, defaultTimezone)]);
    return c.json({ items: registry.list().map(listItem), ...marker, data }, 200);
  });
}
