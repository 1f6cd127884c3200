import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { ReportQuery, resolvePeriod } from "@tallyline/report-defs";
import type { Principal } from "../auth/accounts";
import { RateLimiter } from "../auth/limiter";
import type { AppEnv, Services } from "../env";
import { ApiError, errorResponses } from "../errors";
import { principalOf, rateLimited } from "../middleware/access";
import type { PrintGrants } from "../pdf/grants";
import { paperOfLocale, pdfFileName, printablePath, withPageQuery } from "../pdf/pages";
import { type Paper, PrintError, type Printed, type Printer, type PrintJob } from "../pdf/printer";
import { SegmentIdField, type Segments, segmentsOf } from "../segments/segments";

/** PDFs one caller (a user or an API key) may ask for per minute by default: each costs a Chromium page. */
export const DEFAULT_PDF_PER_MINUTE = 10;

export const PdfRequest = z
  .strictObject({
    page: z.string().min(1).max(2048).optional().openapi({
      description:
        "A path of the app with its query, e.g. `/?category=operations&from=1999-01-01&to=1999-01-31`. Printable pages: the dashboard (`/`). Give `page` or `reportId`.",
    }),
    reportId: z.string().min(1).max(200).optional().openapi({
      description: "Print the dashboard page of this report's category, with this report's chart shown.",
    }),
    from: z.string().optional().openapi({ description: "First day (YYYY-MM-DD), with `to`; wins over `periodDays`." }),
    to: z.string().optional().openapi({ description: "Last day (YYYY-MM-DD), inclusive." }),
    periodDays: z.number().int().min(1).max(3660).optional().openapi({
      description: "The last N days ending today in the server's time zone (when `from`/`to` are absent).",
    }),
    segmentId: SegmentIdField,
    paper: z.enum(["A4", "Letter"]).optional().openapi({ description: "Default: from `locale`, else A4." }),
    locale: z.string().min(2).max(35).optional().openapi({
      description:
        "A BCP 47 locale choosing the paper when `paper` is absent: Letter for `en-US`, `fr-CA`..., else A4.",
    }),
    landscape: z.boolean().default(false),
  })
  .openapi("PdfRequest", { example: { page: "/?category=operations", periodDays: 30, paper: "A4" } });

/** A print request as validated ({@link PdfRequest}). */
export type PdfRequestBody = z.infer<typeof PdfRequest>;

/** `POST /api/v1/pdf` (member): a page of the dashboard printed to PDF by Chromium. */
export const route = createRoute({
  method: "post",
  path: "/api/v1/pdf",
  operationId: "v1.pdf.create",
  tags: ["Exports"],
  summary: "Print a page to PDF",
  description: `Prints a page of the dashboard (\`page\`, or the page of \`reportId\`) for a period (\`from\`/\`to\` or \`periodDays\`; else the page's own) and segment, as the caller sees it, with headless Chromium: period, time zone, segment and every report's definitions printed, a page break per section, charts as vectors, "Page X of Y" and the period on every page. Answers \`application/pdf\` as an attachment. At most ${DEFAULT_PDF_PER_MINUTE} per minute per caller (429 with Retry-After); 503 when the printer is busy or not available in this process; 504 when the page did not draw in time.`,
  request: { body: { required: true, content: { "application/json": { schema: PdfRequest } } } },
  responses: {
    200: {
      description: "The PDF",
      content: { "application/pdf": { schema: z.string().openapi({ type: "string", format: "binary" }) } },
    },
    ...errorResponses(400, 401, 403, 404, 413, 429, 500, 503, 504),
  },
});

/** What {@link registerV1Pdf} needs: the printer (absent: 503) and the rate limit. */
export interface PdfRouteOptions {
  /** Prints pages of this server (apps/api/src/pdf/printer.ts); absent when no server serves the dashboard. */
  readonly printer?: Printer;
  /** PDFs per caller per minute (default {@link DEFAULT_PDF_PER_MINUTE}). */
  readonly perMinute?: number;
}

export function registerV1Pdf(app: OpenAPIHono<AppEnv>, options: PdfRouteOptions = {}): void {
  let limiter: RateLimiter | undefined;
  app.openapi(route, async (c) => {
    const principal = principalOf(c);
    const services = c.get("services");
    limiter ??= new RateLimiter(options.perMinute ?? DEFAULT_PDF_PER_MINUTE, 60_000, services.now);
    // Every attempt counts, valid or not: printing is costly and a caller probing it is refused early.
    const who = callerKey(principal);
    const wait = limiter.retryAfter(who);
    if (wait > 0) throw rateLimited(wait, "Too many PDFs asked for");
    limiter.hit(who);
    const body = c.req.valid("json");
    const path = await pagePath(c.get("services"), segmentsOf(c), body);
    const paper = body.paper ?? paperOf(body.locale);
    const printed = await printAs(c.get("security").printGrants, options.printer, principal, {
      path,
      paper,
      landscape: body.landscape,
    });
    return c.body(new Uint8Array(printed.pdf), 200, {
      "content-type": "application/pdf",
      "content-disposition": `attachment; filename="${pdfFileName(printed.title, printed.period)}"`,
    }) as never;
  });
}

