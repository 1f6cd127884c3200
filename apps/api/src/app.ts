import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { OpenAPIHono } from "@hono/zod-openapi";
import { ReportError } from "@tallyline/report-defs";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { AccountError } from "./auth/accounts";
import { CSRF_HEADER, SESSION_COOKIE } from "./auth/request";
import { createSecurity, type Security } from "./auth/security";
import type { AppEnv, Services } from "./env";
import { ApiError, type ErrorBody } from "./errors";
import { DEFAULT_UPLOAD_LIMIT_MB, ImportJobs } from "./imports/jobs";
import { type Links, linksOf } from "./links/links";
import { authenticate } from "./middleware/access";
import { emptyJsonBody, limitBody } from "./middleware/body";
import { requestContext } from "./middleware/context";
import { securityHeaders } from "./middleware/headers";
import { hostGuard } from "./middleware/host";
import { registerV1AuthMe } from "./routes/v1_auth_me";
import { registerV1AuthSetup } from "./routes/v1_auth_setup";
import { registerV1AuthSignIn } from "./routes/v1_auth_sign_in";
import { registerV1AuthSignOut } from "./routes/v1_auth_sign_out";
import { registerV1ExportsC24 } from "./routes/v1_exports_c24";
import { registerV1ExportsManifest } from "./routes/v1_exports_manifest";
import { registerV1ExportsTable } from "./routes/v1_exports_table";
import { registerV1FiltersValues } from "./routes/v1_filters_values";
import { registerV1Health } from "./routes/v1_health";
import { registerV1ImportsCreate } from "./routes/v1_imports_create";
import { registerV1ImportsDelete } from "./routes/v1_imports_delete";
import { registerV1ImportsEvents } from "./routes/v1_imports_events";
import { registerV1ImportsGet } from "./routes/v1_imports_get";
import { registerV1ImportsList } from "./routes/v1_imports_list";
import { registerV1KeysCreate } from "./routes/v1_keys_create";
import { registerV1KeysList } from "./routes/v1_keys_list";
import { registerV1KeysRevoke } from "./routes/v1_keys_revoke";
import { registerV1LinksCreate } from "./routes/v1_links_create";
import { registerV1LinksList } from "./routes/v1_links_list";
import { registerV1LinksRevoke } from "./routes/v1_links_revoke";
import { registerV1LinksRotate } from "./routes/v1_links_rotate";
import { registerV1Live } from "./routes/v1_live";
import { registerV1NarrativesCompare } from "./routes/v1_narratives_compare";
import { registerV1NarrativesDelete } from "./routes/v1_narratives_delete";
import { registerV1NarrativesEstimate } from "./routes/v1_narratives_estimate";
import { registerV1NarrativesGenerate } from "./routes/v1_narratives_generate";
import { registerV1NarrativesGet } from "./routes/v1_narratives_get";
import { registerV1NarrativesLink } from "./routes/v1_narratives_link";
import { registerV1NarrativesList } from "./routes/v1_narratives_list";
import { registerV1NarrativesScopes } from "./routes/v1_narratives_scopes";
import { registerV1NarrativesUsage } from "./routes/v1_narratives_usage";
import { type PdfRouteOptions, registerV1Pdf } from "./routes/v1_pdf";
import { registerV1PlatformReportList } from "./routes/v1_platform_report_list";
import { registerV1PublicGet } from "./routes/v1_public_get";
import { registerV1PublicUnlock } from "./routes/v1_public_unlock";
import { registerV1ReportExport } from "./routes/v1_report_export";
import { registerV1ReportFetch } from "./routes/v1_report_fetch";
import { registerV1ReportRecords } from "./routes/v1_report_records";
import { registerV1ReportsBatch } from "./routes/v1_reports_batch";
import { registerV1SchedulesCreate } from "./routes/v1_schedules_create";
import { registerV1SchedulesDelete } from "./routes/v1_schedules_delete";
import { registerV1SchedulesGet } from "./routes/v1_schedules_get";
import { registerV1SchedulesList } from "./routes/v1_schedules_list";
import { registerV1SchedulesRun } from "./routes/v1_schedules_run";
import { registerV1SchedulesRuns } from "./routes/v1_schedules_runs";
import { registerV1SchedulesUpdate } from "./routes/v1_schedules_update";
import { registerV1SegmentsCreate } from "./routes/v1_segments_create";
import { registerV1SegmentsDelete } from "./routes/v1_segments_delete";
import { registerV1SegmentsGet } from "./routes/v1_segments_get";
import { registerV1SegmentsList } from "./routes/v1_segments_list";
import { registerV1SegmentsUpdate } from "./routes/v1_segments_update";
import { registerV1Unsubscribe } from "./routes/v1_unsubscribe";
import { registerV1UnsubscribePage } from "./routes/v1_unsubscribe_page";
import { registerV1UsersCreate } from "./routes/v1_users_create";
import { registerV1UsersDelete } from "./routes/v1_users_delete";
import { registerV1UsersList } from "./routes/v1_users_list";
import { registerV1UsersUpdate } from "./routes/v1_users_update";
import type { Scheduler } from "./schedules/scheduler";
import { mountWebAssets } from "./webAssets";

