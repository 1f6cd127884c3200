import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../env";
import { errorResponses } from "../errors";
import {
  mapped,
  NarrativeRequest,
  NarrativeSchema,
  narrativesOf,
  optionsOf,
  startInBackground,
} from "../narrative/service";

/**
 * `POST /api/v1/narratives` (member): generates a report in the background. The answer (202) is
 * the stored report in status 'running'; poll `GET /api/v1/narratives/{id}` until 'done' or 'failed'.
 */
export const route = createRoute({
  method: "post",
  path: "/api/v1/narratives",
  operationId: "v1.narratives.generate",
  tags: ["Narratives"],
  summary: "Generate a narrative report",
  description:
    "Computes the fact sheet of the scope with the registry's reports, finds common issues, and writes the prose with the configured AI server (TALLYLINE_AI_*), validated, else by rules. Runs in the background: the answer is the report in status `running`; poll it. `regenerateFrom` makes a new report of an old one's scope and period (the old one is kept).",
  request: { body: { required: true, content: { "application/json": { schema: NarrativeRequest } } } },
  responses: {
    202: { description: "Started", content: { "application/json": { schema: NarrativeSchema } } },
    ...errorResponses(400, 401, 404, 500),
  },
});

export function registerV1NarrativesGenerate(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const body = c.req.valid("json");
    const id = await mapped(async () => startInBackground(await optionsOf(c, body)));
    return c.json((await narrativesOf(c).get(id)) as never, 202);
  });
}
