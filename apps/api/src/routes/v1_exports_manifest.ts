import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { CHECKSUM_DEFINITION, EXPORT_TABLES, schemaVersion, summarizeTables } from "@tallyline/warehouse";
import type { AppEnv } from "../env";
import { errorResponses } from "../errors";
import { requireRole } from "../middleware/access";
import { etagMatches } from "../services/reportRunner";
import { ExportRangeQuery, exportEtag, rangeOf, withExportConnection } from "../services/tableExports";

const TableSummary = z
  .object({
    timeColumn: z.string().nullable().openapi({ description: "The column the range applies to; null: exported whole" }),
    rows: z.number().int(),
    columns: z
      .record(z.string(), z.string())
      .optional()
      .openapi({ description: "Only with `checksums=columns`: checksum per column (see `checksum`)" }),
  })
  .openapi("ExportTableSummary");

export const ExportManifest = z
  .object({
    schemaVersion: z.number().int(),
    exportedAt: z.string().openapi({ description: "UTC instant the figures were read, ISO-8601" }),
    range: z.object({ from: z.string().nullable(), to: z.string().nullable(), timezone: z.literal("UTC") }),
    duckdbVersion: z.string(),
    checksum: z
      .string()
      .optional()
      .openapi({ description: "Only with `checksums=columns`: how the column checksums are computed" }),
    tables: z.record(z.string(), TableSummary),
  })
  .openapi("ExportManifest");

/** `?checksums=columns`: add the per-column value checksums (one more read of every column). */
const ChecksumsQuery = z.enum(["columns"]).optional().openapi({
  description:
    "`columns`: add each table's per-column value checksums (sum of DuckDB `hash(value)`, see `checksum`), one more read of every column of every table. Without it, row counts only.",
});

/**
 * `GET /api/v1/exports/manifest[?checksums=columns]` (admin): rows of every exported table in a
 * range; with `checksums=columns`, its column checksums too.
 */
export const route = createRoute({
  method: "get",
  path: "/api/v1/exports/manifest",
  operationId: "v1.exports.manifest",
  tags: ["Exports"],
  summary: "Row counts (and, on request, column checksums) of the canonical tables",
  description:
    "Admins only. For every table `GET /api/v1/exports/{table}` serves, with the same `from`/`to`: its row count and, with `checksums=columns`, its per-column checksums, read from one snapshot, to check downloads against (a download made after an import may differ). `checksum` says how they are computed. A weak `ETag` of the data version, the range and `checksums`: 304 on a matching `If-None-Match`.",
  middleware: [requireRole("admin")] as const,
  request: {
    query: ExportRangeQuery.extend({ checksums: ChecksumsQuery }),
    headers: z.object({
      "if-none-match": z.string().optional().openapi({
        description: "The ETag of a manifest the client holds: when the data and the range are unchanged, 304",
      }),
    }),
  },
  responses: {
    200: {
      description: "The manifest",
      headers: z.object({ ETag: z.string().openapi({ description: "Weak: changes with the range and the data" }) }),
      content: { "application/json": { schema: ExportManifest } },
    },
    304: { description: "Not modified: the If-None-Match ETag is current" },
    ...errorResponses(400, 401, 403, 500, 503),
  },
});

/** Registers the route (before `/api/v1/exports/{table}`, which would otherwise take "manifest" as a table). */
export function registerV1ExportsManifest(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { warehouse, now } = c.get("services");
    const { checksums, ...q } = c.req.valid("query");
    const range = rangeOf(q);
    const columnChecksums = checksums === "columns";
    const etag = exportEtag(warehouse, "manifest", [range.from ?? null, range.to ?? null, checksums ?? null]);
    c.header("ETag", etag);
    if (etagMatches(c.req.header("if-none-match") ?? "", etag.slice(2))) return c.body(null, 304) as never;
    const body = await withExportConnection(warehouse, c.req.raw.signal, async (conn) => {
      const exportedAt = new Date(now()).toISOString();
      const version = await schemaVersion(conn);
      const reader = await conn.runAndReadAll("SELECT version() AS v");
      const tables = await summarizeTables(conn, EXPORT_TABLES, range, { columnChecksums });
      return {
        schemaVersion: version,
        exportedAt,
        range: { from: range.from ?? null, to: range.to ?? null, timezone: "UTC" as const },
        duckdbVersion: String(reader.getRowsJS()[0]?.[0]),
        ...(columnChecksums ? { checksum: CHECKSUM_DEFINITION } : {}),
        tables: tables as Record<string, z.infer<typeof TableSummary>>,
      };
    });
    return c.json(body, 200);
  });
}