/** Options of {@link createApp}. */
export interface AppOptions {
  services: Services;
  /** Folder of the built dashboard (apps/web/dist); when absent only the API is served. */
  webDist?: string;
  /** Where unexpected errors are logged; default console.error. */
  log?: (message: string, error: unknown) => void;
  /**
   * Accounts, allowed hosts and origins, limits (auth/security.ts). Default: built over
   * `services.warehouse` with the default limits, answering to loopback names only.
   */
  security?: Security;
  /**
   * The import jobs of `POST /api/v1/imports`. Default: uploads in `<database file>.uploads/`
   * (a temp folder for an in-memory database), at most TALLYLINE_UPLOAD_LIMIT_MB's default.
   */
  imports?: ImportJobs;
  /** The public links (links/links.ts). Default: the warehouse's, with the default public limits. */
  links?: Links;
  /** The PDF route's printer and rate limit (routes/v1_pdf.ts); without a printer it answers 503. */
  pdf?: PdfRouteOptions;
  /**
   * The scheduler of scheduled mail (schedules/scheduler.ts), read on each run-now (the server makes
   * it once it listens); without one (no TALLYLINE_SMTP_URL), run-now answers 503.
   */
  scheduler?: (() => Scheduler | null | undefined) | undefined;
}

/**
 * The one app factory: request ids, security headers, the Host check, body limits, authentication
 * (every /api/ route is closed but the open ones: middleware/access.ts), the validation hook,
 * `onError` (one error body for every failure), the routes, the OpenAPI document at
 * /api/v1/openapi.json, an offline API reference at /api/v1/docs, and the dashboard (SPA fallback
 * to index.html).
 */
export function createApp(options: AppOptions): OpenAPIHono<AppEnv> {
  const log = options.log ?? ((m, e) => console.error(m, e));
  const security = options.security ?? createSecurity(options.services.warehouse, { now: options.services.now, log });
  if (!options.security) security.site.listening("127.0.0.1", 80);
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        const issue = result.error.issues[0];
        const unknownKey = issue?.code === "unrecognized_keys" ? issue.keys[0] : undefined;
        const path = [...(issue?.path ?? []), ...(unknownKey === undefined ? [] : [unknownKey])].join(".");
        const message = unknownKey === undefined ? issue?.message : "unknown field";
        return errorResponse(
          c,
          new ApiError("invalid_query", `${path || "request"}: ${message}`, { issues: result.error.issues }),
        );
      }
    },
  });

  app.use("*", requestContext(options.services, security));
  app.use("*", securityHeaders(security.site));
  app.use("*", hostGuard());
  app.use("/api/*", limitBody(security.bodyLimitBytes));
  app.use("/api/*", emptyJsonBody());
  app.use("/api/*", authenticate());

  app.onError((err, c) => {
    if (err instanceof ApiError) return errorResponse(c, err);
    if (err instanceof AccountError) return errorResponse(c, new ApiError(err.code, err.message));
    if (err instanceof HTTPException && err.status === 413) {
      return errorResponse(c, new ApiError("payload_too_large", "The request body is over the size limit"));
    }
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
      if (code === "internal") log(`invalid report definition (request ${c.get("requestId")})`, err);
      return errorResponse(c, new ApiError(code, err.message, err.path ? { path: err.path } : undefined));
    }
    log(`unhandled error in ${c.req.method} ${c.req.path} (request ${c.get("requestId")})`, err);
    return errorResponse(c, new ApiError("internal", "Internal error; see the server log with this request id"));
  });

  registerV1PlatformReportList(app);
  registerV1ReportFetch(app);
  registerV1Health(app);
  registerV1AuthSignIn(app);
  registerV1AuthSignOut(app);
  registerV1AuthMe(app);
  registerV1AuthSetup(app);
  registerV1UsersList(app);
  registerV1UsersCreate(app);
  registerV1UsersUpdate(app);
  registerV1UsersDelete(app);
  registerV1KeysList(app);
  registerV1KeysCreate(app);
  registerV1KeysRevoke(app);
  registerV1ReportRecords(app);
  registerV1FiltersValues(app);
  registerV1Live(app);
  registerV1ReportExport(app);
  registerV1ReportsBatch(app, log);
  registerV1Pdf(app, options.pdf);
  registerV1SegmentsList(app);
  registerV1NarrativesUsage(app);
  registerV1NarrativesScopes(app);
  registerV1NarrativesEstimate(app);
  registerV1NarrativesList(app);
  registerV1NarrativesGenerate(app);
  registerV1NarrativesCompare(app);
  registerV1NarrativesGet(app);
  registerV1NarrativesDelete(app);
  registerV1SegmentsGet(app);
  registerV1SegmentsCreate(app);
  registerV1SegmentsUpdate(app);
  registerV1SegmentsDelete(app);
  registerV1SchedulesList(app);
  registerV1SchedulesCreate(app);
  registerV1SchedulesGet(app);
  registerV1SchedulesUpdate(app);
  registerV1SchedulesDelete(app);
  registerV1SchedulesRuns(app);
  registerV1SchedulesRun(app, options.scheduler);
  registerV1Unsubscribe(app);
  registerV1UnsubscribePage(app);
  const imports = options.imports ?? defaultImportJobs(options.services, log);
  registerV1ImportsList(app, imports);
  registerV1ImportsCreate(app, imports);
  registerV1ImportsGet(app, imports);
  registerV1ImportsEvents(app, imports);
  registerV1ImportsDelete(app, imports);
  const links = options.links ?? linksOf(options.services, undefined, log);
  registerV1LinksList(app, links);
  registerV1LinksCreate(app, links);
  registerV1LinksRevoke(app, links);
  registerV1LinksRotate(app, links);
  registerV1PublicGet(app, links);
  registerV1PublicUnlock(app, links);
  registerV1NarrativesLink(app, links);
  registerV1ExportsC24(app, log);
  // The manifest first: the table route would take "manifest" as a table name.
  registerV1ExportsManifest(app);
  registerV1ExportsTable(app);

  app.openAPIRegistry.registerComponent("securitySchemes", "apiKey", {
    type: "http",
    scheme: "bearer",
    description: "An API key (`tl_<id>_<secret>`) from `POST /api/v1/keys` or `tallyline key create`.",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "sessionCookie", {
    type: "apiKey",
    in: "cookie",
    name: SESSION_COOKIE,
    description: `The dashboard's session cookie (\`__Host-${SESSION_COOKIE}\` behind TLS), set by sign-in. Writes with it also need an allowed Origin and the header \`${CSRF_HEADER}: 1\`.`,
  });
  app.doc31("/api/v1/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "Tallyline API",
      version: "1.0.0",
      description:
        "Reports over contact-centre data. Durations are seconds; percentages are on the 0-100 scale. Every route needs an API key or a session unless its security is empty.",
    },
    security: [{ apiKey: [] }, { sessionCookie: [] }],
  });
  mountApiReference(app);

  app.all("/api/*", (c) => errorResponse(c, new ApiError("not_found", `No route ${c.req.method} ${c.req.path}`)));

  // Public link pages get noindex and no-referrer in their head too (headers.ts sends the same as headers).
  mountWebAssets(app, options.webDist, { publicHead: PUBLIC_PAGE_META });
  return app;
}

