import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { C24_EXPORT_FILES, c24ExportText } from "@tallyline/ingest";
import type { AppEnv } from "../env";
import { ApiError, errorResponses } from "../errors";
import { requireRole } from "../middleware/access";

const Day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a day YYYY-MM-DD")
  .openapi({ example: "2026-10-01" });

/**
 * `GET /api/v1/exports/c24/{file}` (admin): one of the eight Conversation24 exports of seed 003
 * (`agent-activity.csv` ... `slots.csv`) written from the canonical tables, streamed as CSV
 * (packages/ingest/src/export/c24.ts; docs/ingest.md "Writing them back"). Query: `from` and `to`
 * (local days, inclusive, both or neither) and `timezone` (of the days and of the timestamps'
 * offsets; default the server's TALLYLINE_TIMEZONE). A bad day or zone is 400 before anything is
 * sent; a row the importer would refuse, found after the response has started, aborts the
 * response (the body then ends without its last line: never a file that looks whole).
 */
export const route = createRoute({
  method: "get",
  path: "/api/v1/exports/c24/{file}",
  operationId: "v1.exports.c24",
  tags: ["Exports"],
  summary: "A Conversation24 export (seed 003) as CSV",
  description:
    "Admins only. One of the eight Conversation24 exports written from the database, as the Conversation24 importer reads it: UTF-8, comma-separated, CRLF, RFC 4180 quoting, the seed's header; instants as ISO-8601 with the offset of `timezone`. `from`/`to` (local days, inclusive) select conversations and hours that start in them and intervals that overlap them; Agents and Hosts are always whole. Text is not neutralised against spreadsheet formulas (the importer would keep the added quote). Contains personal data (e-mails, visitor identifiers, transcript URLs, comments).",
  middleware: [requireRole("admin")] as const,
  request: {
    params: z.object({
      file: z.enum(C24_EXPORT_FILES as [string, ...string[]]).openapi({ example: "conversations.csv" }),
    }),
    query: z.object({
      from: Day.optional(),
      to: Day.optional(),
      timezone: z.string().min(1).max(100).optional().openapi({ example: "Europe/Amsterdam" }),
    }),
  },
  responses: {
    200: {
      description: "The export's CSV text, streamed",
      content: { "text/csv": { schema: z.string() } },
    },
    ...errorResponses(400, 401, 403, 500),
  },
});

/** Registers the route; `log` hears an export that failed after its response started. */
export function registerV1ExportsC24(app: OpenAPIHono<AppEnv>, log: (message: string, error: unknown) => void): void {
  app.openapi(route, async (c) => {
    const { warehouse, defaultTimezone } = c.get("services");
    const { file } = c.req.valid("param");
    const { from, to, timezone } = c.req.valid("query");
    if ((from === undefined) !== (to === undefined)) {
      throw new ApiError("invalid_query", "Give both from and to, or neither");
    }
    const text = c24ExportText(warehouse, file, {
      timezone: timezone ?? defaultTimezone,
      ...(from !== undefined && to !== undefined ? { from, to } : {}),
    });
    let header: IteratorResult<string>;
    try {
      header = await text.next();
    } catch (e) {
      if (e instanceof RangeError) throw new ApiError("invalid_query", e.message);
      throw e;
    }
    const encoder = new TextEncoder();
    const requestId = c.get("requestId");
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        if (!header.done) controller.enqueue(encoder.encode(header.value));
      },
      async pull(controller) {
        try {
          const next = await text.next();
          if (next.done) controller.close();
          else controller.enqueue(encoder.encode(next.value));
        } catch (e) {
          log(`Conversation24 export ${file} failed after its response started (request ${requestId})`, e);
          controller.error(e);
        }
      },
      async cancel() {
        // The client went away: stop reading and close the read connection.
        await text.return(undefined);
      },
    });
    return c.body(body, 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${file}"`,
      // Personal data: never kept by a cache.
      "cache-control": "no-store",
    });
  });
}
