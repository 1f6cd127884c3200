import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { UserIdSchema } from "../auth/schemas";
import type { AppEnv } from "../env";
import { errorResponses } from "../errors";
import { requireRole } from "../middleware/access";

/** `DELETE /api/v1/users/{userId}` (admin): deletes a user and ends their sessions. */
export const route = createRoute({
  method: "delete",
  path: "/api/v1/users/{userId}",
  operationId: "v1.users.delete",
  tags: ["Users"],
  summary: "Delete a user",
  description:
    "Admins only. Ends the user's sessions at once. The last active admin cannot be deleted (409). API keys the user created stay until revoked.",
  middleware: [requireRole("admin")] as const,
  request: { params: z.object({ userId: UserIdSchema }) },
  responses: {
    204: { description: "Deleted" },
    ...errorResponses(400, 401, 403, 404, 409, 500),
  },
});

export function registerV1UsersDelete(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    await c.get("security").accounts.deleteUser(c.req.valid("param").userId);
    return c.body(null, 204);
  });
}
