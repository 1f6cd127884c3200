import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../env";
import { errorResponses } from "../errors";

const Campaign = z.object({ id: z.string(), name: z.string(), channel: z.string() });
const Check = z.object({ id: z.string(), name: z.string(), campaignId: z.string().nullable() });

/** The answer of {@link route}: what a generate dialog offers. */
export const NarrativeScopes = z
  .object({ campaigns: z.array(Campaign), checks: z.array(Check) })
  .openapi("NarrativeScopes");
export type NarrativeScopes = z.infer<typeof NarrativeScopes>;

/** Most campaigns and checks listed (a dialog's list; a longer tail is typed). */
export const MAX_SCOPE_VALUES = 500;

/**
 * `GET /api/v1/narratives/scopes` (member): the campaigns (with their channel: `call` campaigns for
 * campaign reports, `chat` ones for chat-campaign reports) and quality checks of the data, by name,
 * so the generate dialog offers values from the data instead of asking for ids. Segments come from
 * `GET /api/v1/segments`.
 */
export const route = createRoute({
  method: "get",
  path: "/api/v1/narratives/scopes",
  operationId: "v1.narratives.scopes",
  tags: ["Narratives"],
  summary: "Scope values for narrative reports",
  description: `The campaigns (id, name, channel) and quality checks (id, name, campaign) in the data, by name, at most ${MAX_SCOPE_VALUES} of each: the values a narrative report's scope takes (campaign:ID, chat-campaign:ID, check:ID).`,
  responses: {
    200: { description: "Campaigns and checks", content: { "application/json": { schema: NarrativeScopes } } },
    ...errorResponses(401, 500),
  },
});

export function registerV1NarrativesScopes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { warehouse } = c.get("services");
    const campaigns = await warehouse.query<{ id: string; name: string; channel: string }>(
      "SELECT campaign_id AS id, name, channel FROM campaigns ORDER BY lower(name), campaign_id LIMIT $1",
      [MAX_SCOPE_VALUES],
    );
    const checks = await warehouse.query<{ id: string; name: string; campaignId: string | null }>(
      `SELECT check_id AS id, name, campaign_id AS "campaignId" FROM quality_checks ORDER BY lower(name), check_id LIMIT $1`,
      [MAX_SCOPE_VALUES],
    );
    return c.json({ campaigns, checks }, 200);
  });
}
