/**
 * The peers' SQL for the chat and call reports (bench/peers.ts): for each report, the straightforward
 * query a competent engineer writes for PostgreSQL 15 and for ClickHouse over the raw canonical rows
 * (no summary tables), time-zone exact (local days with `AT TIME ZONE` in PostgreSQL, `toDate(t, tz)`
 * in ClickHouse). Each query returns the rows our compiled SQL returns (the same columns: `bucket`
 * local day number, or `is_current` + `key`, and the partial values `p0`, `p1`... or values `v0`...),
 * so that the same rollup and shaping (report-defs `shapeResult`) turn both into results that must
 * be equal.
 */
import type { Period } from "@tallyline/report-defs";

/** A SQL dialect of a peer: how it spells local days, instants and the few functions that differ. */
export interface PeerDialect {
  readonly name: "postgres" | "clickhouse";
  /** The instant at which local date `date` (YYYY-MM-DD) starts in `tz`. */
  midnight(date: string, tz: string): string;
  /** The local day number (days since 1970-01-01 in local time) of instant column `col`. */
  day(col: string, tz: string): string;
  /** ISO weekday (1 = Monday) of instant `col` in local time. */
  weekday(col: string, tz: string): string;
  /** Local hour of the day (0-23) of instant `col`. */
  hour(col: string, tz: string): string;
  /** Seconds from instant `a` to instant `b`. */
  secs(a: string, b: string): string;
  /** The median and p90 (linear interpolation, as `percentile_cont`) of `expr` over rows where `where` holds. */
  quantiles(expr: string, where: string): string;
  /** `expr` as text. */
  text(expr: string): string;
  /** A distinct count of `expr`. */
  distinct(expr: string): string;
  /** Per local day of the rows' UTC minutes (table `pm`: minute `m`, count `n`): the busiest minute as `bucket, v0, peak_at, peak_minute`. */
  peak(tz: string): string;
  /** The UTC minute of instant `col`. */
  minute(col: string): string;
  /**
   * The UTC hours of the window [`from`, `to`) as table rows `hs` (start), `bucket` (the local hour
   * number: hours since 1970-01-01 in local time; the repeated hour of an autumn change is two rows).
   */
  hours(from: string, to: string, tz: string): string;
  /**
   * Intervals `iv` (agent_id, s, e) cut into their UTC hours within [`from`, `to`): rows agent_id,
   * `bucket` (local hour number) and `secs` (seconds of the interval in that hour).
   */
  cutHours(from: string, to: string, tz: string): string;
}

/** PostgreSQL 15 (instants are `timestamptz`). */
export const postgres: PeerDialect = {
  name: "postgres",
  midnight: (date, tz) => `(TIMESTAMP '${date} 00:00:00' AT TIME ZONE '${tz}')`,
  day: (col, tz) => `((${col} AT TIME ZONE '${tz}')::date - DATE '1970-01-01')`,
  weekday: (col, tz) => `extract(isodow FROM ${col} AT TIME ZONE '${tz}')::int`,
  hour: (col, tz) => `extract(hour FROM ${col} AT TIME ZONE '${tz}')::int`,
  secs: (a, b) => `extract(epoch FROM (${b} - ${a}))`,
  quantiles: (expr, where) =>
    `percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY ${expr}) FILTER (WHERE ${where})`,
  text: (expr) => `${expr}::text`,
  distinct: (expr) => `count(DISTINCT ${expr})`,
  minute: (col) => `date_trunc('minute', ${col})`,
  hours: (from, to, tz) =>
    `SELECT h AS hs, (extract(epoch FROM h AT TIME ZONE '${tz}') / 3600)::bigint AS bucket FROM generate_series(${from}, ${to} - interval '1 hour', interval '1 hour') AS h`,
  cutHours: (from, to, tz) =>
    `SELECT agent_id, (extract(epoch FROM h AT TIME ZONE '${tz}') / 3600)::bigint AS bucket, extract(epoch FROM least(e, h + interval '1 hour') - greatest(s, h)) AS secs FROM (SELECT agent_id, greatest(s, ${from}) AS s, least(e, ${to}) AS e FROM iv) AS c CROSS JOIN LATERAL generate_series(date_trunc('hour', s), e - interval '1 microsecond', interval '1 hour') AS h WHERE e > s`,
  peak: (tz) =>
    `SELECT DISTINCT ON (bucket) ((m AT TIME ZONE '${tz}')::date - DATE '1970-01-01') AS bucket, n AS v0, extract(epoch FROM m)::bigint AS peak_at, extract(epoch FROM m AT TIME ZONE '${tz}')::bigint / 60 AS peak_minute FROM pm ORDER BY bucket, n DESC, m`,
};

