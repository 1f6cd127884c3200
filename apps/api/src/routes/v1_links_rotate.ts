import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../env";
import { errorResponses } from "../errors";
import { creatorOf, type Links } from "../links/links";
import { CreatedLink, LinkIdSchema } from "../links/schemas";
import { principalOf } from "../middleware/access";

/** `POST /api/v1/links/{linkId}/rotate` (creator or admin): a new token; the old one is dead at once. */
export const route = createRoute({
  method: "post",
  path: "/api/v1/links/{linkId}/rotate",
  operationId: "v1.links.rotate",
  tags: ["Links"],
  summary: "Rotate a public link's token",
  description:
    "Its creator or an admin. Returns the new token this once; the old token answers 404 from the next request on. Same snapshot, label, expiry and passcode. A revoked link cannot be rotated (409).",
  request: { params: z.object({ linkId: LinkIdSchema }) },
  responses: {
    200: { description: "The new token", content: { "application/json": { schema: CreatedLink } } },
    ...errorResponses(400, 401, 403, 404, 409, 500),
  },
});

export function registerV1LinksRotate(app: OpenAPIHono<AppEnv>, links: Links): void {
  app.openapi(route, async (c) => {
    const { token, link } = await links.rotate(c.req.valid("param").linkId, creatorOf(principalOf(c)));
    return c.json({ token, path: `/r/${token}`, link }, 200);
  });
}
