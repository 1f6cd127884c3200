import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../env";
import { errorResponses } from "../errors";
import { narrativesOf } from "../narrative/service";

const Month = z.object({
  month: z.string(),
  calls: z.number(),
  promptTokens: z.number(),
  completionTokens: z.number(),
});

/** `GET /api/v1/narratives/usage` (member): tokens used per month (seed 000 "Settings → Usage"). */
export const route = createRoute({
  method: "get",
  path: "/api/v1/narratives/usage",
  operationId: "v1.narratives.usage",
  tags: ["Narratives"],
  summary: "Token usage per month",
  description:
    "Model calls, prompt and completion tokens per calendar month (UTC), newest first, from the AI server's usage answers; calls for reports since deleted still count.",
  responses: {
    200: {
      description: "Usage per month",
      content: { "application/json": { schema: z.object({ months: z.array(Month) }) } },
    },
    ...errorResponses(401, 500),
  },
});

export function registerV1NarrativesUsage(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => c.json({ months: await narrativesOf(c).usageByMonth() }, 200));
}
