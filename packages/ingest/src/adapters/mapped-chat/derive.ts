/**
 * Canonical rows derived from the messages of one chat log (docs/mapping.md, "What is derived"):
 *
 * - Keys: every key is '{source}:{value}'. A message without a mapped id is '{conversation_id}:{seq}'.
 *   A repeated message id is refused (replies could not tell which message they answer).
 * - Threads (reply_to): a message joins the thread of the message it replies to; a message that replies
 *   to nothing, or to a message that is not in the file, starts a thread, keyed by its own message id.
 *   Replies that loop back on themselves are refused.
 * - Order: a conversation's messages in order of sent_at, messages without a time last, ties in file
 *   order; seq counts from 1 in that order.
 * - Conversations: started_at = the first sent_at, ended_at = the last; contact = the author of the
 *   first contact message; message_count = its messages in the file; handled_by 'agent' (agent
 *   messages, no bot), 'hybrid' (both), 'bot' (bot messages only), else NULL; first_agent_id and
 *   last_agent_id = the agents of the first and last agent messages. A conversation without any timed
 *   message is refused.
 * - Campaign: the mapping's constant, or '{source}:{value}' of the first message (in seq order) whose
 *   campaign spec gives a value, else the spec's default; without one the conversation is refused.
 *   Messages and assignments carry their conversation's campaign.
 * - Assignments ('per-agent', the default): for each agent, the agent's first message in the
 *   conversation is the first response of one assignment, seq in order of those first responses, key
 *   '{conversation_id}:{seq}'. assigned_at = the first contact message after the previous assignment's
 *   first response (for the first assignment: from the conversation's start) and before this first
 *   response; when there is none, the first response itself; when that has no time, the conversation's
 *   start. missed = false; accepted_at and closed_at stay NULL (a message log has no such events).
 *   Agent messages without an agent count as one agent (agent_id NULL). 'per-conversation': one
 *   assignment per conversation, for its first agent message, with the same assigned_at rule.
 * - Agents: one row per agent key, username = the agent as written. Keys are '{source}:{agent}', or
 *   '{campaign_id}:{agent}' with agentKeys 'campaign'.
 * - Contacts: one row per contact author ('{source}:{author}', lower-cased with ignoreAuthorCase),
 *   first_seen_at = the contact's earliest timed message, campaign_id = that message's campaign,
 *   display_name = the author as first written in the file. Each contact message carries its own author.
 */
import type { CanonicalRow } from "@tallyline/warehouse";
import type { CanonicalRows } from "../../adapter";
import type { RowIssue } from "../../errors";
import type { ChatMessage } from "./message";
import { type ChatMapping, primaryColumn } from "./schema";

/** What deriving needs besides the messages. */
export interface DeriveContext {
  readonly mapping: ChatMapping;
  readonly file: string;
  readonly importId: string;
}

/** A message placed in its conversation. */
interface Placed {
  readonly m: ChatMessage;
  readonly conversationId: string;
}

/** The rows of the messages, and the issues of the messages and conversations that give none. */
export function deriveRows(
  messages: readonly ChatMessage[],
  ctx: DeriveContext,
): { rows: CanonicalRows; issues: RowIssue[] } {
  const issues: RowIssue[] = [];
  const m = ctx.mapping;
  const issue = (msg: ChatMessage, column: string | undefined, value: string, reason: string) =>
    issues.push({ file: ctx.file, line: msg.line, column: column ? msg.record.where(column) : "-", value, reason });
  const idColumn = primaryColumn(m.fields.message_id);
  const unique = uniqueIds(messages, (msg, first) =>
    issue(msg, idColumn, msg.messageId ?? "", `repeats the message id of line ${first.line}`),
  );
  const placed =
    m.fields.reply_to === undefined
      ? unique.map((msg) => ({ m: msg, conversationId: key(m, msg.conversation as string) }))
      : threads(unique, ctx, (msg, reason) => issue(msg, primaryColumn(m.fields.reply_to), msg.replyTo ?? "", reason));
  const byConversation = new Map<string, ChatMessage[]>();
  for (const p of placed) {
    const list = byConversation.get(p.conversationId);
    if (list) list.push(p.m);
    else byConversation.set(p.conversationId, [p.m]);
  }
  const out = new Rows(ctx);
  for (const [conversationId, list] of byConversation) {
    list.sort((a, b) => (a.sentAt?.getTime() ?? Infinity) - (b.sentAt?.getTime() ?? Infinity) || a.index - b.index);
    const first = list[0] as ChatMessage;
    const campaign = campaignOf(m, list);
    if (campaign === null) {
      issue(
        first,
        primaryColumn(m.campaign as never),
        "",
        `no message of conversation ${conversationId} gives a campaign, and the campaign has no "default"`,
      );
      continue;
    }
    if (!list.some((x) => x.sentAt)) {
      issue(first, primaryColumn(m.fields.sent_at), "", `conversation ${conversationId} has no message with a time`);
      continue;
    }
    out.conversation(conversationId, campaign, list);
  }
  return { rows: out.byTable(), issues };
}

