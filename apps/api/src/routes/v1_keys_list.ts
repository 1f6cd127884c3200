import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { ApiKeySchema } from "../auth/schemas";
import type { AppEnv } from "../env";
import { errorResponses } from "../errors";
import { requireRole } from "../middleware/access";

export const ApiKeyList = z.object({ items: z.array(ApiKeySchema) }).openapi("ApiKeyList");

/** `GET /api/v1/keys` (admin): every API key, newest first, revoked ones included; never a secret. */
export const route = createRoute({
  method: "get",
  path: "/api/v1/keys",
  operationId: "v1.keys.list",
  tags: ["API keys"],
  summary: "List API keys",
  description:
    "Admins only. Name, role, visible prefix, created/last-used/expiry/revocation times. Secrets are never shown again.",
  middleware: [requireRole("admin")] as const,
  responses: {
    200: { description: "Every key", content: { "application/json": { schema: ApiKeyList } } },
    ...errorResponses(401, 403, 500),
  },
});

export function registerV1KeysList(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => c.json({ items: await c.get("security").accounts.listKeys() }, 200));
}
