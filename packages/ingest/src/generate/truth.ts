/**
 * The ground truth: figures the generator knows it produced, tallied from its own events as each
 * day is generated (never by reading the files or a database back), per local calendar day of the
 * generator's time zone and in total. Each figure follows the one-sentence definition of the report
 * that shows it (packages/report-defs/src/defs/chat.ts and calls.ts): an event counts on the local
 * day of the instant that report uses (conversations: start; messages: sent; assignments: offered;
 * ratings: given; online intervals: start; calls: arrival).
 *
 * `ground-truth.json`:
 * ```
 * {
 *   "generator": { "seed", "days", "from", "to", "timezone", "callsPerWeekday", "conversationsPerWeekday", "source" },
 *   "rows": { "<canonical table>": rows in <table>.csv, ... },
 *   "c24Records": { "<export>.csv": data records in c24/<export>.csv, ... },
 *   "canonical": { "total": Figures, "days": { "YYYY-MM-DD": Figures, ... } },   // the canonical files
 *   "c24": { "notCarried": { figure: why }, "differences": { figure: how }, "total": Figures, "days": {...} }
 *                                                                               // an import of the eight exports
 * }
 * ```
 * `days` lists every local day with an event, so it can include the day after the range (a chat
 * running past midnight of the last day); `total` is over everything generated. Figures (counts;
 * seconds; percent 0-100; agents keyed by username; categories keyed by value, '(not set)' for none):
 * - conversations; newContacts (contacts whose first conversation started that day);
 * - messages { contact, bot, agent, system, total }, incomingMessages (sender contact),
 *   activeContacts (distinct contacts who sent a message);
 * - assignments, missedAssignments, handledAssignments, transfers (seq > 1);
 * - ratings, ratingsByScale { scale: { value: n } }, thumbsUp, thumbsDown, positiveRatings (thumbs
 *   up, a good face, 4-5 of 5), positiveSharePercent;
 * - firstResponse { count, sumSecs, meanSecs }: assignments with an agent reply, offered to reply;
 * - handledByAgent (assignments each agent picked up), conversationSecsByAgent (accepted to closed,
 *   assignments with both), onlineSecsByAgent (Agent activity online intervals);
 * - onlineSecsByHour: Agent activity online seconds of all agents in each local hour, keyed
 *   'YYYY-MM-DDTHH:00' (intervals cut at the hour's edges, whatever day they started; both readings
 *   of an hour a DST change repeats add up), and assignedConversationsByHour: conversations with at
 *   least one assignment by the local hour they started (report staffing.agents_vs_chats);
 * - calls { offered, answered, abandoned, answeredWaitSecs, handleSecs, asaSecs, ahtSecs,
 *   abandonmentRatePercent };
 * - peakMessagesPerMinute { count, minute: local 'YYYY-MM-DDTHH:MM', the earliest on a tie };
 * - conversationsByIntent, ...ByLanguage, ...ByStartFlow, ...ByClosingReason, and
 *   assignedConversationsByClosingReason (conversations with at least one assignment).
 * In the `c24` section, figures the exports cannot carry are null and explained in `notCarried`.
 */
import type { CanonicalRows } from "../adapter";
import { C24_DIFFERENCES, C24_NOT_CARRIED, type C24File } from "./c24";
import { type Calendar, minuteLabel } from "./calendar";
import type { Generated, ResolvedOptions } from "./generator";
import type { AgentState, Call, Conversation, Rating, Sender } from "./model";

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
  assignedConversationsByHour: Record<string, number>;
  calls: CallFigures | null;
  peakMessagesPerMinute: { count: number; minute: string } | null;
  conversationsByIntent: Record<string, number> | null;
  conversationsByLanguage: Record<string, number> | null;
  conversationsByStartFlow: Record<string, number> | null;
  conversationsByClosingReason: Record<string, number> | null;
  assignedConversationsByClosingReason: Record<string, number> | null;
}

/** Call figures (industry definitions, see packages/report-defs/src/defs/calls.ts). */
export interface CallFigures {
  offered: number;
  answered: number;
  abandoned: number;
  /** Queue seconds of answered calls (ASA numerator). */
  answeredWaitSecs: number;
  /** Handle seconds of answered calls (AHT numerator). */
  handleSecs: number;
  asaSecs: number | null;
  ahtSecs: number | null;
  /** abandoned / (answered + abandoned) x 100. */
  abandonmentRatePercent: number | null;
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
  readonly assignedByHour = new Map<string, number>();
  readonly calls = { offered: 0, answered: 0, abandoned: 0, answeredWaitSecs: 0, handleSecs: 0 };
  readonly categories = {
    intent: new Map<string, number>(),
    language: new Map<string, number>(),
    startFlow: new Map<string, number>(),
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
    for (const a of other.active) this.active.add(a);
    for (const [k, n] of other.messages) bump(this.messages, k, n);
    for (const [scale, values] of other.ratings) {
      const mine = this.ratings.get(scale) ?? new Map<number, number>();
      for (const [v, n] of values) bump(mine, v, n);
      this.ratings.set(scale, mine);
    }
    for (const key of ["handled", "conversationSecs", "onlineSecs", "onlineSecsByHour", "assignedByHour"] as const) {
      for (const [k, n] of other[key]) bump(this[key], k, n);
    }
    for (const key of Object.keys(this.calls) as (keyof Bucket["calls"])[]) this.calls[key] += other.calls[key];
    for (const key of Object.keys(this.categories) as (keyof Bucket["categories"])[]) {
      for (const [k, n] of other.categories[key]) bump(this.categories[key], k, n);
    }
    return this;
  }

