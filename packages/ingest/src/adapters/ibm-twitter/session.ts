/**
 * One session of the IBM Twitter customer-care export mapped into canonical rows (the decisions are
 * listed in ./index.ts). Problems are RowIssues whose `line` is the session's 1-based position in the
 * array and whose `column` is a JSON path with 0-based indexes, as jq and JavaScript count
 * (`[12].dialogContent[0].datetime` is on line 13).
 */
import { instantOf, isInYearRange, parseIsoDateTime, YEAR_RANGE_REASON } from "@tallyline/warehouse/time";
import type { CanonicalRows, MapContext } from "../../adapter";
import type { RowIssue } from "../../errors";
import { JSON_NUL_REASON, jsonPath, nulStrings } from "../../json";
import { agentSignature } from "./signature";

/** Adapter id, also the prefix of every key. */
export const SOURCE = "ibm-twitter";

/** A contact as one session sees it (sessions are merged per handle by the adapter). */
export interface SeenContact {
  readonly handle: string;
  readonly campaignId: string;
  readonly at: Date;
}

/**
 * The rows of one session, the contacts it saw and the warnings of values it did not use as written;
 * or the issues that reject it.
 */
export type SessionResult =
  | { readonly rows: CanonicalRows; readonly contacts: readonly SeenContact[]; readonly warnings: readonly RowIssue[] }
  | { readonly issues: readonly RowIssue[] };

/**
 * A session duration as the format's producers write it: `[-][D-]H+:MM:SS[.fff]`. The dev file writes
 * `01:26:55.0` and, for 22 sessions, `-12:14:20.` (a sign, and a point without digits); files of the
 * same dataset write a day part for sessions over a day, `1-02:03:04.000` (IBM's MaskerDuration
 * format: `[-]D-HH:MM:SS.mmm`). Hours may exceed 23 without a day part.
 */
const DURATION = /^(-)?(?:(\d+)-)?(\d+):(\d{2}):(\d{2})(?:\.(\d*))?$/;
/** What a warning on `duration` says was done instead. */
const NO_DURATION = "duration_secs and ended_at are left empty (the session's rows are kept)";
const SENDERS = { client: "contact", client1: "contact", agent: "agent" } as const;
type SenderKey = keyof typeof SENDERS;

/** `handle` as a contact key: Twitter handles are case-insensitive, so 'ibm-twitter:{lower-case handle}'. */
export const contactId = (handle: string) => `${SOURCE}:${handle.toLowerCase()}`;

type Json = unknown;
type JsonObject = Readonly<Record<string, Json>>;

const isObject = (v: Json): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);
const shown = (v: Json): string => (v === undefined ? "" : typeof v === "string" ? v : JSON.stringify(v));

/**
 * Reads values of one session, recording an issue (and returning undefined) for each bad one, and a
 * warning for each value of a field no report needs that it does not use as written.
 */
class SessionReader {
  readonly issues: RowIssue[] = [];
  readonly warnings: RowIssue[] = [];
  constructor(
    private readonly file: string,
    private readonly line: number,
    private readonly timezone: string,
  ) {}

  fail(path: string, value: Json, reason: string): undefined {
    this.issues.push({ file: this.file, line: this.line, column: path, value: shown(value), reason });
    return undefined;
  }

  warn(path: string, value: Json, reason: string): null {
    this.warnings.push({ file: this.file, line: this.line, column: path, value: shown(value), reason });
    return null;
  }

  object(v: Json, path: string): JsonObject | undefined {
    if (v === undefined) return this.fail(path, v, "is missing");
    return isObject(v) ? v : this.fail(path, v, "is not an object");
  }

  text(v: Json, path: string): string | undefined {
    return typeof v === "string" && v.trim() !== "" ? v : this.fail(path, v, "is not a non-empty string");
  }

