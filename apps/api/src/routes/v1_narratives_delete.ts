import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../env";
import { errorResponses } from "../errors";
import { principalOf } from "../middleware/access";
import { mapDelete } from "../narrative/routes";
import { NarrativeIdSchema } from "../narrative/service";

/** `DELETE /api/v1/narratives/{narrativeId}` (its creator or an admin). */
export const route = createRoute({
  method: "delete",
  path: "/api/v1/narratives/{narrativeId}",
  operationId: "v1.narratives.delete",
  tags: ["Narratives"],
  summary: "Delete a narrative report",
  description: "Its creator or an admin only (403 otherwise). The call data is untouched; token usage stays counted.",
  request: { params: z.object({ narrativeId: NarrativeIdSchema }) },
  responses: {
    204: { description: "Deleted" },
    ...errorResponses(400, 401, 403, 404, 500),
  },
});

export function registerV1NarrativesDelete(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    await mapDelete(c, c.req.valid("param").narrativeId, principalOf(c));
    return c.body(null, 204);
  });
}
