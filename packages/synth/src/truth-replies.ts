/**
 * Ground truth of the reply-time and first-response reports from messages (issue 16), counted from
 * the generator's own conversations (their messages, kinds and life events), never from rows or SQL.
 * The rule is the one of docs/reports.md "Reply time and first response time", walked here message by
 * message: a customer message starts the wait when none runs; an agent message of kind 'message'
 * ends a running wait (a response); a resolve ends it without one; a handoff moves a running wait's
 * start to itself; bot messages, notes, templates, automated and activity lines are skipped. At one
 * instant a handoff or reopen comes first, then messages in their order, then a resolve. A
 * conversation's first response is its first response; every later one is a reply time. Business
 * seconds come from {@link businessSeconds} over the campaign's schedule (none: not counted).
 */
import { type BusinessSchedule, businessSeconds } from "@tallyline/warehouse/business-hours";
import { localDate } from "@tallyline/warehouse/time";
import type { CampaignSchedule, Conversation } from "./model";

/** Responses counted and their seconds summed (whole seconds), with the mean (null without any). */
export interface WaitFigure {
  count: number;
  sumSecs: number;
  meanSecs: number | null;
}

/** The four figures: first response and reply time, elapsed and in business hours. */
export interface ReplyFigures {
  firstResponse: WaitFigure;
  replyTime: WaitFigure;
  firstResponseBusiness: WaitFigure;
  replyTimeBusiness: WaitFigure;
}

/** The figures over everything generated and per local day of the reply (generator zone). */
export interface ReplyTruth {
  total: ReplyFigures;
  days: Record<string, ReplyFigures>;
}

const wait = (): WaitFigure => ({ count: 0, sumSecs: 0, meanSecs: null });
const zero = (): ReplyFigures => ({
  firstResponse: wait(),
  replyTime: wait(),
  firstResponseBusiness: wait(),
  replyTimeBusiness: wait(),
});

const add = (f: WaitFigure, secs: number) => {
  f.count++;
  f.sumSecs += secs;
};

/** Order at one instant: handoff and reopen, then messages, then a resolve. */
const RANK = { handoff: 0, reopened: 0, message: 1, resolved: 2 } as const;

type Item =
  | { at: number; rank: number; i: number; type: "contact" | "agent" }
  | { at: number; rank: number; i: number; type: "resolved" | "handoff" };

/** The {@link ReplyTruth} of `conversations`, days in `timezone`, business time from `schedules`. */
export function replyTruth(
  conversations: readonly Conversation[],
  timezone: string,
  schedules: readonly CampaignSchedule[],
): ReplyTruth {
  const byCampaign = new Map<string, BusinessSchedule>(
    schedules.map((s) => [s.campaign.raw, { timezone: s.timezone, hours: s.hours, holidays: s.holidays }]),
  );
  const total = zero();
  const days = new Map<string, ReplyFigures>();
  const day = (at: number) => {
    const d = localDate(timezone, at * 1000);
    let f = days.get(d);
    if (!f) {
      f = zero();
      days.set(d, f);
    }
    return f;
  };
  for (const c of conversations) {
    const items: Item[] = [];
    c.messages.forEach((m, i) => {
      const kind = m.kind ?? (m.sender === "system" ? "activity" : "message");
      if (kind !== "message" || (m.sender !== "contact" && m.sender !== "agent")) return;
      items.push({ at: m.at, rank: RANK.message, i, type: m.sender });
    });
    c.events.forEach((e, i) => {
      if (e.event === "resolved" || e.event === "handoff")
        items.push({ at: e.at, rank: RANK[e.event], i, type: e.event });
    });
    items.sort((a, b) => a.at - b.at || a.rank - b.rank || a.i - b.i);
    const schedule = byCampaign.get(c.campaign.raw);
    let since: number | null = null;
    let handoff: number | null = null;
    let first = true;
    for (const it of items) {
      if (it.type === "handoff") handoff = it.at;
      else if (it.type === "resolved") since = null;
      else if (it.type === "contact") since ??= it.at;
      else if (since !== null) {
        const from = handoff !== null && handoff > since ? handoff : since;
        const secs = it.at - from;
        const f = day(it.at);
        add(first ? total.firstResponse : total.replyTime, secs);
        add(first ? f.firstResponse : f.replyTime, secs);
        if (schedule) {
          const b = businessSeconds(schedule, from * 1000, it.at * 1000);
          add(first ? total.firstResponseBusiness : total.replyTimeBusiness, b);
          add(first ? f.firstResponseBusiness : f.replyTimeBusiness, b);
        }
        first = false;
        since = null;
      }
    }
  }
  const mean = (f: ReplyFigures) => {
    for (const w of Object.values(f)) w.meanSecs = w.count ? w.sumSecs / w.count : null;
    return f;
  };
  const sorted = [...days.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
  return { total: mean(total), days: Object.fromEntries(sorted.map(([d, f]) => [d, mean(f)])) };
}
