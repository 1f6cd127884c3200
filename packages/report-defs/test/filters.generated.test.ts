/**
 * Filtered figures equal independent SQL over the facts, on generated data. Each (table, filter)
 * pair has its condition written here by hand, apart from filters.ts, over rows aliased `t`, and a
 * value taken from the data (the most frequent one; `abandoned` for the outcome):
 * - reports with records (calls, check results, conversations, assignments): the records of the
 *   filtered figure are exactly the unfiltered figure's records that meet the hand-written
 *   condition, and there are as many as the filtered figure counts (or they give its average,
 *   sum or ratio); this covers the summaries that apply a filter (call_quality, check_quality);
 * - the reports without records, those with summaries first (message minutes, quarter-hours): the
 *   whole period's figure with each filter they take equals a hand-written SQL aggregate over the
 *   fact, the window being local days computed by DuckDB's own time-zone functions.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  defaultRegistry,
  FILTER_NAMES,
  type FilterName,
  type KpiResult,
  type MeasureDefinition,
  type RankingResult,
  RECORD_KINDS,
  type RecordKind,
  type ReportDefinition,
  type ReportResult,
  recordsOf,
  runReport,
  type TableResult,
  type TimeseriesResult,
} from "../src/index";
import { generatedWarehouse } from "./generated-fixture";
import { allRecords, figures, fromRecords, type Item } from "./records-helpers";

let g: Awaited<ReturnType<typeof generatedWarehouse>>;
beforeAll(async () => {
  g = await generatedWarehouse();
});
afterAll(() => g?.close());

const TZ = "Europe/Amsterdam";
const FROM = "2026-10-21";
const TO = "2026-10-28";
const QUERY = { from: FROM, to: TO, timezone: TZ, compare: "none" } as const;

/** A hand-written filter: the condition on rows `t` (`$1` is the value) and where values come from. */
interface Cond {
  readonly cond: string;
  readonly values: string;
}
const own = (table: string, column: string): Cond => ({
  cond: `t.${column} = $1`,
  values: `SELECT ${column} AS v FROM ${table}`,
});
const ofConversation = (column: string): Cond => ({
  cond: `t.conversation_id IN (SELECT conversation_id FROM conversations WHERE ${column} = $1)`,
  values: `SELECT ${column} AS v FROM conversations`,
});
const OUTCOME = "CASE WHEN answered THEN 'answered' WHEN abandoned THEN 'abandoned' ELSE 'ivr' END";
const ofCall = (column: string): Cond => ({
  cond: `t.call_id IN (SELECT call_id FROM calls WHERE ${column} = $1)`,
  values: `SELECT ${column} AS v FROM calls`,
});
const callChecked: Cond = {
  cond: "t.call_id IN (SELECT call_id FROM call_check_results WHERE check_id = $1)",
  values: "SELECT check_id AS v FROM call_check_results",
};
/** Team on a fact without its own (issue 16): conversations with an assignment to the team. */
const assignedTeam: Cond = {
  cond: "t.conversation_id IN (SELECT conversation_id FROM assignments WHERE team_id = $1)",
  values: "SELECT team_id AS v FROM assignments",
};
/** Label (issue 16): the row's conversation carries it. */
const labelled: Cond = {
  cond: "t.conversation_id IN (SELECT conversation_id FROM conversation_labels WHERE label = $1)",
  values: "SELECT label AS v FROM conversation_labels",
};
/** The derived per-resolve facts (issue 16). */
const resolutionConds = (table: string): Partial<Record<FilterName, Cond>> => ({
  campaign: own(table, "campaign_id"),
  agent: own(table, "agent_id"),
  channel: ofConversation("channel"),
  language: ofConversation("language"),
  intent: ofConversation("intent"),
  conversation: own(table, "conversation_id"),
  team: own(table, "team_id"),
  label: table === "resolution_labels" ? own(table, "label") : labelled,
});
const conversationAgent: Cond = {
  cond: "t.conversation_id IN (SELECT conversation_id FROM assignments WHERE agent_id = $1)",
  values: "SELECT agent_id AS v FROM assignments",
};

