import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../env";
import { errorResponses } from "../errors";
import { creatorOf, type Links } from "../links/links";
import { LinkSchema } from "../links/schemas";
import { principalOf } from "../middleware/access";

export const LinkList = z.object({ items: z.array(LinkSchema) }).openapi("LinkList");

/** `GET /api/v1/links` (member): every public link of the workspace with its views. */
export const route = createRoute({
  method: "get",
  path: "/api/v1/links",
  operationId: "v1.links.list",
  tags: ["Links"],
  summary: "List public links",
  description:
    "Every public link of the workspace, newest first, revoked and expired ones included, with views, last view and views per UTC day. Never the tokens. `manageable` says whether the caller may revoke or rotate it.",
  responses: {
    200: { description: "Every link", content: { "application/json": { schema: LinkList } } },
    ...errorResponses(401, 500),
  },
});

export function registerV1LinksList(app: OpenAPIHono<AppEnv>, links: Links): void {
  app.openapi(route, async (c) => c.json({ items: await links.list(creatorOf(principalOf(c))) }, 200));
}