  figures(carried: Carried, newContacts: number, peak: Figures["peakMessagesPerMinute"]): Figures {
    const count = (scale: string, value: number) => this.ratings.get(scale)?.get(value) ?? 0;
    const ratings = [...this.ratings.values()].reduce((s, m) => s + [...m.values()].reduce((a, b) => a + b, 0), 0);
    const messages = Object.fromEntries(SENDERS.map((s) => [s, this.messages.get(s) ?? 0])) as Record<Sender, number>;
    const c = this.calls;
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
      assignedConversationsByHour: sortedRecord(this.assignedByHour),
      calls: carried.calls
        ? {
            ...c,
            asaSecs: c.answered > 0 ? c.answeredWaitSecs / c.answered : null,
            ahtSecs: c.answered > 0 ? c.handleSecs / c.answered : null,
            abandonmentRatePercent:
              c.answered + c.abandoned > 0 ? (c.abandoned / (c.answered + c.abandoned)) * 100 : null,
          }
        : null,
      peakMessagesPerMinute: carried.messages ? peak : null,
      conversationsByIntent: category(this.categories.intent),
      conversationsByLanguage: category(this.categories.language),
      conversationsByStartFlow: category(this.categories.startFlow),
      conversationsByClosingReason: category(this.categories.closingReason),
      assignedConversationsByClosingReason: category(this.categories.assignedClosingReason),
    };
  }
}

/** A map as a plain object with its keys sorted (stable JSON). */
function sortedRecord<K extends string | number>(m: ReadonlyMap<K, number>): Record<string, number> {
  const entries = [...m.entries()].map(([k, v]): [string, number] => [String(k), v]);
  return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : 1)));
}

const bump = <K>(m: Map<K, number>, key: K, by = 1) => m.set(key, (m.get(key) ?? 0) + by);

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
    if (c.assignments.length > 0) bump(started.assignedByHour, hourLabel(this.cal.localMinute(c.startedAt)));
    if (this.carried.categories) {
      const cat = started.categories;
      bump(cat.intent, c.intent ?? NOT_SET);
      bump(cat.language, c.language);
      bump(cat.startFlow, c.startFlow ?? NOT_SET);
      bump(cat.closingReason, c.closingReason);
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
        bump(this.#minutes, this.cal.localMinute(m.at));
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
      bump(this.#day(t).onlineSecsByHour, hourLabel(this.cal.localMinute(t)), next - t);
      t = next;
    }
  }

  /** Counts one call on the day it arrived. */
  addCall(call: Call): void {
    const c = this.#day(call.startedAt).calls;
    c.offered++;
    if (call.abandoned) c.abandoned++;
    if (!call.answered) return;
    c.answered++;
    c.answeredWaitSecs += call.waitSecs;
    c.handleSecs += call.handleSecs ?? 0;
  }

  /**
   * The figures of everything counted so far. New contacts (by the day of each contact's first
   * conversation) and the busiest minutes are settled here, once all conversations are known.
   */
  figures(): FigureSet {
    const fresh = new Map<string, number>();
    for (const first of this.#firstSeen.values()) bump(fresh, this.cal.localDate(first));
    const peaks = new Map<string, { count: number; minute: string }>();
    for (const [minute, count] of [...this.#minutes.entries()].sort((a, b) => a[0] - b[0])) {
      const label = minuteLabel(minute);
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
  readonly rows: Readonly<Record<string, number>>;
  readonly c24Records: Readonly<Record<string, number>>;
  readonly canonical: FigureSet;
  readonly c24: FigureSet & {
    readonly notCarried: Readonly<Record<string, string>>;
    readonly differences: Readonly<Record<string, string>>;
  };
}

/** The ground truth of generation `g`, with the row counts of its canonical rows and export files. */
export function groundTruth(g: Generated, rows: CanonicalRows, exports: readonly C24File[]): GroundTruth {
  return {
    generator: g.options,
    rows: Object.fromEntries(Object.entries(rows).map(([t, list]) => [t, list?.length ?? 0])),
    c24Records: Object.fromEntries(exports.map((f) => [f.name, f.records.length])),
    canonical: g.figures.canonical,
    c24: { notCarried: C24_NOT_CARRIED, differences: C24_DIFFERENCES, ...g.figures.c24 },
  };
}
