import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../env";
import { ApiError, errorResponses } from "../errors";
import { findImport, ImportIdSchema, ImportSchema } from "../imports/history";
import type { ImportJobs } from "../imports/jobs";

/** `GET /api/v1/imports/{importId}` (member or admin): one import, its progress, warnings and errors. */
export const route = createRoute({
  method: "get",
  path: "/api/v1/imports/{importId}",
  operationId: "v1.imports.get",
  tags: ["Imports"],
  summary: "One import (poll its progress)",
  description:
    "Members and admins. While the import runs: phase (queued, reading, writing) and fraction 0-1; when done: status, rows per table, span, warnings, and for a rejected file the errors (file, line, column, value), as `tallyline ingest` prints them.",
  request: { params: z.object({ importId: ImportIdSchema }) },
  responses: {
    200: { description: "The import", content: { "application/json": { schema: z.object({ import: ImportSchema }) } } },
    ...errorResponses(400, 401, 404, 500),
  },
});

/** Registers the route over the server's import jobs. */
export function registerV1ImportsGet(app: OpenAPIHono<AppEnv>, jobs: ImportJobs): void {
  app.openapi(route, async (c) => {
    const { warehouse, defaultTimezone } = c.get("services");
    const { importId } = c.req.valid("param");
    const found = await findImport(jobs, warehouse, importId, defaultTimezone);
    if (!found) throw new ApiError("not_found", `No import ${importId}`);
    return c.json({ import: found }, 200);
  });
}
