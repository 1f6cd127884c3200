import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { clientAddress } from "../auth/request";
import type { AppEnv } from "../env";
import { ApiError, errorResponses } from "../errors";
import { acceptedEncoding } from "../links/encoding";
import type { Links } from "../links/links";
import { PublicDocument } from "../links/public";

/** The header a viewer sends a link's passcode in (never the URL). */
export const PASSCODE_HEADER = "x-link-passcode";

/** The token path parameter: any text (a malformed token answers the same 404 as an unknown one). */
export const TokenParam = z.object({
  token: z
    .string()
    .openapi({ param: { name: "token", in: "path" }, example: "Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5" }),
});

/** `GET /api/v1/public/{token}` (open): the public document of a link. */
export const route = createRoute({
  method: "get",
  path: "/api/v1/public/{token}",
  operationId: "v1.public.get",
  tags: ["Public links"],
  summary: "Open a public link",
  description: `No account needed: the token is the credential. Answers the link's public document (docs/public-links.md says what it holds and never holds). Unknown, malformed, revoked, expired and rotated-out tokens all answer the same 404. A link with a passcode needs it in the \`${PASSCODE_HEADER}\` header (or use POST); a passcode in the URL is refused. Failed requests are rate-limited per client address, wrong passcodes per link, successful views per client address (TALLYLINE_PUBLIC_VIEW_LIMIT a minute). Sent Brotli- or gzip-compressed when Accept-Encoding allows (Vary: Accept-Encoding), with Cache-Control: no-store, Referrer-Policy: no-referrer and X-Robots-Tag: noindex.`,
  security: [],
  request: {
    params: TokenParam,
    headers: z.object({ [PASSCODE_HEADER]: z.string().optional() }),
  },
  responses: {
    200: { description: "The public document", content: { "application/json": { schema: PublicDocument } } },
    ...errorResponses(400, 401, 404, 429, 500, 503, 504),
  },
});

/**
 * Answers a public request: the document (its bytes made once per snapshot, in the encoding the
 * client accepts: Brotli, else gzip, else none), or the one error of its token.
 */
export async function answerPublic(c: Context<AppEnv>, links: Links, token: string, passcode: string | undefined) {
  if (c.req.query("passcode") !== undefined)
    throw new ApiError(
      "bad_request",
      `Never put a passcode in the URL: send it in the ${PASSCODE_HEADER} header or a POST body`,
    );
  const doc = await links.open(token, passcode, clientAddress(c, c.get("security").site));
  const encoding = acceptedEncoding(c.req.header("accept-encoding"));
  return c.body(doc[encoding] as Uint8Array<ArrayBuffer>, 200, {
    "content-type": "application/json",
    vary: "Accept-Encoding",
    ...(encoding === "identity" ? {} : { "content-encoding": encoding }),
  });
}

export function registerV1PublicGet(app: OpenAPIHono<AppEnv>, links: Links): void {
  app.openapi(
    route,
    async (c) => (await answerPublic(c, links, c.req.valid("param").token, c.req.header(PASSCODE_HEADER))) as never,
  );
}