/** By hand: how each filter reads on each table (docs/api.md says the same in words). */
const CONDITIONS: Record<string, Partial<Record<FilterName, Cond>>> = {
  calls: {
    campaign: own("calls", "campaign_id"),
    agent: own("calls", "agent_id"),
    queue: own("calls", "queue"),
    topic: own("calls", "topic"),
    outcome: {
      cond: "(CASE WHEN t.answered THEN 'answered' WHEN t.abandoned THEN 'abandoned' ELSE 'ivr' END) = $1",
      values: `SELECT ${OUTCOME} AS v FROM calls`,
    },
    check: callChecked,
    call: own("calls", "call_id"),
  },
  call_check_results: {
    campaign: own("call_check_results", "campaign_id"),
    agent: own("call_check_results", "agent_id"),
    queue: ofCall("queue"),
    topic: ofCall("topic"),
    outcome: ofCall(`(${OUTCOME})`),
    check: own("call_check_results", "check_id"),
    call: own("call_check_results", "call_id"),
  },
  conversations: {
    campaign: own("conversations", "campaign_id"),
    agent: conversationAgent,
    channel: own("conversations", "channel"),
    language: own("conversations", "language"),
    intent: own("conversations", "intent"),
    conversation: own("conversations", "conversation_id"),
    team: assignedTeam,
    label: labelled,
  },
  messages: {
    campaign: own("messages", "campaign_id"),
    agent: own("messages", "agent_id"),
    channel: ofConversation("channel"),
    language: own("messages", "language"),
    intent: ofConversation("intent"),
    conversation: own("messages", "conversation_id"),
    team: assignedTeam,
    label: labelled,
  },
  assignments: {
    campaign: own("assignments", "campaign_id"),
    agent: own("assignments", "agent_id"),
    channel: ofConversation("channel"),
    language: ofConversation("language"),
    intent: ofConversation("intent"),
    conversation: own("assignments", "conversation_id"),
    team: own("assignments", "team_id"),
    label: labelled,
  },
  ratings: {
    campaign: ofConversation("campaign_id"),
    agent: own("ratings", "agent_id"),
    channel: ofConversation("channel"),
    language: ofConversation("language"),
    intent: ofConversation("intent"),
    conversation: own("ratings", "conversation_id"),
    team: assignedTeam,
    label: labelled,
  },
  conversation_events: {
    campaign: own("conversation_events", "campaign_id"),
    channel: ofConversation("channel"),
    language: ofConversation("language"),
    intent: ofConversation("intent"),
    conversation: own("conversation_events", "conversation_id"),
    team: own("conversation_events", "team_id"),
    label: labelled,
  },
  resolution_events: resolutionConds("resolution_events"),
  resolution_labels: resolutionConds("resolution_labels"),
  surveys: {
    campaign: own("surveys", "campaign_id"),
    channel: ofConversation("channel"),
    language: ofConversation("language"),
    intent: ofConversation("intent"),
    conversation: own("surveys", "conversation_id"),
    team: assignedTeam,
    label: labelled,
  },
  conversation_bot: {
    campaign: own("conversation_bot", "campaign_id"),
    channel: ofConversation("channel"),
    language: ofConversation("language"),
    intent: ofConversation("intent"),
    conversation: own("conversation_bot", "conversation_id"),
    team: assignedTeam,
    label: labelled,
  },
  agent_states: { campaign: own("agent_states", "campaign_id"), agent: own("agent_states", "agent_id") },
  agent_shifts: { campaign: own("agent_shifts", "campaign_id"), agent: own("agent_shifts", "agent_id") },
  invites_hourly: { campaign: own("invites_hourly", "campaign_id") },
  traffic_hourly: { campaign: own("traffic_hourly", "campaign_id") },
  replies: {
    campaign: own("replies", "campaign_id"),
    agent: own("replies", "agent_id"),
    channel: ofConversation("channel"),
    language: ofConversation("language"),
    intent: ofConversation("intent"),
    conversation: own("replies", "conversation_id"),
    team: own("replies", "team_id"),
    label: labelled,
  },
};

