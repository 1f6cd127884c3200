/**
 * The ground-truth figures (src/truth.ts) worked out independently with SQL over an
 * imported warehouse: local days come from DuckDB's own time-zone conversion (ICU), not from the
 * generator's calendar, and every count from the canonical tables alone. Tests compare the result
 * with `ground-truth.json` as a whole.
 */
import type { Warehouse } from "@tallyline/warehouse";
import type { LifeTruth } from "../src/lifecycle";
import {
  type Aggregates,
  type CallFigures,
  type Carried,
  type FigureSet,
  type Figures,
  type Keyed,
  type QualityFigures,
  SERVICE_LEVEL_SECS,
  SHORT_ABANDON_SECS,
} from "../src/truth";

type Counts = Map<string, number>;

/** A query grouped by local day `d` (and an optional `k`), returning numeric columns. */
type Rows = { d: string; k?: string | number | null; [column: string]: string | number | null | undefined }[];

const day = (column: string) => `strftime(timezone($1, timezone('UTC', ${column})), '%Y-%m-%d')`;
const hour = (column: string) => `strftime(timezone($1, timezone('UTC', ${column})), '%Y-%m-%dT%H:00')`;
const secs = (from: string, to: string) => `date_diff('second', ${from}, ${to})`;

/** Figures of the warehouse's data per local day of `timezone` and in total, with the fields `carried` says. */
export async function sqlFigures(wh: Warehouse, timezone: string, carried: Carried): Promise<FigureSet> {
  const q = async (sql: string) => (await wh.query(sql, [timezone])) as unknown as Rows;
  const conversations = await q(`SELECT ${day("started_at")} AS d, count(*) AS n FROM conversations GROUP BY ALL`);
  const fresh = await q(
    `SELECT ${day("f")} AS d, count(*) AS n FROM (SELECT min(started_at) AS f FROM conversations WHERE contact_id IS NOT NULL GROUP BY contact_id) GROUP BY ALL`,
  );
  const messages = await q(
    `SELECT ${day("sent_at")} AS d, sender AS k, count(*) AS n FROM messages WHERE sent_at IS NOT NULL GROUP BY ALL`,
  );
  const active = await q(
    `SELECT ${day("sent_at")} AS d, count(DISTINCT contact_id) AS n FROM messages WHERE sender = 'contact' AND sent_at IS NOT NULL GROUP BY ALL`,
  );
  const [activeTotal] = await wh.query(
    "SELECT count(DISTINCT contact_id) AS n FROM messages WHERE sender = 'contact' AND sent_at IS NOT NULL",
  );
  const minutes = await q(
    `SELECT strftime(timezone($1, timezone('UTC', sent_at)), '%Y-%m-%dT%H:%M') AS d, count(*) AS n FROM messages WHERE sent_at IS NOT NULL GROUP BY ALL ORDER BY d`,
  );
  const assignments = await q(`SELECT ${day("assigned_at")} AS d, count(*) AS n,
      count(*) FILTER (WHERE missed) AS missed, count(*) FILTER (WHERE seq > 1) AS transfers,
      count(first_response_at) AS frt_n, coalesce(sum(${secs("assigned_at", "first_response_at")}), 0) AS frt_sum
    FROM assignments GROUP BY ALL`);
  const handled = await q(`SELECT ${day("a.assigned_at")} AS d, g.username AS k, count(*) AS n
    FROM assignments AS a JOIN agents AS g USING (agent_id) WHERE NOT a.missed GROUP BY ALL`);
  const agentSecs =
    await q(`SELECT ${day("a.assigned_at")} AS d, g.username AS k, sum(${secs("a.accepted_at", "a.closed_at")}) AS n
    FROM assignments AS a JOIN agents AS g USING (agent_id)
    WHERE NOT a.missed AND a.accepted_at IS NOT NULL AND a.closed_at IS NOT NULL GROUP BY ALL`);
  const online =
    await q(`SELECT ${day("s.time_start")} AS d, g.username AS k, sum(${secs("s.time_start", "s.time_end")}) AS n
    FROM agent_states AS s JOIN agents AS g USING (agent_id)
    WHERE s.origin = 'activity' AND s.state = 'online' AND s.time_end IS NOT NULL GROUP BY ALL`);
  // Online seconds per local hour: each interval in UTC quarter hours (no local hour starts inside one), read by ICU.
  const onlineHours = await q(`SELECT ${day("t")} AS d, ${hour("t")} AS k,
      sum(${secs("greatest(t, time_start)", "least(t + INTERVAL 15 MINUTE, time_end)")}) AS n,
      count(DISTINCT agent_id) AS agents
    FROM (SELECT agent_id, time_start, time_end, unnest(generate_series(time_bucket(INTERVAL 15 MINUTE, time_start), time_end, INTERVAL 15 MINUTE)) AS t
      FROM agent_states WHERE origin = 'activity' AND state = 'online' AND time_end IS NOT NULL)
    WHERE t < time_end GROUP BY ALL`);
  const assignedHours = await q(`SELECT ${day("started_at")} AS d, ${hour("started_at")} AS k, count(*) AS n
    FROM conversations AS c WHERE EXISTS (SELECT 1 FROM assignments AS a WHERE a.conversation_id = c.conversation_id) GROUP BY ALL`);
  const ratings = await q(
    `SELECT ${day("rated_at")} AS d, scale || ':' || CAST(value AS VARCHAR) AS k, count(*) AS n FROM ratings WHERE rated_at IS NOT NULL GROUP BY ALL`,
  );
  /** Distinct `column` per local day of `time` and over all rows of `from`. */
  const distinct = async (column: string, time: string, from: string) => ({
    days: await q(`SELECT ${day(time)} AS d, count(DISTINCT ${column}) AS n FROM ${from} GROUP BY ALL`),
    total: Number(((await wh.query(`SELECT count(DISTINCT ${column}) AS n FROM ${from}`)) as Rows)[0]?.n ?? 0),
  });
  const servedWhere =
    "EXISTS (SELECT 1 FROM assignments AS a WHERE a.conversation_id = c.conversation_id AND NOT a.missed)";
  const contacts = await distinct("contact_id", "started_at", "conversations");
  const served = await distinct("contact_id", "started_at", `conversations AS c WHERE ${servedWhere}`);
  const messaged = await distinct("conversation_id", "sent_at", "messages WHERE sent_at IS NOT NULL");
  const ccMessages = await q(`SELECT ${day("sent_at")} AS d, count(*) AS n FROM messages AS m
    WHERE sent_at IS NOT NULL AND sender IN ('contact', 'agent')
      AND EXISTS (SELECT 1 FROM assignments AS a WHERE a.conversation_id = m.conversation_id) GROUP BY ALL`);
  const range = (secs: string) => `CASE WHEN ${secs} < 60 THEN 'under 1 min' WHEN ${secs} < 300 THEN '1-5 min'
    WHEN ${secs} < 900 THEN '5-15 min' WHEN ${secs} < 3600 THEN '15-60 min' ELSE 'over 60 min' END`;
  const talk = await q(`SELECT ${day("assigned_at")} AS d, count(*) AS n, sum(${secs("accepted_at", "closed_at")}) AS s
    FROM assignments WHERE NOT missed AND accepted_at IS NOT NULL AND closed_at IS NOT NULL GROUP BY ALL`);
  const ended = "conversations WHERE ended_at IS NOT NULL";
  const resolution = await q(
    `SELECT ${day("started_at")} AS d, count(*) AS n, sum(${secs("started_at", "ended_at")}) AS s FROM ${ended} GROUP BY ALL`,
  );
  const resolutionRanges = await q(
    `SELECT ${day("started_at")} AS d, ${range(secs("started_at", "ended_at"))} AS k, count(*) AS n FROM ${ended} GROUP BY ALL`,
  );
  const frtRanges = await q(`SELECT ${day("assigned_at")} AS d, ${range(secs("assigned_at", "first_response_at"))} AS k,
      count(*) AS n FROM assignments WHERE first_response_at IS NOT NULL GROUP BY ALL`);
  const weekdayHour = (column: string) =>
    `CAST(isodow(timezone($1, timezone('UTC', ${column}))) AS VARCHAR) || ':' || CAST(hour(timezone($1, timezone('UTC', ${column}))) AS VARCHAR)`;
  const conversationHeat = await q(
    `SELECT ${day("started_at")} AS d, ${weekdayHour("started_at")} AS k, count(*) AS n FROM conversations GROUP BY ALL`,
  );
  // Calls by local day of arrival and a key: nothing, queue, topic or agent username.
  const callsBy = (key: string) =>
    q(`SELECT ${day("c.started_at")} AS d, ${key} AS k, count(*) AS offered,
      count(*) FILTER (WHERE answered) AS answered, count(*) FILTER (WHERE abandoned) AS abandoned,
      count(*) FILTER (WHERE abandoned AND wait_secs < ${SHORT_ABANDON_SECS}) AS short,
      count(*) FILTER (WHERE answered AND wait_secs <= ${SERVICE_LEVEL_SECS}) AS in_sl,
      coalesce(sum(wait_secs) FILTER (WHERE answered), 0) AS wait, coalesce(sum(handle_secs) FILTER (WHERE answered), 0) AS handle,
      coalesce(sum(talk_secs) FILTER (WHERE answered), 0) AS talk,
      count(csat) AS csat_n, coalesce(sum(csat), 0) AS csat_sum, count(*) FILTER (WHERE csat >= 4) AS csat_ok,
      count(resolved) FILTER (WHERE answered) AS res_n, count(*) FILTER (WHERE answered AND resolved) AS res
    FROM calls AS c LEFT JOIN agents AS g USING (agent_id) GROUP BY ALL`);
  const calls = await callsBy("NULL");
  const callsByKey = {
    queue: await callsBy("c.queue"),
    topic: await callsBy("c.topic"),
    agent: await callsBy("coalesce(g.username, '(not set)')"),
  };
  const heat = await q(
    `SELECT ${day("started_at")} AS d, ${weekdayHour("started_at")} AS k, count(*) AS n FROM calls GROUP BY ALL`,
  );
  // Check results by the local day their call (from `calls`) arrived, and a key: nothing, check name, agent username.
  const resultsBy = (key: string) =>
    q(`SELECT ${day("c.started_at")} AS d, ${key} AS k, count(DISTINCT r.call_id) AS calls, count(*) AS results,
      count(*) FILTER (WHERE r.passed) AS passed, count(r.score) AS scored, coalesce(sum(round(r.score * 10)), 0) AS tenths
    FROM call_check_results AS r JOIN calls AS c USING (call_id) JOIN quality_checks AS qc USING (check_id)
      LEFT JOIN agents AS g ON g.agent_id = c.agent_id GROUP BY ALL`);
  const results = await resultsBy("NULL");
  const resultsByKey = {
    check: await resultsBy("qc.name"),
    agent: await resultsBy("coalesce(g.username, '(not set)')"),
  };
  const bands = await q(`SELECT ${day("c.started_at")} AS d,
      CASE WHEN r.score < 50 THEN '0-49' WHEN r.score < 70 THEN '50-69' WHEN r.score < 90 THEN '70-89' ELSE '90-100' END AS k,
      count(*) AS n FROM call_check_results AS r JOIN calls AS c USING (call_id) WHERE r.score IS NOT NULL GROUP BY ALL`);
  const category = (column: string, where = "TRUE") =>
    q(
      `SELECT ${day("started_at")} AS d, coalesce(CAST(${column} AS VARCHAR), '(not set)') AS k, count(*) AS n FROM conversations AS c WHERE ${where} GROUP BY ALL`,
    );
  const assigned = "EXISTS (SELECT 1 FROM assignments AS a WHERE a.conversation_id = c.conversation_id)";
  const categories = {
    intent: await category("intent"),
    language: await category("language"),
    startFlow: await category("start_flow"),
    campaign: await q(`SELECT ${day("started_at")} AS d, g.name AS k, count(*) AS n
      FROM conversations AS c JOIN campaigns AS g USING (campaign_id) GROUP BY ALL`),
    closingReason: await category("closing_reason"),
    assignedClosingReason: await category("closing_reason", assigned),
  };

  const days = new Set<string>();
  for (const rows of [conversations, messages, assignments, online, onlineHours, ratings, calls])
    for (const r of rows) days.add(r.d);
  const num = (v: unknown) => Number(v ?? 0);
  const pick = (rows: Rows, d: string | null, column = "n") =>
    rows.filter((r) => d === null || r.d === d).reduce((s, r) => s + num(r[column]), 0);
  const keyed = (rows: Rows, d: string | null): Counts => {
    const m: Counts = new Map();
    for (const r of rows) if (d === null || r.d === d) m.set(String(r.k), (m.get(String(r.k)) ?? 0) + num(r.n));
    return m;
  };
  const record = (m: Counts) => Object.fromEntries([...m.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
  const peak = (d: string | null) => {
    let best: { count: number; minute: string } | null = null;
    for (const r of minutes) {
      if (d !== null && r.d.slice(0, 10) !== d) continue;
      if (!best || num(r.n) > best.count) best = { count: num(r.n), minute: r.d };
    }
    return best;
  };

  const ratio = (n: number, den: number, scale = 1) => (den > 0 ? (n / den) * scale : null);
  const callFigures = (rows: Rows, d: string | null): CallFigures => {
    const c = (column: string) => pick(rows, d, column);
    const [answered, abandoned, short] = [c("answered"), c("abandoned"), c("short")];
    return {
      offered: c("offered"),
      answered,
      abandoned,
      shortAbandoned: short,
      answeredInServiceLevel: c("in_sl"),
      answeredWaitSecs: c("wait"),
      handleSecs: c("handle"),
      talkSecs: c("talk"),
      csatAnswers: c("csat_n"),
      csatSum: c("csat_sum"),
      csatSatisfied: c("csat_ok"),
      resolutionKnown: c("res_n"),
      resolved: c("res"),
      asaSecs: ratio(c("wait"), answered),
      ahtSecs: ratio(c("handle"), answered),
      talkTimeSecs: ratio(c("talk"), answered),
      abandonmentRatePercent: ratio(abandoned, answered + abandoned, 100),
      serviceLevelPercent: ratio(c("in_sl"), answered + abandoned - short, 100),
      csatMean: ratio(c("csat_sum"), c("csat_n")),
      csatSatisfiedPercent: ratio(c("csat_ok"), c("csat_n"), 100),
      resolutionRatePercent: ratio(c("res"), c("res_n"), 100),
    };
  };
  const qualityFigures = (rows: Rows, d: string | null): QualityFigures => {
    const c = (column: string) => pick(rows, d, column);
    return {
      calls: c("calls"),
      results: c("results"),
      passed: c("passed"),
      scored: c("scored"),
      scoreSumTenths: c("tenths"),
      averageScore: c("scored") > 0 ? c("tenths") / c("scored") / 10 : null,
      passRatePercent: ratio(c("passed"), c("results"), 100),
    };
  };
  /** Figures per key of `rows` on day `d` (all days when null), keys sorted. */
  const perKey = <F>(rows: Rows, d: string | null, figure: (rows: Rows, d: string | null) => F) => {
    const keys = [...new Set(rows.filter((r) => d === null || r.d === d).map((r) => String(r.k)))].sort();
    return Object.fromEntries(
      keys.map((k) => [
        k,
        figure(
          rows.filter((r) => String(r.k) === k),
          d,
        ),
      ]),
    );
  };
  const durations = (rows: Rows, d: string | null) => ({
    count: pick(rows, d),
    sumSecs: pick(rows, d, "s"),
    meanSecs: ratio(pick(rows, d, "s"), pick(rows, d)),
  });
  const callsOnly = <T>(f: () => T) => (carried.calls ? f() : null);

  const figures = (d: string | null): Figures => {
    const senders = keyed(messages, d);
    const byScale: Record<string, Record<string, number>> = {};
    for (const [k, n] of [...keyed(ratings, d).entries()].sort()) {
      const [scale = "", value = ""] = k.split(":");
      byScale[scale] = { ...byScale[scale], [String(Number(value))]: n };
    }
    const rated = (scale: string, value: number) => byScale[scale]?.[String(value)] ?? 0;
    const ratingCount = pick(ratings, d);
    const positive =
      rated("thumbs", 1) +
      rated("face", 3) +
      Object.entries(byScale["1-5"] ?? {}).reduce((s, [v, n]) => s + (Number(v) >= 4 ? n : 0), 0);
    const frtN = pick(assignments, d, "frt_n");
    const frtSum = pick(assignments, d, "frt_sum");
    const contact = senders.get("contact") ?? 0;
    const msg = {
      contact,
      bot: senders.get("bot") ?? 0,
      agent: senders.get("agent") ?? 0,
      system: senders.get("system") ?? 0,
    };
    const cat = (rows: Rows) => (carried.categories ? record(keyed(rows, d)) : null);
    return {
      conversations: pick(conversations, d),
      newContacts: pick(fresh, d),
      messages: carried.messages ? { ...msg, total: msg.contact + msg.bot + msg.agent + msg.system } : null,
      incomingMessages: carried.messages ? contact : null,
      activeContacts: carried.messages ? (d === null ? num(activeTotal?.n) : pick(active, d)) : null,
      assignments: pick(assignments, d),
      missedAssignments: pick(assignments, d, "missed"),
      handledAssignments: pick(assignments, d) - pick(assignments, d, "missed"),
      transfers: pick(assignments, d, "transfers"),
      ratings: ratingCount,
      ratingsByScale: byScale,
      thumbsUp: rated("thumbs", 1),
      thumbsDown: rated("thumbs", 0),
      positiveRatings: positive,
      positiveSharePercent: ratingCount > 0 ? (positive / ratingCount) * 100 : null,
      firstResponse: { count: frtN, sumSecs: frtSum, meanSecs: frtN > 0 ? frtSum / frtN : null },
      handledByAgent: record(keyed(handled, d)),
      conversationSecsByAgent: record(keyed(agentSecs, d)),
      onlineSecsByAgent: record(keyed(online, d)),
      onlineSecsByHour: record(keyed(onlineHours, d)),
      onlineAgentsByHour: record(
        keyed(
          onlineHours.map((r) => ({ ...r, n: r.agents })),
          d,
        ),
      ),
      assignedConversationsByHour: record(keyed(assignedHours, d)),
      calls: callsOnly(() => callFigures(calls, d)),
      peakMessagesPerMinute: carried.messages ? peak(d) : null,
      conversationsByIntent: cat(categories.intent),
      conversationsByLanguage: cat(categories.language),
      conversationsByStartFlow: cat(categories.startFlow),
      conversationsByClosingReason: cat(categories.closingReason),
      assignedConversationsByClosingReason: cat(categories.assignedClosingReason),
      uniqueContacts: d === null ? contacts.total : pick(contacts.days, d),
      servedContacts: d === null ? served.total : pick(served.days, d),
      contactCentreMessages: carried.messages ? pick(ccMessages, d) : null,
      messagesPerConversation: carried.messages
        ? {
            messages: msg.contact + msg.bot + msg.agent + msg.system,
            conversations: d === null ? messaged.total : pick(messaged.days, d),
            mean: ratio(
              msg.contact + msg.bot + msg.agent + msg.system,
              d === null ? messaged.total : pick(messaged.days, d),
            ),
          }
        : null,
      conversationTime: durations(talk, d),
      resolutionTime: durations(resolution, d),
      firstResponseByRange: record(keyed(frtRanges, d)),
      resolutionByRange: record(keyed(resolutionRanges, d)),
      conversationsByCampaign: cat(categories.campaign),
      conversationsByWeekdayHour: record(keyed(conversationHeat, d)),
      callsByQueue: callsOnly(() => perKey(callsByKey.queue, d, callFigures)),
      callsByTopic: callsOnly(() => perKey(callsByKey.topic, d, callFigures)),
      callsByAgent: callsOnly(() => perKey(callsByKey.agent, d, callFigures)),
      callsByWeekdayHour: callsOnly(() => record(keyed(heat, d))),
      quality: callsOnly(() => qualityFigures(results, d)),
      qualityByCheck: callsOnly(() => perKey(resultsByKey.check, d, qualityFigures)),
      qualityByAgent: callsOnly(() => perKey(resultsByKey.agent, d, qualityFigures)),
      scoreBands: callsOnly(() => record(keyed(bands, d))),
    };
  };
  return {
    total: figures(null),
    days: Object.fromEntries([...days].sort().map((d) => [d, figures(d)])),
  };
}

/**
 * The truth's `aggregates` (traffic by entry point, invites by invite, shift performance by agent
 * username, by local day of the hour's or shift's start) from the warehouse's traffic_hourly,
 * invites_hourly and agent_shifts. The shifts' `concurrencySum` is a sum of doubles whose order
 * SQL does not keep: compare it rounded to cents (each value has 2 decimals).
 */
export async function sqlAggregates(wh: Warehouse, timezone: string): Promise<Aggregates> {
  const keyed = async <C>(sql: string, time: string, key: string, from: string): Promise<Keyed<C>> => {
    const rows = (await wh.query(
      `SELECT ${day(time)} AS d, ${key} AS k, ${sql} FROM ${from} GROUP BY ALL ORDER BY d, k`,
      [timezone],
    )) as Record<string, unknown>[];
    const counts = (r: Record<string, unknown>) =>
      Object.fromEntries(
        Object.entries(r)
          .filter(([c]) => c !== "d" && c !== "k")
          .map(([c, v]) => [c, Number(v)]),
      );
    const total = new Map<string, Record<string, number>>();
    const days: Record<string, Record<string, C>> = {};
    for (const r of rows) {
      const [d, k, c] = [String(r.d), String(r.k), counts(r)];
      days[d] = { ...days[d], [k]: c as C };
      const t = total.get(k) ?? {};
      for (const [col, n] of Object.entries(c)) t[col] = (t[col] ?? 0) + n;
      total.set(k, t);
    }
    return {
      total: Object.fromEntries([...total.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) as Record<string, C>,
      days,
    };
  };
  return {
    traffic: await keyed(
      "sum(visits) AS visits, sum(views) AS views, sum(clicks) AS clicks, sum(chats) AS chats",
      "hour_begin_time",
      "entrypoint",
      "traffic_hourly",
    ),
    invites: await keyed(
      `sum(num_proactive) AS shown, sum(num_proactive_accepted) AS accepted, sum(num_proactive_declined) AS declined,
        sum(num_proactive_cancelled) AS cancelled, sum(num_proactive_expired) AS expired,
        sum(num_proactive_ignored) AS ignored, sum(num_proactive_no_availability) AS noAvailability`,
      "hour_begin_time",
      "filter_name",
      "invites_hourly",
    ),
    shifts: await keyed(
      `count(*) AS shifts, sum(num_chats) AS chats, sum(num_breaks) AS breaks, sum(num_ignored) AS ignored,
        sum(num_abandoned) AS abandoned, sum(avg_concurrency) AS concurrencySum,
        sum(first_response_duration) AS firstResponseSecs, sum(online_duration) AS onlineSecs,
        sum(offline_duration) AS offlineSecs, sum(idle_duration) AS idleSecs, sum(available_duration) AS availableSecs,
        sum(survey_num_good) AS surveyGood, sum(survey_num_moderate) AS surveyModerate, sum(survey_num_bad) AS surveyBad`,
      "s.workshift_start",
      "g.username",
      "agent_shifts AS s JOIN agents AS g USING (agent_id)",
    ),
  };
}

/** `a` with every shift's `concurrencySum` in whole cents (see {@link sqlAggregates}). */
export function inCents(a: Aggregates): Aggregates {
  const cents = (byAgent: Record<string, Aggregates["shifts"]["total"][string]>) =>
    Object.fromEntries(
      Object.entries(byAgent).map(([k, c]) => [k, { ...c, concurrencySum: Math.round(c.concurrencySum * 100) }]),
    );
  return {
    ...a,
    shifts: {
      total: cents(a.shifts.total),
      days: Object.fromEntries(Object.entries(a.shifts.days).map(([d, byAgent]) => [d, cents(byAgent)])),
    },
  };
}

/**
 * The lifecycle truth (src/lifecycle.ts) by SQL over conversation_events, surveys, messages and
 * conversation_labels: local days from DuckDB's ICU; a bot resolution is a 'resolved' event of a
 * conversation whose first event is 'pending' and that has no 'handoff' event; the seconds of a
 * resolve run from the latest earlier 'reopened' event, else from the conversation's started_at.
 */
export async function sqlLifecycle(wh: Warehouse, timezone: string): Promise<LifeTruth> {
  const q = async (sql: string) => (await wh.query(sql, [timezone])) as unknown as Rows;
  const events = await q(`WITH e AS (
      SELECT *, ${day("occurred_at")} AS d,
        bool_or(event = 'handoff') OVER (PARTITION BY conversation_id) AS handed,
        first(event ORDER BY seq) OVER (PARTITION BY conversation_id) AS first_event,
        epoch(occurred_at) - epoch(coalesce(
          max(occurred_at) FILTER (WHERE event = 'reopened') OVER (PARTITION BY conversation_id ORDER BY seq ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING),
          (SELECT c.started_at FROM conversations AS c WHERE c.conversation_id = conversation_events.conversation_id))) AS secs
      FROM conversation_events)
    SELECT d, count(*) FILTER (WHERE event = 'resolved') AS resolutions,
      count(DISTINCT conversation_id) FILTER (WHERE event = 'resolved') AS unique_resolved,
      count(*) FILTER (WHERE event = 'reopened') AS reopens,
      count(*) FILTER (WHERE event = 'handoff') AS handoffs,
      count(*) FILTER (WHERE event = 'resolved' AND first_event = 'pending' AND NOT handed) AS bot_resolutions,
      coalesce(sum(secs) FILTER (WHERE event = 'resolved'), 0) AS resolution_secs
    FROM e GROUP BY d`);
  const surveys = await q(`SELECT ${day("s.sent_at")} AS d, count(*) AS n,
      count(*) FILTER (WHERE EXISTS (SELECT 1 FROM ratings AS r WHERE r.rating_id = s.survey_id)) AS answered
    FROM surveys AS s GROUP BY d`);
  // The bot cohorts, by the local day of each conversation's first event.
  const cohorts = await q(`WITH f AS (
      SELECT conversation_id, first(event ORDER BY seq) AS first_event, first(occurred_at ORDER BY seq) AS began,
        bool_or(event = 'handoff') AS handed, bool_or(event = 'resolved') AS resolved
      FROM conversation_events GROUP BY conversation_id),
    human AS (SELECT DISTINCT conversation_id FROM messages WHERE sender = 'agent' AND coalesce(kind, 'message') = 'message')
    SELECT ${day("began")} AS d, count(*) AS began,
      count(*) FILTER (WHERE first_event = 'pending' AND NOT handed AND resolved AND conversation_id NOT IN (SELECT conversation_id FROM human)) AS bot_resolved,
      count(*) FILTER (WHERE handed) AS handed
    FROM f WHERE first_event = 'pending' OR handed GROUP BY d`);
  const [t] = (await q(`WITH e AS (
      SELECT *, bool_or(event = 'handoff') OVER (PARTITION BY conversation_id) AS handed,
        first(event ORDER BY seq) OVER (PARTITION BY conversation_id) AS first_event,
        epoch(occurred_at) - epoch(coalesce(
          max(occurred_at) FILTER (WHERE event = 'reopened') OVER (PARTITION BY conversation_id ORDER BY seq ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING),
          (SELECT c.started_at FROM conversations AS c WHERE c.conversation_id = conversation_events.conversation_id))) AS secs
      FROM conversation_events)
    SELECT count(*) FILTER (WHERE event = 'resolved') AS resolutions,
      count(DISTINCT conversation_id) FILTER (WHERE event = 'resolved') AS unique_resolved,
      count(*) FILTER (WHERE event = 'reopened') AS reopens,
      count(*) FILTER (WHERE event = 'handoff') AS handoffs,
      count(*) FILTER (WHERE event = 'resolved' AND first_event = 'pending' AND NOT handed) AS bot_resolutions,
      coalesce(sum(secs) FILTER (WHERE event = 'resolved'), 0) AS resolution_secs,
      (SELECT count(*) FROM surveys) AS surveys, max($1) AS zone
    FROM e`)) as Rows;
  const zero = () => ({
    resolutions: 0,
    uniqueResolved: 0,
    reopens: 0,
    handoffs: 0,
    botResolutions: 0,
    surveysSent: 0,
    resolutionSecs: 0,
    surveysAnswered: 0,
    botConversations: 0,
    botResolvedOfBegun: 0,
    handedOffOfBegun: 0,
  });
  const days = new Map<string, ReturnType<typeof zero>>();
  const of = (d: string) => days.get(d) ?? (days.set(d, zero()).get(d) as ReturnType<typeof zero>);
  for (const r of events) {
    Object.assign(of(r.d), {
      resolutions: Number(r.resolutions),
      uniqueResolved: Number(r.unique_resolved),
      reopens: Number(r.reopens),
      handoffs: Number(r.handoffs),
      botResolutions: Number(r.bot_resolutions),
      resolutionSecs: Number(r.resolution_secs),
    });
  }
  for (const r of surveys) Object.assign(of(r.d), { surveysSent: Number(r.n), surveysAnswered: Number(r.answered) });
  for (const r of cohorts)
    Object.assign(of(r.d), {
      botConversations: Number(r.began),
      botResolvedOfBegun: Number(r.bot_resolved),
      handedOffOfBegun: Number(r.handed),
    });
  const sum = (k: "surveysAnswered" | "botConversations" | "botResolvedOfBegun" | "handedOffOfBegun") =>
    [...days.values()].reduce((a, f) => a + f[k], 0);
  const keyed = async (sql: string) =>
    Object.fromEntries(
      ((await wh.query(`${sql} ORDER BY k`)) as { k: string; n: number }[]).map((r) => [r.k, Number(r.n)]),
    );
  return {
    total: {
      resolutions: Number(t?.resolutions),
      uniqueResolved: Number(t?.unique_resolved),
      reopens: Number(t?.reopens),
      handoffs: Number(t?.handoffs),
      botResolutions: Number(t?.bot_resolutions),
      surveysSent: Number(t?.surveys),
      resolutionSecs: Number(t?.resolution_secs),
      surveysAnswered: sum("surveysAnswered"),
      botConversations: sum("botConversations"),
      botResolvedOfBegun: sum("botResolvedOfBegun"),
      handedOffOfBegun: sum("handedOffOfBegun"),
    },
    days: Object.fromEntries([...days.entries()].sort(([a], [b]) => (a < b ? -1 : 1))),
    messagesByKind: await keyed("SELECT kind AS k, count(*) AS n FROM messages GROUP BY k"),
    conversationsByLabel: await keyed(
      "SELECT label AS k, count(DISTINCT conversation_id) AS n FROM conversation_labels GROUP BY k",
    ),
  };
}
