/**
 * Columns and tables of the canonical model that are derived from other rows (schema.ts says which): filled
 * after every write, inside the writer's transaction, by the import pipeline and by anything else
 * that writes canonical rows (the golden-test harness).
 */
import type { Transaction } from "./warehouse";

/**
 * Fills the columns the model derives from other rows, after an import wrote the tables counted in
 * `rowsByTable` (rows per table; a table with 0 or absent was not written). First it copies keys that
 * reports filter and count by from the parent row where the source left them empty:
 * the conversation's campaign onto its messages and assignments and its contact onto its contact
 * messages; the call's start, agent and campaign onto its quality-check results. Runs when an import
 * wrote a parent or child table, in whichever order their files arrive. Then derives the
 * contact-centre flags from assignments ({@link deriveContactCentreFlags}) and the per-call quality
 * summary ({@link deriveCallQuality}) for the calls import `importId` touched.
 */
export async function deriveColumns(
  tx: Transaction,
  rowsByTable: Readonly<Record<string, number>>,
  importId: string,
): Promise<void> {
  if (rowsByTable.calls || rowsByTable.call_check_results) {
    await tx.run(`UPDATE call_check_results AS r
      SET call_started_at = c.started_at, agent_id = coalesce(r.agent_id, c.agent_id), campaign_id = coalesce(r.campaign_id, c.campaign_id)
      FROM calls AS c
      WHERE c.call_id = r.call_id AND (r.call_started_at IS NULL OR r.call_started_at <> c.started_at OR (r.agent_id IS NULL AND c.agent_id IS NOT NULL) OR r.campaign_id IS NULL)`);
    await deriveCallQuality(tx, importId);
    // Rebuilt whole: a call whose start moved takes its results to another quarter-hour.
    await tx.run(CHECK_QUALITY_REBUILD);
  }
  if (!rowsByTable.conversations && !rowsByTable.messages && !rowsByTable.assignments) return;
  // The conditions on m alone come first so that DuckDB filters the messages before the join: a
  // file whose messages carry their keys costs one scan of two columns, not a join of every message.
  await tx.run(`UPDATE messages AS m
    SET campaign_id = coalesce(m.campaign_id, c.campaign_id),
        contact_id = CASE WHEN m.sender = 'contact' THEN coalesce(m.contact_id, c.contact_id) ELSE m.contact_id END
    FROM conversations AS c
    WHERE (m.campaign_id IS NULL OR (m.sender = 'contact' AND m.contact_id IS NULL))
      AND c.conversation_id = m.conversation_id
      AND ((m.campaign_id IS NULL AND c.campaign_id IS NOT NULL) OR (m.sender = 'contact' AND m.contact_id IS NULL AND c.contact_id IS NOT NULL))`);
  await tx.run(`UPDATE assignments AS a SET campaign_id = c.campaign_id
    FROM conversations AS c
    WHERE c.conversation_id = a.conversation_id AND a.campaign_id IS NULL`);
  await deriveContactCentreFlags(tx);
  // Counts of messages by sender and contact-centre flag: a conversations file changes neither.
  if (rowsByTable.messages || rowsByTable.assignments) await tx.run(MESSAGE_MINUTES_REBUILD);
  if (rowsByTable.messages) await tx.run(CONVERSATION_QUARTERS_REBUILD);
  // A conversations file may give contact messages their contact.
  if (rowsByTable.messages || rowsByTable.conversations) await tx.run(CONTACT_MESSAGE_QUARTERS_REBUILD);
  // Served conversations follow the assignments.
  if (rowsByTable.conversations || rowsByTable.assignments) await tx.run(CONTACT_CONVERSATION_QUARTERS_REBUILD);
}

/**
 * Sets `conversations.assigned` / `served` and `messages.conversation_assigned` (schema.ts) from the
 * assignments as they now are, so that the contact-centre reports of seeds/002 filter on a column
 * instead of joining every assignment on every query. Each statement touches only rows whose flag
 * changes; a flag without assignments behind it (a file's value, a stale one) goes back to NULL.
 */
/**
 * Rebuilds the `call_quality` rows (schema.ts) of every call that import `importId` wrote, or wrote
 * check results for, from `call_check_results` as it now is: results, passed, scored and the score
 * sum per call, with the call's start, agent and campaign as its results carry them (the results
 * are filled from the call first, so they agree).
 */
async function deriveCallQuality(tx: Transaction, importId: string): Promise<void> {
  const touched = `SELECT call_id FROM call_check_results WHERE import_id = $1 UNION SELECT call_id FROM calls WHERE import_id = $1`;
  await tx.run(`DELETE FROM call_quality WHERE call_id IN (${touched})`, [importId]);
  await tx.run(
    `INSERT INTO call_quality
     SELECT call_id, min(call_started_at), min(agent_id), min(campaign_id), count(*), count(*) FILTER (WHERE passed),
            count(score), sum(score)
     FROM call_check_results WHERE call_id IN (${touched}) GROUP BY call_id`,
    [importId],
  );
}

async function deriveContactCentreFlags(tx: Transaction): Promise<void> {
  await tx.run(`UPDATE conversations AS c SET assigned = true, served = f.served
    FROM (SELECT conversation_id, bool_or(NOT missed) AS served FROM assignments GROUP BY conversation_id) AS f
    WHERE c.conversation_id = f.conversation_id AND (c.assigned IS NOT TRUE OR c.served IS DISTINCT FROM f.served)`);
  await tx.run(`UPDATE conversations SET assigned = NULL, served = NULL
    WHERE (assigned IS NOT NULL OR served IS NOT NULL) AND conversation_id NOT IN (SELECT conversation_id FROM assignments)`);
  await tx.run(`UPDATE messages AS m SET conversation_assigned = true
    FROM (SELECT DISTINCT conversation_id FROM assignments) AS a
    WHERE m.conversation_assigned IS NULL AND a.conversation_id = m.conversation_id`);
  await tx.run(`UPDATE messages SET conversation_assigned = NULL
    WHERE conversation_assigned IS NOT NULL AND conversation_id NOT IN (SELECT conversation_id FROM assignments)`);
}