/** The value a filter is tested with on a table: the most frequent one (`abandoned` for the outcome). */
async function valueFor(table: string, filter: FilterName): Promise<string> {
  if (filter === "outcome") return "abandoned";
  const c = CONDITIONS[table]?.[filter];
  if (!c) throw new Error(`no hand-written condition for ${filter} on ${table}`);
  const [row] = await g.wh.query<{ v: string }>(
    `SELECT v FROM (${c.values}) WHERE v IS NOT NULL GROUP BY v ORDER BY count(*) DESC, v LIMIT 1`,
  );
  if (!row) throw new Error(`no value of ${filter} in ${table}`);
  return String(row.v);
}

/** The id of a record, and the same id over fact rows `t` in SQL. */
const recordId = (kind: RecordKind, item: Item) => RECORD_KINDS[kind].ids.map((c) => String(item[c])).join("|");
const idSql = (kind: RecordKind) => RECORD_KINDS[kind].ids.map((c) => `t.${c}`).join(" || '|' || ");

/** The whole period's figure of measure `m` (the first figure `figures` lists with no bucket, key or cell). */
function wholeFigure(def: ReportDefinition, r: ReportResult, m: MeasureDefinition) {
  return figures(def, r, m).find((f) => Object.keys(f.selector).every((k) => k === "measure"));
}

const cases = defaultRegistry()
  .list()
  .flatMap((def) =>
    recordsOf(def).flatMap((rec) =>
      rec.kind ? def.filters.map((f) => [def.id, rec.measure, f, rec.kind as RecordKind] as const) : [],
    ),
  );

describe("the records of a filtered figure are the unfiltered ones that meet the filter", () => {
  const unfiltered = new Map<string, Item[]>();
  it.each(cases)("%s %s filtered by %s", async (id, measureId, filter, kind) => {
    const def = defaultRegistry().get(id);
    const m = def.measures.find((x) => x.id === measureId) as MeasureDefinition;
    const value = await valueFor(def.table, filter);
    const key = `${id} ${measureId}`;
    let all = unfiltered.get(key);
    if (!all) {
      all = (await allRecords(g.wh, def, { measure: measureId }, QUERY)).items;
      unfiltered.set(key, all);
    }
    const query = { ...QUERY, filters: { [filter]: [value] } };
    const filtered = await allRecords(g.wh, def, { measure: measureId }, query);
    const cond = CONDITIONS[def.table]?.[filter] as Cond;
    const passing = new Set(
      (
        await g.wh.query<{ id: string }>(`SELECT ${idSql(kind)} AS id FROM ${def.table} AS t WHERE ${cond.cond}`, [
          value,
        ])
      ).map((r) => String(r.id)),
    );
    const expected = all.map((i) => recordId(kind, i)).filter((x) => passing.has(x));
    expect(filtered.items.map((i) => recordId(kind, i))).toEqual(expected);
    // And the filtered figure is what those records give.
    const result = await runReport(def, query, (sql, params) => g.wh.query(sql, params));
    const whole = wholeFigure(def, result, m);
    if (whole) {
      const got = fromRecords(m, filtered.items, filtered.total);
      if (whole.value === null || got === null) expect(got).toBe(whole.value);
      else expect(got).toBeCloseTo(whole.value, 9);
    }
  });

  it("the filters chosen discriminate: some leave records out, none leaves nothing for every report", async () => {
    const def = defaultRegistry().get("calls.offered");
    const all = (await allRecords(g.wh, def, {}, QUERY)).total;
    for (const f of ["agent", "queue", "topic", "outcome", "check"] as const) {
      const value = await valueFor("calls", f);
      const n = (await allRecords(g.wh, def, {}, { ...QUERY, filters: { [f]: [value] } })).total;
      expect(n, f).toBeGreaterThan(0);
      expect(n, f).toBeLessThan(all);
    }
  });

  it("the three call outcomes partition the calls offered, each as the canonical flags say", async () => {
    const def = defaultRegistry().get("calls.offered");
    const all = (await allRecords(g.wh, def, {}, QUERY)).total;
    let sum = 0;
    for (const outcome of ["answered", "abandoned", "ivr"]) {
      const n = (await allRecords(g.wh, def, {}, { ...QUERY, filters: { outcome: [outcome] } })).total;
      const [row] = await g.wh.query<{ n: number }>(
        `SELECT count(*) AS n FROM calls AS t WHERE ${inWindow("started_at")} AND ${CONDITIONS.calls?.outcome?.cond}`,
        [outcome],
      );
      expect(n, outcome).toBe(Number(row?.n));
      expect(n, outcome).toBeGreaterThan(0);
      sum += n;
    }
    expect(sum).toBe(all);
  });
});