/** What the HTML of a public link page (`/r/<token>`) carries in its head. */
export const PUBLIC_PAGE_META =
  '<meta name="robots" content="noindex, nofollow"><meta name="referrer" content="no-referrer">';

/** The import jobs of an app given none: uploads beside the database file, the default size limit. */
function defaultImportJobs(services: Services, log: (message: string, error: unknown) => void): ImportJobs {
  const path = services.warehouse.path;
  return new ImportJobs(services.warehouse, {
    uploadDir: path === ":memory:" ? join(tmpdir(), `tallyline-uploads-${process.pid}`) : `${path}.uploads`,
    limitBytes: DEFAULT_UPLOAD_LIMIT_MB * 1_048_576,
    reportTimezone: services.defaultTimezone,
    log,
  });
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
  for (const [name, value] of Object.entries(err.headers)) c.header(name, value);
  return c.json(body, err.status);
}

/**
 * Starts the API reference page (no inline script under the CSP): loads the spec, and sends the
 * CSRF header with "Try it out" requests so a signed-in admin can use them.
 */
const SWAGGER_INIT = `SwaggerUIBundle({
  url: "/api/v1/openapi.json",
  dom_id: "#ui",
  requestInterceptor: (request) => {
    request.headers["${CSRF_HEADER}"] = "1";
    return request;
  },
});
`;

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
    if (asset === "init.js") return c.body(SWAGGER_INIT, 200, { "content-type": "text/javascript; charset=utf-8" });
    if (!assets.has(asset)) return errorResponse(c, new ApiError("not_found", `No asset ${asset}`));
    const body = await readFile(resolve(dist, asset));
    return c.body(body, 200, { "content-type": types[asset.split(".").pop() ?? ""] ?? "application/octet-stream" });
  });
  app.get("/api/v1/docs", (c) =>
    c.html(`<!doctype html><html><head><meta charset="utf-8"><title>Tallyline API</title>
<link rel="stylesheet" href="/api/v1/docs/swagger-ui.css"></head><body><div id="ui"></div>
<script src="/api/v1/docs/swagger-ui-bundle.js"></script>
<script src="/api/v1/docs/init.js"></script></body></html>`),
  );
}
