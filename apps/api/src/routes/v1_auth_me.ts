import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { PrincipalSchema } from "../auth/schemas";
import type { AppEnv } from "../env";
import { errorResponses } from "../errors";
import { principalOf } from "../middleware/access";

/** `GET /api/v1/auth/me`: who is calling (the signed-in user and session, or the API key). */
export const route = createRoute({
  method: "get",
  path: "/api/v1/auth/me",
  operationId: "v1.auth.me",
  tags: ["Access"],
  summary: "Who am I",
  description:
    "The signed-in user with the session's expiry, or the API key the request was sent with. 401 when neither.",
  responses: {
    200: { description: "The caller", content: { "application/json": { schema: PrincipalSchema } } },
    ...errorResponses(401, 500),
  },
});

export function registerV1AuthMe(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, (c) => c.json(principalOf(c), 200));
}
