/**
 * The real IBM Twitter dev file (../shared/data/real/ibm-twitter-cdp/dev.json, 525 sessions) through
 * `importFile`, checked against independent SQL over the raw file (DuckDB's read_json, not our
 * adapter). Skips with a visible message when ../shared is absent.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Warehouse } from "@tallyline/warehouse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ImportSummary, importFile } from "../src/index";

const REAL = join(import.meta.dirname, "../../../../shared/data/real/ibm-twitter-cdp/dev.json");
const present = existsSync(REAL);
if (!present) console.warn(`SKIPPED: IBM Twitter real-data tests need ${REAL} (../shared/data/real is absent)`);

describe.skipIf(!present)("real IBM Twitter dev file", () => {
  let dir: string;
  let wh: Warehouse;
  let summary: ImportSummary;
  const raw = `read_json('${REAL}')`;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "tl-ibm-real-"));
    wh = await Warehouse.open(join(dir, "ibm.duckdb"));
    summary = await importFile(wh, REAL);
  });
  afterAll(async () => {
    await wh.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("gives 525 conversations with as many messages as the sum of their messageCount", async () => {
    const [file] = await wh.query<{ sessions: number; messages: number; content: number }>(
      `SELECT count(*) AS sessions, sum(CAST(dialogHeader.messageCount AS INTEGER)) AS messages,
              sum(len(dialogContent)) AS content FROM ${raw}`,
    );
    expect(file).toEqual({ sessions: 525, messages: 1211, content: 686 });
    // messageCount counts the final agent reply: one more than dialogContent in every session.
    expect(file?.messages).toBe((file?.content ?? 0) + (file?.sessions ?? 0));
    expect(summary.rowsByTable).toMatchObject({ conversations: file?.sessions, messages: file?.messages });
    const [db] = await wh.query(
      "SELECT (SELECT count(*) FROM conversations) AS conversations, (SELECT count(*) FROM messages) AS messages, (SELECT sum(message_count) FROM conversations) AS message_count",
    );
    expect(db).toEqual({ conversations: 525, messages: 1211, message_count: 1211 });
  });

  it("adds back the whole days the file leaves out of durations, from the final reply's tweet id", async () => {
    // Independent of the adapter: DuckDB's reading of the raw strings (whole seconds) and of the
    // reply's snowflake id (ms since 2010-11-04T01:42:54.657Z in the bits above the 22 lowest).
    const rows = await wh.query<{ id: string; expected: number | null; days: number; early: boolean }>(`
      WITH s AS (
        SELECT dialogHeader.sessionID AS sid, dialogHeader.duration AS d,
               CAST(dialogHeader.conversationDateTime AS TIMESTAMP) AS st,
               list_max(list_transform(dialogContent, m -> CAST(m.datetime AS TIMESTAMP))) AS last,
               epoch_ms(CAST((CAST(agentURL.tweet_ID AS HUGEINT) >> 22) + 1288834974657 AS BIGINT)) AS reply
        FROM ${raw}),
      w AS (
        SELECT *, CASE WHEN d LIKE '-%' THEN NULL ELSE CAST(split_part(d, ':', 1) AS INTEGER) * 3600
               + CAST(split_part(d, ':', 2) AS INTEGER) * 60 + floor(CAST(split_part(d, ':', 3) AS DOUBLE)) END AS written,
               epoch(reply) - epoch(st) AS span FROM s),
      k AS (SELECT *, round((span - written) / 86400) AS n FROM w),
      f AS (SELECT *, CASE WHEN n >= 1 AND abs(span - written - n * 86400) <= 2 THEN n ELSE 0 END AS days FROM k)
      SELECT 'ibm-twitter:' || sid AS id, written + days * 86400 AS expected, days,
             st + to_seconds(written + days * 86400) < last AS early
      FROM f ORDER BY id`);
    const fixed = rows.filter((r) => r.days > 0);
    const negative = rows.filter((r) => r.expected === null);
    const early = rows.filter((r) => r.early === true);
    // 77 sessions over a day long: 66 that ended early before, and 11 that ended before a message.
    expect([fixed.length, negative.length, early.length]).toEqual([77, 22, 0]);
    expect(summary.warnings.total).toBe(22);
    expect(summary.warnings.first.filter((w) => w.reason.startsWith("is negative"))).toHaveLength(22);
    const db = await wh.query<{ id: string; duration: number | null; ends: boolean | null }>(
      `SELECT conversation_id AS id, floor(duration_secs) AS duration,
              ended_at = started_at + to_milliseconds(CAST(round(duration_secs * 1000) AS BIGINT)) AS ends
       FROM conversations ORDER BY id`,
    );
    expect(db.map((r) => [r.id, r.duration])).toEqual(rows.map((r) => [r.id, r.expected]));
    expect(db.filter((r) => r.duration !== null).every((r) => r.ends === true)).toBe(true);
  });

  it("conversations per company equal the raw file's sessions per company (24 companies)", async () => {
    const expected = await wh.query(
      `SELECT 'ibm-twitter:' || dialogHeader.company AS campaign_id, count(*) AS n FROM ${raw} GROUP BY 1 ORDER BY 1`,
    );
    expect(expected).toHaveLength(24);
    expect(await wh.query("SELECT campaign_id, count(*) AS n FROM conversations GROUP BY 1 ORDER BY 1")).toEqual(
      expected,
    );
  });

  it("messages per conversation equal messageCount, and one final reply per session has no timestamp", async () => {
    const [check] = await wh.query(`
      SELECT count(*) FILTER (WHERE n <> c.message_count) AS mismatched,
             sum(untimed) AS untimed
      FROM conversations c
      JOIN (SELECT conversation_id, count(*) AS n, count(*) FILTER (WHERE sent_at IS NULL) AS untimed
            FROM messages GROUP BY 1) m USING (conversation_id)`);
    expect(check).toEqual({ mismatched: 0, untimed: 525 });
  });

  it("senders match the raw file's client/client1/agent keys", async () => {
    const [file] = await wh.query(`
      SELECT count(*) FILTER (WHERE m.agent IS NULL) AS contact, count(*) FILTER (WHERE m.agent IS NOT NULL) AS agent
      FROM (SELECT unnest(dialogContent) AS m FROM ${raw})`);
    const bySender = await wh.query(
      "SELECT sender, count(*) AS n FROM messages WHERE sent_at IS NOT NULL GROUP BY 1 ORDER BY 1",
    );
    expect(bySender).toEqual([
      { sender: "agent", n: file?.agent },
      { sender: "contact", n: file?.contact },
    ]);
  });

  it("agents: the documented signature rule, applied by DuckDB's regexp to the raw texts, gives the same agents", async () => {
    // signature.ts's rule in RE2 syntax: sigil after whitespace or . ! ?, optional space, one capitalised word, optional "n/m".
    const rule = String.raw`(?:^|[\s.!?])[\^*~\-\x{2013}/] ?([A-Z][A-Za-z]{0,19})(?:\s+\d+/\d+)?\s*$`;
    const [file] = await wh.query(`
      WITH texts AS (
        SELECT dialogHeader.company AS company, agentURL.url_utterance AS text FROM ${raw}
        UNION ALL
        SELECT company, m.message FROM (SELECT dialogHeader.company AS company, unnest(dialogContent) AS m FROM ${raw})
        WHERE m.agent IS NOT NULL)
      SELECT count(*) AS texts, count(*) FILTER (WHERE sig <> '') AS signed,
             count(DISTINCT company || ':' || sig) FILTER (WHERE sig <> '') AS agents
      FROM (SELECT company, regexp_extract(text, '${rule}', 1) AS sig FROM texts)`);
    expect(file).toEqual({ texts: 586, signed: 321, agents: 119 });
    expect(
      await wh.query(
        "SELECT count(*) AS texts, count(agent_id) AS signed, count(DISTINCT agent_id) AS agents FROM messages WHERE sender = 'agent'",
      ),
    ).toEqual([file]);
    expect(await wh.query("SELECT count(*) AS n FROM agents")).toEqual([{ n: 119 }]);
  });
});
