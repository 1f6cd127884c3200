import type { IncomingMessage } from "node:http";
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { Site } from "./site";

/** Name of the session cookie (`__Host-` prefixed when Secure). */
export const SESSION_COOKIE = "tallyline_session";

/** The header the dashboard sends on every request; cookie-authenticated writes without it are refused. */
export const CSRF_HEADER = "x-tallyline-csrf";

/** True when the request reached the site over TLS: an https public URL, or an https request or proxy. */
export function isSecure(c: Context, site: Site): boolean {
  if (site.secure) return true;
  if (new URL(c.req.url).protocol === "https:") return true;
  return site.trustProxy && c.req.header("x-forwarded-proto")?.split(",")[0]?.trim() === "https";
}

/** The Host the client asked for: X-Forwarded-Host behind a trusted proxy, else Host. */
export function requestHost(c: Context, site: Site): string {
  const forwarded = site.trustProxy ? c.req.header("x-forwarded-host")?.split(",")[0]?.trim() : undefined;
  return (forwarded || new URL(c.req.url).host).toLowerCase();
}

/**
 * The client's address for rate limits: the right-most X-Forwarded-For entry behind a trusted
 * proxy (the one the proxy added), else the socket's peer; "unknown" when neither is known (tests
 * calling the app without a socket).
 */
export function clientAddress(c: Context, site: Site): string {
  if (site.trustProxy) {
    const hops = c.req
      .header("x-forwarded-for")
      ?.split(",")
      .map((h) => h.trim())
      .filter(Boolean);
    const last = hops?.at(-1);
    if (last) return last;
  }
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? "unknown";
}

/** The origin of the page that sent the request: Origin, else the origin of Referer, else undefined. */
export function requestOrigin(c: Context): string | undefined {
  const origin = c.req.header("origin");
  if (origin !== undefined) return origin;
  const referer = c.req.header("referer");
  if (!referer) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    // A Referer that is not a URL names no origin; the caller then refuses the write.
    return "null";
  }
}

/** The session token in the request's cookie, if any. */
export function readSessionCookie(c: Context, site: Site): string | undefined {
  return isSecure(c, site) ? getCookie(c, SESSION_COOKIE, "host") : getCookie(c, SESSION_COOKIE);
}

/**
 * Sets the session cookie: HttpOnly, SameSite=Lax, Path=/, expiring with the session's absolute
 * end; Secure with the `__Host-` prefix when the request came over TLS.
 */
export function writeSessionCookie(c: Context, site: Site, token: string, expiresAt: string): void {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: "Lax",
    path: "/",
    expires: new Date(expiresAt),
    ...(isSecure(c, site) ? { secure: true, prefix: "host" as const } : {}),
  });
}

/** Tells the browser to drop the session cookie. */
export function clearSessionCookie(c: Context, site: Site): void {
  deleteCookie(c, SESSION_COOKIE, {
    httpOnly: true,
    sameSite: "Lax",
    path: "/",
    ...(isSecure(c, site) ? { secure: true, prefix: "host" as const } : {}),
  });
}