/**
 * Prints `job` as `principal`: issues a print grant bound to it (living no longer than the
 * printer's time limit), prints, and revokes the grant in a `finally`. Throws ApiError: 503 when
 * no printer runs in this process or it is busy or stopping, 504 past its time limit; other
 * failures as they are (500).
 */
export async function printAs(
  grants: PrintGrants,
  printer: Printer | undefined,
  principal: Principal,
  job: Omit<PrintJob, "grant">,
): Promise<Printed> {
  if (!printer?.ready) {
    throw new ApiError("busy", "PDF printing is not available in this process: start the server ('tallyline serve')");
  }
  const grant = grants.issue(principal, printer.timeoutMs + 5_000);
  try {
    return await printer.print({ ...job, grant });
  } catch (error) {
    throw printFailure(error);
  } finally {
    grants.revoke(grant);
  }
}

/**
 * The page to print: `page` checked against the printable pages, or the dashboard page of
 * `reportId`, with the period (`from`/`to`, or `periodDays` ending today in the server's zone)
 * and segment set. Throws ApiError 400 (naming the field) or 404 (unknown report or segment).
 */
export async function pagePath(services: Services, segments: Segments, body: PdfRequestBody): Promise<string> {
  if ((body.page === undefined) === (body.reportId === undefined)) {
    throw new ApiError("invalid_query", "request: give exactly one of 'page' and 'reportId'");
  }
  let path: string;
  let pageParams: { category?: string; report?: string } = {};
  if (body.page !== undefined) {
    const checked = printablePath(body.page);
    if ("error" in checked) throw new ApiError("invalid_query", checked.error);
    path = checked.path;
  } else {
    const id = body.reportId ?? "";
    if (!services.registry.has(id)) throw new ApiError("unknown_report", `reportId: no report '${id}'`);
    const def = services.registry.get(id);
    path = "/";
    pageParams = { category: def.category, report: def.id };
  }
  const period = periodOf(body, services.now(), services.defaultTimezone);
  if (body.segmentId !== undefined) await segments.resolve(body.segmentId);
  return withPageQuery(path, { ...pageParams, ...period, segment: body.segmentId });
}

/** The `from`/`to` days of the request (validated like a report query's), or none to keep the page's own. */
function periodOf(body: PdfRequestBody, now: number, defaultTimezone: string): { from?: string; to?: string } {
  if (body.from === undefined && body.to === undefined && body.periodDays === undefined) return {};
  const parsed = ReportQuery.safeParse({
    ...(body.from === undefined ? {} : { from: body.from }),
    ...(body.to === undefined ? {} : { to: body.to }),
    ...(body.periodDays === undefined ? {} : { periodDays: body.periodDays }),
    compare: "none",
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ApiError("invalid_query", `${issue?.path.join(".") || "period"}: ${issue?.message}`);
  }
  const period = resolvePeriod(parsed.data, now, defaultTimezone);
  return { from: period.from, to: period.to };
}

/** The paper of `locale` (pages.ts); ApiError 400 naming `locale` when it is malformed. */
export function paperOf(locale: string | undefined): Paper {
  try {
    return paperOfLocale(locale);
  } catch {
    // Intl.Locale throws RangeError on a malformed tag: say which field.
    throw new ApiError("invalid_query", `locale: '${locale}' is not a BCP 47 locale such as en-GB`);
  }
}

/** The rate limit's key of a caller: its user or its API key. */
function callerKey(principal: Principal): string {
  return principal.kind === "session" ? `user:${principal.user.id}` : `key:${principal.key.id}`;
}

/** The API error of a failed print job (busy, timeout, closed); anything else as it is (500, logged). */
function printFailure(error: unknown): unknown {
  if (!(error instanceof PrintError)) return error;
  switch (error.code) {
    case "busy":
      return new ApiError("busy", `The printer is busy (${error.message}); try again shortly`, undefined, {
        retryAfterSecs: 5,
        cause: error,
      });
    case "timeout":
      return new ApiError("timeout", error.message, undefined, { cause: error });
    case "closed":
      return new ApiError("busy", "The server is stopping; try again", undefined, { cause: error });
    default:
      return error;
  }
}
