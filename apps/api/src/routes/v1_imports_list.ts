import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../env";
import { errorResponses } from "../errors";
import { ImportSchema, listImports } from "../imports/history";
import type { ImportJobs } from "../imports/jobs";

/** `GET /api/v1/imports` (member or admin): the history of imports. */
export const route = createRoute({
  method: "get",
  path: "/api/v1/imports",
  operationId: "v1.imports.list",
  tags: ["Imports"],
  summary: "List imports",
  description:
    "Members and admins (members read the reports these imports feed, so they may see where the data came from; only admins upload or delete). Newest first: every committed import (also those of `tallyline ingest`) and this server's queued, running, unchanged and rejected uploads (a rejected upload is kept until the server restarts).",
  responses: {
    200: {
      description: "The imports",
      content: { "application/json": { schema: z.object({ items: z.array(ImportSchema) }) } },
    },
    ...errorResponses(401, 500),
  },
});

/** Registers the route over the server's import jobs. */
export function registerV1ImportsList(app: OpenAPIHono<AppEnv>, jobs: ImportJobs): void {
  app.openapi(route, async (c) => {
    const { warehouse, defaultTimezone } = c.get("services");
    return c.json({ items: await listImports(jobs, warehouse, defaultTimezone) }, 200);
  });
}
