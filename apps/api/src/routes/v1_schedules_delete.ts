import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../env";
import { errorResponses } from "../errors";
import { principalOf } from "../middleware/access";
import { ScheduleIdSchema, schedulesOf } from "../schedules/schedules";

/** `DELETE /api/v1/schedules/{scheduleId}` (owner or admin): the schedule, its runs and unsubscribes. */
export const route = createRoute({
  method: "delete",
  path: "/api/v1/schedules/{scheduleId}",
  operationId: "v1.schedules.delete",
  tags: ["Schedules"],
  summary: "Delete a schedule",
  description: "Its owner or an admin only (403 otherwise). Its run history goes with it; no further mail is sent.",
  request: { params: z.object({ scheduleId: ScheduleIdSchema }) },
  responses: {
    204: { description: "Deleted" },
    ...errorResponses(400, 401, 403, 404, 500),
  },
});

export function registerV1SchedulesDelete(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    await schedulesOf(c).delete(c.req.valid("param").scheduleId, principalOf(c));
    return c.body(null, 204);
  });
}
