import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../env";
import { errorResponses } from "../errors";
import { creatorOf, type Links } from "../links/links";
import { LinkIdSchema } from "../links/schemas";
import { principalOf } from "../middleware/access";

/** `DELETE /api/v1/links/{linkId}` (creator or admin): revokes a link at once. */
export const route = createRoute({
  method: "delete",
  path: "/api/v1/links/{linkId}",
  operationId: "v1.links.revoke",
  tags: ["Links"],
  summary: "Revoke a public link",
  description:
    "Its creator or an admin. The token answers 404 from the next request on; the link stays listed as revoked. Revoking a revoked link changes nothing.",
  request: { params: z.object({ linkId: LinkIdSchema }) },
  responses: { 204: { description: "Revoked" }, ...errorResponses(400, 401, 403, 404, 500) },
});

export function registerV1LinksRevoke(app: OpenAPIHono<AppEnv>, links: Links): void {
  app.openapi(route, async (c) => {
    await links.revoke(c.req.valid("param").linkId, creatorOf(principalOf(c)));
    return c.body(null, 204);
  });
}
