import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../env";
import { ApiError, errorResponses } from "../errors";
import { ImportIdSchema } from "../imports/history";
import type { ImportJobs } from "../imports/jobs";
import { requireRole } from "../middleware/access";

/** `DELETE /api/v1/imports/{importId}` (admin): removes exactly the rows that import wrote. */
export const route = createRoute({
  method: "delete",
  path: "/api/v1/imports/{importId}",
  operationId: "v1.imports.delete",
  tags: ["Imports"],
  summary: "Delete an import and its rows",
  description:
    "Admins only. Deletes the rows this import last wrote from every table (a row a later import wrote again belongs to the later one and stays), its history entry, and brings the derived tables up to date, in one transaction after any running import. A rejected upload is only taken off the history. 409 while the import runs.",
  middleware: [requireRole("admin")] as const,
  request: { params: z.object({ importId: ImportIdSchema }) },
  responses: {
    204: { description: "Deleted" },
    ...errorResponses(400, 401, 403, 404, 409, 500),
  },
});

/** Registers the route over the server's import jobs. */
export function registerV1ImportsDelete(app: OpenAPIHono<AppEnv>, jobs: ImportJobs): void {
  app.openapi(route, async (c) => {
    const { importId } = c.req.valid("param");
    if (!(await jobs.remove(importId))) throw new ApiError("not_found", `No import ${importId}`);
    return c.body(null, 204);
  });
}
