import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../env";
import { errorResponses } from "../errors";
import { estimateNarrative, mapped, NarrativeRequest, optionsOf } from "../narrative/service";

/** `POST /api/v1/narratives/estimate` (member): the tokens a report would use, before generating it. */
export const route = createRoute({
  method: "post",
  path: "/api/v1/narratives/estimate",
  operationId: "v1.narratives.estimate",
  tags: ["Narratives"],
  summary: "Estimate a narrative report's tokens",
  description:
    "Computes the scope's facts (no model call) and measures the prompt: `promptTokens` (about 4 characters a token) and the most completion tokens asked for; 0 with `narrator: rules` when no AI server is configured or the scope has no data.",
  request: { body: { required: true, content: { "application/json": { schema: NarrativeRequest } } } },
  responses: {
    200: {
      description: "The estimate",
      content: {
        "application/json": {
          schema: z.object({
            narrator: z.enum(["ai", "rules"]),
            promptTokens: z.number(),
            maxCompletionTokens: z.number(),
            sampleSize: z.number(),
          }),
        },
      },
    },
    ...errorResponses(400, 401, 404, 500),
  },
});

export function registerV1NarrativesEstimate(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const body = c.req.valid("json");
    return c.json(await mapped(async () => estimateNarrative(await optionsOf(c, body))), 200);
  });
}
