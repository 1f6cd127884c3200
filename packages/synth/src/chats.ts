/**
 * Chat conversations. Visitors arrive around the clock (an evening-heavy curve, busier on
 * weekdays) through a campaign's help button or its automatic invite:
 * - a button starts with the bot: the visitor picks a start flow, the bot detects an intent and
 *   answers a few turns; many conversations end there (bot-only), the others ask for a person
 *   (rarely when no agent is online: the bot says so) and are handed over;
 * - an invite is shown only while agents are online (otherwise it is cancelled) and goes straight to
 *   an agent, without intent or start flow.
 * A hand-over is an assignment offered to the campaign's first-line team: no agent online, or a
 * wait longer than the visitor's patience (exponential), makes it missed; otherwise the least busy
 * online agent accepts it after a short wait, replies after a log-normal first response time, and
 * the chat goes on for a few turns. Some chats are transferred (a new assignment to another online
 * agent, at most twice), some visitors leave before any reply, some give a rating at the end.
 */
import { arrivals, type Calendar, type Day } from "./calendar";
import { campaigns, entrypointsOf, hostsOf } from "./company";
import { type ContactPool, LANGUAGES } from "./contacts";
import type {
  Agent,
  Assignment,
  BuiltConversation,
  Campaign,
  Entrypoint,
  Message,
  Rating,
  Role,
  Sequence,
  Shift,
} from "./model";
import type { Random, Weights } from "./random";

/** Share of a day's conversations per local hour: low at night, peaks late morning and evening. */
export const CHAT_CURVE = [
  1, 0.6, 0.4, 0.3, 0.3, 0.5, 1, 2.5, 5, 7, 8, 8, 7.5, 7.5, 7.5, 7, 6.5, 6, 6, 6.5, 6.5, 5.5, 4, 2,
];
/** Conversations per weekday relative to the scale, Sunday first. */
export const CHAT_WEEKDAY_FACTOR = [0.6, 1.1, 1.05, 1, 1, 0.9, 0.65];

/** Start flows of each campaign's bot, with weights. */
const FLOWS: ReadonlyMap<Campaign, Weights<string>> = new Map([
  [
    campaigns.service,
    [
      ["welcome", 50],
      ["order_status", 25],
      ["returns", 15],
      ["account", 10],
    ],
  ],
  [
    campaigns.sales,
    [
      ["product_advice", 60],
      ["pricing", 40],
    ],
  ],
]);

/** Intents the bot detects in each start flow, with weights. */
const INTENTS: Readonly<Record<string, Weights<string>>> = {
  welcome: [
    ["order_status", 20],
    ["delivery_time", 15],
    ["return_item", 15],
    ["payment_issue", 10],
    ["account_login", 10],
    ["opening_hours", 10],
    ["complaint", 10],
    ["product_question", 10],
  ],
  order_status: [
    ["order_status", 70],
    ["delivery_time", 30],
  ],
  returns: [
    ["return_item", 60],
    ["refund", 40],
  ],
  account: [
    ["account_login", 70],
    ["payment_issue", 30],
  ],
  product_advice: [
    ["product_question", 75],
    ["pricing", 25],
  ],
  pricing: [
    ["pricing", 80],
    ["product_question", 20],
  ],
};

/** Probability that a bot conversation asks for a person (when agents are online; a tenth of it otherwise). */
const HANDOVER = new Map<Campaign, number>([
  [campaigns.service, 0.6],
  [campaigns.sales, 0.7],
]);

const AGENT_CLOSINGS: Weights<string> = [
  ["resolved", 75],
  ["follow_up_by_email", 12],
  ["visitor_left", 10],
  ["spam", 3],
];
const SUCCESS_CODES: Weights<string> = [
  ["info_provided", 45],
  ["order_updated", 20],
  ["refund_started", 10],
  ["sale", 15],
  ["no_solution", 10],
];
const SCORES: Weights<number> = [
  [1, 5],
  [2, 6],
  [3, 12],
  [4, 32],
  [5, 45],
];
const FACES: Weights<number> = [
  [3, 70],
  [2, 20],
  [1, 10],
];
const COMMENTS = [
  "Quick, friendly help",
  'The agent said "one moment" and then nothing for a while',
  "Solved my problem",
  "Too long a wait",
  "Clear answer, thanks!",
];

