/**
 * The simulated world the generator produces before anything is written: accounts, campaigns,
 * websites and entry points, agents with their shifts and online/offline states, calls with their
 * quality checks, and chat conversations with their messages, assignments and ratings. Every
 * writer (canonical rows and files, the Conversation24 exports) and the ground truth read these
 * objects, so the outputs describe the same events.
 *
 * Conventions: instants are whole epoch seconds (UTC); durations are whole seconds unless a field
 * says otherwise; `raw` ids are the source's own ids without any prefix ('1001'), the writers
 * prefix them ('generated:1001' in canonical files, 'c24:1001' after a Conversation24 import).
 */

/** A company account: the owner of websites, or a shared contact-centre account whose agents serve others. */
export interface Account {
  readonly raw: string;
  readonly name: string;
}

/** A call or chat campaign. Chat campaigns have a bot and entry points; `role` is the role of its first-line agents. */
export interface Campaign {
  readonly raw: string;
  readonly name: string;
  readonly channel: "call" | "chat";
  readonly role: Role;
}

/** A website of an account (Conversation24 Hosts). */
export interface Host {
  readonly raw: string;
  readonly account: Account;
  readonly hostname: string;
  /** Shared by accounts on one domain (sourceHash); null when the domain has one account. */
  readonly multipleAccId: string | null;
}

/** A chat entry point: a button (conversations start with the bot) or an automatic invite (straight to an agent). */
export interface Entrypoint {
  readonly raw: string;
  readonly name: string;
  readonly type: "button" | "invite";
  readonly campaign: Campaign;
  /** Path of the page it is on, e.g. 'help'. */
  readonly path: string;
}

/** Role of an agent's team: first-line support, technical second line, sales, or the call centre. */
export type Role = "support" | "tech" | "sales" | "calls";

/** A human agent. */
export interface Agent {
  readonly raw: string;
  readonly username: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
  readonly account: Account;
  readonly role: Role;
  readonly campaign: Campaign;
  /** True for an agent deleted from the platform (works until `lastDay`, then never again). */
  readonly disabled: boolean;
  /** Index of the last day the agent works (the range's last day for active agents). */
  readonly lastDay: number;
  /** Weekdays off, 0 = Sunday. */
  readonly daysOff: readonly number[];
  /** Multiplier of the agent's response times (below 1 is faster). */
  readonly pace: number;
  /** Added to the agent's quality-check scores (points of 0-100). */
  readonly quality: number;
}

/** An agent online or offline interval (Conversation24 Agent activity; also written as Slots). */
export interface AgentState {
  /** activity_id: unique per state change. */
  readonly raw: string;
  readonly agent: Agent;
  readonly state: "online" | "offline";
  readonly start: number;
  readonly end: number;
}

/** A work shift: login to logout, its states, and (chat agents) its performance once the day's chats are known. */
export interface Shift {
  readonly raw: string;
  readonly agent: Agent;
  readonly start: number;
  readonly end: number;
  /** Online/offline intervals covering the shift (chat agents; empty for call agents, whose states no export carries). */
  readonly states: readonly AgentState[];
  performance?: ShiftPerformance;
}

/** Conversation24 Agent performance figures of one shift (seed 003; durations in seconds). */
export interface ShiftPerformance {
  readonly numChats: number;
  readonly numBreaks: number;
  readonly numIgnored: number;
  readonly numAbandoned: number;
  /** Mean concurrent chats while online (2 decimals). */
  readonly avgConcurrency: number;
  readonly firstResponseDuration: number;
  readonly openDuration: number;
  readonly closedDuration: number;
  readonly onlineDuration: number;
  readonly offlineDuration: number;
  readonly availableDuration: number;
  readonly idleDuration: number;
  readonly sessionDuration: number;
  readonly surveyGood: number;
  readonly surveyBad: number;
  readonly surveyModerate: number;
}

/** A customer: a website visitor (chat) or a caller. */
export interface Contact {
  readonly raw: string;
  readonly campaign: Campaign;
  readonly firstSeen: number;
  readonly language: string;
  readonly displayName: string;
}

/** Who sent a message. */
export type Sender = "contact" | "bot" | "agent" | "system";

/**
 * What a message is (canonical messages.kind): 'message' is the only kind that talks with the
 * customer; 'private' an agent's note, 'template' a canned text, 'automated' an away/campaign
 * message, 'activity' a system line.
 */
export type MessageKind = "message" | "private" | "template" | "automated" | "activity";

/** One message (no text: only its length is simulated). */
export interface Message {
  readonly at: number;
  readonly sender: Sender;
  readonly agent: Agent | null;
  readonly length: number;
  readonly intent: string | null;
  /** Its kind; absent: 'activity' for a system line, else 'message'. */
  readonly kind?: MessageKind;
}

/** A team of agents (canonical teams): the agents of one role; every agent stays in its team. */
export interface Team {
  readonly raw: string;
  readonly name: string;
  readonly role: Role;
}

/** A status change of a conversation (canonical conversation_events). */
export interface LifeEvent {
  readonly event: "opened" | "pending" | "handoff" | "snoozed" | "resolved" | "reopened";
  readonly at: number;
  readonly actor: "agent" | "bot" | "customer" | "system";
  readonly agent: Agent | null;
  /** Team holding the conversation then; null while with the bot or nobody. */
  readonly team: Team | null;
}

/** A label on a conversation (canonical conversation_labels). */
export interface Label {
  readonly label: string;
  readonly at: number;
  readonly by: "agent" | "bot";
  readonly agent: Agent | null;
}

/** A satisfaction survey sent (canonical surveys); the conversation's rating, if any, answers it. */
export interface Survey {
  readonly at: number;
  readonly channel: "chat";
}

