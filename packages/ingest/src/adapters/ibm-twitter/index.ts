/**
 * Adapter for IBM's Twitter customer-care sessions ("Twitter Conversations Dataset for Conversational
 * Document Prediction", EMNLP 2020; ../shared/data/real/ibm-twitter-cdp/SOURCE.md): one JSON array,
 * each element a session `{ dialogHeader, dialogContent, agentURL }`.
 *
 * Mapping decisions:
 * - `dialogHeader.company` (the support account, e.g. 'AdobeCare') is a campaign
 *   'ibm-twitter:{company}', name = company, channel 'twitter'.
 * - Each session is a conversation 'ibm-twitter:{sessionID}', channel 'twitter', handled_by 'agent'
 *   when it has an agent reply. started_at = `conversationDateTime` (ISO-8601 with Z; without an
 *   offset it is read in the import's zone). duration_secs = `duration` (`[-][D-]HH:MM:SS[.fff]`: the
 *   dev file writes '01:26:55.0', other files of the dataset a day part '1-02:03:04.000' for sessions
 *   over a day) and ended_at = started_at + duration. Both are NULL, with a warning and the session
 *   kept, when the duration is unreadable, negative ('-12:14:20.', 22 sessions of the dev file), or
 *   ends the session before one of its timed messages. The dev file writes `duration` as the time to
 *   the final reply modulo 24 hours: the whole days are added back from the final reply's tweet id
 *   (a snowflake holding its time; session.ts `withWholeDays`), 77 sessions of the dev file. message_count = `messageCount` (a string in the file); when unreadable, the
 *   session's messages counted, with a warning.
 * - Messages: every `dialogContent` element in order (seq 1..n, sent_at = its `datetime`), then the
 *   final agent reply `agentURL.url_utterance` (seq n+1, sent_at NULL: the export gives it no time).
 *   In the dev file `messageCount` = n + 1 for all 525 sessions: it counts the final reply, so the
 *   file's messages total the sum of messageCount (1,211). message_id
 *   'ibm-twitter:{sessionID}:{seq}' (tweet ids repeat across sessions). sender 'contact' for
 *   `client` and `client1` (a second user joining the thread), 'agent' for `agent`. text is kept
 *   verbatim (HTML entities such as '&amp;' included; personal data); length_chars counts Unicode
 *   code points.
 * - Agents: the signature ending an agent message (./signature.ts: "^JS", "*MS", "~ Olivia", "-FR")
 *   is its agent 'ibm-twitter:{company}:{signature}', username = signature; unsigned messages have
 *   no agent. first_agent_id / last_agent_id are the agents of the first and last agent messages.
 * - Contacts: each client/client1 handle is a contact 'ibm-twitter:{handle, lower-case}' (Twitter
 *   handles are case-insensitive), display_name = the handle as first written, first_seen_at = its
 *   earliest message in the file, campaign_id = the campaign of that message. The conversation's
 *   contact_id is the author of its first contact message; each contact message carries its own
 *   author (a `client1` is not the conversation's contact), and every message and the assignment
 *   carry the campaign.
 * - Assignments: one per conversation with an agent reply, 'ibm-twitter:{sessionID}:1', for the first
 *   agent message: agent_id = its signature's agent (NULL when unsigned), assigned_at = started_at
 *   (the export has no routing time: the care team is taken to own the session from the customer's
 *   first tweet), first_response_at = that message's datetime (NULL when it is the final reply),
 *   missed false (every answered session was picked up). A session without any agent message has none.
 * - Refused, as problems of their session: a timestamp outside the years 1970-2099 (UTC, time.ts), a
 *   message timed before the session's conversationDateTime (its first response would come before
 *   its assignment), and any string value holding a NUL character (an escaped `\u0000`; ../../json.ts).
 */
import type { CanonicalRow } from "@tallyline/warehouse";
import type { Detection, MapContext, Probe, ReadResult, SourceAdapter, SourceFile } from "../../adapter";
import { IngestError, MAX_ISSUES, type RowIssue, WarningList } from "../../errors";
import { RowSet } from "../../rowset";
import { requireText } from "../../text";
import { contactId, mapSession, type SeenContact, SOURCE } from "./session";

const KEYS = ["dialogHeader", "dialogContent"] as const;

/** The IBM Twitter customer-care adapter (see the module comment for every mapping decision). */
export const ibmTwitterAdapter: SourceAdapter = {
  id: SOURCE,
  description: "IBM Twitter customer-care sessions (JSON array of { dialogHeader, dialogContent, agentURL })",

  /** A JSON array whose first 64 KiB name both dialogHeader and dialogContent. */
  detect(probe: Probe): Detection {
    const head = probe.text?.slice(0, 65_536).trimStart() ?? "";
    if (!head.startsWith("[")) return { score: 0 };
    const missing = KEYS.filter((k) => !head.includes(`"${k}"`));
    return { score: 1 - missing.length / KEYS.length, missing };
  },

  async read(file: SourceFile, ctx: MapContext): Promise<ReadResult> {
    const text = requireText(file.name, file.bytes);
    const sessions = parseSessions(file.name, text);
    // A NUL character can only come from a \u0000 escape (JSON.parse refuses a raw one in a string).
    const mayHoldNul = text.includes("\\u0000");
    const rows = new RowSet();
    const issues: RowIssue[] = [];
    const warnings = new WarningList();
    const contacts = new Map<string, SeenContact>();
    sessions.forEach((session, i) => {
      if (issues.length >= MAX_ISSUES) return;
      const result = mapSession(session, i, ctx, mayHoldNul);
      if ("issues" in result) {
        issues.push(...result.issues);
        return;
      }
      rows.add(result.rows);
      warnings.add(...result.warnings);
      for (const c of result.contacts) {
        const key = contactId(c.handle);
        const seen = contacts.get(key);
        // The spelling first written is kept; the earliest message gives first_seen_at and campaign.
        if (!seen || c.at < seen.at) contacts.set(key, { ...c, handle: seen?.handle ?? c.handle });
      }
    });
    rows.add({ contacts: [...contacts].map(([key, c]) => contactRow(key, c, ctx.importId)) });
    return { rows: rows.byTable(), issues, warnings, records: sessions.length };
  },
};

function contactRow(key: string, c: SeenContact, importId: string): CanonicalRow {
  return {
    contact_id: key,
    source: SOURCE,
    import_id: importId,
    campaign_id: c.campaignId,
    first_seen_at: c.at,
    display_name: c.handle,
  };
}

/**
 * The file's sessions. Throws IngestError 'unreadable' when the text is not JSON (the issue names
 * the physical line of the syntax error) or not a JSON array.
 */
function parseSessions(file: string, text: string): unknown[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    const message = (cause as Error).message;
    const at = /position (\d+)/.exec(message);
    const line = at ? text.slice(0, Number(at[1])).split("\n").length : 1;
    const value = text.split("\n", line)[line - 1] ?? "";
    throw new IngestError(
      "unreadable",
      file,
      [{ file, line, column: "-", value, reason: `is not JSON: ${message}` }],
      undefined,
      { cause },
    );
  }
  if (!Array.isArray(parsed)) {
    throw new IngestError("unreadable", file, [
      { file, line: 1, column: "(root)", value: text.slice(0, 40), reason: "is not a JSON array of sessions" },
    ]);
  }
  return parsed;
}
