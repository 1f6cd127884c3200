import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../env";
import { errorResponses } from "../errors";
import { creatorOf, type Links } from "../links/links";
import { CreatedLink, NewLinkBody } from "../links/schemas";
import { principalOf } from "../middleware/access";

/** `POST /api/v1/links` (member): takes a snapshot of a report or a page and makes its public link. */
export const route = createRoute({
  method: "post",
  path: "/api/v1/links",
  operationId: "v1.links.create",
  tags: ["Links"],
  summary: "Create a public link",
  description:
    "Runs the queries now (a bad one is a 400 naming `queries.<i>.query`) and makes a link anyone holding its token can open at `/r/<token>` (API: `GET /api/v1/public/{token}`). The token is returned this once. Default expiry 30 days. See docs/public-links.md for what a public answer holds and never holds.",
  request: { body: { required: true, content: { "application/json": { schema: NewLinkBody } } } },
  responses: {
    201: { description: "The link and its token", content: { "application/json": { schema: CreatedLink } } },
    ...errorResponses(400, 401, 403, 404, 409, 413, 500, 503, 504),
  },
});

export function registerV1LinksCreate(app: OpenAPIHono<AppEnv>, links: Links): void {
  app.openapi(route, async (c) => {
    const { token, link } = await links.create(c.req.valid("json"), creatorOf(principalOf(c)));
    return c.json({ token, path: `/r/${token}`, link }, 201);
  });
}