/** A local-day window over time column `time` of rows `t`, by DuckDB's ICU (not the compiler's offsets). */
const inWindow = (time: string) =>
  `t.${time} IS NOT NULL AND CAST(timezone('${TZ}', t.${time}::TIMESTAMPTZ) AS DATE) BETWEEN DATE '${FROM}' AND DATE '${TO}'`;

interface Independent {
  readonly table: string;
  readonly time: string;
  /** SQL giving `v` over rows `t` meeting `where`. */
  readonly sql: (where: string) => string;
  readonly pick: (r: ReportResult) => number | null | undefined;
}
const kpi = (r: ReportResult) => (r as KpiResult).value;
const count = (table: string, time: string, extra = "TRUE"): Independent => ({
  table,
  time,
  sql: (w) => `SELECT count(*) AS v FROM ${table} AS t WHERE ${w} AND ${extra}`,
  pick: kpi,
});

/** Reports without records, their figure by hand. */
const FIGURES: Record<string, Independent> = {
  "engagement.messages": count("messages", "sent_at"),
  "performance.bot_responses": count("messages", "sent_at", "t.sender = 'bot'"),
  "performance.agent_actions": count("messages", "sent_at", "t.sender = 'agent'"),
  "contact_centre.messages": count(
    "messages",
    "sent_at",
    "t.sender IN ('contact', 'agent') AND t.conversation_assigned",
  ),
  "activity.incoming_messages": {
    ...count("messages", "sent_at", "t.sender = 'contact'"),
    pick: (r) => (r as TimeseriesResult).series[0]?.total,
  },
  "performance.messages_per_conversation": {
    table: "messages",
    time: "sent_at",
    sql: (w) =>
      `SELECT count(*)::DOUBLE / nullif(count(DISTINCT t.conversation_id), 0) AS v FROM messages AS t WHERE ${w}`,
    pick: kpi,
  },
  "activity.peak_volume": {
    table: "messages",
    time: "sent_at",
    sql: (w) =>
      `SELECT max(n) AS v FROM (SELECT date_trunc('minute', timezone('${TZ}', t.sent_at::TIMESTAMPTZ)) AS m, count(*) AS n FROM messages AS t WHERE ${w} GROUP BY m)`,
    pick: kpi,
  },
  "contacts.unique": {
    table: "conversations",
    time: "started_at",
    sql: (w) => `SELECT count(DISTINCT t.contact_id) AS v FROM conversations AS t WHERE ${w}`,
    pick: kpi,
  },
  "contacts.active": {
    table: "messages",
    time: "sent_at",
    sql: (w) => `SELECT count(DISTINCT t.contact_id) AS v FROM messages AS t WHERE ${w} AND t.sender = 'contact'`,
    pick: kpi,
  },
  "contact_centre.unique_users": {
    table: "conversations",
    time: "started_at",
    sql: (w) => `SELECT count(DISTINCT t.contact_id) AS v FROM conversations AS t WHERE ${w} AND t.served`,
    pick: kpi,
  },
  "quality.ratings": count("ratings", "rated_at"),
  "quality.positive_share": {
    table: "ratings",
    time: "rated_at",
    sql: (w) =>
      `SELECT 100.0 * count(*) FILTER (WHERE (t.scale = 'thumbs' AND t.value = 1) OR (t.scale = 'face' AND t.value = 3) OR (t.scale = '1-5' AND t.value >= 4)) / nullif(count(*), 0) AS v FROM ratings AS t WHERE ${w}`,
    pick: kpi,
  },
  "quality.csat_response_rate": {
    table: "surveys",
    time: "sent_at",
    sql: (w) =>
      `SELECT 100.0 * count(*) FILTER (WHERE t.survey_id IN (SELECT rating_id FROM ratings)) / nullif(count(*), 0) AS v FROM surveys AS t WHERE ${w}`,
    pick: kpi,
  },
  "quality.csat_responses": {
    ...count("surveys", "sent_at"),
    pick: (r) => (r as TimeseriesResult).series[0]?.total,
  },
  "quality.csat_score_shares": {
    ...count("ratings", "rated_at", "t.scale = '1-5'"),
    pick: (r) => (r as RankingResult).total,
  },
  "quality.face_score_shares": {
    ...count("ratings", "rated_at", "t.scale = 'face'"),
    pick: (r) => (r as RankingResult).total,
  },
  "lifecycle.bot_resolutions": count("conversation_bot", "bot_resolved_at"),
  "lifecycle.bot_handoffs": count("conversation_bot", "handoff_at"),
  "lifecycle.bot_resolution_rate": {
    table: "conversation_bot",
    time: "began_at",
    sql: (w) =>
      `SELECT 100.0 * count(t.bot_resolved_at) / nullif(count(*), 0) AS v FROM conversation_bot AS t WHERE ${w}`,
    pick: kpi,
  },
  "lifecycle.bot_handoff_rate": {
    table: "conversation_bot",
    time: "began_at",
    sql: (w) => `SELECT 100.0 * count(t.handoff_at) / nullif(count(*), 0) AS v FROM conversation_bot AS t WHERE ${w}`,
    pick: kpi,
  },
  "lifecycle.bot_outcomes": {
    ...count("conversation_bot", "began_at"),
    pick: (r) => (r as TimeseriesResult).series[0]?.total,
  },
  "agents.connection_time": {
    table: "agent_states",
    time: "time_start",
    sql: (w) =>
      `SELECT coalesce(sum(epoch(t.time_end) - epoch(t.time_start)), 0) AS v FROM agent_states AS t WHERE ${w} AND t.origin = 'activity' AND t.state = 'online'`,
    pick: (r) => (r as RankingResult).total,
  },
  "shifts.agents": {
    table: "agent_shifts",
    time: "workshift_start",
    sql: (w) => `SELECT coalesce(sum(t.num_chats), 0) AS v FROM agent_shifts AS t WHERE ${w}`,
    pick: (r) => (r as TableResult).totals.values.chats,
  },
  "invites.funnel": {
    table: "invites_hourly",
    time: "hour_begin_time",
    sql: (w) => `SELECT coalesce(sum(t.num_proactive), 0) AS v FROM invites_hourly AS t WHERE ${w}`,
    pick: (r) => (r as TableResult).totals.values.shown,
  },
  "lifecycle.resolutions": count("resolution_events", "resolved_at"),
  "lifecycle.reopen_rate": {
    table: "conversation_events",
    time: "occurred_at",
    sql: (w) =>
      `SELECT 100.0 * count(*) FILTER (WHERE t.event = 'reopened') / nullif(count(*) FILTER (WHERE t.event = 'resolved'), 0) AS v FROM conversation_events AS t WHERE ${w}`,
    pick: kpi,
  },
  "lifecycle.resolution_time": {
    table: "resolution_events",
    time: "resolved_at",
    sql: (w) => `SELECT avg(t.seconds) AS v FROM resolution_events AS t WHERE ${w}`,
    pick: kpi,
  },
  "lifecycle.resolution_time_business": {
    table: "resolution_events",
    time: "resolved_at",
    sql: (w) => `SELECT avg(t.business_seconds) AS v FROM resolution_events AS t WHERE ${w}`,
    pick: kpi,
  },
  "lifecycle.resolution_time_by_agent": {
    ...count("resolution_events", "resolved_at"),
    pick: (r) => (r as TableResult).totals.values.resolutions,
  },
  "lifecycle.resolution_time_by_team": {
    ...count("resolution_events", "resolved_at"),
    pick: (r) => (r as TableResult).totals.values.resolutions,
  },
  "lifecycle.resolution_time_by_label": {
    ...count("resolution_labels", "resolved_at"),
    pick: (r) => (r as TableResult).totals.values.resolutions,
  },
  "traffic.entrypoints": {
    table: "traffic_hourly",
    time: "hour_begin_time",
    sql: (w) => `SELECT coalesce(sum(t.visits), 0) AS v FROM traffic_hourly AS t WHERE ${w}`,
    pick: (r) => (r as TableResult).totals.values.visits,
  },
  ...replyFigures(),
};