/** ClickHouse (instants are `DateTime64(6, 'UTC')`). */
export const clickhouse: PeerDialect = {
  name: "clickhouse",
  midnight: (date, tz) => `toDateTime64('${date} 00:00:00', 6, '${tz}')`,
  day: (col, tz) => `toInt32(toDate(${col}, '${tz}'))`,
  weekday: (col, tz) => `toDayOfWeek(${col}, 0, '${tz}')`,
  hour: (col, tz) => `toHour(${col}, '${tz}')`,
  secs: (a, b) => `((toUnixTimestamp64Micro(${b}) - toUnixTimestamp64Micro(${a})) / 1e6)`,
  quantiles: (expr, where) => `quantilesExactInclusiveIf(0.5, 0.9)(${expr}, ${where})`,
  text: (expr) => `toString(${expr})`,
  distinct: (expr) => `uniqExact(${expr})`,
  minute: (col) => `toStartOfMinute(${col})`,
  hours: (from, to, tz) =>
    `SELECT hs, intDiv(toUnixTimestamp(hs) + timeZoneOffset(toTimeZone(hs, '${tz}')), 3600) AS bucket FROM (SELECT ${from} + toIntervalHour(number) AS hs FROM numbers(toUInt64(dateDiff('hour', ${from}, ${to}))))`,
  cutHours: (from, to, tz) =>
    `SELECT agent_id, intDiv(h * 3600 + timeZoneOffset(toTimeZone(toDateTime(h * 3600, 'UTC'), '${tz}')), 3600) AS bucket, (least(e_us, (h + 1) * 3600000000) - greatest(s_us, h * 3600000000)) / 1e6 AS secs FROM (SELECT agent_id, s_us, e_us, arrayJoin(range(intDiv(s_us, 3600000000), intDiv(e_us - 1, 3600000000) + 1)) AS h FROM (SELECT agent_id, toUnixTimestamp64Micro(greatest(s, ${from})) AS s_us, toUnixTimestamp64Micro(least(e, ${to})) AS e_us FROM iv) WHERE e_us > s_us)`,
  peak: (tz) =>
    `SELECT toInt32(toDate(m, '${tz}')) AS bucket, max(n) AS v0, argMax(toUnixTimestamp(m), (n, -toUnixTimestamp(m))) AS peak_at, argMax(intDiv(toUnixTimestamp(m) + timeZoneOffset(toTimeZone(m, '${tz}')), 60), (n, -toUnixTimestamp(m))) AS peak_minute FROM pm GROUP BY bucket`,
};

type Parts = (d: PeerDialect) => readonly string[];

/** A dimension's labels: the lookup table, its key column and its label column. */
interface Labels {
  readonly table: string;
  readonly key: string;
  readonly label: string;
}

/**
 * How a report reads its fact: the table, its time column (the report's window is on it) and a
 * condition, then one of the report shapes:
 * - `units`: per local day, partial values (a KPI), optionally the median and p90 (`stats`) or a
 *   sample size (`sample`) of the current window;
 * - `keys`: per window (`is_current`) and dimension value (`key`), partial values (rankings, tables,
 *   distributions), with labels and the roster of enabled agents where the report shows them;
 * - `series`: per local day (and `key`), values of the current window (timeseries);
 * - `heatmap`: per local weekday and hour of the current window, one value.
 */