/** Chats one agent may hold before new ones wait longer. */
export const CAPACITY = 3;
/** Seconds the bot waits for an inactive visitor before closing. */
const INACTIVITY = 600;

/** Who is online in which campaign, and how busy they are: routes hand-overs and transfers. */
export class Desk {
  readonly #open = new Map<Agent, number[]>();
  constructor(private readonly shifts: readonly Shift[]) {}

  /** Agents of `campaign` in `role` online at `at`, except those in `exclude`. */
  online(campaign: Campaign, role: Role, at: number, exclude: readonly Agent[] = []): Agent[] {
    return this.shifts
      .filter(
        (s) =>
          s.agent.campaign === campaign &&
          s.agent.role === role &&
          !exclude.includes(s.agent) &&
          s.states.some((st) => st.state === "online" && st.start <= at && at < st.end),
      )
      .map((s) => s.agent);
  }

  /** Chats `agent` holds at `at`. */
  load(agent: Agent, at: number): number {
    return (this.#open.get(agent) ?? []).filter((end) => end > at).length;
  }

  /** Records that `agent` holds a chat until `until`. */
  hold(agent: Agent, until: number): void {
    const list = this.#open.get(agent) ?? [];
    list.push(until);
    this.#open.set(agent, list);
  }

  /** The least busy of `agents` at `at` (random among equals), and its load. */
  leastBusy(rng: Random, agents: readonly Agent[], at: number): { agent: Agent; load: number } {
    const loads = agents.map((agent) => ({ agent, load: this.load(agent, at) }));
    const min = Math.min(...loads.map((l) => l.load));
    return rng.pick(loads.filter((l) => l.load === min));
  }
}

/** What a day of chats needs. */
export interface ChatDay {
  readonly rng: Random;
  readonly cal: Calendar;
  readonly day: Day;
  readonly count: number;
  readonly desk: Desk;
  readonly visitors: ContactPool;
  readonly ids: Sequence;
}

/** A day's conversations in start order, and the invites cancelled because no agent was online (their instants). */
export function dayChats(c: ChatDay): { conversations: BuiltConversation[]; cancelled: Map<Entrypoint, number[]> } {
  const conversations: BuiltConversation[] = [];
  const cancelled = new Map<Entrypoint, number[]>();
  for (const at of arrivals(c.rng, c.cal, c.day, c.count, CHAT_CURVE)) {
    const campaign = c.rng.weighted<Campaign>([
      [campaigns.service, 70],
      [campaigns.sales, 30],
    ]);
    const [button, invite] = entrypointsOf(campaign);
    const entrypoint = c.rng.chance(0.35) ? invite : button;
    if (entrypoint === invite && c.desk.online(campaign, campaign.role, at).length === 0) {
      const list = cancelled.get(invite) ?? [];
      list.push(at);
      cancelled.set(invite, list);
      continue;
    }
    conversations.push(new ConversationBuilder(c, at, campaign, entrypoint).build());
  }
  return { conversations, cancelled };
}

/** Simulates one conversation, message by message, on a clock `t` (epoch seconds). */
class ConversationBuilder {
  readonly #messages: Message[] = [];
  readonly #assignments: Assignment[] = [];
  readonly #rng: Random;
  #t: number;

  constructor(
    private readonly c: ChatDay,
    private readonly startedAt: number,
    private readonly campaign: Campaign,
    private readonly entrypoint: Entrypoint,
  ) {
    this.#rng = c.rng;
    this.#t = startedAt;
  }

