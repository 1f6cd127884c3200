import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { computeLive, LIVE_DEFINITION, type LiveView, NO_TEAM, scopeLive } from "@tallyline/report-defs";
import { currentDemoMarker, DemoMarker } from "../dataStatus";
import type { AppEnv, Services } from "../env";
import { ApiError, errorResponses } from "../errors";
import { segmentEcho, segmentOfQuery } from "../segments/segments";
import { reportRunner } from "../services/reportRunner";

/** The filters a segment may hold for the live view (its rows are campaigns and teams). */
const LIVE_FILTERS = new Set(["campaign", "team"]);

/** Most ids one `campaign` or `team` parameter lists. */
const MAX_IDS = 200;

const idList = (name: string) =>
  z
    .string()
    .max(10_000)
    .optional()
    .openapi({
      description: `Comma-separated ${name} ids: keep only their rows (and sum the totals over them).${name === "team" ? ` \`${NO_TEAM}\` selects conversations without a team.` : ""}`,
      example: name === "team" ? "chatwoot:team-1,(none)" : "c24:sales",
    });

/** Counts of one row or of the totals; every count is conversations. */
export const LiveCounts = z
  .object({
    open: z.number().int().openapi({ description: "Latest status 'opened', 'handoff' or 'reopened'." }),
    unattended: z.number().int().openapi({
      description:
        "Open, with no agent message of kind 'message' since the current open stretch began (the reopen, the bot's handoff, the return from a snooze); notes, templates, automated messages and bot messages are not replies.",
    }),
    unassigned: z.number().int().openapi({
      description:
        "Open, and the latest assignment is missing, missed, has no agent, or ended while the conversation stayed open (an assignment ended by a resolve comes back with a reopen).",
    }),
    pending: z.number().int().openapi({ description: "Latest status 'pending': with the bot." }),
    snoozed: z.number().int().openapi({ description: "Latest status 'snoozed' (not counted as open)." }),
  })
  .openapi("LiveCounts");

/** One campaign and team. */
export const LiveRow = LiveCounts.extend({
  campaignId: z.string().nullable(),
  campaignName: z.string().nullable().openapi({ description: "The campaign's name (data: show as text)." }),
  teamId: z.string().nullable().openapi({ description: "Null: no team known (no assignment or event names one)." }),
  teamName: z.string().nullable(),
}).openapi("LiveRow");

/** The answer of `GET /api/v1/live`. */
export const LiveResult = z
  .object({
    asOf: z.string().nullable().openapi({
      description:
        "The data's as-of instant (ISO-8601 UTC): the newest conversation status event or message in the data. Every state is the state at this instant. Null without chat data.",
      example: "2026-12-01T11:45:00.000Z",
    }),
    importedAt: z.string().nullable().openapi({
      description:
        "When the latest import that wrote chat rows (conversations, messages, assignments or status events) committed (ISO-8601 UTC); null when none did.",
    }),
    rows: z.array(LiveRow),
    totals: LiveCounts,
    definition: z.string(),
  })
  .extend(DemoMarker.shape)
  .extend({ segment: z.object({ id: z.string(), name: z.string() }).optional() })
  .openapi("LiveResult");

/**
 * `GET /api/v1/live?campaign=&team=&segmentId=` (any signed-in member or key): the live view
 * (packages/report-defs/src/live.ts), computed once per data version and narrowed per request.
 */
export const route = createRoute({
  method: "get",
  path: "/api/v1/live",
  operationId: "v1.live",
  tags: ["Reports"],
  summary: "Live view: open, unattended, unassigned and pending conversations now",
  description: `${LIVE_DEFINITION} Rows by campaign and team (only those with a conversation counted) and totals. \`campaign\` and \`team\` keep some rows; \`segmentId\` applies a saved segment's campaign and team filters (a segment with any other filter is a 400: the live view has no period, agent or channel).`,
  request: {
    query: z.object({
      campaign: idList("campaign"),
      team: idList("team"),
      segmentId: z.string().optional().openapi({ description: "A segment (`GET /api/v1/segments`) to apply." }),
    }),
  },
  responses: {
    200: { description: "The live view", content: { "application/json": { schema: LiveResult } } },
    ...errorResponses(400, 401, 404, 500, 503, 504),
  },
});

/** The ids of a comma-separated parameter (trimmed, empty ones dropped; none: undefined); 400 past MAX_IDS. */
function ids(value: string | undefined, name: string): string[] | undefined {
  if (value === undefined) return undefined;
  const list = [...new Set(value.split(",").map((s) => s.trim()))].filter((s) => s !== "");
  if (list.length === 0) return undefined;
  if (list.length > MAX_IDS)
    throw new ApiError("invalid_query", `${name}: at most ${MAX_IDS} ids, got ${list.length}`, { path: name });
  return list;
}

/** The whole live view of `services`' data, once per data version (shared by every request until an import). */
export function currentLive(services: Services): Promise<LiveView> {
  return reportRunner(services).memo("live-view", (q) => computeLive(q));
}

/** Registers `GET /api/v1/live` (closed to anonymous callers by the auth middleware, like every route not in OPEN_ROUTES). */
export function registerV1Live(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const services = c.get("services");
    const q = c.req.valid("query");
    const { segment } = await segmentOfQuery(c, q.segmentId === undefined ? {} : { segmentId: q.segmentId });
    const campaigns = ids(q.campaign, "campaign");
    const teams = ids(q.team, "team");
    const scope: { campaigns?: string[]; teams?: string[] } = {};
    if (campaigns) scope.campaigns = campaigns;
    if (teams) scope.teams = teams;
    if (segment) {
      const names = Object.keys(segment.filters);
      const other = names.find((n) => !LIVE_FILTERS.has(n));
      if (other)
        throw new ApiError(
          "invalid_query",
          `segmentId: segment '${segment.name}' filters on '${other}', which the live view cannot apply (it takes campaign and team only)`,
          { path: "segmentId", filter: other },
        );
      const filters = segment.filters as Record<string, readonly string[] | undefined>;
      // The segment narrows what the query asked: both lists apply (an intersection).
      for (const [name, key] of [
        ["campaign", "campaigns"],
        ["team", "teams"],
      ] as const) {
        const values = filters[name];
        if (!values) continue;
        const asked = scope[key];
        scope[key] = asked ? asked.filter((v) => values.includes(v)) : [...values];
      }
    }
    const view = scopeLive(await currentLive(services), scope);
    const demo = await currentDemoMarker(services);
    return c.json(
      { ...view, rows: [...view.rows], definition: LIVE_DEFINITION, ...demo, ...segmentEcho(segment) },
      200,
    );
  });
}
