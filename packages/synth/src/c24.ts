/**
 * The world as the eight Conversation24 exports (seed 003; formats in docs/ingest.md "Conversation24
 * exports"), and the view of each conversation that an import of them gives, for the ground truth.
 *
 * What the exports carry and how (decisions):
 * - Conversations: only conversations that reached the contact centre (at least one assignment,
 *   missed ones included); bot-only ones have no place in an export without a bot. The export's
 *   `conversation_start` is when the chat was established with an agent (seed 003): the first
 *   assignment's acceptance, or its offer when missed. Messages, intents, languages, start flows
 *   and closing reasons are not in the export; only the first and the last agent are.
 * - Agent activity: every online/offline state of chat agents; Slots: the same states once per
 *   entry-point type; Agent performance: every chat shift; Agents and Hosts: all of them;
 *   Traffic and Automatic invites: every hourly row.
 * - Timestamps are local ISO-8601 with the zone's offset ('2026-10-25T02:30:00+01:00'): exact on
 *   either side of a DST change whatever `--timezone` the import uses; the invites' `date` is the
 *   Unix seconds of the local day's midnight, as the seed prints it.
 * - Ids are the raw ids (the import prefixes them 'c24:'); `disabled` 0/1, `blocked` yes/no,
 *   surveys 1-5 as digits, faces good/moderate/bad, thumbs up/down.
 */
import { c24Adapters } from "@tallyline/ingest";
import { type Calendar, HOUR } from "./calendar";
import { chatAccount, SLOT_TYPES } from "./company";
import type { Assignment, Conversation, Rating, World } from "./model";
import { acceptUrl, shiftFigures, transcriptUrl } from "./rows";
import { summarise } from "./summary";

/** A field value: text as is, a number written plainly, null written empty. */
export type C24Value = string | number | null;

/** One export file: its name in the output folder, its header (the seed's columns, in order) and its records. */
export interface C24File {
  readonly name: string;
  readonly columns: readonly string[];
  readonly records: readonly Readonly<Record<string, C24Value>>[];
}

/**
 * How an import of the Conversations export sees `c` (docs/ingest.md, c24-conversations): null for
 * a bot-only conversation; otherwise started when established with an agent, without messages,
 * with at most two assignments (the first agent from the start, accepted then, first reply after
 * `firstResponseTime`, closed at the end unless transferred; the last agent, if different, offered
 * at the start and closed at the end, neither accepted nor replied), and the rating at the end.
 */
export function c24View(c: Conversation): Conversation | null {
  const first = c.assignments[0];
  if (!first) return null;
  const start = c24Start(c, first);
  const accepted = c.assignments.filter((a) => a.agent !== null);
  const firstAgent = first.agent;
  const lastAgent = accepted[accepted.length - 1]?.agent ?? null;
  const view = (seq: number, fields: Partial<Assignment>): Assignment => ({
    seq,
    agent: null,
    role: first.role,
    assignedAt: start,
    acceptedAt: null,
    firstResponseAt: null,
    closedAt: null,
    missed: false,
    ...fields,
  });
  const transferred = lastAgent !== firstAgent;
  const assignments = firstAgent
    ? [
        // firstResponseTime counts from acceptance, and the import accepts at the start: the same instant.
        view(1, {
          agent: firstAgent,
          acceptedAt: start,
          firstResponseAt: first.firstResponseAt,
          closedAt: transferred ? null : c.endedAt,
        }),
        ...(transferred ? [view(2, { agent: lastAgent, closedAt: c.endedAt })] : []),
      ]
    : [view(1, { missed: true })];
  return { ...c, startedAt: start, messages: [], assignments };
}

/** When the chat was established with an agent: the first assignment's acceptance, or its offer when missed. */
function c24Start(c: Conversation, first = c.assignments[0]): number {
  if (!first) throw new Error(`conversation ${c.raw} has no assignment`);
  return first.acceptedAt ?? first.assignedAt;
}

