import type { Context, MiddlewareHandler } from "hono";
import { secureHeaders } from "hono/secure-headers";
import type { Site } from "../auth/site";
import type { AppEnv } from "../env";

/**
 * The Content-Security-Policy of every response: scripts, styles, images, fonts and requests only
 * from this origin (no inline script anywhere; inline style attributes are allowed for the chart
 * and API-reference libraries), no plugins, no <base>, forms post here, and no framing.
 */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", "data:"],
  fontSrc: ["'self'", "data:"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/** Routes whose answers carry accounts or secrets: never stored by any cache. */
const NO_STORE = /^\/api\/v1\/(auth|users|keys)(\/|$)/;

/** Public-link answers and pages: nothing cached, no Referer (it would carry the token), not indexed. */
const PUBLIC = /^\/(api\/v1\/public|r)(\/|$)/;

/**
 * Security headers on every response (CSP above, `X-Content-Type-Options: nosniff`,
 * `X-Frame-Options: DENY`, `Referrer-Policy: same-origin`, HSTS when the public URL is https), and
 * on API answers `Cache-Control: private` (`no-store` for auth, users and keys) unless the route set one.
 * Public links (`/api/v1/public/*`, the `/r/*` pages) get `Cache-Control: no-store`,
 * `Referrer-Policy: no-referrer` and `X-Robots-Tag: noindex`.
 */
export function securityHeaders(site: Site): MiddlewareHandler<AppEnv> {
  const headers = secureHeaders({
    contentSecurityPolicy: CONTENT_SECURITY_POLICY,
    xFrameOptions: "DENY",
    referrerPolicy: "same-origin",
    strictTransportSecurity: site.secure ? "max-age=31536000" : false,
  });
  return async (c, next) => {
    await headers(c, async () => {
      await next();
      if (c.req.path.startsWith("/api/") && !c.res.headers.has("cache-control")) {
        setResponseHeader(c, "cache-control", NO_STORE.test(c.req.path) ? "no-store" : "private");
      }
    });
    if (PUBLIC.test(c.req.path)) {
      c.res.headers.set("cache-control", "no-store");
      c.res.headers.set("referrer-policy", "no-referrer");
      c.res.headers.set("x-robots-tag", "noindex, nofollow");
    }
  };
}

/**
 * Sets a header on the response a handler already made, in place. Hono's `c.header()` after the
 * handler rebuilds the Response around its body as a stream, which costs a copy of every answer
 * (the public document was sent ~35% slower for it); the headers of the responses this app makes
 * are mutable. A response whose headers are immutable (one taken from `fetch`) throws TypeError on
 * `set`: then `c.header()` rebuilds it as before.
 */
export function setResponseHeader(c: Context, name: string, value: string): void {
  try {
    c.res.headers.set(name, value);
  } catch (e) {
    if (!(e instanceof TypeError)) throw e;
    c.header(name, value);
  }
}