  /**
   * An ISO-8601 instant with seconds (`parseIsoDateTime` of the warehouse's time.ts), in the years
   * 1970-2099; without an offset it is read in the import's time zone.
   */
  instant(v: Json, path: string): Date | undefined {
    const written = typeof v === "string" ? parseIsoDateTime(v, { requireSeconds: true }) : null;
    if (written === null) return this.fail(path, v, "is not an ISO-8601 date-time (YYYY-MM-DDTHH:MM:SS[.fff][Z])");
    if ("reason" in written) return this.fail(path, v, written.reason);
    const at = instantOf(written, this.timezone);
    return isInYearRange(at) ? at : this.fail(path, v, YEAR_RANGE_REASON);
  }

  /**
   * `duration` ({@link DURATION}) in seconds; absent gives null. The session's end is derived from it
   * and no report needs it otherwise, so an unreadable or negative one (22 sessions of the dev file:
   * '-12:14:20.') gives null with a warning, never a rejected file.
   */
  duration(v: Json, path: string): number | null {
    if (v === undefined || v === null) return null;
    const m = typeof v === "string" ? DURATION.exec(v.trim()) : null;
    if (!m || Number(m[4]) > 59 || Number(m[5]) > 59)
      return this.warn(path, v, `is not a duration [-][D-]HH:MM:SS[.fff]: ${NO_DURATION}`);
    if (m[1]) return this.warn(path, v, `is negative, and a session cannot end before it starts: ${NO_DURATION}`);
    const [days, h, mi, sec] = [Number(m[2] ?? 0), Number(m[3]), Number(m[4]), Number(m[5])];
    // Whole milliseconds (a fraction is rounded to them), so that start + duration is exact.
    const ms = (((days * 24 + h) * 60 + mi) * 60 + sec) * 1000 + Math.round(Number(`0.${m[6] || "0"}`) * 1000);
    return ms / 1000;
  }

  /**
   * `messageCount`, a whole number >= 0 as a string or number; absent gives null. It restates the
   * session's messages, so an unreadable one gives undefined with a warning (the caller counts them).
   */
  count(v: Json, path: string): number | null | undefined {
    if (v === undefined || v === null) return null;
    const s = typeof v === "number" ? String(v) : v;
    if (typeof s === "string" && /^\d+$/.test(s.trim())) return Number(s);
    this.warn(path, v, "is not a whole number >= 0: message_count is the session's messages counted instead");
    return undefined;
  }
}

/** One message read from the session, before it becomes a row. */
interface Message {
  readonly sender: "contact" | "agent";
  /** Twitter handle of a contact's message; the company account for agent messages. */
  readonly handle: string;
  readonly text: string;
  /** Null for the final agent reply, which has no timestamp. */
  readonly sentAt: Date | null;
}

function readMessage(r: SessionReader, v: Json, path: string): Message | undefined {
  const m = r.object(v, path);
  if (!m) return undefined;
  const keys = (Object.keys(SENDERS) as SenderKey[]).filter((k) => k in m);
  const [key] = keys;
  if (key === undefined || keys.length > 1) return r.fail(path, m, "must have exactly one of client, client1, agent");
  const handle = r.text(m[key], `${path}.${key}`);
  const text = typeof m.message === "string" ? m.message : r.fail(`${path}.message`, m.message, "is not a string");
  const sentAt = r.instant(m.datetime, `${path}.datetime`);
  if (handle === undefined || text === undefined || sentAt === undefined) return undefined;
  return { sender: SENDERS[key], handle, text, sentAt };
}

/** The session's fields, all read without issue. */
interface Session {
  readonly company: string;
  readonly sessionId: string;
  readonly startedAt: Date;
  readonly duration: number | null;
  readonly messageCount: number | null;
  /** dialogContent in order, then the final agent reply (`agentURL.url_utterance`) when there is one. */
  readonly messages: readonly Message[];
}

