import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { clearSessionCookie, readSessionCookie } from "../auth/request";
import type { AppEnv } from "../env";
import { ApiError, errorResponses } from "../errors";
import { principalOf } from "../middleware/access";

/** `POST /api/v1/auth/sign-out`: ends the caller's session on the server and clears the cookie. */
export const route = createRoute({
  method: "post",
  path: "/api/v1/auth/sign-out",
  operationId: "v1.auth.sign_out",
  tags: ["Access"],
  summary: "Sign out",
  description:
    "Ends the dashboard session on the server (the cookie stops working at once, wherever it was copied) and clears the cookie. An API key cannot sign out: revoke it with DELETE /api/v1/keys/{keyId}.",
  responses: {
    204: { description: "Signed out" },
    ...errorResponses(400, 401, 403, 500),
  },
});

export function registerV1AuthSignOut(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { accounts, site } = c.get("security");
    if (principalOf(c).kind !== "session") {
      throw new ApiError(
        "bad_request",
        "Signing out ends a dashboard session; an API key is revoked with DELETE /api/v1/keys/{keyId}",
      );
    }
    const token = readSessionCookie(c, site);
    if (token) await accounts.endSession(token);
    clearSessionCookie(c, site);
    return c.body(null, 204);
  });
}
