import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../env";
import { ErrorBody, errorResponses } from "../errors";
import { ImportSchema, jobView } from "../imports/history";
import type { ImportJobs } from "../imports/jobs";
import { requireRole } from "../middleware/access";

/** `POST /api/v1/imports` (admin): uploads a file and queues its import; 202 with the job. */
export const route = createRoute({
  method: "post",
  path: "/api/v1/imports",
  operationId: "v1.imports.create",
  tags: ["Imports"],
  summary: "Upload a file and import it",
  description:
    "Admins only. A multipart/form-data upload, streamed to disk (largest file: TALLYLINE_UPLOAD_LIMIT_MB, default 1024 MiB; 413 past it). The import then runs in the background, one at a time, exactly as `tallyline ingest`: all of the file's rows or none. Poll `GET /api/v1/imports/{importId}` (or read its server-sent events) until `status` is no longer queued or running.",
  middleware: [requireRole("admin")] as const,
  request: {
    body: {
      required: true,
      content: {
        // A plain schema (not zod): the body is streamed by the handler, never parsed whole.
        "multipart/form-data": {
          schema: {
            type: "object",
            required: ["file"],
            properties: {
              file: { type: "string", format: "binary", description: "The export file" },
              source: { type: "string", description: "Adapter id, or auto (default) to detect it" },
              timezone: { type: "string", description: "IANA zone of timestamps without an offset (default UTC)" },
              mapping: {
                type: "string",
                description:
                  "A shipped mapping's name (e.g. anonbank), or a mapping file part (JSON, at most 1 MiB) for call or chat logs",
              },
            },
          },
        },
      },
    },
  },
  responses: {
    202: {
      description: "Received and queued; the job (status queued or running)",
      content: { "application/json": { schema: z.object({ import: ImportSchema }) } },
    },
    415: { description: "Not multipart/form-data", content: { "application/json": { schema: ErrorBody } } },
    ...errorResponses(400, 401, 403, 413, 500),
  },
});

/** Registers the route over the server's import jobs. */
export function registerV1ImportsCreate(app: OpenAPIHono<AppEnv>, jobs: ImportJobs): void {
  app.openapi(route, async (c) => {
    const upload = await jobs.receive(c.req.raw.body, c.req.header());
    const job = jobs.start(upload);
    c.header("location", `/api/v1/imports/${job.id}`);
    return c.json({ import: jobView(job) }, 202);
  });
}
