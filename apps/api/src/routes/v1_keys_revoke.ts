import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { KeyIdSchema } from "../auth/schemas";
import type { AppEnv } from "../env";
import { errorResponses } from "../errors";
import { requireRole } from "../middleware/access";

/** `DELETE /api/v1/keys/{keyId}` (admin): revokes a key at once. */
export const route = createRoute({
  method: "delete",
  path: "/api/v1/keys/{keyId}",
  operationId: "v1.keys.revoke",
  tags: ["API keys"],
  summary: "Revoke an API key",
  description:
    "Admins only. The key is refused from the next request on. It stays listed with its revocation time. Revoking a revoked key changes nothing.",
  middleware: [requireRole("admin")] as const,
  request: { params: z.object({ keyId: KeyIdSchema }) },
  responses: {
    204: { description: "Revoked" },
    ...errorResponses(400, 401, 403, 404, 500),
  },
});

export function registerV1KeysRevoke(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    await c.get("security").accounts.revokeKey(c.req.valid("param").keyId);
    return c.body(null, 204);
  });
}
