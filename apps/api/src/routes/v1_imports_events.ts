import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { streamSSE } from "hono/streaming";
import type { AppEnv } from "../env";
import { ApiError, errorResponses } from "../errors";
import { findImport, ImportIdSchema, jobView } from "../imports/history";
import { type ImportJob, type ImportJobs, isFinished } from "../imports/jobs";

/** `GET /api/v1/imports/{importId}/events` (member or admin): the import's progress as server-sent events. */
export const route = createRoute({
  method: "get",
  path: "/api/v1/imports/{importId}/events",
  operationId: "v1.imports.events",
  tags: ["Imports"],
  summary: "Progress of an import as server-sent events",
  description:
    "Members and admins. A text/event-stream of `progress` events, each the `Import` object as JSON (the first at once), ending after the one whose status is no longer queued or running.",
  request: { params: z.object({ importId: ImportIdSchema }) },
  responses: {
    200: { description: "Server-sent events", content: { "text/event-stream": { schema: z.string() } } },
    ...errorResponses(400, 401, 404, 500),
  },
});

/** Registers the route over the server's import jobs. */
export function registerV1ImportsEvents(app: OpenAPIHono<AppEnv>, jobs: ImportJobs): void {
  app.openapi(route, async (c) => {
    const { warehouse, defaultTimezone } = c.get("services");
    const { importId } = c.req.valid("param");
    const found = await findImport(jobs, warehouse, importId, defaultTimezone);
    if (!found) throw new ApiError("not_found", `No import ${importId}`);
    const job = jobs.get(importId);
    return streamSSE(c, async (stream) => {
      const send = (data: unknown) => stream.writeSSE({ event: "progress", data: JSON.stringify(data) });
      if (!job || isFinished(job)) {
        await send(found);
        return;
      }
      let wake: () => void = () => undefined;
      let latest: ImportJob | undefined = job;
      const off = jobs.subscribe(importId, (j) => {
        latest = j;
        wake();
      });
      stream.onAbort(() => {
        latest = undefined;
        wake();
      });
      try {
        await send(jobView(job));
        while (latest && !isFinished(latest)) {
          await new Promise<void>((ok) => {
            wake = ok;
          });
          if (latest) await send(jobView(latest));
        }
      } finally {
        off();
      }
    }) as never;
  });
}
