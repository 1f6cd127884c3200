import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../env";
import { errorResponses } from "../errors";

export const Health = z
  .object({
    status: z.literal("ok"),
    setupRequired: z.boolean().openapi({
      description:
        "True while no user exists: open the setup link printed in the server's log to create the first admin.",
    }),
  })
  .openapi("Health");
export type Health = z.infer<typeof Health>;

/** `GET /api/v1/health`: open; answers when the server and its database respond. */
export const route = createRoute({
  method: "get",
  path: "/api/v1/health",
  operationId: "v1.health",
  tags: ["System"],
  summary: "Is the server up",
  description: "Open (no session or key). Reads the database once, so a 200 means it answers.",
  security: [],
  responses: {
    200: { description: "The server and its database answer", content: { "application/json": { schema: Health } } },
    ...errorResponses(500),
  },
});

export function registerV1Health(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { accounts } = c.get("security");
    return c.json({ status: "ok" as const, setupRequired: !(await accounts.hasUsers()) }, 200);
  });
}
