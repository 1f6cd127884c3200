import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../env";
import { ApiError, errorResponses } from "../errors";
import { principalOf } from "../middleware/access";
import type { Period } from "../schedules/periods";
import { RunBusyError, type Scheduler } from "../schedules/scheduler";
import { ScheduleIdSchema, ScheduleRunSchema, schedulesOf } from "../schedules/schedules";

/** Longest period a run-now may report on, in days (a year and a day: a leap year's quarter sums fit). */
export const MAX_RUN_DAYS = 366;

const Day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date YYYY-MM-DD")
  .refine(
    (d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
    {
      message: "must be a real calendar day",
    },
  );

/** `POST /api/v1/schedules/{scheduleId}/runs` body: all optional. */
export const RunNowBody = z
  .strictObject({
    from: Day.optional().openapi({ description: "First local day of the period to report on (with `to`)." }),
    to: Day.optional().openapi({ description: "Last local day, inclusive (with `from`)." }),
    recipients: z
      .array(z.email({ error: "must be an e-mail address" }).max(254))
      .min(1, "name at least one recipient, or leave the field out")
      .max(50)
      .optional()
      .openapi({
        description:
          "Send to these only: each must be one of the schedule's recipients or the caller's own e-mail address. Default: the schedule's recipients.",
      }),
  })
  .openapi("RunNow", { example: { from: "2026-11-30", to: "2026-12-06" } });

/** `POST /api/v1/schedules/{scheduleId}/runs` (owner or admin): send the schedule's mail now. */
export const route = createRoute({
  method: "post",
  path: "/api/v1/schedules/{scheduleId}/runs",
  operationId: "v1.schedules.runNow",
  tags: ["Schedules"],
  summary: "Send a schedule's mail now",
  description: `Its owner or an admin only (403 otherwise). Sends the mail now, in the background, for the latest complete period (or \`from\`/\`to\`, at most ${MAX_RUN_DAYS} days), to the schedule's recipients (or \`recipients\`: some of them, or the caller's own address). Answers 202 with the run, status \`sending\`; poll \`GET /runs\`. 409 while a run of the schedule is being sent; 503 when no SMTP server is configured (TALLYLINE_SMTP_URL). Recipients who unsubscribed are left out.`,
  request: {
    params: z.object({ scheduleId: ScheduleIdSchema }),
    body: { required: false, content: { "application/json": { schema: RunNowBody } } },
  },
  responses: {
    202: { description: "The run, being sent", content: { "application/json": { schema: ScheduleRunSchema } } },
    ...errorResponses(400, 401, 403, 404, 409, 413, 500, 503),
  },
});

/** The period of the body: both days or neither (undefined); ApiError 400 naming the field otherwise. */
export function bodyPeriod(body: { from?: string | undefined; to?: string | undefined }): Period | undefined {
  if (body.from === undefined && body.to === undefined) return undefined;
  if (body.from === undefined || body.to === undefined)
    throw new ApiError("invalid_query", `${body.from === undefined ? "from" : "to"}: give both 'from' and 'to'`, {
      path: body.from === undefined ? "from" : "to",
    });
  if (body.from > body.to) throw new ApiError("invalid_query", "to: must not be before 'from'", { path: "to" });
  const days = (Date.parse(`${body.to}T00:00:00Z`) - Date.parse(`${body.from}T00:00:00Z`)) / 86_400_000 + 1;
  if (days > MAX_RUN_DAYS)
    throw new ApiError("invalid_query", `to: a period of at most ${MAX_RUN_DAYS} days, not ${days}`, { path: "to" });
  return { from: body.from, to: body.to };
}

/** Registers run-now; `schedulerOf` gives the process's scheduler (none: 503). */
export function registerV1SchedulesRun(
  app: OpenAPIHono<AppEnv>,
  schedulerOf: (() => Scheduler | null | undefined) | undefined,
): void {
  app.openapi(route, async (c) => {
    const { scheduleId } = c.req.valid("param");
    const principal = principalOf(c);
    const schedules = schedulesOf(c);
    const s = await schedules.editableBy(scheduleId, principal);
    const body = c.req.valid("json") ?? {};
    const period = bodyPeriod(body);
    let recipients: string[] | undefined;
    if (body.recipients) {
      const own = principal.kind === "session" ? principal.user.email.toLowerCase() : null;
      recipients = [...new Set(body.recipients.map((r) => r.toLowerCase()))];
      const stranger = recipients.find((r) => r !== own && !s.recipients.includes(r));
      if (stranger !== undefined)
        throw new ApiError(
          "invalid_query",
          `recipients: ${stranger} is neither a recipient of this schedule nor your own address`,
          { path: "recipients" },
        );
    }
    const scheduler = schedulerOf?.();
    if (!scheduler)
      throw new ApiError(
        "busy",
        "Mail is not configured: set TALLYLINE_SMTP_URL (smtp://host:port) and restart the server to send schedules",
      );
    try {
      const { runId } = await scheduler.startRun(s.id, { period, recipients });
      return c.json(await schedules.run(s.id, runId), 202);
    } catch (e) {
      if (e instanceof RunBusyError) throw new ApiError("conflict", e.message);
      throw e;
    }
  });
}
