import { randomUUID } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import type { Security } from "../auth/security";
import type { AppEnv, Services } from "../env";
import { setResponseHeader } from "./headers";

/** A caller's request id is kept only when it is short and plain: letters, digits, `.`, `_`, `:`, `-`. */
const SAFE_REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;

/** The request id of a request: the caller's `x-request-id` when it is safe, else a new UUID. */
export function requestIdOf(header: string | undefined): string {
  return header !== undefined && SAFE_REQUEST_ID.test(header) ? header : randomUUID();
}

/** Sets the request id (echoed in `x-request-id` and every error body), the services and security. */
export function requestContext(services: Services, security: Security): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const requestId = requestIdOf(c.req.header("x-request-id"));
    c.set("requestId", requestId);
    c.set("services", services);
    c.set("security", security);
    await next();
    setResponseHeader(c, "x-request-id", requestId);
  };
}