/**
 * The summaries group by whole minutes or quarter-hours since the epoch as integers (`unit` of a
 * TIMESTAMP column) and turn only the groups back into TIMESTAMPs (`start` of a unit): making a
 * TIMESTAMP for each of ten million rows cost about 0.1 s more per table.
 */
const QUARTER_US = 900_000_000;
const unit = (ts: string, us: number) => `epoch_us(${ts}) // ${us}`;
const start = (u: string, us: number) => `make_timestamp(${u} * ${us})`;

/**
 * Rebuilds check_quality from call_check_results (run by every import that writes calls or results,
 * and by migration 8). The score bands are those of seeds/000.
 */
export const CHECK_QUALITY_REBUILD = `DELETE FROM check_quality;
INSERT INTO check_quality
SELECT check_id, ${start("q", QUARTER_US)}, score_floor, results, passed, scored, score_sum
FROM (SELECT check_id, ${unit("call_started_at", QUARTER_US)} AS q,
             CASE WHEN score IS NULL THEN NULL WHEN score < 50 THEN 0 WHEN score < 70 THEN 50 WHEN score < 90 THEN 70 ELSE 90 END AS score_floor,
             count(*) AS results, count(*) FILTER (WHERE passed) AS passed, count(score) AS scored, sum(score) AS score_sum
      FROM call_check_results WHERE call_started_at IS NOT NULL GROUP BY ALL);`;

/**
 * Rebuilds message_minutes from messages (run by every import that writes messages, conversations or
 * assignments, and by migration 10).
 */
export const MESSAGE_MINUTES_REBUILD = `DELETE FROM message_minutes;
INSERT INTO message_minutes
SELECT ${start("m", 60_000_000)}, messages, contact_messages, bot_messages, agent_messages, cc_messages
FROM (SELECT ${unit("sent_at", 60_000_000)} AS m, count(*) AS messages,
             count(*) FILTER (WHERE sender = 'contact') AS contact_messages, count(*) FILTER (WHERE sender = 'bot') AS bot_messages,
             count(*) FILTER (WHERE sender = 'agent') AS agent_messages,
             count(*) FILTER (WHERE sender IN ('contact', 'agent') AND conversation_assigned) AS cc_messages
      FROM messages WHERE sent_at IS NOT NULL GROUP BY ALL);`;

/**
 * SQL that rebuilds the per-entity quarter-hour summary `table` (schema.ts: `conversation_quarters`,
 * `contact_message_quarters`) from the rows of `from` that match
 * `where`: one row per `entity` and UTC quarter-hour of `time`, with the entity's previous such
 * quarter-hour (lag over the entity's quarter-hours) and, when `count` is given, the rows counted in
 * that column. The entity is grouped and partitioned by, not stored.
 */
function entityQuarters(table: string, entity: string, from: string, time: string, where: string, count?: string) {
  return `DELETE FROM ${table};
INSERT INTO ${table}
SELECT ${start("q", QUARTER_US)}, ${start(`lag(q) OVER (PARTITION BY ${entity} ORDER BY q)`, QUARTER_US)}${count ? `, ${count}` : ""}
FROM (SELECT ${entity}, ${unit(time, QUARTER_US)} AS q${count ? `, count(*) AS ${count}` : ""}
      FROM ${from} WHERE ${time} IS NOT NULL AND ${entity} IS NOT NULL${where ? ` AND ${where}` : ""} GROUP BY ALL);`;
}

/** Rebuilds conversation_quarters from messages (every import that writes messages, and migration 11). */
export const CONVERSATION_QUARTERS_REBUILD = entityQuarters(
  "conversation_quarters",
  "conversation_id",
  "messages",
  "sent_at",
  "",
  "messages",
);

/** Rebuilds contact_message_quarters from contact messages (imports that write messages or conversations, migration 11). */
export const CONTACT_MESSAGE_QUARTERS_REBUILD = entityQuarters(
  "contact_message_quarters",
  "contact_id",
  "messages",
  "sent_at",
  "sender = 'contact'",
);

/**
 * Rebuilds contact_conversation_quarters from conversations (imports that write conversations or
 * assignments, migration 11): per contact and quarter-hour of the start, the conversations and the
 * served ones, the previous quarter-hour and the previous one with a served conversation (the
 * latest earlier row with served conversations).
 */
export const CONTACT_CONVERSATION_QUARTERS_REBUILD = `DELETE FROM contact_conversation_quarters;
INSERT INTO contact_conversation_quarters
SELECT ${start("q", QUARTER_US)}, ${start("lag(q) OVER w", QUARTER_US)}, conversations, served_conversations,
       ${start("max(CASE WHEN served_conversations > 0 THEN q END) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)", QUARTER_US)}
FROM (SELECT contact_id, ${unit("started_at", QUARTER_US)} AS q,
             count(*) AS conversations, count(*) FILTER (WHERE served) AS served_conversations
      FROM conversations WHERE started_at IS NOT NULL AND contact_id IS NOT NULL GROUP BY ALL)
WINDOW w AS (PARTITION BY contact_id ORDER BY q);`;
