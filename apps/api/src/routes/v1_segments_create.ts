import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { QueryFilters } from "@tallyline/report-defs";
import type { AppEnv } from "../env";
import { errorResponses } from "../errors";
import { principalOf } from "../middleware/access";
import { SegmentDescriptionSchema, SegmentNameSchema, SegmentSchema, segmentsOf } from "../segments/segments";

export const NewSegmentBody = z
  .strictObject({
    name: SegmentNameSchema,
    description: SegmentDescriptionSchema.optional(),
    filters: QueryFilters,
  })
  .openapi("NewSegment");

/** `POST /api/v1/segments` (member): a new segment owned by the caller. */
export const route = createRoute({
  method: "post",
  path: "/api/v1/segments",
  operationId: "v1.segments.create",
  tags: ["Segments"],
  summary: "Create a segment",
  description:
    "Saves a set of report filters under a name, shared with the workspace. Filters as a report query's `filters` (at least one; unknown filter names and values over the limits are refused with their path). The caller (its user, or its API key) owns it.",
  request: { body: { required: true, content: { "application/json": { schema: NewSegmentBody } } } },
  responses: {
    201: { description: "The new segment", content: { "application/json": { schema: SegmentSchema } } },
    ...errorResponses(400, 401, 403, 409, 413, 500),
  },
});

export function registerV1SegmentsCreate(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => c.json(await segmentsOf(c).create(c.req.valid("json"), principalOf(c)), 201));
}
