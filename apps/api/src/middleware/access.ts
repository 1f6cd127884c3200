import type { IncomingMessage } from "node:http";
import type { Context, MiddlewareHandler } from "hono";
import type { Principal, Refusal, Role } from "../auth/accounts";
import { CSRF_HEADER, clearSessionCookie, clientAddress, readSessionCookie, requestOrigin } from "../auth/request";
import type { AppEnv } from "../env";
import { ApiError } from "../errors";
import { grantAllows, isPrintToken } from "../pdf/grants";

/** A route anyone may call: its method and path exactly as the router sees it (or a pattern). */
export interface OpenRoute {
  readonly method: "GET" | "POST";
  readonly path: string | RegExp;
}

/**
 * The only routes under /api/ that need no session or key (an allowlist: a route added later is
 * closed unless listed here). HEAD counts as GET. Static dashboard files are outside /api/ and open.
 */
export const OPEN_ROUTES: readonly OpenRoute[] = [
  { method: "GET", path: "/api/v1/health" },
  { method: "POST", path: "/api/v1/auth/sign-in" },
  { method: "POST", path: "/api/v1/auth/setup" },
  { method: "GET", path: "/api/v1/openapi.json" },
  { method: "GET", path: "/api/v1/docs" },
  { method: "GET", path: /^\/api\/v1\/docs\/[A-Za-z0-9][A-Za-z0-9._-]*$/ },
  // Public links: the token in the path is the credential (links/links.ts).
  { method: "GET", path: /^\/api\/v1\/public\/[^/]+$/ },
  { method: "POST", path: /^\/api\/v1\/public\/[^/]+$/ },
  // Unsubscribe links of scheduled mail: the signed token in the path is the credential (schedules/unsubscribe.ts).
  { method: "GET", path: /^\/api\/v1\/unsubscribe\/[^/]+$/ },
  { method: "POST", path: /^\/api\/v1\/unsubscribe\/[^/]+$/ },
];

/** True when `method path` is in {@link OPEN_ROUTES}. */
export function isOpenRoute(method: string, path: string): boolean {
  const m = method.toUpperCase() === "HEAD" ? "GET" : method.toUpperCase();
  return OPEN_ROUTES.some((r) => r.method === m && (typeof r.path === "string" ? r.path === path : r.path.test(path)));
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

const REFUSED: Record<Refusal, string> = {
  malformed: "The API key is not in the tl_<id>_<secret> format",
  unknown: "The API key is not recognised",
  revoked: "The API key has been revoked",
  expired: "The API key has expired",
  disabled: "The account of this key is disabled",
};

const SESSION_REFUSED: Record<Refusal, string> = {
  malformed: "The session cookie is not valid; sign in again",
  unknown: "The session has ended; sign in again",
  revoked: "The session has ended; sign in again",
  expired: "The session has expired; sign in again",
  disabled: "This account is disabled; ask an admin",
};

/**
 * Closes every /api/ route that is not in {@link OPEN_ROUTES}: the caller needs an API key
 * (`Authorization: Bearer tl_...`) or a session cookie, else 401. A request with an Authorization
 * header is judged by its key alone. Refused keys count against the client address (429 with
 * Retry-After past the limit). Cookie-authenticated writes (any method but GET/HEAD/OPTIONS) need
 * an allowed Origin (or Referer) and the `x-tallyline-csrf: 1` header, else 403; open writes
 * (sign-in, setup) refuse a foreign Origin (login CSRF). Sets `principal`.
 */
export function authenticate(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const { accounts, site, limits } = c.get("security");
    const unsafe = !SAFE_METHODS.has(c.req.method.toUpperCase());
    if (isOpenRoute(c.req.method, c.req.path)) {
      if (unsafe) requireKnownOrigin(c, false);
      c.set("principal", undefined);
      return next();
    }
    const authorization = c.req.header("authorization");
    let principal: Principal;
    if (authorization !== undefined) {
      const address = clientAddress(c, site);
      const wait = limits.keyFailures.retryAfter(address);
      if (wait > 0) throw rateLimited(wait, "Too many refused API keys from this address");
      const bearer = /^Bearer +(\S+)$/i.exec(authorization.trim())?.[1];
      if (bearer && isPrintToken(bearer)) {
        c.set("principal", printPrincipal(c, bearer));
        return next();
      }
      const verdict = bearer ? await accounts.verifyKey(bearer) : undefined;
      if (!verdict?.ok) {
        limits.keyFailures.hit(address);
        throw new ApiError(
          "unauthorized",
          verdict ? REFUSED[verdict.reason] : "Send the API key as 'Authorization: Bearer tl_<id>_<secret>'",
        );
      }
      principal = verdict.principal;
    } else {
      const token = readSessionCookie(c, site);
      if (token === undefined) {
        throw new ApiError("unauthorized", "Sign in, or send an API key as 'Authorization: Bearer <key>'");
      }
      const verdict = await accounts.verifySession(token);
      if (!verdict.ok) {
        clearSessionCookie(c, site);
        throw new ApiError("unauthorized", SESSION_REFUSED[verdict.reason]);
      }
      if (unsafe) requireKnownOrigin(c, true);
      principal = verdict.principal;
    }
    c.set("principal", principal);
    return next();
  };
}

