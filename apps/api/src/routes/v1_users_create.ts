import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { EmailSchema, NameSchema, PasswordSchema, RoleSchema, UserSchema } from "../auth/schemas";
import type { AppEnv } from "../env";
import { errorResponses } from "../errors";
import { requireRole } from "../middleware/access";

export const NewUserBody = z
  .strictObject({ email: EmailSchema, password: PasswordSchema, role: RoleSchema, name: NameSchema.optional() })
  .openapi("NewUser");

/** `POST /api/v1/users` (admin): creates a user with a first password. */
export const route = createRoute({
  method: "post",
  path: "/api/v1/users",
  operationId: "v1.users.create",
  tags: ["Users"],
  summary: "Create a user",
  description:
    "Admins only. The e-mail is stored trimmed and lower-case and must be new (409 otherwise); the password has 12 to 256 characters.",
  middleware: [requireRole("admin")] as const,
  request: { body: { required: true, content: { "application/json": { schema: NewUserBody } } } },
  responses: {
    201: { description: "The new user", content: { "application/json": { schema: UserSchema } } },
    ...errorResponses(400, 401, 403, 409, 413, 500),
  },
});

export function registerV1UsersCreate(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => c.json(await c.get("security").accounts.createUser(c.req.valid("json")), 201));
}
