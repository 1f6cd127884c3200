import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../env";
import { errorResponses } from "../errors";
import { escapeHtml } from "../schedules/mail";
import { UnsubscribeTokenSchema } from "./v1_unsubscribe";

/**
 * `GET /api/v1/unsubscribe/{token}` (open): a page with one button that POSTs the same path. A GET
 * changes nothing, so mail scanners that open links do not unsubscribe anyone.
 */
export const route = createRoute({
  method: "get",
  path: "/api/v1/unsubscribe/{token}",
  operationId: "v1.unsubscribe.page",
  tags: ["Schedules"],
  summary: "Unsubscribe page",
  description:
    "An HTML page with an Unsubscribe button (a form that POSTs the same path). Opening it changes nothing; the token is checked when the button is pressed.",
  security: [],
  request: { params: z.object({ token: UnsubscribeTokenSchema }) },
  responses: {
    200: { description: "The page", content: { "text/html": { schema: z.string() } } },
    ...errorResponses(400, 500),
  },
});

export function registerV1UnsubscribePage(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, (c) => {
    const action = `/api/v1/unsubscribe/${encodeURIComponent(c.req.valid("param").token)}`;
    return c.html(
      `<!doctype html><html><head><meta charset="utf-8"><meta name="robots" content="noindex"><title>Unsubscribe</title></head><body><form method="post" action="${escapeHtml(action)}"><p>Stop receiving this scheduled report?</p><button type="submit">Unsubscribe</button></form></body></html>`,
      200,
    ) as never;
  });
}