  build(): BuiltConversation {
    const rng = this.#rng;
    const contact = rng.chance(0.01) ? null : this.c.visitors.next(rng, this.startedAt, this.campaign);
    const viaBot = this.entrypoint.type === "button";
    const startFlow = viaBot ? rng.weighted(FLOWS.get(this.campaign) ?? []) : null;
    const intent = startFlow ? rng.weighted(INTENTS[startFlow] ?? []) : null;
    const base = {
      raw: this.c.ids.next(),
      campaign: this.campaign,
      contact,
      host: rng.weighted(hostsOf(this.campaign)),
      entrypoint: this.entrypoint,
      startedAt: this.startedAt,
      language: contact?.language ?? rng.weighted(LANGUAGES),
      intent,
      startFlow,
      decisionSecs: rng.int(2, 90),
      messages: this.#messages,
      assignments: this.#assignments,
    };
    if (viaBot) {
      this.#botTurns(intent);
      const online = this.c.desk.online(this.campaign, this.campaign.role, this.#t).length > 0;
      if (!rng.chance((HANDOVER.get(this.campaign) ?? 0) * (online ? 1 : 0.1))) return this.#botOnly(base);
      this.#say(this.#think(), "contact", null);
      this.#say(1, "system", null, 38);
    } else {
      this.#say(0, "contact", null);
    }
    return this.#withAgents(base, viaBot);
  }

  /** Advances the clock by `after` seconds and records a message then. */
  #say(after: number, sender: Message["sender"], agent: Agent | null, length?: number, intent: string | null = null) {
    this.#t += after;
    const rng = this.#rng;
    const len =
      length ??
      (sender === "contact"
        ? rng.logNormalInt(45, 0.7, 1, 1000)
        : sender === "bot"
          ? rng.logNormalInt(110, 0.4, 10, 1000)
          : rng.logNormalInt(90, 0.6, 2, 1000));
    this.#messages.push({ at: this.#t, sender, agent, length: len, intent });
  }

  #think(): number {
    return this.#rng.logNormalInt(20, 0.8, 2, 600);
  }

