import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { ApiKeySchema, NameSchema, RoleSchema } from "../auth/schemas";
import type { AppEnv } from "../env";
import { errorResponses } from "../errors";
import { principalOf, requireRole } from "../middleware/access";

export const NewApiKeyBody = z
  .strictObject({
    name: NameSchema.openapi({ example: "nightly export" }),
    role: RoleSchema,
    expiresInDays: z
      .int({ error: "must be a whole number of days" })
      .min(1, "must be at least 1")
      .max(3650, "must be at most 3650")
      .optional()
      .openapi({ description: "The key stops working this many days from now; no expiry when absent." }),
  })
  .openapi("NewApiKey");

export const CreatedApiKey = z
  .object({
    key: z.string().openapi({
      example: "tl_3f9a0c1b2d4e_Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5",
      description: "The key, shown this once: send it as 'Authorization: Bearer <key>'.",
    }),
    apiKey: ApiKeySchema,
  })
  .openapi("CreatedApiKey");

/** `POST /api/v1/keys` (admin): a new API key, shown once. */
export const route = createRoute({
  method: "post",
  path: "/api/v1/keys",
  operationId: "v1.keys.create",
  tags: ["API keys"],
  summary: "Create an API key",
  description:
    "Admins only. Returns the key once (only its SHA-256 is stored). A member key reads reports; an admin key may also manage users and keys.",
  middleware: [requireRole("admin")] as const,
  request: { body: { required: true, content: { "application/json": { schema: NewApiKeyBody } } } },
  responses: {
    201: { description: "The new key", content: { "application/json": { schema: CreatedApiKey } } },
    ...errorResponses(400, 401, 403, 413, 500),
  },
});

export function registerV1KeysCreate(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { name, role, expiresInDays } = c.req.valid("json");
    const { now } = c.get("services");
    const principal = principalOf(c);
    const { key, info } = await c.get("security").accounts.createKey({
      name,
      role,
      expiresAt: expiresInDays === undefined ? null : now() + expiresInDays * 86_400_000,
      createdBy: principal.kind === "session" ? principal.user.id : null,
    });
    return c.json({ key, apiKey: info }, 201);
  });
}
