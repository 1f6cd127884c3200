import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { listItem, ReportListItem } from "@tallyline/report-defs";
import { currentDataDays, currentDemoMarker, DataDays, DemoMarker } from "../dataStatus";
import { reportsWithData } from "../dataTables";
import type { AppEnv } from "../env";
import { errorResponses } from "../errors";

/**
 * A listed report and `hasData`: whether its source table holds any row (the Overview hides areas
 * whose reports have none, rather than showing zeros).
 */
const ListedReport = ReportListItem.extend({
  hasData: z.boolean().openapi({
    description:
      "True when the table this report counts (its fact, or the table a derived fact comes from) holds at least one row, on any day. The Overview shows only the categories with such a report.",
  }),
}).openapi("ListedReport");

/** The catalogue, the demo marker, and the days the data spans (the dashboard opens on data). */
export const ReportList = z
  .object({ items: z.array(ListedReport), data: DataDays })
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
    "The catalogue of reports: id, name, description, timestamps (seed 001), plus category, shape and the measure's definition, and `hasData` (whether the table it counts holds any row); `demo` (and a `notice`) when the database holds the built-in demo data, and `data`: the first and last day of the data in the server's report zone.",
  responses: {
    200: { description: "The report catalogue", content: { "application/json": { schema: ReportList } } },
    ...errorResponses(500),
  },
});

export function registerV1PlatformReportList(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const services = c.get("services");
    const { registry, defaultTimezone } = services;
    const [marker, data, withData] = await Promise.all([
      currentDemoMarker(services),
      currentDataDays(services, defaultTimezone),
      reportsWithData(services),
    ]);
    const items = registry.list().map((def) => ({ ...listItem(def), hasData: withData.get(def.id) === true }));
    return c.json({ items, ...marker, data }, 200);
  });
}
