import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../env";
import { errorResponses } from "../errors";
import { mapped, NarrativeIdSchema, NarrativeSchema, narrativesOf } from "../narrative/service";

/** `GET /api/v1/narratives/{narrativeId}` (member): one report with its facts, issues and sections. */
export const route = createRoute({
  method: "get",
  path: "/api/v1/narratives/{narrativeId}",
  operationId: "v1.narratives.get",
  tags: ["Narratives"],
  summary: "Get a narrative report",
  description:
    "The report with `content`: facts (id, value, unit, formatted value, definition, sample and bands), common issues (with example call or conversation ids), and the sections (filled, and as validated templates). `status` is `running` while it is generated.",
  request: { params: z.object({ narrativeId: NarrativeIdSchema }) },
  responses: {
    200: { description: "The report", content: { "application/json": { schema: NarrativeSchema } } },
    ...errorResponses(400, 401, 404, 500),
  },
});

export function registerV1NarrativesGet(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) =>
    c.json((await mapped(() => narrativesOf(c).get(c.req.valid("param").narrativeId))) as never, 200),
  );
}
