import { mkdtemp, open, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { exportTableFile } from "@tallyline/warehouse";
import type { AppEnv } from "../env";
import { errorResponses } from "../errors";
import { requireRole } from "../middleware/access";
import { etagMatches } from "../services/reportRunner";
import {
  ExportFormatQuery,
  ExportRangeQuery,
  exportEtag,
  rangeOf,
  tableOf,
  withExportConnection,
} from "../services/tableExports";

const CONTENT_TYPES = { parquet: "application/vnd.apache.parquet", csv: "text/csv; charset=utf-8" } as const;

/**
 * `GET /api/v1/exports/{table}` (admin): one canonical table as one Parquet or CSV file, streamed;
 * a weak ETag of the data version and the query, and 304 on a matching If-None-Match (no query runs).
 */
export const route = createRoute({
  method: "get",
  path: "/api/v1/exports/{table}",
  operationId: "v1.exports.table",
  tags: ["Exports"],
  summary: "Download a canonical table as Parquet or CSV",
  description:
    "Admins only (an admin's session or an admin API key): the tables hold personal data (message text, names, e-mail addresses). One file with every row of the table in the range (all months together; the CLI's `tallyline export` writes one file per month and a manifest). Parquet is zstd-compressed; CSV is RFC 4180 with a header row, CRLF line ends, values verbatim (not neutralised for spreadsheets: docs/canonical-format.md). `from`/`to` are UTC calendar days, inclusive, applied to the table's time column; tables without one come whole. The row count is in `X-Tallyline-Rows`. The file is written by DuckDB to a temporary file, streamed, and deleted. A weak `ETag` names the data version and the query: sent back in `If-None-Match` while no import or delete has changed the data since, the answer is 304 without a body, and nothing is read.",
  middleware: [requireRole("admin")] as const,
  request: {
    params: z.object({ table: z.string().openapi({ example: "messages" }) }),
    query: ExportRangeQuery.extend({ format: ExportFormatQuery }),
    headers: z.object({
      "if-none-match": z.string().optional().openapi({
        description: "The ETag of a file the client holds: when the data and the query are unchanged, 304",
      }),
    }),
  },
  responses: {
    200: {
      description: "The file",
      headers: z.object({
        ETag: z.string().openapi({
          description: "Weak: changes with the table, format, range and the data (any import, delete or restart)",
        }),
      }),
      content: {
        "application/vnd.apache.parquet": { schema: z.string().openapi({ format: "binary" }) },
        "text/csv": { schema: z.string() },
      },
    },
    304: { description: "Not modified: the If-None-Match ETag is current" },
    ...errorResponses(400, 401, 403, 404, 500, 503),
  },
});

/** Registers the route. */
export function registerV1ExportsTable(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { warehouse } = c.get("services");
    const table = tableOf(c.req.valid("param").table);
    const { format, ...q } = c.req.valid("query");
    const range = rangeOf(q);
    // Read before the export: the version moves only after a write commits, so a file read after
    // this point is never older than its ETag says (at worst newer, and the next request re-downloads).
    const etag = exportEtag(warehouse, "table", [table, format, range.from ?? null, range.to ?? null]);
    const held = c.req.header("if-none-match");
    if (held !== undefined && etagMatches(held, etag.slice(2))) return c.body(null, 304, { ETag: etag }) as never;
    const dir = await mkdtemp(join(tmpdir(), "tallyline-export-"));
    try {
      const path = join(dir, `${table}.${format}`);
      const rows = await withExportConnection(warehouse, c.req.raw.signal, (conn) =>
        exportTableFile(conn, table, format, range, path),
      );
      // Opened, then deleted: the open handle keeps the bytes until the stream closes, whatever the client does.
      const handle = await open(path);
      const { size } = await handle.stat();
      await rm(dir, { recursive: true, force: true });
      const name = [table, range.from, range.to].filter(Boolean).join("_");
      const body = Readable.toWeb(handle.createReadStream()) as ReadableStream;
      return new Response(body, {
        status: 200,
        headers: {
          "Content-Type": CONTENT_TYPES[format],
          "Content-Length": String(size),
          "Content-Disposition": `attachment; filename="${name}.${format}"`,
          "X-Tallyline-Rows": String(rows),
          ETag: etag,
          "Cache-Control": "no-store",
        },
      }) as never;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
}
