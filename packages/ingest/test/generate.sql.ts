/**
 * The ground-truth figures (src/generate/truth.ts) worked out independently with SQL over an
 * imported warehouse: local days come from DuckDB's own time-zone conversion (ICU), not from the
 * generator's calendar, and every count from the canonical tables alone. Tests compare the result
 * with `ground-truth.json` as a whole.
 */
import type { Warehouse } from "@tallyline/warehouse";
import type { Carried, FigureSet, Figures } from "../src/generate/truth";

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
      sum(${secs("greatest(t, time_start)", "least(t + INTERVAL 15 MINUTE, time_end)")}) AS n
    FROM (SELECT time_start, time_end, unnest(generate_series(time_bucket(INTERVAL 15 MINUTE, time_start), time_end, INTERVAL 15 MINUTE)) AS t
      FROM agent_states WHERE origin = 'activity' AND state = 'online' AND time_end IS NOT NULL)
    WHERE t < time_end GROUP BY ALL`);
  const assignedHours = await q(`SELECT ${day("started_at")} AS d, ${hour("started_at")} AS k, count(*) AS n
    FROM conversations AS c WHERE EXISTS (SELECT 1 FROM assignments AS a WHERE a.conversation_id = c.conversation_id) GROUP BY ALL`);
  const ratings = await q(
    `SELECT ${day("rated_at")} AS d, scale || ':' || CAST(value AS VARCHAR) AS k, count(*) AS n FROM ratings WHERE rated_at IS NOT NULL GROUP BY ALL`,
  );
  const calls = await q(`SELECT ${day("started_at")} AS d, count(*) AS offered,
      count(*) FILTER (WHERE answered) AS answered, count(*) FILTER (WHERE abandoned) AS abandoned,
      coalesce(sum(wait_secs) FILTER (WHERE answered), 0) AS wait, coalesce(sum(handle_secs) FILTER (WHERE answered), 0) AS handle
    FROM calls GROUP BY ALL`);
  const category = (column: string, where = "TRUE") =>
    q(
      `SELECT ${day("started_at")} AS d, coalesce(CAST(${column} AS VARCHAR), '(not set)') AS k, count(*) AS n FROM conversations AS c WHERE ${where} GROUP BY ALL`,
    );
  const assigned = "EXISTS (SELECT 1 FROM assignments AS a WHERE a.conversation_id = c.conversation_id)";
  const categories = {
    intent: await category("intent"),
    language: await category("language"),
    startFlow: await category("start_flow"),
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
    const answered = pick(calls, d, "answered");
    const abandoned = pick(calls, d, "abandoned");
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
      assignedConversationsByHour: record(keyed(assignedHours, d)),
      calls: carried.calls
        ? {
            offered: pick(calls, d, "offered"),
            answered,
            abandoned,
            answeredWaitSecs: pick(calls, d, "wait"),
            handleSecs: pick(calls, d, "handle"),
            asaSecs: answered > 0 ? pick(calls, d, "wait") / answered : null,
            ahtSecs: answered > 0 ? pick(calls, d, "handle") / answered : null,
            abandonmentRatePercent: answered + abandoned > 0 ? (abandoned / (answered + abandoned)) * 100 : null,
          }
        : null,
      peakMessagesPerMinute: carried.messages ? peak(d) : null,
      conversationsByIntent: cat(categories.intent),
      conversationsByLanguage: cat(categories.language),
      conversationsByStartFlow: cat(categories.startFlow),
      conversationsByClosingReason: cat(categories.closingReason),
      assignedConversationsByClosingReason: cat(categories.assignedClosingReason),
    };
  };
  return {
    total: figures(null),
    days: Object.fromEntries([...days].sort().map((d) => [d, figures(d)])),
  };
}
