import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../env";
import { errorResponses } from "../errors";
import { ScheduleIdSchema, ScheduleRunSchema, schedulesOf } from "../schedules/schedules";

export const ScheduleRunList = z.object({ items: z.array(ScheduleRunSchema) }).openapi("ScheduleRunList");

/** `GET /api/v1/schedules/{scheduleId}/runs` (member): the run history, newest first. */
export const route = createRoute({
  method: "get",
  path: "/api/v1/schedules/{scheduleId}/runs",
  operationId: "v1.schedules.runs",
  tags: ["Schedules"],
  summary: "Run history of a schedule",
  description:
    "The last 100 runs, newest first: sent (with the Message-ID and the SMTP server's answer), failed (with the server's answer), skipped (older than the catch-up window), or sending. `late` marks a run sent after downtime.",
  request: { params: z.object({ scheduleId: ScheduleIdSchema }) },
  responses: {
    200: { description: "The runs", content: { "application/json": { schema: ScheduleRunList } } },
    ...errorResponses(400, 401, 404, 500),
  },
});

export function registerV1SchedulesRuns(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => c.json({ items: await schedulesOf(c).runs(c.req.valid("param").scheduleId) }, 200));
}
