import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../env";
import { errorResponses } from "../errors";
import { principalOf } from "../middleware/access";
import { SegmentIdSchema, segmentsOf } from "../segments/segments";

/** `DELETE /api/v1/segments/{segmentId}` (owner or admin). */
export const route = createRoute({
  method: "delete",
  path: "/api/v1/segments/{segmentId}",
  operationId: "v1.segments.delete",
  tags: ["Segments"],
  summary: "Delete a segment",
  description: "Its owner or an admin only (403 otherwise). Report queries naming it afterwards get 404.",
  request: { params: z.object({ segmentId: SegmentIdSchema }) },
  responses: {
    204: { description: "Deleted" },
    ...errorResponses(400, 401, 403, 404, 500),
  },
});

export function registerV1SegmentsDelete(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    await segmentsOf(c).delete(c.req.valid("param").segmentId, principalOf(c));
    return c.body(null, 204);
  });
}
