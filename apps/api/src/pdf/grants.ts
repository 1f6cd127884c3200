import type { Principal } from "../auth/accounts";
import { randomSecret, sha256 } from "../auth/tokens";

/** The prefix of a print grant's token: `tlp_<43 base64url characters>` (256 random bits). */
export const PRINT_TOKEN_PREFIX = "tlp_";

const PRINT_TOKEN = /^tlp_[A-Za-z0-9_-]{43}$/;

/**
 * Requests a print grant may make: reads only. GET/HEAD of any /api/ path, and the two POSTs that
 * run reports (`/report/{id}/fetch`, `/reports/batch`), which are safe queries with a body. Any
 * other write (users, keys, segments, imports, another PDF) is refused, so a grant that leaked
 * could still change nothing.
 */
const GRANT_POSTS = [/^\/api\/v1\/report\/[^/]+\/fetch$/, /^\/api\/v1\/reports\/batch$/];

/** True when a print grant may make `method path` (see {@link GRANT_POSTS}). */
export function grantAllows(method: string, path: string): boolean {
  const m = method.toUpperCase();
  if (m === "GET" || m === "HEAD") return true;
  return m === "POST" && GRANT_POSTS.some((p) => p.test(path));
}

/**
 * Short-lived credentials of the headless browser that prints a page (apps/api/src/pdf/printer.ts).
 *
 * How the browser authenticates: the route that asks for a PDF has already authenticated its
 * caller (a session or an API key); it issues a grant bound to that same principal, so the page
 * prints exactly what the caller may see, with the caller's role. The token is 256 random bits,
 * kept only as its SHA-256 in this process's memory (never written to the database, never in a
 * URL, never logged): the printer sends it as `Authorization: Bearer tlp_...` on the requests of
 * its own browser context, to the server's own loopback address only. A grant ends when the print
 * job ends (`revoke` in a `finally`) and in any case after `ttlMs`; it allows reads only
 * ({@link grantAllows}) and only from this machine (the authentication step checks the socket).
 */
export class PrintGrants {
  readonly #grants = new Map<string, { principal: Principal; expiresAt: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** A new grant for `principal`, valid for `ttlMs` ms at most: its token (shown to no one but the printer). */
  issue(principal: Principal, ttlMs: number): string {
    this.#prune();
    const token = `${PRINT_TOKEN_PREFIX}${randomSecret(32)}`;
    this.#grants.set(sha256(token), { principal, expiresAt: this.now() + ttlMs });
    return token;
  }

  /** The principal of a live grant, or undefined (malformed, unknown, revoked or expired token). */
  verify(token: string): Principal | undefined {
    if (!PRINT_TOKEN.test(token)) return undefined;
    const hash = sha256(token);
    const grant = this.#grants.get(hash);
    if (!grant) return undefined;
    if (this.now() >= grant.expiresAt) {
      this.#grants.delete(hash);
      return undefined;
    }
    return grant.principal;
  }

  /** Ends a grant at once (no-op when unknown). */
  revoke(token: string): void {
    this.#grants.delete(sha256(token));
  }

  /** Number of grants held, expired ones included until the next issue (for tests). */
  get size(): number {
    return this.#grants.size;
  }

  #prune(): void {
    const now = this.now();
    for (const [hash, grant] of this.#grants) if (now >= grant.expiresAt) this.#grants.delete(hash);
  }
}

/** True when `token` has the shape of a print grant's token (so it is not judged as an API key). */
export const isPrintToken = (token: string): boolean => token.startsWith(PRINT_TOKEN_PREFIX);
