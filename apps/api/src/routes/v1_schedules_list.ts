import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../env";
import { errorResponses } from "../errors";
import { principalOf } from "../middleware/access";
import { ScheduleSchema, schedulesOf } from "../schedules/schedules";

export const ScheduleList = z.object({ items: z.array(ScheduleSchema) }).openapi("ScheduleList");

/** `GET /api/v1/schedules` (member): every scheduled report e-mail of the workspace, by name. */
export const route = createRoute({
  method: "get",
  path: "/api/v1/schedules",
  operationId: "v1.schedules.list",
  tags: ["Schedules"],
  summary: "List schedules",
  description:
    "Every scheduled report e-mail, by name, with its next run and the local days that run will report on. Shared with the workspace; `editable` says whether the caller may change one (its owner, or an admin).",
  responses: {
    200: { description: "Every schedule", content: { "application/json": { schema: ScheduleList } } },
    ...errorResponses(401, 500),
  },
});

export function registerV1SchedulesList(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => c.json({ items: await schedulesOf(c).list(principalOf(c)) }, 200));
}
