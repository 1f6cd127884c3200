/**
 * The generator: simulates the company day by day (shifts, calls, chats, shift performance, web
 * traffic), in the order of the days, each from its own random streams, and tallies the ground
 * truth as it goes. Same options, same world, to the last second.
 */
import { canonicalTimeZone, localDate } from "@tallyline/warehouse/time";
import { dayShifts, roster, teamSizes } from "./agents";
import { c24View } from "./c24";
import { Calendar, dailyVolume } from "./calendar";
import { CALL_WEEKDAY_FACTOR, dayCalls, QUALITY_CHECKS } from "./calls";
import { CHAT_WEEKDAY_FACTOR, Desk, dayChats } from "./chats";
import { campaigns, hosts } from "./company";
import { ContactPool } from "./contacts";
import { businessSchedules, live } from "./lifecycle";
import { Sequence, type World } from "./model";
import { measureShifts } from "./performance";
import { Random } from "./random";
import { type FigureSet, Tally } from "./truth";
import { dayWeb } from "./web";

/** Options of {@link generate}. */
export interface GenerateOptions {
  /** PRNG seed (any integer); default 1. */
  seed?: number;
  /** Number of days, ending with `end`; default 90 (so a 30-day view has a previous period). */
  days?: number;
  /** Last day, 'YYYY-MM-DD'; default today in `timezone`. */
  end?: string;
  /** IANA zone of the simulated contact centre's local time; default 'Europe/Amsterdam'. */
  timezone?: string;
  /** Calls and conversations on an average weekday; default 300 (weekends are quieter). */
  scale?: number;
  /** Conversations on an average weekday when they should differ from `scale`. */
  conversationScale?: number;
  /** Source id written to every canonical row, and the prefix of its ids ('{source}:...'); default 'generated'. */
  source?: string;
}

/** The options a generation ran with, every default filled in. */
export interface ResolvedOptions {
  readonly seed: number;
  readonly days: number;
  readonly from: string;
  readonly to: string;
  readonly timezone: string;
  readonly callsPerWeekday: number;
  readonly conversationsPerWeekday: number;
  readonly source: string;
}

/** A generation: its options, calendar, world, and the figures tallied while generating. */
export interface Generated {
  readonly options: ResolvedOptions;
  readonly calendar: Calendar;
  readonly world: World;
  /** Figures of everything (`canonical`) and of what an import of the Conversation24 exports gives (`c24`). */
  readonly figures: { readonly canonical: FigureSet; readonly c24: FigureSet };
}

/** A phone number for caller `n` (a display name: personal data). */
const phoneNumber = (n: number) => `+31 6 ${String(10_000_000 + ((n * 7_919) % 90_000_000)).padStart(8, "0")}`;

/**
 * Generates the world for `options`. Throws RangeError for a bad date or zone, a seed that is not a
 * whole number, or a non-positive number of days or scale.
 */
export function generate(options: GenerateOptions = {}): Generated {
  const timezone = canonicalTimeZone(options.timezone ?? "Europe/Amsterdam") ?? "";
  const seed = options.seed ?? 1;
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a whole number, not ${seed}`);
  const days = options.days ?? 90;
  const scale = options.scale ?? 300;
  const conversationScale = options.conversationScale ?? scale;
  for (const [name, n] of [
    ["days", days],
    ["scale", scale],
    ["conversationScale", conversationScale],
  ] as const) {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`${name} must be a whole number of at least 1, not ${n}`);
  }
  if (!timezone) throw new RangeError(`Unknown time zone "${options.timezone}"`);
  const to = options.end ?? localDate(timezone, Date.now());
  const cal = new Calendar(timezone, to, days);
  const resolved: ResolvedOptions = {
    seed,
    days,
    from: cal.days[0]?.date ?? to,
    to,
    timezone,
    callsPerWeekday: scale,
    conversationsPerWeekday: conversationScale,
    source: options.source ?? "generated",
  };
  const root = new Random(resolved.seed);
  const world: World = {
    startedAt: cal.days[0] ? cal.at(cal.days[0], 0) : 0,
    schedules: businessSchedules(cal),
    campaigns: Object.values(campaigns),
    hosts: Object.values(hosts),
    agents: roster(root.fork("roster"), teamSizes(scale, conversationScale), days),
    checks: QUALITY_CHECKS,
    shifts: [],
    contacts: [],
    calls: [],
    conversations: [],
    traffic: [],
    invites: [],
  };
  const canonical = new Tally(cal, { messages: true, calls: true, categories: true });
  const c24 = new Tally(cal, { messages: false, calls: false, categories: false });
  const ids = {
    shift: new Sequence(50_000),
    activity: new Sequence(70_000_000),
    call: new Sequence(2_000_000),
    session: new Sequence(1_000_000),
  };
  const visitors = new ContactPool("v", 0.25, (n) => `visitor_${n}`, world.contacts);
  const callers = new ContactPool("p", 0.35, phoneNumber, world.contacts);
  const lastDay = cal.days[cal.days.length - 1];
  /** The end of the range (epoch seconds): the lifecycle adds no event after it. */
  const until = lastDay ? cal.at(lastDay, 86_400) : 0;
  for (const day of cal.days) {
    const rng = (stream: string) => root.fork(`${stream}:${day.date}`);
    const shifts = dayShifts(rng("shifts"), cal, day, world.agents, ids);
    const callRng = rng("calls");
    const calls = dayCalls({
      rng: callRng,
      cal,
      day,
      count: dailyVolume(callRng, scale, CALL_WEEKDAY_FACTOR[day.weekday] ?? 1),
      shifts: shifts.filter((s) => s.agent.role === "calls"),
      callers,
      ids: ids.call,
    });
    const chatShifts = shifts.filter((s) => s.states.length > 0);
    const desk = new Desk(chatShifts);
    const chatRng = rng("chats");
    const chats = dayChats({
      rng: chatRng,
      cal,
      day,
      count: dailyVolume(chatRng, conversationScale, CHAT_WEEKDAY_FACTOR[day.weekday] ?? 1),
      desk,
      visitors,
      ids: ids.session,
    });
    const lifeRng = rng("life");
    const conversations = chats.conversations.map((c) => live(lifeRng, c, until));
    measureShifts(chatShifts, conversations);
    const web = dayWeb({
      rng: rng("web"),
      cal,
      day,
      visitsScale: conversationScale,
      conversations,
      cancelled: chats.cancelled,
      staffed: (campaign, at) => desk.online(campaign, campaign.role, at).length > 0,
    });
    world.shifts.push(...shifts);
    world.calls.push(...calls);
    world.conversations.push(...conversations);
    world.traffic.push(...web.traffic);
    world.invites.push(...web.invites);
    for (const call of calls) canonical.addCall(call);
    for (const state of chatShifts.flatMap((s) => s.states)) {
      canonical.addState(state);
      c24.addState(state);
    }
    for (const conversation of conversations) {
      canonical.addConversation(conversation);
      const view = c24View(conversation);
      if (view) c24.addConversation(view);
    }
  }
  return { options: resolved, calendar: cal, world, figures: { canonical: canonical.figures(), c24: c24.figures() } };
}