/**
 * The principal of a print grant (pdf/grants.ts): the caller of the PDF route the grant was
 * issued for. Refused (401, counted like a refused key) when the grant is unknown, revoked or
 * expired, or when the request does not come from this machine (the socket's peer is loopback or
 * the server's own address); refused (403) for any request but a read.
 */
function printPrincipal(c: Context<AppEnv>, token: string): Principal {
  const { printGrants, limits, site } = c.get("security");
  const socket = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming?.socket;
  const local =
    socket?.remoteAddress !== undefined &&
    (isLoopbackAddress(socket.remoteAddress) || socket.remoteAddress === socket.localAddress);
  const principal = local ? printGrants.verify(token) : undefined;
  if (!principal) {
    limits.keyFailures.hit(clientAddress(c, site));
    throw new ApiError("unauthorized", "The print grant is not valid");
  }
  if (!grantAllows(c.req.method, c.req.path)) {
    throw new ApiError("forbidden", "A print grant may only read");
  }
  return principal;
}

/** True for an IPv4 or IPv6 loopback socket address (`127.x.y.z`, `::1`, `::ffff:127.x.y.z`). */
function isLoopbackAddress(address: string): boolean {
  return address === "::1" || /^(::ffff:)?127\.\d+\.\d+\.\d+$/.test(address);
}

/**
 * CSRF defence of writes from a browser: the page's origin (Origin, else Referer) must be one the
 * site allows; `strict` (cookie-authenticated writes) also requires the origin to be present and
 * the `x-tallyline-csrf: 1` header, which a cross-site form cannot send.
 */
function requireKnownOrigin(c: Context<AppEnv>, strict: boolean): void {
  const { site } = c.get("security");
  const origin = requestOrigin(c);
  if (origin === undefined ? strict : !site.allowsOrigin(origin)) {
    throw new ApiError(
      "forbidden",
      origin === undefined
        ? "A write with a session cookie must carry the Origin header of the Tallyline page"
        : `Writes from pages of ${origin} are not allowed (set TALLYLINE_PUBLIC_URL to the address people open)`,
    );
  }
  if (strict && c.req.header(CSRF_HEADER) !== "1") {
    throw new ApiError("forbidden", `A write with a session cookie must carry the header '${CSRF_HEADER}: 1'`);
  }
}

/** A 429 `rate_limited` error with its Retry-After (seconds). */
export function rateLimited(seconds: number, what: string): ApiError {
  return new ApiError("rate_limited", `${what}; try again in ${seconds} s`, undefined, {
    headers: { "retry-after": String(seconds) },
  });
}

/** Route middleware: only principals with `role` (admins may do everything members may). */
export function requireRole(role: Role): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const p = c.get("principal");
    if (!p) throw new ApiError("unauthorized", "Sign in, or send an API key as 'Authorization: Bearer <key>'");
    if (role === "admin" && p.role !== "admin") throw new ApiError("forbidden", "Only admins may do this");
    return next();
  };
}

/** The principal of a closed route (set by {@link authenticate}); throws 401 when there is none. */
export function principalOf(c: Context<AppEnv>): Principal {
  const p = c.get("principal");
  if (!p) throw new ApiError("unauthorized", "Sign in, or send an API key as 'Authorization: Bearer <key>'");
  return p;
}
