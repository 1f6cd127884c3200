/**
 * The ground truth: figures the generator knows it produced, tallied from its own events as each
 * day is generated (never by reading the files or a database back), per local calendar day of the
 * generator's time zone and in total. Each figure follows the one-sentence definition of the report
 * that shows it (packages/report-defs/src/defs/: chat.ts, calls.ts, operations.ts, quality.ts,
 * staffing.ts, conversation24.ts): an event counts on the local day of the instant that report uses
 * (conversations: start; messages: sent; assignments: offered; ratings: given; online intervals:
 * start; calls and their quality-check results: the call's arrival; hourly rows: the hour's start;
 * work shifts: start).
 *
 * `ground-truth.json`:
 * ```
 * {
 *   "generator": { "seed", "days", "from", "to", "timezone", "callsPerWeekday", "conversationsPerWeekday", "source" },
 *   "thresholds": { "shortAbandonSecs": 5, "serviceLevelSecs": 20 },        // the call figures' thresholds
 *   "rows": { "<canonical table>": rows in <table>.csv, ... },
 *   "c24Records": { "<export>.csv": data records in c24/<export>.csv, ... },
 *   "canonical": { "total": Figures, "days": { "YYYY-MM-DD": Figures, ... } },   // the canonical files
 *   "aggregates": { "traffic" | "invites" | "shifts": { "total": { key: counts }, "days": { date: { key: counts } } } },
 *                                   // hourly traffic and invite rows, shift performance (Aggregates)
 *   "lifecycle": { "total": LifeFigures, "days": {...}, "messagesByKind", "conversationsByLabel" },
 *                                   // the conversations' life, canonical files only (./lifecycle.ts)
 *   "replies": { "total": ReplyFigures, "days": {...} },   // first response and reply time from messages,
 *                                   // elapsed and in business hours, by the local day of the reply (./truth-replies.ts)
 *   "c24": { "notCarried": { figure: why }, "differences": { figure: how }, "total": Figures, "days": {...} }
 *                                                                               // an import of the eight exports
 * }
 * ```
 * `days` lists every local day with an event, so it can include the day after the range (a chat
 * running past midnight of the last day); `total` is over everything generated. Figures (counts;
 * seconds; percent 0-100; agents keyed by username; categories keyed by value, '(not set)' for none):
 * - conversations; newContacts (contacts whose first conversation started that day); uniqueContacts
 *   (distinct contacts with a conversation started), servedContacts (the same, of conversations with
 *   an assignment an agent picked up); conversationsByCampaign (campaign name);
 *   conversationsByWeekdayHour (local ISO weekday 1 = Monday and hour, keyed 'W:H');
 *   resolutionTime { count, sumSecs, meanSecs } (start to end) and resolutionByRange;
 * - messages { contact, bot, agent, system, total }, incomingMessages (sender contact),
 *   activeContacts (distinct contacts who sent a message); contactCentreMessages (contact and agent
 *   messages of conversations with an assignment); messagesPerConversation { messages,
 *   conversations (distinct conversations with a message that day), mean };
 * - assignments, missedAssignments, handledAssignments, transfers (seq > 1);
 * - ratings, ratingsByScale { scale: { value: n } }, thumbsUp, thumbsDown, positiveRatings (thumbs
 *   up, a good face, 4-5 of 5), positiveSharePercent;
 * - firstResponse { count, sumSecs, meanSecs }: assignments with an agent reply, offered to reply,
 *   and firstResponseByRange; conversationTime { count, sumSecs, meanSecs }: assignments picked up
 *   with both times, accepted to closed; the ranges are those of the chat histograms ('under 1 min',
 *   '1-5 min', '5-15 min', '15-60 min', 'over 60 min');
 * - handledByAgent (assignments each agent picked up), conversationSecsByAgent (accepted to closed,
 *   assignments with both), onlineSecsByAgent (Agent activity online intervals);
 * - onlineSecsByHour: Agent activity online seconds of all agents in each local hour, keyed
 *   'YYYY-MM-DDTHH:00' (intervals cut at the hour's edges, whatever day they started; both readings
 *   of an hour a DST change repeats add up), onlineAgentsByHour (distinct agents online at any
 *   moment of the hour, both readings of a repeated hour together), and
 *   assignedConversationsByHour: conversations with at least one assignment by the local hour they
 *   started (report staffing.agents_vs_chats);
 * - calls: {@link CallFigures} of all calls, and callsByQueue, callsByTopic, callsByAgent (username,
 *   '(not set)' for none) of each; callsByWeekdayHour (offered, keyed like the conversations');
 * - quality: {@link QualityFigures} of all check results, and qualityByCheck (check name),
 *   qualityByAgent; scoreBands: scored results by the seeds/000 ranges '0-49', '50-69', '70-89', '90-100';
 * - peakMessagesPerMinute { count, minute: local 'YYYY-MM-DDTHH:MM', the earliest on a tie; a minute
 *   is one reading of a local minute, with its offset appended when an autumn change repeats it };
 * - conversationsByIntent, ...ByLanguage, ...ByStartFlow, ...ByClosingReason, and
 *   assignedConversationsByClosingReason (conversations with at least one assignment).
 * In the `c24` section, figures the exports cannot carry are null and explained in `notCarried`.
 * Every sum is of whole numbers (CSAT answers are whole; scores, which have one decimal, are summed
 * in tenths), so it is exact in any order; only the shifts' mean concurrency (2 decimals) is summed
 * as doubles, where the order can change the last bit.
 */
