import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { listItem, ReportListItem } from "@tallyline/report-defs";
import type { AppEnv } from "../env";
import { errorResponses } from "../errors";

export const ReportList = z.object({ items: z.array(ReportListItem) }).openapi("ReportList");
export type ReportList = z.infer<typeof ReportList>;

/** `GET /api/v1/platform/report/list`: every report with its definition (seed 001). No query runs. */
export const route = createRoute({
  method: "get",
  path: "/api/v1/platform/report/list",
  operationId: "v1.platform.report.list",
  tags: ["Reports"],
  summary: "List every report",
  description:
    "The catalogue of reports: id, name, description, timestamps (seed 001), plus category, shape and the measure's definition.",
  responses: {
    200: { description: "The report catalogue", content: { "application/json": { schema: ReportList } } },
    ...errorResponses(500),
  },
});

export function registerV1PlatformReportList(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, (c) => {
    const { registry } = c.get("services");
    return c.json({ items: registry.list().map(listItem) }, 200);
  });
}
