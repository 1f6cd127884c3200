import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { NameSchema, PasswordSchema, RoleSchema, UserIdSchema, UserSchema } from "../auth/schemas";
import type { AppEnv } from "../env";
import { errorResponses } from "../errors";
import { requireRole } from "../middleware/access";

export const UserChangeBody = z
  .strictObject({
    role: RoleSchema.optional(),
    disabled: z.boolean({ error: "must be true or false" }).optional(),
    name: NameSchema.nullable().optional(),
    password: PasswordSchema.optional(),
  })
  .refine((b) => Object.keys(b).length > 0, "name at least one of role, disabled, name, password")
  .openapi("UserChange");

/** `PATCH /api/v1/users/{userId}` (admin): role, disabled, name or a new password. */
export const route = createRoute({
  method: "patch",
  path: "/api/v1/users/{userId}",
  operationId: "v1.users.update",
  tags: ["Users"],
  summary: "Change a user",
  description:
    "Admins only. Disabling a user or setting a new password ends their sessions. The last active admin cannot be demoted or disabled (409).",
  middleware: [requireRole("admin")] as const,
  request: {
    params: z.object({ userId: UserIdSchema }),
    body: { required: true, content: { "application/json": { schema: UserChangeBody } } },
  },
  responses: {
    200: { description: "The user after the change", content: { "application/json": { schema: UserSchema } } },
    ...errorResponses(400, 401, 403, 404, 409, 413, 500),
  },
});

export function registerV1UsersUpdate(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const user = await c.get("security").accounts.updateUser(c.req.valid("param").userId, c.req.valid("json"));
    return c.json(user, 200);
  });
}