import type { CanonicalRows } from "@tallyline/ingest";
import { C24_DIFFERENCES, C24_NOT_CARRIED, type C24File } from "./c24";
import { type Calendar, minuteLabel } from "./calendar";
import type { Generated, ResolvedOptions } from "./generator";
import { type LifeTruth, lifeTruth } from "./lifecycle";
import type { AgentState, Call, Conversation, Rating, Sender } from "./model";
import { type Aggregates, aggregates } from "./truth-aggregates";
import {
  addInto,
  bump,
  type CallCounts,
  type CallFigures,
  callFigures,
  countCall,
  countChecks,
  entry,
  keyedFigures,
  mergeKeyed,
  type QualityCounts,
  type QualityFigures,
  qualityFigures,
  rate,
  SERVICE_LEVEL_SECS,
  SHORT_ABANDON_SECS,
  scoreBand,
  sortedRecord,
  zeroCalls,
  zeroQuality,
} from "./truth-counters";
import { type ReplyTruth, replyTruth } from "./truth-replies";

export type { Aggregates, InviteCounts, Keyed, ShiftCounts, TrafficCounts } from "./truth-aggregates";
export { type CallFigures, type QualityFigures, SERVICE_LEVEL_SECS, SHORT_ABANDON_SECS } from "./truth-counters";

/** The figures of one day or of the whole range (module docstring). */
export interface Figures {
  conversations: number;
  newContacts: number;
  messages: Record<Sender | "total", number> | null;
  incomingMessages: number | null;
  activeContacts: number | null;
  assignments: number;
  missedAssignments: number;
  handledAssignments: number;
  transfers: number;
  ratings: number;
  ratingsByScale: Record<string, Record<string, number>>;
  thumbsUp: number;
  thumbsDown: number;
  positiveRatings: number;
  positiveSharePercent: number | null;
  firstResponse: { count: number; sumSecs: number; meanSecs: number | null };
  handledByAgent: Record<string, number>;
  conversationSecsByAgent: Record<string, number>;
  onlineSecsByAgent: Record<string, number>;
  onlineSecsByHour: Record<string, number>;
  onlineAgentsByHour: Record<string, number>;
  assignedConversationsByHour: Record<string, number>;
  calls: CallFigures | null;
  peakMessagesPerMinute: { count: number; minute: string } | null;
  conversationsByIntent: Record<string, number> | null;
  conversationsByLanguage: Record<string, number> | null;
  conversationsByStartFlow: Record<string, number> | null;
  conversationsByClosingReason: Record<string, number> | null;
  assignedConversationsByClosingReason: Record<string, number> | null;
  uniqueContacts: number;
  servedContacts: number;
  contactCentreMessages: number | null;
  messagesPerConversation: { messages: number; conversations: number; mean: number | null } | null;
  conversationTime: Durations;
  resolutionTime: Durations;
  firstResponseByRange: Record<string, number>;
  resolutionByRange: Record<string, number>;
  conversationsByCampaign: Record<string, number> | null;
  conversationsByWeekdayHour: Record<string, number>;
  callsByQueue: Record<string, CallFigures> | null;
  callsByTopic: Record<string, CallFigures> | null;
  callsByAgent: Record<string, CallFigures> | null;
  callsByWeekdayHour: Record<string, number> | null;
  quality: QualityFigures | null;
  qualityByCheck: Record<string, QualityFigures> | null;
  qualityByAgent: Record<string, QualityFigures> | null;
  scoreBands: Record<string, number> | null;
}

