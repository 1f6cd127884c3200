import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../env";
import { ApiError, errorResponses } from "../errors";
import { mapped, NarrativeIdSchema, narrativesOf } from "../narrative/service";

/** `GET /api/v1/narratives/{narrativeId}/compare/{otherId}` (member): fact deltas of two reports of one scope. */
export const route = createRoute({
  method: "get",
  path: "/api/v1/narratives/{narrativeId}/compare/{otherId}",
  operationId: "v1.narratives.compare",
  tags: ["Narratives"],
  summary: "Compare two narrative reports",
  description:
    "For two finished reports of the same scope (e.g. a report and its regeneration, or two periods): every numeric fact both have, with `delta` = other - this, in the fact's unit (percentage points for percentages). 400 when the scopes differ.",
  request: {
    params: z.object({
      narrativeId: NarrativeIdSchema,
      otherId: z.uuid({ error: "must be a report id (a UUID)" }).openapi({ param: { name: "otherId", in: "path" } }),
    }),
  },
  responses: {
    200: { description: "The fact deltas", content: { "application/json": { schema: z.object({}).passthrough() } } },
    ...errorResponses(400, 401, 404, 500),
  },
});

export function registerV1NarrativesCompare(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { narrativeId, otherId } = c.req.valid("param");
    const result = await mapped(async () => {
      try {
        return await narrativesOf(c).compare(narrativeId, otherId);
      } catch (e) {
        if (e instanceof Error && e.name === "Error") throw new ApiError("invalid_query", e.message);
        throw e;
      }
    });
    return c.json(result as never, 200);
  });
}