export type PeerSpec = {
  readonly table: string;
  readonly time: string;
  readonly where?: string;
} & (
  | {
      readonly kind: "units";
      readonly parts: Parts;
      readonly stats?: (d: PeerDialect) => { readonly expr: string; readonly where: string };
      readonly sample?: Parts;
    }
  | {
      readonly kind: "keys";
      readonly key: (d: PeerDialect) => string;
      readonly parts: Parts;
      readonly labels?: Labels;
      readonly roster?: boolean;
    }
  | {
      readonly kind: "series";
      readonly values: Parts;
      readonly key?: string;
      readonly labels?: Labels;
      /** For a value that is an average: the count it is taken over, by the value's index (our `n<i>` column). */
      readonly counts?: Readonly<Record<number, string>>;
    }
  | { readonly kind: "heatmap"; readonly value: string }
  | {
      readonly kind: "distinct";
      /** The entity counted once per day and once per window. */
      readonly entity: string;
      /** When set, the value is this count over the entities (e.g. messages per conversation). */
      readonly per?: string;
    }
  | { readonly kind: "firstSeen"; readonly entity: string }
  | { readonly kind: "peak" }
  | {
      /**
       * Per local hour: chats handed to the contact centre against agents' online time (`agents`:
       * incoming chats, mean agents online, agents online at any moment; `ratio`: chats per online
       * agent-hour). Online intervals: state 'online', the Agent activity origin preferred over
       * Slots per agent, overlaps merged per agent, cut at the hours' edges.
       */
      readonly kind: "staffing";
      readonly measure: "agents" | "ratio";
    }
);

const AGENT_LABELS: Labels = { table: "agents", key: "agent_id", label: "username" };
const count = "count(*)";
const countIf = (cond: string) => `count(*) FILTER (WHERE ${cond})`;
const sumIf = (x: string, cond: string) => `sum(${x}) FILTER (WHERE ${cond})`;
const countOfIf = (x: string, cond: string) => `count(${x}) FILTER (WHERE ${cond})`;

/** A KPI counting the rows of `table` on `time` where `where` holds. */
const countKpi = (table: string, time: string, where?: string): PeerSpec => ({
  kind: "units",
  table,
  time,
  ...(where ? { where } : {}),
  parts: () => [count],
});

/** A KPI averaging `value` (seconds) over rows where `cond` holds, with median and p90 of the current window. */
const averageKpi = (table: string, time: string, value: (d: PeerDialect) => string, cond = "TRUE"): PeerSpec => ({
  kind: "units",
  table,
  time,
  parts: (d) => [sumIf(value(d), cond), countOfIf(value(d), cond)],
  stats: (d) => ({ expr: value(d), where: cond }),
});

/** A KPI: share of rows where `num` holds among rows where `den` holds (percent). */
const rateKpi = (table: string, time: string, num: string, den: string): PeerSpec => ({
  kind: "units",
  table,
  time,
  parts: () => [countIf(num), countIf(den)],
});

/** Rows of `table` counted per value of column `col` (cast to text) and window. */
const countBy = (table: string, time: string, col: string, where?: string, labels?: Labels): PeerSpec => ({
  kind: "keys",
  table,
  time,
  ...(where ? { where } : {}),
  key: (d) => d.text(col),
  parts: () => [count],
  ...(labels ? { labels } : {}),
});

/** Ratings of one scale per score 1..n (the bucket index n - 1 of the score's [v, v + 1) range). */
const scoreBands = (scale: string, n: number): PeerSpec => ({
  kind: "keys",
  table: "ratings",
  time: "rated_at",
  where: `scale = '${scale}'`,
  key: () =>
    `CASE ${Array.from({ length: n }, (_, i) => `WHEN value >= ${i + 1} AND value < ${i + 2} THEN ${i}`).join(" ")} END`,
  parts: () => [count],
});

