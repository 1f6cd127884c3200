import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { UserSchema } from "../auth/schemas";
import type { AppEnv } from "../env";
import { errorResponses } from "../errors";
import { requireRole } from "../middleware/access";

export const UserList = z.object({ items: z.array(UserSchema) }).openapi("UserList");

/** `GET /api/v1/users` (admin): every user, oldest first. */
export const route = createRoute({
  method: "get",
  path: "/api/v1/users",
  operationId: "v1.users.list",
  tags: ["Users"],
  summary: "List users",
  description: "Admins only. Every user with role, disabled flag and last sign-in; never a password hash.",
  middleware: [requireRole("admin")] as const,
  responses: {
    200: { description: "Every user", content: { "application/json": { schema: UserList } } },
    ...errorResponses(401, 403, 500),
  },
});

export function registerV1UsersList(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => c.json({ items: await c.get("security").accounts.listUsers() }, 200));
}