/** A count of durations, their sum and mean (seconds; mean null without any). */
export interface Durations {
  count: number;
  sumSecs: number;
  meanSecs: number | null;
}

/** Figures by local day and in total. */
export interface FigureSet {
  total: Figures;
  days: Record<string, Figures>;
}

/** What a tally counts: everything (the canonical files) or what the Conversation24 exports carry. */
export interface Carried {
  readonly messages: boolean;
  readonly calls: boolean;
  readonly categories: boolean;
}

const NOT_SET = "(not set)";
const SENDERS: readonly Sender[] = ["contact", "bot", "agent", "system"];

/** ISO weekday (1 = Monday ... 7 = Sunday) of a 'YYYY-MM-DD' date. */
const isoWeekday = (date: string) => ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;

const durations = (d: { count: number; sumSecs: number }): Durations => ({ ...d, meanSecs: rate(d.sumSecs, d.count) });

/** The duration range of the chat histograms (contact_centre.first_response_histogram, resolution_histogram) of `secs`. */
const minuteRange = (secs: number) =>
  secs < 60
    ? "under 1 min"
    : secs < 300
      ? "1-5 min"
      : secs < 900
        ? "5-15 min"
        : secs < 3600
          ? "15-60 min"
          : "over 60 min";

/** Counters of one day (or, merged, of the total). */
class Bucket {
  conversations = 0;
  readonly messages = new Map<Sender, number>();
  readonly active = new Set<string>();
  assignments = 0;
  missed = 0;
  transfers = 0;
  readonly ratings = new Map<string, Map<number, number>>();
  positive = 0;
  frtCount = 0;
  frtSum = 0;
  readonly handled = new Map<string, number>();
  readonly conversationSecs = new Map<string, number>();
  readonly onlineSecs = new Map<string, number>();
  readonly onlineSecsByHour = new Map<string, number>();
  readonly onlineAgentsByHour = new Map<string, Set<string>>();
  readonly assignedByHour = new Map<string, number>();
  readonly contacts = new Set<string>();
  readonly served = new Set<string>();
  ccMessages = 0;
  readonly messaged = new Set<string>();
  readonly conversationTime = { count: 0, sumSecs: 0 };
  readonly resolutionTime = { count: 0, sumSecs: 0 };
  readonly firstResponseByRange = new Map<string, number>();
  readonly resolutionByRange = new Map<string, number>();
  readonly conversationsByWeekdayHour = new Map<string, number>();
  readonly calls = zeroCalls();
  readonly callsBy = {
    queue: new Map<string, CallCounts>(),
    topic: new Map<string, CallCounts>(),
    agent: new Map<string, CallCounts>(),
  };
  readonly callsByWeekdayHour = new Map<string, number>();
  readonly quality = zeroQuality();
  readonly qualityBy = { check: new Map<string, QualityCounts>(), agent: new Map<string, QualityCounts>() };
  readonly scoreBands = new Map<string, number>();
  readonly categories = {
    intent: new Map<string, number>(),
    language: new Map<string, number>(),
    startFlow: new Map<string, number>(),
    campaign: new Map<string, number>(),
    closingReason: new Map<string, number>(),
    assignedClosingReason: new Map<string, number>(),
  };

