import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { streamSSE } from "hono/streaming";
import type { AppEnv } from "../env";
import { ApiError, errorResponses } from "../errors";
import { findImport, ImportIdSchema, type ImportView, jobView } from "../imports/history";
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
      // Every change is sent, in order (snapshots taken when it happens).
      const pending: ImportView[] = [jobView(job)];
      let wake: () => void = () => undefined;
      let open = true;
      const off = jobs.subscribe(importId, (j: ImportJob) => {
        pending.push(jobView(j));
        wake();
      });
      stream.onAbort(() => {
        open = false;
        wake();
      });
      try {
        for (;;) {
          while (pending.length > 0) {
            const next = pending.shift() as ImportView;
            await send(next);
            if (isFinished(next)) return;
          }
          if (!open) return;
          await new Promise<void>((ok) => {
            wake = ok;
          });
        }
      } finally {
        off();
      }
    }) as never;
  });
}