function readSession(r: SessionReader, v: Json, base: string): Session | undefined {
  const session = r.object(v, base);
  if (!session) return undefined;
  const hp = `${base}.dialogHeader`;
  const header = r.object(session.dialogHeader, hp);
  const company = header && r.text(header.company, `${hp}.company`);
  const sessionId = header && r.text(header.sessionID, `${hp}.sessionID`);
  const startedAt = header && r.instant(header.conversationDateTime, `${hp}.conversationDateTime`);
  const duration = header ? r.duration(header.duration, `${hp}.duration`) : null;
  const messageCount = header && r.count(header.messageCount, `${hp}.messageCount`);
  const content = Array.isArray(session.dialogContent)
    ? session.dialogContent.map((m, j) => readMessage(r, m, `${base}.dialogContent[${j}]`))
    : [r.fail(`${base}.dialogContent`, session.dialogContent, "is not an array")];
  // A message before the session's start: impossible (a first response before its assignment).
  if (startedAt)
    content.forEach((m, j) => {
      if (m?.sentAt && m.sentAt < startedAt) {
        const at = `${base}.dialogContent[${j}].datetime`;
        r.fail(
          at,
          (session.dialogContent as JsonObject[])[j]?.datetime,
          `is before the session's start (${hp}.conversationDateTime ${startedAt.toISOString()})`,
        );
      }
    });
  const ap = `${base}.agentURL`;
  const agentUrl = session.agentURL === undefined ? undefined : r.object(session.agentURL, ap);
  const reply =
    agentUrl && typeof agentUrl.url_utterance !== "string"
      ? r.fail(`${ap}.url_utterance`, agentUrl.url_utterance, "is not a string")
      : agentUrl?.url_utterance;
  if (r.issues.length > 0) return undefined;
  const replyAt = tweetInstant(agentUrl?.tweet_ID);
  // Every reader above returned a value or recorded an issue, so all are defined from here on.
  const final: Message[] =
    typeof reply === "string" ? [{ sender: "agent", handle: company as string, text: reply, sentAt: null }] : [];
  const messages = [...(content as Message[]), ...final];
  return {
    company: company as string,
    sessionId: sessionId as string,
    startedAt: startedAt as Date,
    duration: endsAfterMessages(
      r,
      withWholeDays(duration, startedAt as Date, replyAt),
      startedAt as Date,
      content as Message[],
      `${hp}.duration`,
      header?.duration,
    ),
    messageCount: messageCount === undefined ? messages.length : messageCount,
    messages,
  };
}

/** Twitter's epoch of tweet ids (snowflakes): 2010-11-04T01:42:54.657Z, in ms. */
const TWITTER_EPOCH_MS = 1288834974657n;

/**
 * The instant a tweet was posted, from its id: Twitter's snowflake ids since November 2010 hold
 * the milliseconds since {@link TWITTER_EPOCH_MS} in their bits above the 22 lowest. Null for
 * anything but a string of 1-20 digits, or an id from before snowflakes (older ids hold no time).
 */
export function tweetInstant(id: Json | undefined): Date | null {
  if (typeof id !== "string" || !/^\d{1,20}$/.test(id)) return null;
  const ms = (BigInt(id) >> 22n) + TWITTER_EPOCH_MS;
  // Ids before the first snowflake (the epoch itself) decode to the epoch: no time in them.
  return ms > TWITTER_EPOCH_MS ? new Date(Number(ms)) : null;
}

/**
 * The session's duration with the whole days the file leaves out: the IBM dev file writes the
 * time from the session's start to its final reply modulo 24 hours (`1-02:00:00` as `02:00:00`).
 * The final reply's tweet id gives that reply's instant ({@link tweetInstant}); when the written
 * duration is, within 2 s, that span less a whole number of days (one or more), the days are
 * added back. Any other duration (none, negative, or one that does not match the reply: 8 of the
 * dev file's 525 sessions) is kept as written. Seconds.
 */
export function withWholeDays(duration: number | null, start: Date, replyAt: Date | null): number | null {
  if (duration === null || duration < 0 || replyAt === null) return duration;
  const span = (replyAt.getTime() - start.getTime()) / 1000;
  const days = Math.round((span - duration) / 86_400);
  if (days < 1 || Math.abs(span - duration - days * 86_400) > 2) return duration;
  return duration + days * 86_400;
}

/**
 * `duration`, unless the session would end before one of its timed messages: then null with a
 * warning (after {@link withWholeDays}, none of the dev file's sessions does).
 */
