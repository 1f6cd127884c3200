/**
 * Website traffic and automatic invites per local hour (Conversation24 Traffic and Automatic
 * invites), consistent with the day's conversations: an entry point's `chats` in an hour are the
 * conversations that started through it in that hour, an invite's accepted count is the same
 * number, its no-availability count the missed ones among them, and invites that came up while no
 * agent was online are cancelled. Page visits follow the chat curve (about 30 per conversation).
 */
import { type Calendar, type Day, HOUR } from "./calendar";
import { CHAT_CURVE } from "./chats";
import { campaigns, entrypoints } from "./company";
import type { Campaign, Conversation, Entrypoint, InviteHour, TrafficHour } from "./model";
import type { Random } from "./random";

/** What a day of web traffic needs. */
export interface WebDay {
  readonly rng: Random;
  readonly cal: Calendar;
  readonly day: Day;
  /** Conversations per weekday (the volume scale of the day's visits). */
  readonly visitsScale: number;
  readonly conversations: readonly Conversation[];
  /** Instants of invites cancelled for lack of agents. */
  readonly cancelled: ReadonlyMap<Entrypoint, readonly number[]>;
  /** True when an agent of `campaign` is online at `at`. */
  readonly staffed: (campaign: Campaign, at: number) => boolean;
}

const SHARE = new Map([
  [campaigns.service, 0.7],
  [campaigns.sales, 0.3],
]);

/** The hourly rows of one day: traffic of every entry point with visits, invite counts of every invite with matches. */
export function dayWeb(w: WebDay): { traffic: TrafficHour[]; invites: InviteHour[] } {
  const { rng, cal, day } = w;
  const dayStart = cal.at(day, 0);
  const hours = Math.round((cal.at(day, 24 * HOUR) - dayStart) / HOUR);
  const total = CHAT_CURVE.reduce((s, x) => s + x, 0);
  const byHour = (list: readonly number[]) => {
    const m = new Map<number, number>();
    for (const at of list) m.set(cal.hourStart(at), (m.get(cal.hourStart(at)) ?? 0) + 1);
    return m;
  };
  const traffic: TrafficHour[] = [];
  const invites: InviteHour[] = [];
  for (const ep of Object.values(entrypoints)) {
    const started = w.conversations.filter((c) => c.entrypoint === ep);
    const chats = byHour(started.map((c) => c.startedAt));
    const missed = byHour(started.filter((c) => c.assignments[0]?.missed).map((c) => c.startedAt));
    const cancelled = byHour(w.cancelled.get(ep) ?? []);
    for (let h = 0; h < hours; h++) {
      const hourStart = dayStart + h * HOUR;
      const weight = (CHAT_CURVE[cal.localHour(hourStart)] ?? 0) / total;
      const n = chats.get(hourStart) ?? 0;
      const visits = Math.round(w.visitsScale * 30 * (SHARE.get(ep.campaign) ?? 0) * weight * (0.8 + 0.4 * rng.next()));
      if (ep.type === "button") {
        const clicks = n + Math.round(n * 0.15 * rng.next());
        const views = Math.max(clicks, Math.round(visits * 0.6));
        if (visits + views > 0) traffic.push({ entrypoint: ep, hourStart, visits, views, clicks, chats: n });
        continue;
      }
      const declined = Math.round(n * 1.5 + visits * 0.01 * rng.next());
      const ignored = Math.round(visits * 0.03 * rng.next());
      const expired = Math.round(visits * 0.005 * rng.next());
      const offline = n === 0 && !w.staffed(ep.campaign, hourStart + HOUR / 2);
      const wouldShow = n + declined + ignored + expired;
      const shown = offline ? 0 : wouldShow;
      const cancelledCount = (cancelled.get(hourStart) ?? 0) + (offline ? wouldShow : 0);
      const match = shown + cancelledCount;
      if (visits + shown > 0) traffic.push({ entrypoint: ep, hourStart, visits, views: shown, clicks: n, chats: n });
      if (match === 0) continue;
      invites.push({
        invite: ep,
        hourStart,
        shown,
        accepted: n,
        declined: offline ? 0 : declined,
        match,
        cancelled: cancelledCount,
        noAvailability: missed.get(hourStart) ?? 0,
        expired: offline ? 0 : expired,
        ignored: offline ? 0 : ignored,
      });
    }
  }
  return { traffic, invites };
}
