import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { AppEnv } from "../env";
import { ApiError } from "../errors";

/**
 * Paths (prefixes) whose routes take large bodies and apply their own limit (uploads); every other
 * request body is limited to TALLYLINE_BODY_LIMIT_BYTES.
 */
export const OWN_BODY_LIMIT: readonly string[] = [
  // POST /api/v1/imports streams its upload to disk under TALLYLINE_UPLOAD_LIMIT_MB (imports/jobs.ts).
  "/api/v1/imports",
];

/**
 * Refuses request bodies over `maxBytes` with 413 `payload_too_large`: at once when Content-Length
 * says so (the body is not read), else as soon as the streamed body passes the limit.
 */
export function limitBody(maxBytes: number): MiddlewareHandler<AppEnv> {
  const limit = bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new ApiError("payload_too_large", `The request body is over the limit of ${maxBytes} bytes`, {
        limitBytes: maxBytes,
      });
    },
  });
  // A GET/HEAD/OPTIONS without Content-Length or Transfer-Encoding has no body (RFC 9112 section 6.3):
  // asking hono's limiter would build a whole Request object for nothing (a GET of a public link
  // paid ~8% of its CPU for it). Other methods always go through the limiter.
  return (c, next) =>
    OWN_BODY_LIMIT.some((p) => c.req.path.startsWith(p)) ||
    (NO_BODY.has(c.req.method) &&
      c.req.header("content-length") === undefined &&
      c.req.header("transfer-encoding") === undefined)
      ? next()
      : limit(c, next);
}

const JSON_TYPE = /^application\/([\w.-]+\+)?json\s*(;|$)/i;
const NO_BODY = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * An empty (or blank) body sent as application/json reads as `{}`, as the docs allow ("all
 * optional"): otherwise the JSON validator would refuse it as malformed.
 */
export function emptyJsonBody(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (NO_BODY.has(c.req.method) || !JSON_TYPE.test(c.req.header("content-type") ?? "")) return next();
    const length = c.req.header("content-length");
    const small = length === undefined || Number(length) <= 64;
    if (!small) return next();
    const raw = c.req.raw;
    const text = raw.body === null ? "" : await raw.clone().text();
    if (text.trim() === "") {
      const headers = new Headers(raw.headers);
      headers.delete("content-length");
      headers.delete("transfer-encoding");
      c.req.raw = new Request(raw.url, { method: raw.method, headers, body: "{}", signal: raw.signal });
    }
    return next();
  };
}