/** `{source}:{value}`. */
const key = (m: ChatMapping, value: string) => `${m.source}:${value}`;

/** The messages with each mapped message id once; a repeat is reported (with the first) and left out. */
function uniqueIds(
  messages: readonly ChatMessage[],
  repeated: (m: ChatMessage, first: ChatMessage) => void,
): ChatMessage[] {
  const seen = new Map<string, ChatMessage>();
  return messages.filter((msg) => {
    if (msg.messageId === null) return true;
    const first = seen.get(msg.messageId);
    if (first) repeated(msg, first);
    else seen.set(msg.messageId, msg);
    return !first;
  });
}

/**
 * Threads rebuilt from reply_to (see the module comment); messages in a reply loop, and those that
 * answer one, have no first message: they are reported and left out.
 */
function threads(
  messages: readonly ChatMessage[],
  ctx: DeriveContext,
  loop: (m: ChatMessage, reason: string) => void,
): Placed[] {
  const byId = new Map(messages.map((msg) => [msg.messageId as string, msg]));
  const root = new Map<ChatMessage, ChatMessage | null>();
  const inLoop = new Set<ChatMessage>();
  const rootOf = (start: ChatMessage): ChatMessage | null => {
    const chain: ChatMessage[] = [];
    const onChain = new Set<ChatMessage>();
    let at: ChatMessage = start;
    let found: ChatMessage | null;
    for (;;) {
      const known = root.get(at);
      if (known !== undefined) {
        found = known;
        break;
      }
      if (onChain.has(at)) {
        for (const c of chain.slice(chain.indexOf(at))) inLoop.add(c);
        found = null;
        break;
      }
      chain.push(at);
      onChain.add(at);
      const parent = at.replyTo === null ? undefined : byId.get(at.replyTo);
      if (parent === undefined) {
        found = at;
        break;
      }
      at = parent;
    }
    for (const c of chain) root.set(c, found);
    return found;
  };
  const out: Placed[] = [];
  for (const msg of messages) {
    const r = rootOf(msg);
    if (r === null)
      loop(
        msg,
        inLoop.has(msg)
          ? "replies lead back to this message (a reply loop): its thread has no first message"
          : "answers a message of a reply loop: its thread has no first message",
      );
    else out.push({ m: msg, conversationId: key(ctx.mapping, r.messageId as string) });
  }
  return out;
}

/** The campaign id and name of a conversation's messages, or null when none gives one and there is no default. */
function campaignOf(m: ChatMapping, list: readonly ChatMessage[]): { id: string; name: string } | null {
  if ("id" in m.campaign) return m.campaign;
  const value = list.find((x) => x.campaign !== null)?.campaign;
  if (value != null) return { id: key(m, value), name: value };
  return m.campaign.default ?? null;
}

/** The rows of every conversation, gathered per table. */
class Rows {
  readonly #conversations: CanonicalRow[] = [];
  readonly #messages: CanonicalRow[] = [];
  readonly #assignments: CanonicalRow[] = [];
  readonly #campaigns = new Map<string, CanonicalRow>();
  readonly #agents = new Map<string, CanonicalRow>();
  readonly #contacts = new Map<string, { row: CanonicalRow; index: number }>();
  readonly #provenance: { source: string; import_id: string };

  constructor(private readonly ctx: DeriveContext) {
    this.#provenance = { source: ctx.mapping.source, import_id: ctx.importId };
  }

