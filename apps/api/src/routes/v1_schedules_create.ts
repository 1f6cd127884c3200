import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../env";
import { errorResponses } from "../errors";
import { principalOf } from "../middleware/access";
import { NewScheduleBody, ScheduleSchema, schedulesOf } from "../schedules/schedules";

/** `POST /api/v1/schedules` (member): a new schedule owned by the caller. */
export const route = createRoute({
  method: "post",
  path: "/api/v1/schedules",
  operationId: "v1.schedules.create",
  tags: ["Schedules"],
  summary: "Create a schedule",
  description:
    "A report e-mail sent on a local schedule in an IANA zone: `frequency` with `weekday` (weekly, biweekly) or `monthDay` (monthly, every_two_months, quarterly), `sendTime` HH:MM, 1-50 `recipients`. Each run reports on the last complete day, week, fortnight, half-month, month, two months or quarter before its local send day. `bundle` defaults to seed 002's three sections (Activity, Chatbot, Contact Center).",
  request: { body: { required: true, content: { "application/json": { schema: NewScheduleBody } } } },
  responses: {
    201: { description: "The new schedule", content: { "application/json": { schema: ScheduleSchema } } },
    ...errorResponses(400, 401, 403, 409, 413, 500),
  },
});

export function registerV1SchedulesCreate(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => c.json(await schedulesOf(c).create(c.req.valid("json"), principalOf(c)), 201));
}
