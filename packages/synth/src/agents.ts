/**
 * Agents and their working time: the roster (team sizes follow the volume), who works which day
 * (five days a week, two days off staggered within each team), early and late shifts that rotate
 * weekly, and for chat agents the online/offline states of each shift (three breaks: a short one,
 * lunch, a short one). Call agents' shifts only decide who answers calls: no export carries them.
 */

import { type Calendar, type Day, HOUR } from "./calendar";
import { accounts, campaigns, openingHours } from "./company";
import type { Agent, AgentState, Campaign, Role, Sequence, Shift } from "./model";
import type { Random } from "./random";

// biome-ignore format: a table of names
const FIRST = [
  "Ava", "Bram", "Chloe", "Daan", "Emma", "Finn", "Gwen", "Hugo", "Iris", "Jesse", "Kim", "Lars",
  "Mila", "Noah", "Olivia", "Pim", "Roos", "Sem", "Tess", "Vince", "Yara", "Zoe", "Lucas", "Sara",
];
// biome-ignore format: a table of names
const LAST = [
  "Jansen", "de Vries", "Martin", "Bakker", "Visser", "Smit", "Mulder", "Bos", "Meijer", "de Boer",
  "Peters", "Hendriks", "Dekker", "Dijkstra", "Vos", "Claes", "Maes", "Willems", "Jacobs", "Wouters",
];

/** Team sizes for `calls` calls and `chats` conversations per weekday. */
export function teamSizes(calls: number, chats: number): Record<Role, number> {
  return {
    calls: Math.max(3, Math.round(calls / 50)),
    support: Math.max(3, Math.round((chats * 0.7) / 100)),
    tech: Math.max(1, Math.round(chats / 400)),
    sales: Math.max(2, Math.round((chats * 0.3) / 100)),
  };
}

const TEAMS: readonly [Role, Campaign][] = [
  ["support", campaigns.service],
  ["tech", campaigns.service],
  ["sales", campaigns.sales],
  ["calls", campaigns.phone],
];

/**
 * The roster: ids from 1001, one team after the other (support, tech, sales, calls); every third
 * support agent belongs to the shared contact-centre account; one more support agent left after
 * the first third of the range and is disabled.
 */
export function roster(rng: Random, sizes: Record<Role, number>, dayCount: number): Agent[] {
  const agents: Agent[] = [];
  const add = (role: Role, campaign: Campaign, k: number, leaver: boolean) => {
    const i = agents.length;
    const firstName = FIRST[i % FIRST.length] as string;
    const lastName = LAST[(i * 7) % LAST.length] as string;
    const username = `${firstName}.${lastName.replace(/ /g, "")}`.toLowerCase() + (i >= FIRST.length ? String(i) : "");
    const external = role === "support" && k % 3 === 2;
    const off = (2 * k + TEAMS.findIndex(([r]) => r === role)) % 7;
    agents.push({
      raw: String(1001 + i),
      username,
      firstName,
      lastName,
      email: `${username}@${external ? "acme-contact.com" : "example-shop.nl"}`,
      account: external ? accounts.acme : accounts.shopNl,
      role,
      campaign,
      disabled: leaver,
      lastDay: leaver ? Math.floor(dayCount / 3) : dayCount - 1,
      daysOff: [off, (off + 1) % 7],
      pace: Math.min(1.6, Math.max(0.6, rng.logNormal(1, 0.2))),
      quality: Math.round(rng.normal() * 5),
    });
  };
  for (const [role, campaign] of TEAMS) for (let k = 0; k < sizes[role]; k++) add(role, campaign, k, false);
  add("support", campaigns.service, sizes.support, true);
  return agents;
}

/** True when `agent` works on `day`. */
function works(agent: Agent, day: Day): boolean {
  return day.index <= agent.lastDay && !agent.daysOff.includes(day.weekday);
}

/** Breaks of a shift: [offset from login, minutes]. */
const BREAKS: readonly [number, number][] = [
  [2 * HOUR, 15],
  [4 * HOUR, 30],
  [6 * HOUR, 15],
];

/** Id sequences of shifts and of agent states (activity_id), across the whole range. */
export interface ShiftIds {
  readonly shift: Sequence;
  readonly activity: Sequence;
}

/**
 * The shifts of `day`: weekdays early (08:00-16:30) or late (11:30-20:00), alternating per agent
 * and week; weekends 09:00-17:00. Agents log in up to 10 minutes early and out up to 15 minutes
 * late. Chat agents' shifts carry their online/offline states, breaks placed +-15 minutes around
 * their plan.
 */
export function dayShifts(rng: Random, cal: Calendar, day: Day, agents: readonly Agent[], ids: ShiftIds): Shift[] {
  const hours = openingHours(day.weekend);
  const week = Math.floor(day.index / 7);
  const shifts: Shift[] = [];
  agents.forEach((agent, i) => {
    if (!works(agent, day)) return;
    const early = (i + week) % 2 === 0;
    const [from, to] = day.weekend
      ? [hours.open, hours.close]
      : early
        ? [hours.open, hours.open + 8.5 * HOUR]
        : [hours.close - 8.5 * HOUR, hours.close];
    const start = cal.at(day, from - rng.int(0, 600));
    const end = cal.at(day, to + rng.int(0, 900));
    shifts.push({
      raw: ids.shift.next(),
      agent,
      start,
      end,
      states: agent.role === "calls" ? [] : states(rng, agent, start, end, ids),
    });
  });
  return shifts;
}

/** Online and offline intervals covering [start, end): online, then each break offline, then online again. */
function states(rng: Random, agent: Agent, start: number, end: number, ids: ShiftIds): AgentState[] {
  const out: AgentState[] = [];
  let at = start;
  const push = (state: AgentState["state"], until: number) => {
    if (until > at) out.push({ raw: ids.activity.next(), agent, state, start: at, end: until });
    at = until;
  };
  for (const [offset, minutes] of BREAKS) {
    const breakStart = start + offset + rng.int(-900, 900);
    const breakEnd = breakStart + minutes * 60 + rng.int(-120, 300);
    if (breakEnd >= end) break;
    push("online", breakStart);
    push("offline", breakEnd);
  }
  push("online", end);
  return out;
}
