import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../env";
import { errorResponses } from "../errors";
import { principalOf } from "../middleware/access";
import { SegmentIdSchema, SegmentSchema, segmentsOf } from "../segments/segments";

/** `GET /api/v1/segments/{segmentId}` (member): one segment. */
export const route = createRoute({
  method: "get",
  path: "/api/v1/segments/{segmentId}",
  operationId: "v1.segments.get",
  tags: ["Segments"],
  summary: "Get a segment",
  description: "One segment: name, description, filters, owner, whether the caller may change it.",
  request: { params: z.object({ segmentId: SegmentIdSchema }) },
  responses: {
    200: { description: "The segment", content: { "application/json": { schema: SegmentSchema } } },
    ...errorResponses(400, 401, 404, 500),
  },
});

export function registerV1SegmentsGet(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => c.json(await segmentsOf(c).get(c.req.valid("param").segmentId, principalOf(c)), 200));
}
