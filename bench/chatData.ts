/**
 * The chat data of the benchmarks (bench/chat.ts, bench/load.ts), made with SQL inside DuckDB (fast
 * and deterministic): `n` conversations spread over the 365 days from 2025-11-21 (UTC), ten messages
 * each, assignments for six in ten, ratings for one in five, 100 agents online 07:00-15:00 every day
 * in five campaigns (`camp0`..`camp4`), status events (opened, resolved; one in twelve reopened and
 * resolved again), teams and labels, business hours for camp0, then the derived columns and tables as
 * an import fills them.
 */
import { deriveColumns, type Row, type Warehouse } from "@tallyline/warehouse";

/** Fills `wh` (an empty, migrated warehouse) with the chat data; returns the row counts per table. */
export async function makeChatData(wh: Warehouse, n: number): Promise<Row> {
  await wh.run("CREATE TEMP MACRO h(x, m) AS CAST(hash(x) % m AS BIGINT)");
  const start = "TIMESTAMP '2025-11-21 00:00:00'";
  // Arrivals: i-th conversation at i * (365 days / n) plus up to 10 minutes of jitter, in UTC.
  const startOf = (i: string) => `${start} + to_seconds(CAST(${i} * ${(365 * 86400) / n} + (h(${i}, 600)) AS BIGINT))`;
  await wh.run(`INSERT INTO conversations (conversation_id, source, import_id, campaign_id, contact_id, started_at, ended_at, channel, language, intent, start_flow, closing_reason, handled_by)
    SELECT 'c' || i, 'bench', 'bench', 'camp' || (i % 5), 'u' || (h(i, ${Math.round(n * 0.3)})), ${startOf("i")},
           ${startOf("i")} + to_seconds(60 + h(i * 7, 3600)),
           'chat', ['nl','en','de','fr'][1 + i % 4], 'intent' || (h(i * 3, 20)), ['welcome','order','billing'][1 + i % 3],
           ['resolved','bot_resolved','timeout'][1 + h(i * 5, 3)], CASE WHEN i % 10 < 6 THEN 'agent' ELSE 'bot' END
    FROM range(${n}) t(i)`);
  await wh.run(`INSERT INTO messages (message_id, source, import_id, conversation_id, seq, sent_at, sender, agent_id, length_chars, campaign_id, contact_id)
    SELECT 'm' || j, 'bench', 'bench', 'c' || (j // 10), j % 10 + 1, ${startOf("(j // 10)")} + to_seconds((j % 10) * 20),
           CASE WHEN j % 10 IN (0, 2, 4, 6, 8) THEN 'contact' WHEN (j // 10) % 10 < 6 AND j % 10 >= 5 THEN 'agent' ELSE 'bot' END,
           CASE WHEN (j // 10) % 10 < 6 AND j % 10 >= 5 AND j % 2 = 1 THEN 'agent' || ((j // 10) % 100) END,
           20 + j % 200, 'camp' || ((j // 10) % 5), CASE WHEN j % 2 = 0 THEN 'u' || (h(j // 10, ${Math.round(n * 0.3)})) END
    FROM range(${n * 10}) t(j)`);
  await wh.run(`INSERT INTO assignments (assignment_id, source, import_id, conversation_id, seq, agent_id, assigned_at, accepted_at, first_response_at, closed_at, missed, campaign_id)
    SELECT 'a' || i || '-' || s, 'bench', 'bench', 'c' || i, s, CASE WHEN i % 17 <> 0 THEN 'agent' || ((i + s) % 100) END,
           ${startOf("i")} + to_seconds(30 + s * 300), CASE WHEN i % 17 <> 0 THEN ${startOf("i")} + to_seconds(40 + s * 300) END,
           CASE WHEN i % 17 <> 0 THEN ${startOf("i")} + to_seconds(40 + s * 300 + h(i, 900)) END,
           CASE WHEN i % 17 <> 0 THEN ${startOf("i")} + to_seconds(300 + s * 300) END, i % 17 = 0, 'camp' || (i % 5)
    FROM range(${n}) t(i), range(1, 3) u(s) WHERE i % 10 < 6 AND (s = 1 OR i % 10 = 0)`);
  await wh.run(`INSERT INTO ratings (rating_id, source, import_id, conversation_id, rated_at, scale, value)
    SELECT 'r' || i, 'bench', 'bench', 'c' || i, ${startOf("i")} + to_seconds(3700), CASE WHEN i % 2 = 0 THEN 'thumbs' ELSE '1-5' END,
           CASE WHEN i % 2 = 0 THEN h(i, 2) ELSE 1 + h(i, 5) END
    FROM range(${n}) t(i) WHERE i % 5 = 0`);
  await wh.run(`INSERT INTO agent_states (state_id, source, import_id, origin, agent_id, campaign_id, state, time_start, time_end)
    SELECT 's' || a || '-' || d, 'bench', 'bench', 'activity', 'agent' || a, 'camp' || (a % 5), 'online',
           ${start} + to_seconds(d * 86400 + 7 * 3600 + a * 60), ${start} + to_seconds(d * 86400 + 15 * 3600 + a * 60)
    FROM range(100) t(a), range(365) u(d)`);
  await wh.run(
    `INSERT INTO agents (agent_id, source, import_id, username, disabled) SELECT 'agent' || a, 'bench', 'bench', 'agent ' || a, false FROM range(100) t(a)`,
  );
  // The conversation's life (issue 16): the bot-only four in ten begin 'pending' and are resolved by
  // it; of the agent six, the first three begin 'pending' and are handed off 30 s in, the rest
  // 'opened'; every conversation is resolved at its end; one in twelve is reopened two hours later
  // and resolved again; a survey at the first resolve (survey_id = the rating's id, so one in five is
  // answered); teams on assignments; labels on some conversations; business hours for camp0
  // (Mon-Fri 08:00-18:00 Europe/Amsterdam).
  await wh.run(`INSERT INTO conversation_events (conversation_id, seq, source, import_id, event, occurred_at, actor_kind, actor_id, campaign_id)
    SELECT 'c' || i, e.seq, 'bench', 'bench',
           CASE WHEN e.seq = 1 AND i % 10 BETWEEN 3 AND 5 THEN 'opened' ELSE e.event END,
           ${startOf("i")} + to_seconds(CASE e.seq WHEN 1 THEN 0 WHEN 2 THEN 30 WHEN 3 THEN 60 + h(i * 7, 3600) WHEN 4 THEN 7200 + h(i * 7, 3600) ELSE 7300 + h(i * 7, 3600) + h(i, 1800) END),
           CASE WHEN e.seq = 4 OR (e.seq = 1 AND i % 10 BETWEEN 3 AND 5) THEN 'customer'
                WHEN e.seq IN (1, 2) OR (e.seq = 3 AND i % 10 >= 6) THEN 'bot' ELSE 'agent' END,
           NULL, 'camp' || (i % 5)
    FROM range(${n}) t(i), (VALUES (1, 'pending'), (2, 'handoff'), (3, 'resolved'), (4, 'reopened'), (5, 'resolved')) e(seq, event)
    WHERE (e.seq <> 2 OR i % 10 < 3) AND (e.seq < 4 OR i % 12 = 0)`);
  await wh.run(`INSERT INTO surveys (survey_id, source, import_id, conversation_id, sent_at, channel, campaign_id)
    SELECT 'r' || i, 'bench', 'bench', 'c' || i, ${startOf("i")} + to_seconds(60 + h(i * 7, 3600)), 'chat', 'camp' || (i % 5) FROM range(${n}) t(i)`);
  await wh.run("UPDATE assignments SET team_id = 'team' || ((seq + hash(conversation_id)) % 3)");
  await wh.run(`INSERT INTO conversation_labels (conversation_id, label, source, import_id)
    SELECT 'c' || i, l.label, 'bench', 'bench' FROM range(${n}) t(i), (VALUES ('billing', 3), ('vip', 7)) l(label, every)
    WHERE i % l.every = 0`);
  await wh.run(`INSERT INTO business_hours (campaign_id, weekday, opens, source, import_id, closes, timezone)
    SELECT 'camp0', d, '08:00', 'bench', 'bench', '18:00', 'Europe/Amsterdam' FROM range(1, 6) t(d)`);
  // Derived columns (contact-centre flags, campaign keys) and tables (the business calendar, resolutions,
  // replies, the bot's part, the live view), as an import fills them.
  await wh.transaction((tx) =>
    deriveColumns(
      tx,
      { conversations: 1, messages: 1, assignments: 1, conversation_events: 1, business_hours: 1, surveys: 1 },
      "bench",
    ),
  );
  await wh.run("CHECKPOINT");
  const [counts] = await wh.query(
    "SELECT (SELECT count(*) FROM conversations) AS conversations, (SELECT count(*) FROM messages) AS messages, (SELECT count(*) FROM assignments) AS assignments, (SELECT count(*) FROM ratings) AS ratings, (SELECT count(*) FROM agent_states) AS states, (SELECT count(*) FROM conversation_events) AS events, (SELECT count(*) FROM surveys) AS surveys",
  );
  return counts as Row;
}
