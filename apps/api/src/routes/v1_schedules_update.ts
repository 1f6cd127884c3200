import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../env";
import { errorResponses } from "../errors";
import { principalOf } from "../middleware/access";
import { ScheduleChangeBody, ScheduleIdSchema, ScheduleSchema, schedulesOf } from "../schedules/schedules";

/** `PATCH /api/v1/schedules/{scheduleId}` (owner or admin). */
export const route = createRoute({
  method: "patch",
  path: "/api/v1/schedules/{scheduleId}",
  operationId: "v1.schedules.update",
  tags: ["Schedules"],
  summary: "Change a schedule",
  description:
    "Its owner or an admin only (403 otherwise). Fields given replace the old ones; `enabled: false` pauses it. A new frequency may need `weekday` or `monthDay` (null to clear the one it no longer takes).",
  request: {
    params: z.object({ scheduleId: ScheduleIdSchema }),
    body: { required: true, content: { "application/json": { schema: ScheduleChangeBody } } },
  },
  responses: {
    200: { description: "The schedule after the change", content: { "application/json": { schema: ScheduleSchema } } },
    ...errorResponses(400, 401, 403, 404, 413, 500),
  },
});

export function registerV1SchedulesUpdate(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) =>
    c.json(await schedulesOf(c).update(c.req.valid("param").scheduleId, c.req.valid("json"), principalOf(c)), 200),
  );
}
