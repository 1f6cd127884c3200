import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../env";
import { ApiError, errorResponses } from "../errors";
import { escapeHtml } from "../schedules/mail";
import { unsubscribe } from "../schedules/unsubscribe";

export const UnsubscribeTokenSchema = z
  .string()
  .max(2100)
  .openapi({
    param: { name: "token", in: "path" },
    description: "The signed token of a scheduled mail's unsubscribe link.",
  });

export const Unsubscribed = z
  .object({ status: z.literal("unsubscribed"), email: z.string(), schedule: z.string() })
  .openapi("Unsubscribed");

/**
 * `POST /api/v1/unsubscribe/{token}` (open: the signed token is the credential): one-click
 * unsubscribe (RFC 8058; mail clients POST `List-Unsubscribe=One-Click`, any body is ignored). Works
 * once: 200 the first time, 409 after; 404 for a token that is not valid (bad signature, deleted schedule).
 */
export const route = createRoute({
  method: "post",
  path: "/api/v1/unsubscribe/{token}",
  operationId: "v1.unsubscribe",
  tags: ["Schedules"],
  summary: "Unsubscribe from a scheduled mail",
  description:
    "The link of a scheduled mail's List-Unsubscribe header (one-click, RFC 8058) and of its footer. The recipient gets no further mail of that schedule. Works once: a second use is 409. No session or key: the token, signed per recipient and schedule, is the credential.",
  security: [],
  request: { params: z.object({ token: UnsubscribeTokenSchema }) },
  responses: {
    200: { description: "Unsubscribed", content: { "application/json": { schema: Unsubscribed } } },
    ...errorResponses(400, 404, 409, 500),
  },
});

export function registerV1Unsubscribe(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { warehouse, now } = c.get("services");
    const outcome = await unsubscribe(warehouse, c.req.valid("param").token, now());
    if (outcome.status === "invalid")
      throw new ApiError("not_found", "This unsubscribe link is not valid (or its schedule was deleted)");
    if (outcome.status === "already")
      throw new ApiError("conflict", "This address has already unsubscribed from this schedule");
    if ((c.req.header("accept") ?? "").includes("text/html"))
      return c.html(
        `<!doctype html><html><head><meta charset="utf-8"><title>Unsubscribed</title></head><body><p>${escapeHtml(outcome.email)} will receive no more mail of “${escapeHtml(outcome.scheduleName)}”.</p></body></html>`,
        200,
      ) as never;
    return c.json({ status: "unsubscribed" as const, email: outcome.email, schedule: outcome.scheduleName }, 200);
  });
}