  /** Adds the counts of `other` to this bucket (the total is the merge of the days). */
  merge(other: Bucket): this {
    this.conversations += other.conversations;
    this.assignments += other.assignments;
    this.missed += other.missed;
    this.transfers += other.transfers;
    this.positive += other.positive;
    this.frtCount += other.frtCount;
    this.frtSum += other.frtSum;
    this.ccMessages += other.ccMessages;
    for (const key of ["active", "contacts", "served", "messaged"] as const) {
      for (const a of other[key]) this[key].add(a);
    }
    for (const [hour, agents] of other.onlineAgentsByHour) {
      for (const a of agents) entry(this.onlineAgentsByHour, hour, () => new Set<string>()).add(a);
    }
    addInto(this.conversationTime, other.conversationTime);
    addInto(this.resolutionTime, other.resolutionTime);
    for (const [k, n] of other.messages) bump(this.messages, k, n);
    for (const [scale, values] of other.ratings) {
      const mine = this.ratings.get(scale) ?? new Map<number, number>();
      for (const [v, n] of values) bump(mine, v, n);
      this.ratings.set(scale, mine);
    }
    for (const key of [
      "handled",
      "conversationSecs",
      "onlineSecs",
      "onlineSecsByHour",
      "assignedByHour",
      "callsByWeekdayHour",
      "scoreBands",
      "firstResponseByRange",
      "resolutionByRange",
      "conversationsByWeekdayHour",
    ] as const) {
      for (const [k, n] of other[key]) bump(this[key], k, n);
    }
    addInto(this.calls, other.calls);
    addInto(this.quality, other.quality);
    for (const key of ["queue", "topic", "agent"] as const)
      mergeKeyed(this.callsBy[key], other.callsBy[key], zeroCalls);
    for (const key of ["check", "agent"] as const) mergeKeyed(this.qualityBy[key], other.qualityBy[key], zeroQuality);
    for (const key of Object.keys(this.categories) as (keyof Bucket["categories"])[]) {
      for (const [k, n] of other.categories[key]) bump(this.categories[key], k, n);
    }
    return this;
  }

