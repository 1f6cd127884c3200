import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../env";
import { errorResponses } from "../errors";
import { principalOf } from "../middleware/access";
import { ScheduleIdSchema, ScheduleSchema, schedulesOf } from "../schedules/schedules";

/** `GET /api/v1/schedules/{scheduleId}` (member). */
export const route = createRoute({
  method: "get",
  path: "/api/v1/schedules/{scheduleId}",
  operationId: "v1.schedules.get",
  tags: ["Schedules"],
  summary: "Get a schedule",
  description: "One schedule with its next run.",
  request: { params: z.object({ scheduleId: ScheduleIdSchema }) },
  responses: {
    200: { description: "The schedule", content: { "application/json": { schema: ScheduleSchema } } },
    ...errorResponses(400, 401, 404, 500),
  },
});

export function registerV1SchedulesGet(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) =>
    c.json(await schedulesOf(c).get(c.req.valid("param").scheduleId, principalOf(c)), 200),
  );
}
