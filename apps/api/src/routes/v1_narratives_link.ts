import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { NameSchema } from "../auth/schemas";
import type { AppEnv } from "../env";
import { errorResponses } from "../errors";
import { creatorOf, type Links } from "../links/links";
import { CreatedLink, PasscodeSchema } from "../links/schemas";
import { principalOf } from "../middleware/access";
import { mapped, NarrativeIdSchema, narrativesOf } from "../narrative/service";

/** The body of {@link route}. */
export const NarrativeLinkBody = z
  .strictObject({
    label: NameSchema.openapi({ example: "Board, December" }),
    title: NameSchema.optional().openapi({
      description: "Title of the public page; default '<type>, <from> to <to>' (never the scope's ids).",
    }),
    expiresInDays: z
      .int({ error: "must be a whole number of days or null" })
      .min(1, "must be at least 1")
      .max(3650, "must be at most 3650")
      .nullable()
      .optional()
      .openapi({ description: "Days until the link stops working; default 30; null for never." }),
    passcode: PasscodeSchema.optional(),
    showAgentNames: z.boolean().optional().openapi({ description: "Show agents by name (default: 'Agent 1..n')." }),
  })
  .openapi("NewNarrativeLink");

/**
 * `POST /api/v1/narratives/{narrativeId}/link` (member): a public link of a finished narrative
 * report (issue 12/14), frozen: its sections and facts without personal data (docs/public-links.md).
 */
export const route = createRoute({
  method: "post",
  path: "/api/v1/narratives/{narrativeId}/link",
  operationId: "v1.narratives.link",
  tags: ["Narratives", "Links"],
  summary: "Share a narrative report as a public link",
  description:
    "Freezes the finished report into a snapshot and makes a link anyone with its token opens at `/r/<token>`: the executive summary, figures with their bands and trends, check and agent tables, common issues and recommendations. No call or conversation ids, no scope ids, agents as 'Agent n' unless `showAgentNames`, agent names hidden from issue texts, e-mail addresses hidden everywhere. The token is returned this once; revoke or rotate it on the Links page. 409 when the report is not finished.",
  request: {
    params: z.object({ narrativeId: NarrativeIdSchema }),
    body: { required: true, content: { "application/json": { schema: NarrativeLinkBody } } },
  },
  responses: {
    201: { description: "The link and its token", content: { "application/json": { schema: CreatedLink } } },
    ...errorResponses(400, 401, 404, 409, 500),
  },
});

export function registerV1NarrativesLink(app: OpenAPIHono<AppEnv>, links: Links): void {
  app.openapi(route, async (c) => {
    const { narrativeId } = c.req.valid("param");
    const n = await mapped(() => narrativesOf(c).get(narrativeId));
    const { token, link } = await links.createNarrative(n, c.req.valid("json"), creatorOf(principalOf(c)));
    return c.json({ token, path: `/r/${token}`, link }, 201);
  });
}
