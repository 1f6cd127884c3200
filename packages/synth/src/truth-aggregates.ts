/**
 * The hourly and per-shift aggregates of the ground truth (./truth.ts): Conversation24 Traffic,
 * Automatic invites and Agent performance as the generator produced them (reports traffic.entrypoints,
 * invites.funnel and shifts.agents in packages/report-defs/src/defs/conversation24.ts), summed from
 * its world by local day and key.
 */
import type { Calendar } from "./calendar";
import type { World } from "./model";
import { addInto, entry, keyedFigures } from "./truth-counters";

/** Counts of items by key, in total and per local day ('YYYY-MM-DD'), keys sorted. */
export interface Keyed<C> {
  total: Record<string, C>;
  days: Record<string, Record<string, C>>;
}

/** Traffic of an entry point (Conversation24 Traffic; counts). */
export interface TrafficCounts {
  visits: number;
  views: number;
  clicks: number;
  chats: number;
}

/** Automatic-invite counts of an invite (Conversation24 Automatic invites). */
export interface InviteCounts {
  shown: number;
  accepted: number;
  declined: number;
  cancelled: number;
  expired: number;
  ignored: number;
  noAvailability: number;
}

/**
 * Agent performance of an agent's work shifts (Conversation24 Agent performance; counts and
 * seconds); `concurrencySum` is the sum of the shifts' mean concurrency (2 decimals), over `shifts`.
 */
export interface ShiftCounts {
  shifts: number;
  chats: number;
  breaks: number;
  ignored: number;
  abandoned: number;
  concurrencySum: number;
  firstResponseSecs: number;
  onlineSecs: number;
  offlineSecs: number;
  idleSecs: number;
  availableSecs: number;
  surveyGood: number;
  surveyModerate: number;
  surveyBad: number;
}

/**
 * The hourly and per-shift aggregates the generator produced (written as traffic_hourly,
 * invites_hourly and agent_shifts, alike in the canonical files and the exports), summed from its
 * world: traffic by entry point name and invites by invite name on the local day their hour began,
 * shift performance by agent username on the local day the shift began.
 */
export interface Aggregates {
  traffic: Keyed<TrafficCounts>;
  invites: Keyed<InviteCounts>;
  shifts: Keyed<ShiftCounts>;
}

/** `items` counted by local day and key; `counts` gives each item's counters (all of one shape). */
function keyedByDay<I, C extends object>(
  cal: Calendar,
  items: readonly I[],
  at: (i: I) => number,
  key: (i: I) => string,
  counts: (i: I) => C,
): Keyed<C> {
  const zero = (c: C) => () => Object.fromEntries(Object.keys(c).map((k) => [k, 0])) as C;
  const total = new Map<string, C>();
  const days = new Map<string, Map<string, C>>();
  for (const item of items) {
    const c = counts(item);
    const date = cal.localDate(at(item));
    addInto(entry(total, key(item), zero(c)), c);
    addInto(
      entry(
        entry(days, date, () => new Map<string, C>()),
        key(item),
        zero(c),
      ),
      c,
    );
  }
  const plain = (m: ReadonlyMap<string, C>) => keyedFigures(m, (c) => c);
  return { total: plain(total), days: keyedFigures(days, plain) };
}

/** The {@link Aggregates} of world `w` in the days of `cal`. */
export function aggregates(cal: Calendar, w: World): Aggregates {
  return {
    traffic: keyedByDay(
      cal,
      w.traffic,
      (t) => t.hourStart,
      (t) => t.entrypoint.name,
      (t) => ({ visits: t.visits, views: t.views, clicks: t.clicks, chats: t.chats }),
    ),
    invites: keyedByDay(
      cal,
      w.invites,
      (h) => h.hourStart,
      (h) => h.invite.name,
      (h) => ({
        shown: h.shown,
        accepted: h.accepted,
        declined: h.declined,
        cancelled: h.cancelled,
        expired: h.expired,
        ignored: h.ignored,
        noAvailability: h.noAvailability,
      }),
    ),
    shifts: keyedByDay(
      cal,
      w.shifts.filter((s) => s.performance),
      (s) => s.start,
      (s) => s.agent.username,
      ({ performance: p }) => ({
        shifts: 1,
        chats: p?.numChats ?? 0,
        breaks: p?.numBreaks ?? 0,
        ignored: p?.numIgnored ?? 0,
        abandoned: p?.numAbandoned ?? 0,
        concurrencySum: p?.avgConcurrency ?? 0,
        firstResponseSecs: p?.firstResponseDuration ?? 0,
        onlineSecs: p?.onlineDuration ?? 0,
        offlineSecs: p?.offlineDuration ?? 0,
        idleSecs: p?.idleDuration ?? 0,
        availableSecs: p?.availableDuration ?? 0,
        surveyGood: p?.surveyGood ?? 0,
        surveyModerate: p?.surveyModerate ?? 0,
        surveyBad: p?.surveyBad ?? 0,
      }),
    ),
  };
}
