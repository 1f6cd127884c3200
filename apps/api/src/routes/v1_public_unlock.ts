import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../env";
import { errorResponses } from "../errors";
import type { Links } from "../links/links";
import { PublicDocument } from "../links/public";
import { answerPublic, TokenParam } from "./v1_public_get";

export const UnlockBody = z
  .strictObject({ passcode: z.string().max(200, "must be at most 200 characters") })
  .openapi("PublicUnlock");

/** `POST /api/v1/public/{token}` (open): the public document of a link with a passcode, sent in the body. */
export const route = createRoute({
  method: "post",
  path: "/api/v1/public/{token}",
  operationId: "v1.public.unlock",
  tags: ["Public links"],
  summary: "Open a public link with its passcode",
  description:
    "As `GET /api/v1/public/{token}`, with the passcode in a JSON body `{ passcode }` (what the public page's form sends). A wrong passcode is a 401 and counts against the link's limit.",
  security: [],
  request: {
    params: TokenParam,
    body: { required: true, content: { "application/json": { schema: UnlockBody } } },
  },
  responses: {
    200: { description: "The public document", content: { "application/json": { schema: PublicDocument } } },
    ...errorResponses(400, 401, 404, 429, 500, 503, 504),
  },
});

export function registerV1PublicUnlock(app: OpenAPIHono<AppEnv>, links: Links): void {
  app.openapi(
    route,
    async (c) => (await answerPublic(c, links, c.req.valid("param").token, c.req.valid("json").passcode)) as never,
  );
}
