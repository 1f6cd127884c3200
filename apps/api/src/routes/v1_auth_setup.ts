import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { writeSessionCookie } from "../auth/request";
import { EmailSchema, NameSchema, PasswordSchema, SignedInSchema } from "../auth/schemas";
import type { AppEnv } from "../env";
import { errorResponses } from "../errors";

export const SetupBody = z
  .strictObject({
    token: z
      .string({ error: "must be a string" })
      .regex(/^[A-Za-z0-9_-]{43}$/, "must be the token of the setup link printed in the server's log"),
    email: EmailSchema,
    password: PasswordSchema,
    name: NameSchema.optional(),
  })
  .openapi("SetupBody");

/**
 * `POST /api/v1/auth/setup`: open, once. A server that starts with no user prints a one-time link
 * (`/setup#token=...`, valid 24 hours); this route takes its token and creates the first admin,
 * signed in.
 */
export const route = createRoute({
  method: "post",
  path: "/api/v1/auth/setup",
  operationId: "v1.auth.setup",
  tags: ["Access"],
  summary: "Create the first admin",
  description:
    "Open, and only while no user exists. `token` comes from the setup link the server printed at start-up (single use, valid 24 hours). Creates an admin with this e-mail and password and signs them in (sets the session cookie).",
  security: [],
  request: { body: { required: true, content: { "application/json": { schema: SetupBody } } } },
  responses: {
    201: { description: "The first admin, signed in", content: { "application/json": { schema: SignedInSchema } } },
    ...errorResponses(400, 403, 409, 413, 500),
  },
});

export function registerV1AuthSetup(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { accounts, site } = c.get("security");
    const { token, ...user } = c.req.valid("json");
    const s = await accounts.setup(token, user);
    writeSessionCookie(c, site, s.token, s.principal.session.expiresAt);
    return c.json({ user: s.user, session: s.principal.session }, 201);
  });
}