/** Ground-truth figures an import of the exports cannot give, and why (`null` in the truth's `c24` section). */
export const C24_NOT_CARRIED: Readonly<Record<string, string>> = {
  messages: "the Conversations export has a message count per chat, not the messages and their times",
  incomingMessages: "no messages in the exports",
  activeContacts: "counted from contact messages, which the exports do not have",
  peakMessagesPerMinute: "no message times in the exports",
  calls: "Conversation24 exports chats only",
  conversationsByIntent: "no intents in the exports (no bot)",
  conversationsByLanguage: "no languages in the exports",
  conversationsByStartFlow: "no bot flows in the exports",
  conversationsByClosingReason: "no closing reasons in the exports",
  assignedConversationsByClosingReason: "no closing reasons in the exports",
  contactCentreMessages: "no messages in the exports",
  messagesPerConversation: "no messages in the exports",
  conversationsByCampaign: "kept with the other per-category figures, which the exports do not carry",
  callsByQueue: "Conversation24 exports chats only",
  callsByTopic: "Conversation24 exports chats only",
  callsByAgent: "Conversation24 exports chats only",
  callsByWeekdayHour: "Conversation24 exports chats only",
  quality: "Conversation24 exports chats only (quality checks are on calls)",
  qualityByCheck: "Conversation24 exports chats only (quality checks are on calls)",
  qualityByAgent: "Conversation24 exports chats only (quality checks are on calls)",
  scoreBands: "Conversation24 exports chats only (quality checks are on calls)",
};

/** How the other figures differ from the canonical files' (see the module docstring). */
export const C24_DIFFERENCES: Readonly<Record<string, string>> = {
  conversations:
    "bot-only conversations are not exported; the others start when the chat reached an agent (accepted, or offered when missed)",
  newContacts: "first conversations among the exported ones only",
  assignedConversationsByHour: "conversations start when the chat reached an agent (accepted, or offered when missed)",
  assignments:
    "first and last agent only: a second transfer (A->B->C) shows as one, and transfers are placed at the conversation start",
  firstResponse: "first assignments only, from acceptance (the export's firstResponseTime), not from the offer",
  handledByAgent: "the first and the last agent of each conversation only",
  conversationSecsByAgent: "assignments that were not transferred only (the export gives no transfer time)",
  ratings: "thumbs of bot-only conversations are not exported",
};

const SURVEY: Record<Rating["scale"], (v: number) => string> = {
  "1-5": (v) => String(v),
  face: (v) => ["bad", "moderate", "good"][v - 1] ?? String(v),
  thumbs: (v) => (v === 1 ? "up" : "down"),
};

