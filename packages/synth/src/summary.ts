/**
 * Per-conversation figures as Conversation24's Conversations export states them (seed 003), from a
 * given start: the canonical `conversations` row counts from the conversation's own start, the
 * export from the moment the chat reached an agent (see ./c24.ts). Seconds are whole seconds;
 * message lengths are characters (the mean to 2 decimals).
 */
import type { Account, Agent, Conversation } from "./model";

/** The export's measured columns of one conversation. */
export interface ConversationSummary {
  readonly firstAgent: Agent | null;
  readonly lastAgent: Agent | null;
  /** Messages sent from `from` on (num_messages). */
  readonly messageCount: number;
  /** `from` until the chat was over (duration_total_secs). */
  readonly durationSecs: number;
  /** `from` until the last message; 0 without messages (duration_conversation_secs). */
  readonly conversationSecs: number;
  /** The visitor's last message until the end; null without one (duration_afterclose_secs). */
  readonly aftercloseSecs: number | null;
  /** Mean and longest message length; 0 without messages (avgMessageLength, maxMessageLength). */
  readonly avgMessageLength: number;
  readonly maxMessageLength: number;
  /** First agent's acceptance until its first message (firstResponseTime). */
  readonly firstResponseSecs: number | null;
  /** First visitor message until the first agent message (firstReplyTime). */
  readonly firstReplySecs: number | null;
  /** Mean and longest wait of a visitor message for the next agent message (avg/maxResponseTime). */
  readonly avgResponseSecs: number | null;
  readonly maxResponseSecs: number | null;
  /** self, external or hybrid: whose agents took part, relative to the website's account; null without agents. */
  readonly handlingType: "self" | "external" | "hybrid" | null;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** The summary of `c` counted from instant `from` (seconds). */
export function summarise(c: Conversation, from: number): ConversationSummary {
  const agents = c.assignments.flatMap((a) => (a.agent ? [a.agent] : []));
  const first = c.assignments[0];
  const messages = c.messages.filter((m) => m.at >= from);
  const lengths = messages.map((m) => m.length);
  const firstContact = c.messages.find((m) => m.sender === "contact");
  const firstAgentMessage = c.messages.find((m) => m.sender === "agent");
  const lastContact = c.messages.findLast((m) => m.sender === "contact");
  const waits: number[] = [];
  let waitingSince: number | null = null;
  for (const m of c.messages) {
    if (m.sender === "contact" && waitingSince === null) waitingSince = m.at;
    if (m.sender === "agent" && waitingSince !== null) {
      waits.push(m.at - waitingSince);
      waitingSince = null;
    }
  }
  const last = messages[messages.length - 1];
  return {
    firstAgent: agents[0] ?? null,
    lastAgent: agents[agents.length - 1] ?? null,
    messageCount: messages.length,
    durationSecs: c.endedAt - from,
    conversationSecs: last ? last.at - from : 0,
    aftercloseSecs: lastContact ? c.endedAt - lastContact.at : null,
    avgMessageLength: lengths.length > 0 ? round2(lengths.reduce((s, n) => s + n, 0) / lengths.length) : 0,
    maxMessageLength: lengths.length > 0 ? Math.max(...lengths) : 0,
    firstResponseSecs:
      first?.acceptedAt != null && first.firstResponseAt != null ? first.firstResponseAt - first.acceptedAt : null,
    firstReplySecs: firstContact && firstAgentMessage ? firstAgentMessage.at - firstContact.at : null,
    avgResponseSecs: waits.length > 0 ? round2(waits.reduce((s, n) => s + n, 0) / waits.length) : null,
    maxResponseSecs: waits.length > 0 ? Math.max(...waits) : null,
    handlingType: handling(
      agents.map((a) => a.account),
      c.host.account,
    ),
  };
}

function handling(accounts: readonly Account[], own: Account): ConversationSummary["handlingType"] {
  if (accounts.length === 0) return null;
  const mine = accounts.filter((a) => a === own).length;
  return mine === accounts.length ? "self" : mine === 0 ? "external" : "hybrid";
}
