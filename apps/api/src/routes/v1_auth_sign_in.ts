import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { AccountError, normaliseEmail } from "../auth/accounts";
import { clientAddress, readSessionCookie, writeSessionCookie } from "../auth/request";
import { EmailSchema, SignedInSchema } from "../auth/schemas";
import type { AppEnv } from "../env";
import { errorResponses } from "../errors";
import { rateLimited } from "../middleware/access";

export const SignInBody = z
  .strictObject({
    email: EmailSchema,
    password: z
      .string({ error: "must be a string" })
      .min(1, "must not be empty")
      .max(256, "must be at most 256 characters"),
  })
  .openapi("SignInBody");

/**
 * `POST /api/v1/auth/sign-in`: open. Checks e-mail and password, ends the caller's current session
 * (the session id rotates) and sets a new session cookie. Failed attempts are limited per account
 * and per client address (429 with Retry-After).
 */
export const route = createRoute({
  method: "post",
  path: "/api/v1/auth/sign-in",
  operationId: "v1.auth.sign_in",
  tags: ["Access"],
  summary: "Sign in",
  description:
    "Open. On success sets the HttpOnly session cookie (SameSite=Lax; Secure behind TLS) and returns the user. The same 401 for an unknown e-mail and a wrong password. Past TALLYLINE_SIGNIN_LIMIT_ACCOUNT failures for one e-mail, or TALLYLINE_SIGNIN_LIMIT_ADDRESS from one address, within the window: 429 with Retry-After.",
  security: [],
  request: { body: { required: true, content: { "application/json": { schema: SignInBody } } } },
  responses: {
    200: { description: "Signed in; the cookie is set", content: { "application/json": { schema: SignedInSchema } } },
    ...errorResponses(400, 401, 403, 413, 429, 500),
  },
});

export function registerV1AuthSignIn(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { accounts, site, limits } = c.get("security");
    const body = c.req.valid("json");
    const address = clientAddress(c, site);
    const account = normaliseEmail(body.email);
    const wait = Math.max(limits.signInAddress.retryAfter(address), limits.signInAccount.retryAfter(account));
    if (wait > 0) throw rateLimited(wait, "Too many failed sign-ins");
    let signedIn: Awaited<ReturnType<typeof accounts.signIn>>;
    try {
      signedIn = await accounts.signIn(account, body.password, readSessionCookie(c, site));
    } catch (e) {
      if (e instanceof AccountError && e.code === "invalid_credentials") {
        limits.signInAddress.hit(address);
        limits.signInAccount.hit(account);
      }
      throw e;
    }
    limits.signInAccount.reset(account);
    writeSessionCookie(c, site, signedIn.token, signedIn.principal.session.expiresAt);
    return c.json({ user: signedIn.user, session: signedIn.principal.session }, 200);
  });
}