function endsAfterMessages(
  r: SessionReader,
  duration: number | null,
  start: Date,
  messages: readonly Message[],
  path: string,
  written: Json,
): number | null {
  if (duration === null) return null;
  const end = start.getTime() + Math.round(duration * 1000);
  const last = Math.max(...messages.map((m) => m.sentAt?.getTime() ?? Number.NEGATIVE_INFINITY));
  if (end >= last) return duration;
  return r.warn(
    path,
    written,
    `ends the session at ${new Date(end).toISOString()}, before its message of ${new Date(last).toISOString()}: ${NO_DURATION}`,
  );
}

/**
 * Maps session `v` (element `index`, 0-based, of the file's array) into its campaign, conversation,
 * messages, agents and assignment, plus the contacts it saw; or returns the issues that reject it,
 * among them one per string value, anywhere in the session, that holds a NUL character (`checkNul`
 * false skips that search: the file has no `\u0000` escape).
 */
export function mapSession(v: Json, index: number, ctx: MapContext, checkNul = true): SessionResult {
  const r = new SessionReader(ctx.file, index + 1, ctx.timezone);
  if (checkNul) for (const n of nulStrings(v, [index])) r.fail(jsonPath(n.path), n.shown, JSON_NUL_REASON);
  const s = readSession(r, v, `[${index}]`);
  if (!s) return { issues: r.issues };
  const campaignId = `${SOURCE}:${s.company}`;
  const contacts = s.messages.flatMap((m) =>
    m.sender === "contact" && m.sentAt ? [{ handle: m.handle, campaignId, at: m.sentAt }] : [],
  );
  return { rows: sessionRows(s, campaignId, ctx.importId), contacts, warnings: r.warnings };
}

function sessionRows(s: Session, campaignId: string, importId: string): CanonicalRows {
  const provenance = { source: SOURCE, import_id: importId };
  const conversationId = `${SOURCE}:${s.sessionId}`;
  const signatureOf = (m: Message) => (m.sender === "agent" ? agentSignature(m.text) : undefined);
  const agentOf = (m: Message): string | null => {
    const signature = signatureOf(m);
    return signature === undefined ? null : `${campaignId}:${signature}`;
  };
  const replies = s.messages.filter((m) => m.sender === "agent");
  const first = replies[0];
  const last = replies.at(-1);
  const firstContact = s.messages.find((m) => m.sender === "contact");
  return {
    campaigns: [{ campaign_id: campaignId, ...provenance, name: s.company, channel: "twitter" }],
    conversations: [
      {
        conversation_id: conversationId,
        ...provenance,
        campaign_id: campaignId,
        contact_id: firstContact ? contactId(firstContact.handle) : null,
        started_at: s.startedAt,
        ended_at: s.duration === null ? null : new Date(s.startedAt.getTime() + Math.round(s.duration * 1000)),
        channel: "twitter",
        handled_by: first ? "agent" : null,
        first_agent_id: first ? agentOf(first) : null,
        last_agent_id: last ? agentOf(last) : null,
        message_count: s.messageCount,
        duration_secs: s.duration,
      },
    ],
    messages: s.messages.map((m, i) => ({
      message_id: `${conversationId}:${i + 1}`,
      ...provenance,
      conversation_id: conversationId,
      seq: i + 1,
      sent_at: m.sentAt,
      sender: m.sender,
      agent_id: agentOf(m),
      length_chars: [...m.text].length,
      text: m.text,
      campaign_id: campaignId,
      contact_id: m.sender === "contact" ? contactId(m.handle) : null,
    })),
    agents: replies.flatMap((m) => {
      const signature = signatureOf(m);
      const agentId = agentOf(m);
      return agentId === null ? [] : [{ agent_id: agentId, ...provenance, username: signature, disabled: false }];
    }),
    assignments: first
      ? [
          {
            assignment_id: `${conversationId}:1`,
            ...provenance,
            conversation_id: conversationId,
            campaign_id: campaignId,
            seq: 1,
            agent_id: agentOf(first),
            assigned_at: s.startedAt,
            first_response_at: first.sentAt,
            missed: false,
          },
        ]
      : [],
  };
}
