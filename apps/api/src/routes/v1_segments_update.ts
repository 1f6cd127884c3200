import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { QueryFilters } from "@tallyline/report-defs";
import type { AppEnv } from "../env";
import { errorResponses } from "../errors";
import { principalOf } from "../middleware/access";
import {
  SegmentDescriptionSchema,
  SegmentIdSchema,
  SegmentNameSchema,
  SegmentSchema,
  segmentsOf,
} from "../segments/segments";

export const SegmentChangeBody = z
  .strictObject({
    name: SegmentNameSchema.optional(),
    description: SegmentDescriptionSchema.optional(),
    filters: QueryFilters.optional(),
  })
  .refine((b) => Object.keys(b).length > 0, "name at least one of name, description, filters")
  .openapi("SegmentChange");

/** `PATCH /api/v1/segments/{segmentId}` (owner or admin): rename, describe, or change the filters. */
export const route = createRoute({
  method: "patch",
  path: "/api/v1/segments/{segmentId}",
  operationId: "v1.segments.update",
  tags: ["Segments"],
  summary: "Change a segment",
  description:
    "Its owner or an admin only (403 otherwise). New filters replace the old ones whole. The next report query naming the segment uses the change (no cached result of the old filters is served).",
  request: {
    params: z.object({ segmentId: SegmentIdSchema }),
    body: { required: true, content: { "application/json": { schema: SegmentChangeBody } } },
  },
  responses: {
    200: { description: "The segment after the change", content: { "application/json": { schema: SegmentSchema } } },
    ...errorResponses(400, 401, 403, 404, 413, 500),
  },
});

export function registerV1SegmentsUpdate(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) =>
    c.json(await segmentsOf(c).update(c.req.valid("param").segmentId, c.req.valid("json"), principalOf(c)), 200),
  );
}