/** Rows per band of a duration in seconds: under 1, 5, 15, 60 minutes, longer. */
const durationBands = (table: string, time: string, from: string, to: string): PeerSpec => ({
  kind: "keys",
  table,
  time,
  key: (d) => {
    const s = d.secs(from, to);
    return `CASE WHEN ${s} < 60 THEN 0 WHEN ${s} < 300 THEN 1 WHEN ${s} < 900 THEN 2 WHEN ${s} < 3600 THEN 3 WHEN ${s} IS NOT NULL THEN 4 END`;
  },
  parts: () => [count],
});

const answered = "answered = TRUE";
const convSecs = (d: PeerDialect) => d.secs("accepted_at", "closed_at");
const onlineSecs = (d: PeerDialect) => d.secs("time_start", "time_end");
const online = "origin = 'activity' AND state = 'online'";

/** The peers' query of every report they cover, by report id. */
export const PEER_SPECS: Readonly<Record<string, PeerSpec>> = {
  // Calls (defs/operations).
  "calls.offered": countKpi("calls", "started_at"),
  "calls.answered": countKpi("calls", "started_at", answered),
  "calls.abandoned": countKpi("calls", "started_at", "abandoned = TRUE"),
  "calls.abandonment_rate": rateKpi("calls", "started_at", "abandoned = TRUE", "answered = TRUE OR abandoned = TRUE"),
  "calls.asa": averageKpi("calls", "started_at", () => "wait_secs", answered),
  "calls.aht": averageKpi("calls", "started_at", () => "handle_secs", answered),
  "calls.short_abandoned": countKpi("calls", "started_at", "abandoned = TRUE AND wait_secs < 5"),
  "calls.service_level": rateKpi(
    "calls",
    "started_at",
    "answered = TRUE AND wait_secs <= 20",
    "answered = TRUE OR (abandoned = TRUE AND wait_secs >= 5)",
  ),
  "calls.talk_time": averageKpi("calls", "started_at", () => "talk_secs", answered),
  "calls.csat": {
    kind: "units",
    table: "calls",
    time: "started_at",
    parts: () => [sumIf("csat", "csat IS NOT NULL"), countOfIf("csat", "csat IS NOT NULL")],
  },
  "calls.csat_satisfied": rateKpi("calls", "started_at", "csat >= 4", "csat IS NOT NULL"),
  "calls.resolution_rate": rateKpi(
    "calls",
    "started_at",
    "answered = TRUE AND resolved = TRUE",
    "answered = TRUE AND resolved IS NOT NULL",
  ),
  "calls.by_queue": countBy("calls", "started_at", "queue"),
  "calls.by_topic": countBy("calls", "started_at", "topic"),
  "calls.resolution_by_topic": {
    kind: "keys",
    table: "calls",
    time: "started_at",
    key: (d) => d.text("topic"),
    parts: () => [
      countIf(answered),
      countIf("answered = TRUE AND resolved = TRUE"),
      countIf("answered = TRUE AND resolved IS NOT NULL"),
    ],
  },
  "calls.heatmap": { kind: "heatmap", table: "calls", time: "started_at", value: count },
  "calls.agents": {
    kind: "keys",
    table: "calls",
    time: "started_at",
    key: (d) => d.text("agent_id"),
    parts: () => [
      countIf(answered),
      sumIf("handle_secs", answered),
      countOfIf("handle_secs", answered),
      sumIf("csat", "csat IS NOT NULL"),
      countOfIf("csat", "csat IS NOT NULL"),
      countIf("answered = TRUE AND resolved = TRUE"),
      countIf("answered = TRUE AND resolved IS NOT NULL"),
    ],
    labels: AGENT_LABELS,
    roster: true,
  },
  // Quality checks (defs/quality-checks), from the raw results (one row per call and check).
  "quality_checks.calls": {
    kind: "units",
    table: "call_check_results",
    time: "call_started_at",
    parts: (d) => [d.distinct("call_id")],
  },
  "quality_checks.average_score": {
    kind: "units",
    table: "call_check_results",
    time: "call_started_at",
    parts: () => ["sum(score)", "count(score)"],
    sample: (d) => [d.distinct("call_id")],
  },
  "quality_checks.pass_rate": {
    kind: "units",
    table: "call_check_results",
    time: "call_started_at",
    parts: () => [countIf("passed = TRUE"), count],
    sample: (d) => [d.distinct("call_id")],
  },
  "quality_checks.score_distribution": {
    kind: "keys",
    table: "call_check_results",
    time: "call_started_at",
    key: () =>
      "CASE WHEN score < 50 THEN 0 WHEN score < 70 THEN 1 WHEN score < 90 THEN 2 WHEN score IS NOT NULL THEN 3 END",
    parts: () => [count],
  },
  "quality_checks.trend": {
    kind: "series",
    table: "call_check_results",
    time: "call_started_at",
    values: () => [
      `100.0 * ${countIf("passed = TRUE")} / NULLIF(${count}, 0)`,
      "1.0 * sum(score) / NULLIF(count(score), 0)",
    ],
    counts: { 1: "count(score)" },
  },
  "quality_checks.checks": {
    kind: "keys",
    table: "call_check_results",
    time: "call_started_at",
    key: (d) => d.text("check_id"),
    parts: () => [countIf("passed = TRUE"), count, "sum(score)", "count(score)", count, count],
    labels: { table: "quality_checks", key: "check_id", label: "name" },
  },
  "quality_checks.agents": {
    kind: "keys",
    table: "call_check_results",
    time: "call_started_at",
    key: (d) => d.text("agent_id"),
    parts: (d) => [
      d.distinct("call_id"),
      "sum(score)",
      "count(score)",
      countIf("passed = TRUE"),
      count,
      d.distinct("call_id"),
    ],
    labels: AGENT_LABELS,
    roster: true,
  },
  // Chat (defs/engagement, performance, quality, activity, chatbot, contact-centre, agent-performance).
  "engagement.conversations": countKpi("conversations", "started_at"),
  "engagement.conversations_by_campaign": countBy("conversations", "started_at", "campaign_id", undefined, {
    table: "campaigns",
    key: "campaign_id",
    label: "name",
  }),
  "engagement.messages": countKpi("messages", "sent_at"),
  "performance.bot_responses": countKpi("messages", "sent_at", "sender = 'bot'"),
  "performance.agent_actions": countKpi("messages", "sent_at", "sender = 'agent'"),
  "quality.ratings": countKpi("ratings", "rated_at"),
  "quality.csat_score_shares": scoreBands("1-5", 5),
  "quality.face_score_shares": scoreBands("face", 3),
  "quality.thumbs_up": countKpi("ratings", "rated_at", "scale = 'thumbs' AND value = 1"),
  "quality.thumbs_down": countKpi("ratings", "rated_at", "scale = 'thumbs' AND value = 0"),
  "quality.positive_share": rateKpi(
    "ratings",
    "rated_at",
    "(scale = 'thumbs' AND value = 1) OR (scale = 'face' AND value = 3) OR (scale = '1-5' AND value >= 4)",
    "TRUE",
  ),
  "activity.incoming_messages": {
    kind: "series",
    table: "messages",
    time: "sent_at",
    values: () => [countIf("sender = 'contact'")],
  },
  "activity.conversations": { kind: "series", table: "conversations", time: "started_at", values: () => [count] },
  "activity.conversations_vs_contacts": {
    kind: "series",
    table: "conversations",
    time: "started_at",
    values: (d) => [count, d.distinct("contact_id")],
  },
  "chatbot.top_intents": countBy("conversations", "started_at", "intent"),
  "chatbot.languages": countBy("conversations", "started_at", "language"),
  "chatbot.start_flows": countBy("conversations", "started_at", "start_flow"),
  "contact_centre.conversations": countKpi("assignments", "assigned_at"),
  "contact_centre.missed": countKpi("assignments", "assigned_at", "missed = TRUE"),
  "contact_centre.messages": countKpi(
    "messages",
    "sent_at",
    "sender IN ('contact', 'agent') AND conversation_assigned = TRUE",
  ),
  "contact_centre.handled_vs_missed": {
    kind: "series",
    table: "assignments",
    time: "assigned_at",
    values: () => [countIf("missed = FALSE"), countIf("missed = TRUE")],
  },
  "contact_centre.closing_reasons": countBy("conversations", "started_at", "closing_reason", "assigned = TRUE"),
  "contact_centre.avg_conversation_time": averageKpi("assignments", "assigned_at", convSecs, "missed = FALSE"),
  "contact_centre.avg_wait_time": averageKpi("assignments", "assigned_at", (d) =>
    d.secs("assigned_at", "first_response_at"),
  ),
  "agents.conversations": {
    ...countBy("assignments", "assigned_at", "agent_id", "missed = FALSE", AGENT_LABELS),
    roster: true,
  } as PeerSpec,
  "agents.conversations_daily": {
    kind: "series",
    table: "assignments",
    time: "assigned_at",
    where: "missed = FALSE",
    values: () => [count],
    key: "agent_id",
    labels: AGENT_LABELS,
  },
  "agents.conversation_time": {
    kind: "keys",
    table: "assignments",
    time: "assigned_at",
    key: (d) => d.text("agent_id"),
    parts: (d) => [sumIf(convSecs(d), "missed = FALSE")],
    labels: AGENT_LABELS,
    roster: true,
  },
  "agents.conversation_time_daily": {
    kind: "series",
    table: "assignments",
    time: "assigned_at",
    values: (d) => [sumIf(convSecs(d), "missed = FALSE")],
    key: "agent_id",
    labels: AGENT_LABELS,
  },
  "agents.connection_time": {
    kind: "keys",
    table: "agent_states",
    time: "time_start",
    key: (d) => d.text("agent_id"),
    parts: (d) => [sumIf(onlineSecs(d), online)],
    labels: AGENT_LABELS,
    roster: true,
  },
  "agents.connection_time_daily": {
    kind: "series",
    table: "agent_states",
    time: "time_start",
    values: (d) => [sumIf(onlineSecs(d), online)],
    key: "agent_id",
    labels: AGENT_LABELS,
  },
  "contact_centre.first_response_histogram": durationBands(
    "assignments",
    "assigned_at",
    "assigned_at",
    "first_response_at",
  ),
  "contact_centre.resolution_time": averageKpi("conversations", "started_at", (d) => d.secs("started_at", "ended_at")),
  "contact_centre.resolution_histogram": durationBands("conversations", "started_at", "started_at", "ended_at"),
  "activity.conversations_heatmap": { kind: "heatmap", table: "conversations", time: "started_at", value: count },
  // Distinct counts per day and per window, first appearances and the busiest minute.
  "performance.messages_per_conversation": {
    kind: "distinct",
    table: "messages",
    time: "sent_at",
    entity: "conversation_id",
    per: count,
  },
  "activity.messages_per_conversation": {
    kind: "distinct",
    table: "messages",
    time: "sent_at",
    entity: "conversation_id",
    per: count,
  },
  "contacts.unique": { kind: "distinct", table: "conversations", time: "started_at", entity: "contact_id" },
  "contacts.active": {
    kind: "distinct",
    table: "messages",
    time: "sent_at",
    where: "sender = 'contact'",
    entity: "contact_id",
  },
  "contact_centre.unique_users": {
    kind: "distinct",
    table: "conversations",
    time: "started_at",
    where: "served = TRUE",
    entity: "contact_id",
  },
  "contacts.new": { kind: "firstSeen", table: "conversations", time: "started_at", entity: "contact_id" },
  "activity.peak_volume": { kind: "peak", table: "messages", time: "sent_at" },
  "activity.max_messages_per_minute": { kind: "peak", table: "messages", time: "sent_at" },
  "staffing.agents_vs_chats": { kind: "staffing", table: "conversations", time: "started_at", measure: "agents" },
  "staffing.chats_per_agent_hour": {
    kind: "staffing",
    table: "conversations",
    time: "started_at",
    measure: "ratio",
  },
};

const addDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/**
 * The peer query of `spec` over `period` in dialect `d`: the rows the report's compiled SQL returns
 * (see the file's comment). `series`: the report is a timeseries (only the current window is read).
 */
export function peerSql(spec: PeerSpec, period: Period, d: PeerDialect, series = false): string {
  const tz = period.timezone;
  const t = spec.time;
  const cur = d.midnight(period.from, tz);
  const end = d.midnight(addDay(period.to), tz);
  const currentOnly = spec.kind === "heatmap" || spec.kind === "series" || !period.previousFrom || series;
  const start = currentOnly ? cur : d.midnight(period.previousFrom as string, tz);
  const where = `${t} >= ${start} AND ${t} < ${end}${spec.where ? ` AND (${spec.where})` : ""}`;
  const cols = (xs: readonly string[], prefix: string) => xs.map((x, i) => `${x} AS ${prefix}${i}`).join(", ");
  switch (spec.kind) {
    case "units": {
      const parts = spec.parts(d);
      const nulls = parts.map(() => "NULL").join(", ");
      let sql = `SELECT ${d.day(t, tz)} AS bucket, ${cols(parts, "p")}${spec.stats ? ", NULL AS stats" : ""}${spec.sample ? ", NULL AS sample" : ""} FROM ${spec.table} WHERE ${where} GROUP BY bucket`;
      if (spec.stats) {
        const s = spec.stats(d);
        sql += ` UNION ALL SELECT NULL, ${nulls}, ${d.quantiles(s.expr, s.where)} FROM ${spec.table} WHERE ${t} >= ${cur} AND ${t} < ${end}${spec.where ? ` AND (${spec.where})` : ""}`;
      }
      if (spec.sample) {
        sql += ` UNION ALL SELECT NULL, ${nulls}, ${spec.sample(d)[0]} FROM ${spec.table} WHERE ${t} >= ${cur} AND ${t} < ${end}`;
      }
      return sql;
    }
    case "keys": {
      const grouped = `SELECT ${t} >= ${cur} AS is_current, ${spec.key(d)} AS key, ${cols(spec.parts(d), "p")} FROM ${spec.table} WHERE ${where} GROUP BY is_current, key`;
      if (!spec.labels) return grouped;
      const l = spec.labels;
      const rows = spec.roster
        ? `SELECT is_current, key, ${spec
            .parts(d)
            .map((_, i) => `p${i}`)
            .join(", ")}, FALSE AS roster FROM (${grouped}) AS g UNION ALL SELECT FALSE, ${d.text(l.key)}, ${spec
            .parts(d)
            .map(() => "NULL")
            .join(", ")}, TRUE FROM ${l.table} WHERE disabled = FALSE`
        : grouped;
      return `SELECT r.*, l.label FROM (${rows}) AS r LEFT JOIN (SELECT ${d.text(l.key)} AS k, ${d.text(l.label)} AS label FROM ${l.table}) AS l ON l.k = r.key`;
    }
    case "series": {
      const key = spec.key ? `, ${d.text(spec.key)} AS key` : "";
      const counts = Object.entries(spec.counts ?? {})
        .map(([i, expr]) => `, ${expr} AS n${i}`)
        .join("");
      const grouped = `SELECT ${d.day(t, tz)} AS bucket${key}, ${cols(spec.values(d), "v")}${counts} FROM ${spec.table} WHERE ${where} GROUP BY bucket${spec.key ? ", key" : ""}`;
      if (!spec.labels) return grouped;
      const l = spec.labels;
      return `SELECT r.*, l.label FROM (${grouped}) AS r LEFT JOIN (SELECT ${d.text(l.key)} AS k, ${d.text(l.label)} AS label FROM ${l.table}) AS l ON l.k = r.key`;
    }
    case "distinct": {
      const v = spec.per ? `1.0 * ${spec.per} / NULLIF(${d.distinct(spec.entity)}, 0)` : d.distinct(spec.entity);
      if (series)
        return `SELECT ${d.day(t, tz)} AS bucket, ${v} AS v0 FROM ${spec.table} WHERE ${where} GROUP BY bucket`;
      const cur2 = `${t} >= ${cur}`;
      return `SELECT ${cur2} AS is_current, ${d.day(t, tz)} AS bucket, ${v} AS v0 FROM ${spec.table} WHERE ${where} GROUP BY is_current, bucket UNION ALL SELECT ${cur2} AS is_current, NULL, ${v} FROM ${spec.table} WHERE ${where} GROUP BY is_current`;
    }
    case "firstSeen": {
      const firsts = `SELECT ${spec.entity}, min(${t}) AS first_at FROM ${spec.table} WHERE ${spec.entity} IS NOT NULL GROUP BY ${spec.entity}`;
      return `SELECT ${d.day("first_at", tz)} AS bucket, count(*) AS p0 FROM (${firsts}) AS f WHERE first_at >= ${start} AND first_at < ${end} GROUP BY bucket`;
    }
    case "peak":
      return `WITH pm AS (SELECT ${d.minute(t)} AS m, count(*) AS n FROM ${spec.table} WHERE ${where} GROUP BY m) ${d.peak(tz)}`;
    case "staffing": {
      // Online intervals in the window: the preferred origin per agent, then overlaps merged per agent.
      const ranked = `SELECT agent_id, time_start AS s, time_end AS e, CASE origin WHEN 'activity' THEN 0 WHEN 'slots' THEN 1 END AS src_rank FROM agent_states WHERE state = 'online' AND time_start < ${end} AND time_end > ${cur} AND time_end > time_start`;
      const preferred = `SELECT agent_id, s, e FROM (SELECT *, min(src_rank) OVER (PARTITION BY agent_id) AS best FROM (${ranked}) AS x) AS y WHERE src_rank = best`;
      const merged = `SELECT agent_id, s, e FROM (SELECT agent_id, greatest(s, coalesce(max(e) OVER (PARTITION BY agent_id ORDER BY s, e ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), s)) AS s, e FROM (${preferred}) AS p) AS m WHERE e > s`;
      const hourOf = `(${d.name === "postgres" ? `floor(extract(epoch FROM ${t} AT TIME ZONE '${tz}') / 3600)::bigint` : `intDiv(toUnixTimestamp(${t}) + timeZoneOffset(toTimeZone(${t}, '${tz}')), 3600)`})`;
      const ctes = `WITH iv AS (${merged}), cal AS (SELECT bucket, count(*) * 3600 AS secs FROM (${d.hours(cur, end, tz)}) AS h GROUP BY bucket), chats AS (SELECT ${hourOf} AS bucket, count(*) AS n FROM ${spec.table} WHERE ${where} AND assigned = TRUE GROUP BY bucket), online AS (SELECT bucket, sum(secs) AS secs, ${d.distinct("agent_id")} AS agents FROM (${d.cutHours(cur, end, tz)}) AS c GROUP BY bucket)`;
      const from =
        "FROM cal LEFT JOIN chats ON chats.bucket = cal.bucket LEFT JOIN online ON online.bucket = cal.bucket";
      return spec.measure === "agents"
        ? `${ctes} SELECT cal.bucket AS bucket, coalesce(chats.n, 0) AS v0, coalesce(online.secs, 0) / cal.secs AS v1, coalesce(online.agents, 0) AS v2 ${from}`
        : `${ctes} SELECT cal.bucket AS bucket, 3600.0 * coalesce(chats.n, 0) / NULLIF(coalesce(online.secs, 0), 0) AS v0 ${from}`;
    }
    case "heatmap":
      return `SELECT ${d.weekday(t, tz)} AS weekday, ${d.hour(t, tz)} AS hour, ${spec.value} AS v0 FROM ${spec.table} WHERE ${where} GROUP BY weekday, hour`;
  }
}
