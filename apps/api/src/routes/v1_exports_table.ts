import { mkdtemp, open, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { exportTableFile } from "@tallyline/warehouse";
import type { AppEnv } from "../env";
import { errorResponses } from "../errors";
import { requireRole } from "../middleware/access";
import { ExportFormatQuery, ExportRangeQuery, rangeOf, tableOf, withExportConnection } from "../services/tableExports";

const CONTENT_TYPES = { parquet: "application/vnd.apache.parquet", csv: "text/csv; charset=utf-8" } as const;

/** `GET /api/v1/exports/{table}` (admin): one canonical table as one Parquet or CSV file, streamed. */
export const route = createRoute({
  method: "get",
  path: "/api/v1/exports/{table}",
  operationId: "v1.exports.table",
  tags: ["Exports"],
  summary: "Download a canonical table as Parquet or CSV",
  description:
    "Admins only (an admin's session or an admin API key): the tables hold personal data (message text, names, e-mail addresses). One file with every row of the table in the range (all months together; the CLI's `tallyline export` writes one file per month and a manifest). Parquet is zstd-compressed; CSV is RFC 4180 with a header row, CRLF line ends, values verbatim (not neutralised for spreadsheets: docs/canonical-format.md). `from`/`to` are UTC calendar days, inclusive, applied to the table's time column; tables without one come whole. The row count is in `X-Tallyline-Rows`. The file is written by DuckDB to a temporary file, streamed, and deleted.",
  middleware: [requireRole("admin")] as const,
  request: {
    params: z.object({ table: z.string().openapi({ example: "messages" }) }),
    query: ExportRangeQuery.extend({ format: ExportFormatQuery }),
  },
  responses: {
    200: {
      description: "The file",
      content: {
        "application/vnd.apache.parquet": { schema: z.string().openapi({ format: "binary" }) },
        "text/csv": { schema: z.string() },
      },
    },
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
          "Cache-Control": "no-store",
        },
      }) as never;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
}