/**
 * The lifecycle reports over `replies` (issue 16), by hand: for each family the mean of its seconds
 * column over its rows (first responses or later replies; the business variants over rows with
 * business seconds), read from the KPI and from the per-agent and per-team tables' totals, and the
 * count of those rows from the series' count total.
 */
function replyFigures(): Record<string, Independent> {
  const families: [string, string, string, string, string][] = [
    ["lifecycle.first_response_time", "seconds", "t.is_first", "first_response_from_messages", "first_responses"],
    [
      "lifecycle.first_response_time_business",
      "business_seconds",
      "t.is_first",
      "first_response_business",
      "first_responses",
    ],
    ["lifecycle.reply_time", "seconds", "NOT t.is_first", "reply_time", "replies"],
    ["lifecycle.reply_time_business", "business_seconds", "NOT t.is_first", "reply_time_business", "replies"],
  ];
  const out: Record<string, Independent> = {};
  for (const [id, column, rows, mean, n] of families) {
    const where = `${rows} AND t.${column} IS NOT NULL`;
    const avg: Omit<Independent, "pick"> = {
      table: "replies",
      time: "replied_at",
      sql: (w) => `SELECT avg(t.${column}) AS v FROM replies AS t WHERE ${w} AND ${where}`,
    };
    out[id] = { ...avg, pick: kpi };
    out[`${id}_by_agent`] = { ...avg, pick: (r) => (r as TableResult).totals.values[mean] };
    out[`${id}_by_team`] = { ...avg, pick: (r) => (r as TableResult).totals.values[mean] };
    out[`${id}_over_time`] = {
      table: "replies",
      time: "replied_at",
      sql: (w) => `SELECT count(*) AS v FROM replies AS t WHERE ${w} AND ${where}`,
      pick: (r) => (r as TimeseriesResult).series.find((x) => x.measureId === n)?.total,
    };
  }
  return out;
}