/** One hand-over of a conversation to an agent or team; seq > 1 is a transfer (seed 002). */
export interface Assignment {
  readonly seq: number;
  /** The agent who accepted it; null when missed. */
  readonly agent: Agent | null;
  readonly role: Role;
  readonly assignedAt: number;
  readonly acceptedAt: number | null;
  firstResponseAt: number | null;
  closedAt: number | null;
  readonly missed: boolean;
}

/** A satisfaction answer. Scales as in the canonical model: thumbs 0/1, face 1-3, '1-5'. */
export interface Rating {
  readonly scale: "thumbs" | "face" | "1-5";
  readonly value: number;
  readonly at: number;
  readonly agent: Agent | null;
  readonly comment: string | null;
}

/** One chat conversation with everything that happened in it. */
export interface Conversation {
  /** session_id. */
  readonly raw: string;
  readonly campaign: Campaign;
  readonly contact: Contact | null;
  readonly host: Host;
  readonly entrypoint: Entrypoint;
  readonly startedAt: number;
  readonly endedAt: number;
  readonly language: string;
  readonly intent: string | null;
  readonly startFlow: string | null;
  readonly closingReason: string;
  readonly handledBy: "bot" | "agent" | "hybrid" | null;
  readonly successCode: string | null;
  /** Seconds between seeing the entry point and clicking it. */
  readonly decisionSecs: number;
  readonly goals: readonly { readonly name: string; readonly value: number }[];
  readonly blockReason: string | null;
  readonly messages: readonly Message[];
  readonly assignments: readonly Assignment[];
  readonly rating: Rating | null;
  /** Its status changes in time order (./lifecycle.ts). */
  readonly events: readonly LifeEvent[];
  readonly labels: readonly Label[];
  /** The survey sent when it was first resolved; null when none was sent. */
  readonly survey: Survey | null;
}

/** A conversation as the chat simulation builds it, before ./lifecycle.ts adds its life. */
export type BuiltConversation = Omit<Conversation, "events" | "labels" | "survey">;

/** A quality check definition (seed 000). `scored` checks give a 0-100 score, the others pass/fail only. */
export interface QualityCheck {
  readonly raw: string;
  readonly name: string;
  readonly description: string;
  readonly scored: boolean;
  /** Mean score (scored checks) or pass probability x 100 (pass/fail checks). */
  readonly level: number;
  readonly failReasons: readonly string[];
}

/** One quality check evaluated on one call. */
export interface CheckResult {
  readonly check: QualityCheck;
  readonly passed: boolean;
  /** 0-100 (1 decimal), null for pass/fail checks. */
  readonly score: number | null;
  readonly reason: string | null;
  readonly evaluatedAt: number;
}

/** One call. Waits and talk are whole seconds; `handle` = talk + after-call work. */
export interface Call {
  readonly raw: string;
  readonly campaign: Campaign;
  readonly agent: Agent | null;
  readonly contact: Contact | null;
  readonly queue: string;
  readonly startedAt: number;
  readonly queuedAt: number | null;
  readonly answeredAt: number | null;
  readonly endedAt: number;
  readonly ivrSecs: number;
  readonly waitSecs: number;
  readonly talkSecs: number | null;
  readonly handleSecs: number | null;
  readonly answered: boolean;
  readonly abandoned: boolean;
  readonly outcome: "ANSWERED" | "ABANDONED" | "IVR";
  readonly resolved: boolean | null;
  readonly csat: number | null;
  readonly topic: string;
  readonly checks: readonly CheckResult[];
}

/** Visitor traffic of one entry point in one local hour (Conversation24 Traffic). */
export interface TrafficHour {
  readonly entrypoint: Entrypoint;
  readonly hourStart: number;
  readonly visits: number;
  readonly views: number;
  readonly clicks: number;
  readonly chats: number;
}

/** Automatic-invite counts of one invite in one local hour (Conversation24 Automatic invites). */
export interface InviteHour {
  readonly invite: Entrypoint;
  readonly hourStart: number;
  readonly shown: number;
  readonly accepted: number;
  readonly declined: number;
  readonly match: number;
  readonly cancelled: number;
  readonly noAvailability: number;
  readonly expired: number;
  readonly ignored: number;
}

/** A campaign's business hours (canonical business_hours and business_holidays): local 'HH:MM' times in `timezone`. */
export interface CampaignSchedule {
  readonly campaign: Campaign;
  readonly timezone: string;
  /** ISO weekday 1 Monday ... 7 Sunday. */
  readonly hours: readonly { readonly weekday: number; readonly opens: string; readonly closes: string }[];
  /** Local dates; opens/closes null: closed all day. */
  readonly holidays: readonly {
    readonly date: string;
    readonly name: string;
    readonly opens: string | null;
    readonly closes: string | null;
  }[];
}

/** Everything generated, in generation order. */
export interface World {
  /** Epoch seconds of the range's first local midnight: when the teams' memberships begin. */
  readonly startedAt: number;
  readonly schedules: readonly CampaignSchedule[];
  readonly campaigns: readonly Campaign[];
  readonly hosts: readonly Host[];
  readonly agents: readonly Agent[];
  readonly checks: readonly QualityCheck[];
  readonly shifts: Shift[];
  readonly contacts: Contact[];
  readonly calls: Call[];
  readonly conversations: Conversation[];
  readonly traffic: TrafficHour[];
  readonly invites: InviteHour[];
}

/** Source ids numbered from `first` + 1, as text ('1001', '1002', ...). */
export class Sequence {
  #last: number;
  constructor(first: number) {
    this.#last = first;
  }
  next(): string {
    return String(++this.#last);
  }
}