  figures(carried: Carried, newContacts: number, peak: Figures["peakMessagesPerMinute"]): Figures {
    const count = (scale: string, value: number) => this.ratings.get(scale)?.get(value) ?? 0;
    const ratings = [...this.ratings.values()].reduce((s, m) => s + [...m.values()].reduce((a, b) => a + b, 0), 0);
    const messages = Object.fromEntries(SENDERS.map((s) => [s, this.messages.get(s) ?? 0])) as Record<Sender, number>;
    const calls = <T>(f: () => T) => (carried.calls ? f() : null);
    const category = (m: Map<string, number>) => (carried.categories ? sortedRecord(m) : null);
    return {
      conversations: this.conversations,
      newContacts,
      messages: carried.messages ? { ...messages, total: SENDERS.reduce((s, k) => s + messages[k], 0) } : null,
      incomingMessages: carried.messages ? messages.contact : null,
      activeContacts: carried.messages ? this.active.size : null,
      assignments: this.assignments,
      missedAssignments: this.missed,
      handledAssignments: this.assignments - this.missed,
      transfers: this.transfers,
      ratings,
      ratingsByScale: Object.fromEntries(
        [...this.ratings.keys()].sort().map((s) => [s, sortedRecord(this.ratings.get(s) ?? new Map())]),
      ),
      thumbsUp: count("thumbs", 1),
      thumbsDown: count("thumbs", 0),
      positiveRatings: this.positive,
      positiveSharePercent: ratings > 0 ? (this.positive / ratings) * 100 : null,
      firstResponse: {
        count: this.frtCount,
        sumSecs: this.frtSum,
        meanSecs: this.frtCount > 0 ? this.frtSum / this.frtCount : null,
      },
      handledByAgent: sortedRecord(this.handled),
      conversationSecsByAgent: sortedRecord(this.conversationSecs),
      onlineSecsByAgent: sortedRecord(this.onlineSecs),
      onlineSecsByHour: sortedRecord(this.onlineSecsByHour),
      onlineAgentsByHour: keyedFigures(this.onlineAgentsByHour, (agents) => agents.size),
      assignedConversationsByHour: sortedRecord(this.assignedByHour),
      calls: calls(() => callFigures(this.calls)),
      peakMessagesPerMinute: carried.messages ? peak : null,
      conversationsByIntent: category(this.categories.intent),
      conversationsByLanguage: category(this.categories.language),
      conversationsByStartFlow: category(this.categories.startFlow),
      conversationsByClosingReason: category(this.categories.closingReason),
      assignedConversationsByClosingReason: category(this.categories.assignedClosingReason),
      uniqueContacts: this.contacts.size,
      servedContacts: this.served.size,
      contactCentreMessages: carried.messages ? this.ccMessages : null,
      messagesPerConversation: carried.messages
        ? {
            messages: messages.contact + messages.bot + messages.agent + messages.system,
            conversations: this.messaged.size,
            mean: rate(
              SENDERS.reduce((n, k) => n + messages[k], 0),
              this.messaged.size,
            ),
          }
        : null,
      conversationTime: durations(this.conversationTime),
      resolutionTime: durations(this.resolutionTime),
      firstResponseByRange: sortedRecord(this.firstResponseByRange),
      resolutionByRange: sortedRecord(this.resolutionByRange),
      conversationsByCampaign: category(this.categories.campaign),
      conversationsByWeekdayHour: sortedRecord(this.conversationsByWeekdayHour),
      callsByQueue: calls(() => keyedFigures(this.callsBy.queue, callFigures)),
      callsByTopic: calls(() => keyedFigures(this.callsBy.topic, callFigures)),
      callsByAgent: calls(() => keyedFigures(this.callsBy.agent, callFigures)),
      callsByWeekdayHour: calls(() => sortedRecord(this.callsByWeekdayHour)),
      quality: calls(() => qualityFigures(this.quality)),
      qualityByCheck: calls(() => keyedFigures(this.qualityBy.check, qualityFigures)),
      qualityByAgent: calls(() => keyedFigures(this.qualityBy.agent, qualityFigures)),
      scoreBands: calls(() => sortedRecord(this.scoreBands)),
    };
  }
}

/** 'YYYY-MM-DDTHH:00' of a local minute from {@link Calendar.localMinute}. */
const hourLabel = (localMinute: number) => `${minuteLabel(localMinute).slice(0, 13)}:00`;

/** Seconds in a quarter hour: every local hour since 1970 starts on a quarter hour of UTC (offsets are whole quarter hours). */
const QUARTER = 900;

/** True for the answers the positive share counts: thumbs up, a good face, 4 or 5 of 5. */
export function isPositive(r: Pick<Rating, "scale" | "value">): boolean {
  return r.scale === "thumbs" ? r.value === 1 : r.scale === "face" ? r.value === 3 : r.value >= 4;
}

/** Counts events per local day of the calendar's zone; the total is the days merged. */
export class Tally {
  readonly #days = new Map<string, Bucket>();
  readonly #firstSeen = new Map<string, number>();
  readonly #minutes = new Map<number, number>();

  constructor(
    private readonly cal: Calendar,
    private readonly carried: Carried,
  ) {}