const figureCases = Object.keys(FIGURES).flatMap((id) =>
  [undefined, ...FILTER_NAMES.filter((f) => defaultRegistry().get(id).filters.includes(f))].map(
    (f) => [id, f ?? "no filter"] as const,
  ),
);

describe("figures without records, filtered, equal hand-written SQL over the facts", () => {
  it.each(figureCases)("%s with %s", async (id, filter) => {
    const def = defaultRegistry().get(id);
    const spec = FIGURES[id] as Independent;
    expect(spec.table).toBe(def.table);
    let where = inWindow(spec.time);
    const params: string[] = [];
    let query: object = QUERY;
    if (filter !== "no filter") {
      const f = filter as FilterName;
      const value = await valueFor(def.table, f);
      where += ` AND ${CONDITIONS[def.table]?.[f]?.cond}`;
      params.push(value);
      query = { ...QUERY, filters: { [f]: [value] } };
    }
    const [row] = await g.wh.query<{ v: number | null }>(spec.sql(where), params);
    const result = await runReport(def, query, (sql, p) => g.wh.query(sql, p));
    const got = spec.pick(result) ?? null;
    const expected = row?.v === null || row?.v === undefined ? null : Number(row.v);
    if (got === null || expected === null) expect(got).toBe(expected);
    else expect(got).toBeCloseTo(expected, 9);
    if (filter === "no filter") expect(expected, `${id}: the data has none`).not.toBe(0);
  });

  it("cover every report without records that takes a filter, but the staffing view", () => {
    const without = defaultRegistry()
      .list()
      .filter((d) => d.filters.length > 0 && recordsOf(d).every((r) => r.kind === null));
    const missing = without.map((d) => d.id).filter((id) => !FIGURES[id]);
    // Covered elsewhere: timeseries of the same facts as a KPI here (per-day figures have no total).
    expect(missing.sort()).toEqual([
      "activity.max_messages_per_minute",
      "activity.messages_per_conversation",
      "agents.connection_time_daily",
      "lifecycle.reopens",
      "lifecycle.resolution_time_daily",
      "quality.thumbs_down",
      "quality.thumbs_up",
      "staffing.chats_per_agent_hour",
    ]);
  });
});