/** The eight exports of `world`, file names as the c24 fixtures name them ('agent-activity.csv', ...). */
export function c24Exports(world: World, cal: Calendar): C24File[] {
  const ts = (sec: number | null) => (sec === null ? null : cal.isoLocal(sec));
  const chatShifts = world.shifts.filter((s) => s.states.length > 0);
  const states = chatShifts.flatMap((s) => s.states);
  const stateName = (s: string) => (s === "online" ? "Online" : "Offline");
  const records: Record<string, Record<string, C24Value>[]> = {
    "c24-agent-activity": states.map((s) => ({
      chatcampaign_id: s.agent.campaign.raw,
      agent_id: s.agent.raw,
      time_start: ts(s.start),
      time_end: ts(s.end),
      state: stateName(s.state),
      duration_secs: s.end - s.start,
      account_id: s.agent.account.raw,
      activity_id: s.raw,
    })),
    "c24-agent-performance": chatShifts.map((s) => {
      return {
        chatcampaign_id: s.agent.campaign.raw,
        agent_id: s.agent.raw,
        workshift_id: s.raw,
        account_id: s.agent.account.raw,
        chatcampaign_name: s.agent.campaign.name,
        workshift_start: ts(s.start),
        workshift_end: ts(s.end),
        ...shiftFigures(s),
      };
    }),
    "c24-agents": world.agents.map((a) => ({
      id: a.raw,
      username: a.username,
      firstname: a.firstName,
      lastname: a.lastName,
      email: a.email,
      account_id: a.account.raw,
      disabled: a.disabled ? 1 : 0,
    })),
    "c24-conversations": world.conversations.flatMap((c) => (c.assignments.length > 0 ? [conversation(c, ts)] : [])),
    "c24-invites": world.invites.map((h) => ({
      chatcampaign_id: h.invite.campaign.raw,
      date: cal.midnight(h.hourStart),
      hour_of_day: cal.localHour(h.hourStart),
      filter_id: h.invite.raw,
      account_id: chatAccount.raw,
      hour_begin_time: ts(h.hourStart),
      hour_end_time: ts(h.hourStart + HOUR - 1),
      filter_name: h.invite.name,
      num_proactive: h.shown,
      num_proactive_accepted: h.accepted,
      num_proactive_declined: h.declined,
      num_proactive_match: h.match,
      num_proactive_cancelled: h.cancelled,
      num_proactive_no_availability: h.noAvailability,
      num_proactive_expired: h.expired,
      num_proactive_ignored: h.ignored,
    })),
    "c24-hosts": world.hosts.map((h) => ({
      id: h.raw,
      account_id: h.account.raw,
      hostname: h.hostname,
      multiple_acc_id: h.multipleAccId,
    })),
    "c24-traffic": world.traffic.map((t) => ({
      chatcampaign_id: t.entrypoint.campaign.raw,
      hour_begin_time: ts(t.hourStart),
      entrypoint_id: t.entrypoint.raw,
      entrypoint: t.entrypoint.name,
      visits: t.visits,
      views: t.views,
      clicks: t.clicks,
      chats: t.chats,
    })),
    "c24-slots": states.flatMap((s) =>
      SLOT_TYPES.map((type) => ({
        chatcampaign_id: s.agent.campaign.raw,
        agent_id: s.agent.raw,
        time_start: ts(s.start),
        time_end: ts(s.end),
        state: stateName(s.state),
        entrypoint_type: type,
        duration: s.end - s.start,
      })),
    ),
  };
  return c24Adapters.map((a) => ({
    name: `${a.id.slice("c24-".length)}.csv`,
    columns: a.requiredColumns,
    records: records[a.id] ?? [],
  }));
}

/** One record of the Conversations export (a conversation with at least one assignment). */
function conversation(c: Conversation, ts: (sec: number | null) => string | null): Record<string, C24Value> {
  const start = c24Start(c);
  const s = summarise(c, start);
  const last = s.lastAgent;
  return {
    chatcampaign_id: c.campaign.raw,
    conversation_start: ts(start),
    session_id: c.raw,
    assigned_agent_id: s.firstAgent?.raw ?? null,
    assigned_agent_account_id: s.firstAgent?.account.raw ?? null,
    assigned_agent_account_name: s.firstAgent?.account.name ?? null,
    last_agent_id: last?.raw ?? null,
    last_agent_account_id: last?.account.raw ?? null,
    last_agent_account_name: last?.account.name ?? null,
    visitor_id: c.contact?.raw ?? null,
    account_id: c.host.account.raw,
    host_id: c.host.raw,
    num_messages: s.messageCount,
    duration_total_secs: s.durationSecs,
    duration_conversation_secs: s.conversationSecs,
    duration_afterclose_secs: s.aftercloseSecs,
    avgMessageLength: s.avgMessageLength,
    maxMessageLength: s.maxMessageLength,
    requestType: c.entrypoint.type,
    requestSource: c.entrypoint.name,
    firstResponseTime: s.firstResponseSecs,
    firstReplyTime: s.firstReplySecs,
    avgResponseTime: s.avgResponseSecs,
    maxResponseTime: s.maxResponseSecs,
    decisionTime: c.decisionSecs,
    transcriptUrl: transcriptUrl(c),
    acceptUrl: acceptUrl(c),
    successcode: c.successCode,
    survey_result: c.rating ? SURVEY[c.rating.scale](c.rating.value) : null,
    survey_comment: c.rating?.comment ?? null,
    visitor_identifier: c.contact?.displayName ?? null,
    blocked: c.blockReason === null ? "no" : "yes",
    block_reason: c.blockReason,
    goals: c.goals.length > 0 ? c.goals.map((g) => g.name).join(",") : null,
    totalGoalValue: c.goals.length > 0 ? c.goals.reduce((t, g) => t + g.value, 0) : null,
    handlingType: s.handlingType,
  };
}
