import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../env";
import { errorResponses } from "../errors";
import { NarrativeSchema, narrativesOf } from "../narrative/service";

/** `GET /api/v1/narratives` (member): every stored narrative report, newest first, without content. */
export const route = createRoute({
  method: "get",
  path: "/api/v1/narratives",
  operationId: "v1.narratives.list",
  tags: ["Narratives"],
  summary: "List narrative reports",
  description:
    "Every generated report of the workspace (seed 000 Report History): name, scope, period, status, narrator, author, generated time and token usage, newest first. Reports are kept until deleted.",
  responses: {
    200: {
      description: "Every report",
      content: { "application/json": { schema: z.object({ items: z.array(NarrativeSchema) }) } },
    },
    ...errorResponses(401, 500),
  },
});

export function registerV1NarrativesList(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => c.json({ items: await narrativesOf(c).list() } as never, 200));
}
