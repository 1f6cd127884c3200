import type { MiddlewareHandler } from "hono";
import { requestHost } from "../auth/request";
import type { AppEnv } from "../env";
import { ApiError } from "../errors";

/**
 * Refuses requests for a Host the site does not answer to (400 `host_not_allowed`): a page on a
 * foreign name that resolves to this machine (DNS rebinding) cannot read the API or the dashboard.
 */
export function hostGuard(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const host = requestHost(c, c.get("security").site);
    if (!c.get("security").site.allowsHost(host)) {
      throw new ApiError(
        "host_not_allowed",
        `This server does not answer to the host '${host.slice(0, 100)}': open it by its configured address, or add the name to TALLYLINE_ALLOWED_HOSTS`,
      );
    }
    return next();
  };
}
