import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../env";
import { errorResponses } from "../errors";
import { principalOf } from "../middleware/access";
import { SegmentSchema, segmentsOf } from "../segments/segments";

export const SegmentList = z.object({ items: z.array(SegmentSchema) }).openapi("SegmentList");

/** `GET /api/v1/segments` (member): every segment of the workspace, by name. */
export const route = createRoute({
  method: "get",
  path: "/api/v1/segments",
  operationId: "v1.segments.list",
  tags: ["Segments"],
  summary: "List segments",
  description:
    "Every segment (a saved set of report filters) of the workspace, by name. Segments are shared: every member and key sees all of them; `editable` says whether the caller may change one (its owner, or an admin).",
  responses: {
    200: { description: "Every segment", content: { "application/json": { schema: SegmentList } } },
    ...errorResponses(401, 500),
  },
});

export function registerV1SegmentsList(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => c.json({ items: await segmentsOf(c).list(principalOf(c)) }, 200));
}