  conversation(conversationId: string, campaign: { id: string; name: string }, list: readonly ChatMessage[]): void {
    const m = this.ctx.mapping;
    const channel = m.channel ?? "chat";
    const provenance = this.#provenance;
    if (!this.#campaigns.has(campaign.id))
      this.#campaigns.set(campaign.id, { campaign_id: campaign.id, ...provenance, name: campaign.name, channel });
    const agentId = (msg: ChatMessage) =>
      msg.agent === null ? null : `${m.agentKeys === "campaign" ? campaign.id : m.source}:${msg.agent}`;
    const contactId = (msg: ChatMessage) =>
      msg.sender === "contact" && msg.author !== null
        ? key(m, m.ignoreAuthorCase ? msg.author.toLowerCase() : msg.author)
        : null;
    const times = list.flatMap((x) => (x.sentAt ? [x.sentAt] : []));
    const startedAt = times[0] as Date;
    const agentMessages = list.filter((x) => x.sender === "agent");
    const hasBot = list.some((x) => x.sender === "bot");
    const firstContact = list.find((x) => contactId(x) !== null);
    this.#conversations.push({
      conversation_id: conversationId,
      ...provenance,
      campaign_id: campaign.id,
      contact_id: firstContact ? contactId(firstContact) : null,
      started_at: startedAt,
      ended_at: times.at(-1) as Date,
      channel,
      handled_by: agentMessages.length > 0 ? (hasBot ? "hybrid" : "agent") : hasBot ? "bot" : null,
      first_agent_id: agentMessages[0] ? agentId(agentMessages[0]) : null,
      last_agent_id: agentMessages.at(-1) ? agentId(agentMessages.at(-1) as ChatMessage) : null,
      message_count: list.length,
    });
    list.forEach((msg, i) => {
      const agent = agentId(msg);
      const contact = contactId(msg);
      this.#messages.push({
        message_id: msg.messageId === null ? `${conversationId}:${i + 1}` : key(m, msg.messageId),
        ...provenance,
        conversation_id: conversationId,
        seq: i + 1,
        sent_at: msg.sentAt,
        sender: msg.sender,
        agent_id: agent,
        length_chars: msg.length,
        text: msg.text,
        intent: msg.intent,
        language: msg.language,
        campaign_id: campaign.id,
        contact_id: contact,
      });
      if (agent !== null && !this.#agents.has(agent))
        this.#agents.set(agent, { agent_id: agent, ...provenance, username: msg.agent, disabled: false });
      if (contact !== null) this.contact(contact, msg, campaign.id);
    });
    this.assignments(conversationId, campaign.id, startedAt, list, agentId);
  }

  /** Keeps the contact's earliest timed message (first_seen_at, campaign) and first spelling. */
  contact(contactId: string, msg: ChatMessage, campaignId: string): void {
    const held = this.#contacts.get(contactId);
    const earlier =
      held === undefined ||
      (msg.sentAt !== null && (held.row.first_seen_at === null || msg.sentAt < (held.row.first_seen_at as Date)));
    const firstWritten = held === undefined || msg.index < held.index;
    if (!earlier && !firstWritten) return;
    const row = held?.row ?? {};
    this.#contacts.set(contactId, {
      index: firstWritten ? msg.index : (held?.index as number),
      row: {
        contact_id: contactId,
        ...this.#provenance,
        campaign_id: earlier ? campaignId : row.campaign_id,
        first_seen_at: earlier ? msg.sentAt : row.first_seen_at,
        display_name: firstWritten ? msg.author : row.display_name,
      },
    });
  }

  /** The assignments of one conversation (rule in the module comment). */
  assignments(
    conversationId: string,
    campaignId: string,
    startedAt: Date,
    list: readonly ChatMessage[],
    agentId: (m: ChatMessage) => string | null,
  ): void {
    const perConversation = this.ctx.mapping.assignments === "per-conversation";
    const seen = new Set<string | null>();
    let from = 0;
    list.forEach((msg, i) => {
      if (msg.sender !== "agent") return;
      const agent = agentId(msg);
      if (perConversation ? seen.size > 0 : seen.has(agent)) return;
      seen.add(agent);
      const waiting = list.slice(from, i).find((x) => x.sender === "contact" && x.sentAt !== null);
      from = i + 1;
      this.#assignments.push({
        assignment_id: `${conversationId}:${seen.size}`,
        ...this.#provenance,
        conversation_id: conversationId,
        campaign_id: campaignId,
        seq: seen.size,
        agent_id: agent,
        assigned_at: waiting?.sentAt ?? msg.sentAt ?? startedAt,
        first_response_at: msg.sentAt,
        missed: false,
      });
    });
  }

  byTable(): CanonicalRows {
    return {
      campaigns: [...this.#campaigns.values()],
      conversations: this.#conversations,
      messages: this.#messages,
      agents: [...this.#agents.values()],
      contacts: [...this.#contacts.values()].map((c) => c.row),
      assignments: this.#assignments,
    };
  }
}