  #reply(agent: Agent, median: number): number {
    return this.#rng.logNormalInt(median * agent.pace, 0.75, 3, 900);
  }

  /** One to four visitor/bot exchanges; the intent is detected on the first visitor message. */
  #botTurns(intent: string | null): void {
    const turns = this.#rng.int(1, 4);
    for (let i = 0; i < turns; i++) {
      this.#say(i === 0 ? 0 : this.#think(), "contact", null, undefined, i === 0 ? intent : null);
      this.#say(this.#rng.int(1, 3), "bot", null);
    }
  }

  #botOnly(base: Base): BuiltConversation {
    const rng = this.#rng;
    const closingReason = rng.chance(0.7) ? "resolved_by_bot" : "user_inactive";
    const endedAt = this.#t + (closingReason === "user_inactive" ? INACTIVITY : rng.int(5, 60));
    const rating: Rating | null = rng.chance(0.35)
      ? { scale: "thumbs", value: rng.chance(0.72) ? 1 : 0, at: endedAt, agent: null, comment: null }
      : null;
    return {
      ...base,
      endedAt,
      closingReason,
      handledBy: "bot",
      successCode: null,
      goals: [],
      blockReason: null,
      rating,
    };
  }

  /** Offers the conversation to the campaign's first line; then the agent part, transfers and the end. */
  #withAgents(base: Base, viaBot: boolean): BuiltConversation {
    const rng = this.#rng;
    const { desk } = this.c;
    const role = this.campaign.role;
    const offeredAt = this.#t;
    const online = desk.online(this.campaign, role, offeredAt);
    const first = online.length > 0 ? desk.leastBusy(rng, online, offeredAt) : null;
    const wait = first ? Math.round(rng.exponential(first.load >= CAPACITY ? 150 : 12)) + 2 : 0;
    const patience = Math.round(rng.exponential(400));
    if (!first || patience < wait) {
      this.#assignments.push({
        seq: 1,
        agent: null,
        role,
        assignedAt: offeredAt,
        acceptedAt: null,
        firstResponseAt: null,
        closedAt: null,
        missed: true,
      });
      return {
        ...base,
        endedAt: offeredAt + (first ? patience : rng.int(30, 180)),
        closingReason: first ? "left_queue" : "no_agent_available",
        handledBy: viaBot ? "bot" : null,
        successCode: null,
        goals: [],
        blockReason: null,
        rating: null,
      };
    }
    let current = this.#accept(1, first.agent, role, offeredAt, offeredAt + wait);
    const silent = rng.chance(0.03);
    let closingReason = "visitor_left";
    if (!silent) {
      this.#firstReply(current);
      for (let turn = 0, turns = rng.int(1, 6); turn < turns; turn++) {
        this.#say(this.#think(), "contact", null);
        this.#say(this.#reply(current.agent as Agent, 40), "agent", current.agent);
        if (current.seq < 3 && rng.chance(turn === 0 ? 0.08 : 0.02)) {
          const next = this.#transfer(current);
          if (next) {
            current = next;
            turns += rng.int(1, 3);
          }
        }
      }
      closingReason = rng.weighted(AGENT_CLOSINGS);
    }
    const endedAt = this.#t + (silent ? rng.int(60, 300) : rng.logNormalInt(25, 0.8, 2, 900));
    current.closedAt = endedAt;
    for (const a of this.#assignments) if (a.agent && a.closedAt !== null) desk.hold(a.agent, a.closedAt);
    const lastAgent = current.agent as Agent;
    return {
      ...base,
      endedAt,
      closingReason,
      handledBy: viaBot ? "hybrid" : "agent",
      successCode: rng.weighted(SUCCESS_CODES),
      goals: this.campaign === campaigns.sales ? goals(rng) : [],
      blockReason: closingReason === "spam" ? "Abusive language" : null,
      rating: silent || !rng.chance(0.3) ? null : this.#rating(endedAt, lastAgent),
    };
  }

  #accept(seq: number, agent: Agent, role: Role, assignedAt: number, acceptedAt: number): Assignment {
    const a: Assignment = {
      seq,
      agent,
      role,
      assignedAt,
      acceptedAt,
      firstResponseAt: null,
      closedAt: null,
      missed: false,
    };
    this.#assignments.push(a);
    this.#t = acceptedAt;
    return a;
  }

  #firstReply(a: Assignment): void {
    const agent = a.agent as Agent;
    this.#say(this.#reply(agent, 30), "agent", agent);
    a.firstResponseAt = this.#t;
  }

  /**
   * Transfers to another online agent who has not had the chat yet: first line to the technical
   * team (60%) or a colleague, technical back to first line, sales to sales. Null when nobody fits.
   */
  #transfer(from: Assignment): Assignment | null {
    const rng = this.#rng;
    const role: Role =
      from.role === "support" && rng.chance(0.6) ? "tech" : from.role === "tech" ? "support" : from.role;
    const taken = this.#assignments.flatMap((a) => (a.agent ? [a.agent] : []));
    const candidates = this.c.desk.online(this.campaign, role, this.#t, taken);
    if (candidates.length === 0) return null;
    const to = this.c.desk.leastBusy(rng, candidates, this.#t).agent;
    this.#say(2, "system", null, 30);
    from.closedAt = this.#t;
    const next = this.#accept(from.seq + 1, to, role, this.#t, this.#t + rng.int(5, 60));
    this.#firstReply(next);
    return next;
  }

  #rating(at: number, agent: Agent): Rating {
    const rng = this.#rng;
    const comment = rng.chance(0.2) ? rng.pick(COMMENTS) : null;
    return this.campaign === campaigns.sales
      ? { scale: "face", value: rng.weighted(FACES), at, agent, comment }
      : { scale: "1-5", value: rng.weighted(SCORES), at, agent, comment };
  }
}

type Base = Pick<
  BuiltConversation,
  | "raw"
  | "campaign"
  | "contact"
  | "host"
  | "entrypoint"
  | "startedAt"
  | "language"
  | "intent"
  | "startFlow"
  | "decisionSecs"
  | "messages"
  | "assignments"
>;

/** Goals a sales chat reached: a quote request (value 50) and/or a purchase (value 250). */
function goals(rng: Random): { name: string; value: number }[] {
  return [
    ...(rng.chance(0.2) ? [{ name: "quote_requested", value: 50 }] : []),
    ...(rng.chance(0.08) ? [{ name: "purchase", value: 250 }] : []),
  ];
}