  /** The bucket of the local day of instant `sec`. */
  #day(sec: number): Bucket {
    const date = this.cal.localDate(sec);
    let day = this.#days.get(date);
    if (!day) {
      day = new Bucket();
      this.#days.set(date, day);
    }
    return day;
  }

  /** Counts one conversation: its start, messages, assignments and rating, each on its own day. */
  addConversation(c: Conversation): void {
    const started = this.#day(c.startedAt);
    started.conversations++;
    if (c.contact) started.contacts.add(c.contact.raw);
    if (c.contact && c.assignments.some((a) => !a.missed)) started.served.add(c.contact.raw);
    started.resolutionTime.count++;
    started.resolutionTime.sumSecs += c.endedAt - c.startedAt;
    bump(started.resolutionByRange, minuteRange(c.endedAt - c.startedAt));
    bump(
      started.conversationsByWeekdayHour,
      `${isoWeekday(this.cal.localDate(c.startedAt))}:${this.cal.localHour(c.startedAt)}`,
    );
    if (c.assignments.length > 0) bump(started.assignedByHour, hourLabel(this.cal.localMinute(c.startedAt)));
    if (this.carried.categories) {
      const cat = started.categories;
      bump(cat.intent, c.intent ?? NOT_SET);
      bump(cat.language, c.language);
      bump(cat.startFlow, c.startFlow ?? NOT_SET);
      bump(cat.closingReason, c.closingReason);
      bump(cat.campaign, c.campaign.name);
      if (c.assignments.length > 0) bump(cat.assignedClosingReason, c.closingReason);
    }
    if (c.contact) {
      const seen = this.#firstSeen.get(c.contact.raw);
      if (seen === undefined || c.startedAt < seen) this.#firstSeen.set(c.contact.raw, c.startedAt);
    }
    if (this.carried.messages) {
      for (const m of c.messages) {
        const b = this.#day(m.at);
        bump(b.messages, m.sender);
        if (m.sender === "contact" && c.contact) b.active.add(c.contact.raw);
        if (c.assignments.length > 0 && (m.sender === "contact" || m.sender === "agent")) b.ccMessages++;
        b.messaged.add(c.raw);
        bump(this.#minutes, this.cal.minuteStart(m.at));
      }
    }
    for (const a of c.assignments) {
      const b = this.#day(a.assignedAt);
      b.assignments++;
      if (a.missed) b.missed++;
      if (a.seq > 1) b.transfers++;
      if (a.firstResponseAt !== null) {
        b.frtCount++;
        b.frtSum += a.firstResponseAt - a.assignedAt;
        bump(b.firstResponseByRange, minuteRange(a.firstResponseAt - a.assignedAt));
      }
      if (!a.missed && a.acceptedAt !== null && a.closedAt !== null) {
        b.conversationTime.count++;
        b.conversationTime.sumSecs += a.closedAt - a.acceptedAt;
      }
      if (a.missed || !a.agent) continue;
      bump(b.handled, a.agent.username);
      if (a.acceptedAt !== null && a.closedAt !== null) {
        bump(b.conversationSecs, a.agent.username, a.closedAt - a.acceptedAt);
      }
    }
    if (c.rating) {
      const r = c.rating;
      const b = this.#day(r.at);
      const scale = b.ratings.get(r.scale) ?? new Map<number, number>();
      bump(scale, r.value);
      b.ratings.set(r.scale, scale);
      if (isPositive(r)) b.positive++;
    }
  }

  /**
   * Counts an Agent activity interval: online seconds of its agent on the day it started, and its
   * seconds in each local hour, slice by slice of UTC quarter hours (no local hour starts inside one).
   */
  addState(s: AgentState): void {
    if (s.state !== "online") return;
    bump(this.#day(s.start).onlineSecs, s.agent.username, s.end - s.start);
    for (let t = s.start; t < s.end; ) {
      const next = Math.min(s.end, (Math.floor(t / QUARTER) + 1) * QUARTER);
      const b = this.#day(t);
      const hour = hourLabel(this.cal.localMinute(t));
      bump(b.onlineSecsByHour, hour, next - t);
      entry(b.onlineAgentsByHour, hour, () => new Set<string>()).add(s.agent.username);
      t = next;
    }
  }

  /**
   * Counts one call and its quality-check results on the local day it arrived: in total, by queue,
   * topic and agent (username, '(not set)' for none), by local ISO weekday and hour ('W:H'), and
   * its results in total, by check name, by agent and by score range.
   */
  addCall(call: Call): void {
    const b = this.#day(call.startedAt);
    const agent = call.agent?.username ?? NOT_SET;
    countCall(b.calls, call);
    countCall(entry(b.callsBy.queue, call.queue, zeroCalls), call);
    countCall(entry(b.callsBy.topic, call.topic, zeroCalls), call);
    countCall(entry(b.callsBy.agent, agent, zeroCalls), call);
    bump(
      b.callsByWeekdayHour,
      `${isoWeekday(this.cal.localDate(call.startedAt))}:${this.cal.localHour(call.startedAt)}`,
    );
    if (call.checks.length === 0) return;
    countChecks(b.quality, call.checks);
    countChecks(entry(b.qualityBy.agent, agent, zeroQuality), call.checks);
    for (const r of call.checks) {
      countChecks(entry(b.qualityBy.check, r.check.name, zeroQuality), [r]);
      if (r.score !== null) bump(b.scoreBands, scoreBand(r.score));
    }
  }

  /**
   * The figures of everything counted so far. New contacts (by the day of each contact's first
   * conversation) and the busiest minutes are settled here, once all conversations are known.
   */
  figures(): FigureSet {
    const fresh = new Map<string, number>();
    for (const first of this.#firstSeen.values()) bump(fresh, this.cal.localDate(first));
    const peaks = new Map<string, { count: number; minute: string }>();
    for (const [start, count] of [...this.#minutes.entries()].sort((a, b) => a[0] - b[0])) {
      const label = this.cal.minuteLabelAt(start);
      for (const key of ["", label.slice(0, 10)]) {
        const best = peaks.get(key);
        if (!best || count > best.count) peaks.set(key, { count, minute: label });
      }
    }
    const dates = [...this.#days.keys()].sort();
    return {
      total: dates
        .reduce((t, d) => t.merge(this.#days.get(d) as Bucket), new Bucket())
        .figures(this.carried, this.#firstSeen.size, peaks.get("") ?? null),
      days: Object.fromEntries(
        dates.map((d) => [
          d,
          (this.#days.get(d) as Bucket).figures(this.carried, fresh.get(d) ?? 0, peaks.get(d) ?? null),
        ]),
      ),
    };
  }
}

/** The whole ground truth (module docstring). */
export interface GroundTruth {
  readonly generator: ResolvedOptions;
  /** The call thresholds (seconds of queue wait) the figures use: the reports' defaults. */
  readonly thresholds: { readonly shortAbandonSecs: number; readonly serviceLevelSecs: number };
  readonly rows: Readonly<Record<string, number>>;
  readonly c24Records: Readonly<Record<string, number>>;
  readonly canonical: FigureSet;
  readonly aggregates: Aggregates;
  /** The conversations' life (issue 16): resolutions, reopens, handoffs, surveys (./lifecycle.ts), canonical files only. */
  readonly lifecycle: LifeTruth;
  /** First response and reply time from messages (issue 16), elapsed and in business hours (./truth-replies.ts), canonical files only. */
  readonly replies: ReplyTruth;
  readonly c24: FigureSet & {
    readonly notCarried: Readonly<Record<string, string>>;
    readonly differences: Readonly<Record<string, string>>;
  };
}

/** The ground truth of generation `g`, with the row counts of its canonical rows and export files. */
export function groundTruth(g: Generated, rows: CanonicalRows, exports: readonly C24File[]): GroundTruth {
  return {
    generator: g.options,
    thresholds: { shortAbandonSecs: SHORT_ABANDON_SECS, serviceLevelSecs: SERVICE_LEVEL_SECS },
    rows: Object.fromEntries(Object.entries(rows).map(([t, list]) => [t, list?.length ?? 0])),
    c24Records: Object.fromEntries(exports.map((f) => [f.name, f.records.length])),
    canonical: g.figures.canonical,
    aggregates: aggregates(g.calendar, g.world),
    lifecycle: lifeTruth(g.world.conversations, g.options.timezone),
    replies: replyTruth(g.world.conversations, g.options.timezone, g.world.schedules),
    c24: { notCarried: C24_NOT_CARRIED, differences: C24_DIFFERENCES, ...g.figures.c24 },
  };
}
