import { createHash } from "node:crypto";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { demoMarker } from "../dataStatus";
import type { AppEnv } from "../env";
import { errorResponses } from "../errors";
import { EXPORT_FORMATS, writeExport } from "../exports/exports";
import { ApiReportQuery, segmentEcho, segmentOfQuery } from "../segments/segments";
import { etagMatches, reportRunner } from "../services/reportRunner";
import { jsonBody } from "./v1_report_records";

/**
 * `POST /api/v1/report/{reportId}/export?format=csv|json|xlsx[&bom=1]`: runs one report like fetch
 * (same body, `segmentId` included, through the report runner and its cache) and answers the result
 * as a file to download (exports/exports.ts): CSV (RFC 4180, formula-like text neutralised, `bom=1`
 * for Excel), JSON (the result with the definitions and the query) or XLSX (typed cells, a
 * Definitions sheet). `Content-Disposition: attachment; filename="<report-id>_<from>_<to>.<ext>"`.
 * A weak ETag ({@link exportEtag}) and 304 on a matching If-None-Match, checked before anything runs.
 */
export const route = createRoute({
  method: "post",
  path: "/api/v1/report/{reportId}/export",
  operationId: "v1.report.export",
  tags: ["Reports"],
  summary: "Export a report result",
  description:
    "Runs a report (same body as fetch) and answers the result as a file: `csv` (RFC 4180, one header row with units such as `AHT (s)` and `Share (%)`, durations in seconds, percent on 0-100; text that starts with =, +, -, @, tab or CR gets a leading ' so spreadsheets never run it; `bom=1` adds a UTF-8 byte order mark for Excel), `json` (the fetch result plus the report's definitions, version and the query: period, zone, filters, segment) or `xlsx` (numbers with number formats, percentages as percent, durations as [h]:mm:ss, dates as dates, a Definitions sheet). The layout per report shape is in docs/api.md.",
  request: {
    params: z.object({ reportId: z.string().max(200).openapi({ example: "calls.offered" }) }),
    query: z.object({
      format: z.enum(EXPORT_FORMATS).openapi({ description: "File format", example: "csv" }),
      bom: z
        .enum(["0", "1", "false", "true"])
        .optional()
        .openapi({ description: "CSV only: 1 starts the file with a UTF-8 BOM (Excel then reads UTF-8)" }),
    }),
    headers: z.object({
      "if-none-match": z.string().optional().openapi({
        description:
          "The ETag of a file the client holds: when it is still current (same report, query, segment, format, bom and data) the answer is 304 without a body, and nothing runs.",
      }),
    }),
    body: { required: false, content: { "application/json": { schema: ApiReportQuery } } },
  },
  responses: {
    200: {
      description: "The file, as an attachment named <report-id>_<from>_<to>.<ext>",
      headers: z.object({
        "Content-Disposition": z
          .string()
          .openapi({ example: 'attachment; filename="calls.offered_1999-02-01_1999-02-28.csv"' }),
        ETag: z.string().openapi({
          description:
            "Weak (the file's bytes may differ in the time it was written): changes when the report, the normalised query, the segment, the format, bom or the data (any import or delete) change",
        }),
      }),
      content: {
        "text/csv": { schema: z.string() },
        "application/json": { schema: z.object({}).passthrough() },
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
          schema: z.string().openapi({ format: "binary" }),
        },
      },
    },
    304: { description: "Not modified: the If-None-Match ETag is current; the file held is still the answer" },
    ...errorResponses(400, 404, 500, 503, 504),
  },
});

/**
 * The weak ETag of an export: `W/"<32 base64url chars>"`, a SHA-256 of the report runner's ETag of
 * the same run (which holds the report id and version, the normalised query with its resolved
 * period, the segment and the data version), the format and the BOM choice. Weak because XLSX and
 * JSON files stamp the time they were written: two files of one ETag hold the same figures.
 */
export function exportEtag(runnerEtag: string, format: string, bom: boolean): string {
  const hash = createHash("sha256")
    .update(JSON.stringify(["report-export", runnerEtag, format, bom]))
    .digest("base64url");
  return `W/"${hash.slice(0, 32)}"`;
}

export function registerV1ReportExport(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const services = c.get("services");
    const { format, bom } = c.req.valid("query");
    const def = services.registry.get(c.req.valid("param").reportId);
    const { query, segment } = await segmentOfQuery(c, await jsonBody(c));
    const now = services.now();
    const request = {
      now,
      defaultTimezone: services.defaultTimezone,
      segmentId: segment?.cacheKey ?? null,
      ...(segment ? { segment } : {}),
      signal: c.req.raw.signal,
    };
    const runner = reportRunner(services);
    const withBom = bom === "1" || bom === "true";
    // The runner's current ETag without running anything: "*" matches any, so run() answers
    // 'not_modified' at once with it (after checking the query, so a bad one is still a 400).
    const current = await runner.run(def, query, { ...request, ifNoneMatch: "*" });
    const etag = exportEtag(current.etag, format, withBom);
    c.header("ETag", etag);
    const held = c.req.header("if-none-match");
    if (held !== undefined && etagMatches(held, etag.slice(2))) return c.body(null, 304);
    const run = await runner.run(def, query, request);
    if (run.status !== "ok") throw new Error("the runner answered 'not modified' without an If-None-Match");
    // The data moved between the two calls (an import committed): name the file actually sent.
    if (run.etag !== current.etag) c.header("ETag", exportEtag(run.etag, format, withBom));
    const filters = (query as { filters?: Record<string, unknown> } | null)?.filters ?? {};
    const file = await writeExport(
      format,
      {
        def,
        result: { ...run.result, ...(await demoMarker(services.warehouse)), ...segmentEcho(segment) },
        filters,
        ...(segment ? { segment: { id: segment.id, name: segment.name, filters: segment.filters } } : {}),
        now,
      },
      { bom: withBom },
    );
    c.header("X-Cache", run.cache);
    // A Uint8Array is a body Hono sends as bytes; its type names the ArrayBuffer kind it wants.
    const bytes = typeof file.body === "string" ? file.body : (file.body as Uint8Array<ArrayBuffer>);
    return c.body(bytes, 200, {
      "content-type": file.contentType,
      "content-disposition": `attachment; filename="${file.fileName}"`,
    });
  });
}
