import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { serveStatic } from "@hono/node-server/serve-static";
import { OpenAPIHono } from "@hono/zod-openapi";
import { ReportError } from "@tallyline/report-defs";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv, Services } from "./env";
import { ApiError, type ErrorBody } from "./errors";
import { registerV1PlatformReportList } from "./routes/v1_platform_report_list";
import { registerV1ReportFetch } from "./routes/v1_report_fetch";

/** Options of {@link createApp}. */
export interface AppOptions {
  services: Services;
  /** Folder of the built dashboard (apps/web/dist); when absent only the API is served. */
  webDist?: string;
  /** Where unexpected errors are logged; default console.error. */
  log?: (message: string, error: unknown) => void;
}

/**
 * The one app factory: request ids, the validation hook, `onError` (one error body for every
 * failure), the routes, the OpenAPI document at /api/v1/openapi.json, an offline API reference at
 * /api/v1/docs, and the dashboard (SPA fallback to index.html).
 */
export function createApp(options: AppOptions): OpenAPIHono<AppEnv> {
  const log = options.log ?? ((m, e) => console.error(m, e));
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        const issue = result.error.issues[0];
        const path = issue?.path.join(".") ?? "";
        return errorResponse(
          c,
          new ApiError("invalid_query", `${path || "request"}: ${issue?.message}`, { issues: result.error.issues }),
        );
      }
    },
  });

  app.use("*", async (c, next) => {
    const requestId = c.req.header("x-request-id") ?? randomUUID();
    c.set("requestId", requestId);
    c.set("services", options.services);
    await next();
    c.header("x-request-id", requestId);
  });

  app.onError((err, c) => {
    if (err instanceof ApiError) return errorResponse(c, err);
    if (err instanceof HTTPException && err.status < 500) {
      const code = err.status === 415 ? "unsupported_media_type" : err.status === 404 ? "not_found" : "bad_request";
      return errorResponse(
        c,
        new ApiError(code, err.status === 415 ? "Send the body as application/json" : err.message),
      );
    }
    if (err instanceof ReportError) {
      const code =
        err.code === "unknown_report" ? "unknown_report" : err.code === "invalid_query" ? "invalid_query" : "internal";
      if (code === "internal") log("invalid report definition", err);
      return errorResponse(c, new ApiError(code, err.message, err.path ? { path: err.path } : undefined));
    }
    log(`unhandled error in ${c.req.method} ${c.req.path}`, err);
    return errorResponse(c, new ApiError("internal", "Internal error; see the server log with this request id"));
  });

  registerV1PlatformReportList(app);
  registerV1ReportFetch(app);

  app.doc31("/api/v1/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "Tallyline API",
      version: "1.0.0",
      description: "Reports over contact-centre data. Durations are seconds; percentages are on the 0-100 scale.",
    },
  });
  mountApiReference(app);

  app.all("/api/*", (c) => errorResponse(c, new ApiError("not_found", `No route ${c.req.method} ${c.req.path}`)));

  if (options.webDist && existsSync(join(options.webDist, "index.html"))) {
    const root = relative(process.cwd(), options.webDist) || ".";
    app.use("/*", serveStatic({ root }));
    const indexPath = join(options.webDist, "index.html");
    app.get("*", async (c) => c.html(await readFile(indexPath, "utf8")));
  }
  return app;
}

function errorResponse(c: Context<AppEnv>, err: ApiError) {
  const body: ErrorBody = {
    error: {
      code: err.code,
      message: err.message,
      requestId: c.get("requestId") ?? "",
      ...(err.details === undefined ? {} : { details: err.details }),
    },
  };
  if (err.retryAfterSecs !== undefined) c.header("Retry-After", String(Math.max(1, Math.ceil(err.retryAfterSecs))));
  return c.json(body, err.status);
}

/** Serves swagger-ui-dist from node_modules (no CDN) at /api/v1/docs. */
function mountApiReference(app: OpenAPIHono<AppEnv>): void {
  const require = createRequire(import.meta.url);
  const dist = dirname(require.resolve("swagger-ui-dist/package.json"));
  const assets = new Set([
    "swagger-ui.css",
    "swagger-ui-bundle.js",
    "swagger-ui-standalone-preset.js",
    "favicon-32x32.png",
  ]);
  const types: Record<string, string> = { css: "text/css", js: "text/javascript", png: "image/png" };
  app.get("/api/v1/docs/:asset", async (c) => {
    const asset = c.req.param("asset");
    if (!assets.has(asset)) return errorResponse(c, new ApiError("not_found", `No asset ${asset}`));
    const body = await readFile(resolve(dist, asset));
    return c.body(body, 200, { "content-type": types[asset.split(".").pop() ?? ""] ?? "application/octet-stream" });
  });
  app.get("/api/v1/docs", (c) =>
    c.html(`<!doctype html><html><head><meta charset="utf-8"><title>Tallyline API</title>
<link rel="stylesheet" href="/api/v1/docs/swagger-ui.css"></head><body><div id="ui"></div>
<script src="/api/v1/docs/swagger-ui-bundle.js"></script>
<script>SwaggerUIBundle({ url: "/api/v1/openapi.json", dom_id: "#ui" });</script></body></html>`),
  );
}
