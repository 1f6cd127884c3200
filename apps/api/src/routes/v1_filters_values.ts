import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../env";
import { errorResponses } from "../errors";
import { reportRunner } from "../services/reportRunner";

/**
 * The filters whose values this route lists: every query filter of report-defs filters.ts but the
 * id lists `call` and `conversation` (drill-down scopes, not picked from a list).
 */
export const LISTED_FILTERS = [
  "campaign",
  "agent",
  "queue",
  "topic",
  "channel",
  "language",
  "intent",
  "outcome",
  "check",
  "team",
  "label",
] as const;
export type ListedFilter = (typeof LISTED_FILTERS)[number];

/** Most values one answer lists. */
export const MAX_VALUES_LIMIT = 500;

/**
 * Where each filter's values come from, so that every value listed is one the filter matches
 * (filters.ts FILTER_TARGETS): the value column, a label, and the rows counted for it (all time).
 * - campaign: `campaigns.campaign_id`, labelled by its name; count = calls + conversations.
 * - agent: `agents.agent_id`, labelled by its username (as reports show agents); count = calls
 *   served + conversation assignments.
 * - queue, topic: `calls.queue` / `calls.topic`; count = calls.
 * - channel, language, intent: `conversations.channel` / `language` / `intent`; count = conversations.
 * - check: `quality_checks.check_id`, labelled by its name; count = check results.
 * - outcome: answered, abandoned, ivr (filters.ts CALL_OUTCOMES); count = calls.
 * - team: `teams.team_id`, labelled by its name; count = assignments offered to the team.
 * - label: `conversation_labels.label`; count = conversations carrying it.
 * SQL text is fixed here; the search text and limit are bound parameters.
 */
const SOURCES: Record<ListedFilter, string> = {
  campaign: `SELECT c.campaign_id AS value, c.name AS label,
      (SELECT count(*) FROM calls x WHERE x.campaign_id = c.campaign_id)
      + (SELECT count(*) FROM conversations x WHERE x.campaign_id = c.campaign_id) AS count
    FROM campaigns c`,
  agent: `SELECT a.agent_id AS value, a.username AS label,
      (SELECT count(*) FROM calls x WHERE x.agent_id = a.agent_id)
      + (SELECT count(*) FROM assignments x WHERE x.agent_id = a.agent_id) AS count
    FROM agents a`,
  queue: "SELECT queue AS value, NULL AS label, count(*) AS count FROM calls WHERE queue IS NOT NULL GROUP BY queue",
  topic: "SELECT topic AS value, NULL AS label, count(*) AS count FROM calls WHERE topic IS NOT NULL GROUP BY topic",
  channel:
    "SELECT channel AS value, NULL AS label, count(*) AS count FROM conversations WHERE channel IS NOT NULL GROUP BY channel",
  language:
    "SELECT language AS value, NULL AS label, count(*) AS count FROM conversations WHERE language IS NOT NULL GROUP BY language",
  intent:
    "SELECT intent AS value, NULL AS label, count(*) AS count FROM conversations WHERE intent IS NOT NULL GROUP BY intent",
  check: `SELECT q.check_id AS value, q.name AS label,
      (SELECT count(*) FROM call_check_results x WHERE x.check_id = q.check_id) AS count
    FROM quality_checks q`,
  outcome: `SELECT o.value, o.label, count(c.call_id) AS count
    FROM (VALUES ('answered', 'Answered', 1), ('abandoned', 'Abandoned', 2), ('ivr', 'Ended before the queue', 3)) o(value, label, n)
    LEFT JOIN calls c ON (CASE WHEN c.answered THEN 'answered' WHEN c.abandoned THEN 'abandoned' ELSE 'ivr' END) = o.value
    GROUP BY o.value, o.label, o.n`,
  team: `SELECT t.team_id AS value, t.name AS label,
      (SELECT count(*) FROM assignments x WHERE x.team_id = t.team_id) AS count
    FROM teams t`,
  label:
    "SELECT label AS value, NULL AS label, count(DISTINCT conversation_id) AS count FROM conversation_labels GROUP BY label",
};

/** One value of a filter. */
export const FilterValueItem = z
  .object({
    /** The value exactly as the filter takes it (`filters: { name: [value] }`). */
    value: z.string(),
    /** A display name when the data has one (campaign and check names, agent usernames), else null. */
    label: z.string().nullable(),
    /** Rows carrying the value, all time (see the route's description for which rows). */
    count: z.number().int(),
  })
  .openapi("FilterValue");

/** The answer: the filter, its values (most rows first), and whether more matched than `limit`. */
export const FilterValues = z
  .object({ name: z.enum(LISTED_FILTERS), items: z.array(FilterValueItem), truncated: z.boolean() })
  .openapi("FilterValues");

/**
 * `GET /api/v1/filters/{name}/values?q=&limit=` (any signed-in user or key): the distinct values of
 * one filter in the warehouse, with counts, read through the read pool. `q` keeps the values whose
 * value or label contains it (any case); `limit` (1-500, default 50) caps the list, most rows
 * first, then by value.
 */
export const route = createRoute({
  method: "get",
  path: "/api/v1/filters/{name}/values",
  operationId: "v1.filters.values",
  tags: ["Reports"],
  summary: "Values of a filter",
  description:
    "The values a report query's filter may take, as they are in the data: campaign ids (with names; count = calls + conversations), agent ids (with usernames; count = calls served + conversation assignments), call queues and topics (count = calls), conversation channels, languages and intents (count = conversations), quality checks (with names; count = check results), call outcomes (count = calls), teams (with names; count = assignments offered to the team) and conversation labels (count = conversations carrying the label). Counts are over all the data, not a period. `q` keeps values whose value or label contains it, in any case. Values are data: show them as text.",
  request: {
    params: z.object({ name: z.enum(LISTED_FILTERS).openapi({ example: "queue" }) }),
    query: z.object({
      q: z.string().max(200).optional().openapi({ example: "sal" }),
      limit: z.coerce.number().int().min(1).max(MAX_VALUES_LIMIT).default(50).openapi({ example: 50 }),
    }),
  },
  responses: {
    200: { description: "The values, most rows first", content: { "application/json": { schema: FilterValues } } },
    ...errorResponses(400, 401, 500, 503, 504),
  },
});

export function registerV1FiltersValues(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { name } = c.req.valid("param");
    const { q, limit } = c.req.valid("query");
    const search = (q ?? "").toLowerCase();
    const sql = `SELECT value, label, count FROM (${SOURCES[name]}) v
      WHERE $1 = '' OR contains(lower(value), $1) OR contains(lower(coalesce(label, '')), $1)
      ORDER BY count DESC, value
      LIMIT $2`;
    const rows = await reportRunner(c.get("services")).read<{
      value: string;
      label: string | null;
      count: number;
    }>(sql, [search, limit + 1], { signal: c.req.raw.signal });
    const items = rows.slice(0, limit).map((r) => ({ value: r.value, label: r.label ?? null, count: Number(r.count) }));
    return c.json({ name, items, truncated: rows.length > limit }, 200);
  });
}
