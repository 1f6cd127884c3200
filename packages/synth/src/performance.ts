/**
 * Conversation24 Agent performance figures of a chat agent's shift (seed 003), worked out from the
 * shift's states and the assignments the agent accepted during it. Durations are seconds of
 * wall-clock time covered by the intervals in question (overlapping chats count once).
 */
import { CAPACITY } from "./chats";
import type { Agent, Assignment, BuiltConversation, Shift, ShiftPerformance } from "./model";

/** An assignment the agent accepted, with its conversation. */
interface Held {
  readonly assignment: Assignment;
  readonly conversation: BuiltConversation;
}

/** Seconds during which at least `k` of `intervals` ([start, end) pairs) overlap. */
export function coverage(intervals: readonly (readonly [number, number])[], k: number): number {
  const events = intervals.flatMap(([s, e]) => (e > s ? [[s, 1] as const, [e, -1] as const] : []));
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let depth = 0;
  let since = 0;
  let total = 0;
  for (const [at, step] of events) {
    if (depth >= k) total += at - since;
    depth += step;
    since = at;
  }
  return total;
}

/** Sets the performance of each of a day's chat `shifts` from the day's `conversations` (assignments accepted during the shift). */
export function measureShifts(shifts: readonly Shift[], conversations: readonly BuiltConversation[]): void {
  const held = new Map<Agent, Held[]>();
  for (const conversation of conversations) {
    for (const assignment of conversation.assignments) {
      if (!assignment.agent) continue;
      const list = held.get(assignment.agent) ?? [];
      list.push({ assignment, conversation });
      held.set(assignment.agent, list);
    }
  }
  for (const shift of shifts) {
    const during = (h: Held) =>
      (h.assignment.acceptedAt ?? 0) >= shift.start && (h.assignment.acceptedAt ?? 0) <= shift.end;
    shift.performance = shiftPerformance(shift, (held.get(shift.agent) ?? []).filter(during));
  }
}

/**
 * The figures of `shift` given the assignments `held` its agent accepted during it: num_chats
 * counts every accepted assignment (transfers included), num_ignored those without a visitor
 * message while the agent held them, num_abandoned those without an agent message; open, first
 * response (accepted until the first reply, or the close without one) and available (online with
 * fewer than the desk's capacity of chats) are covered wall-clock seconds; avg_concurrency is the
 * summed chat seconds over the online seconds; survey counts are the ratings given to this agent
 * as the conversation's last agent (good: a good face, thumbs up or 4-5; moderate: a moderate face
 * or 3; bad: the rest).
 */
function shiftPerformance(shift: Shift, held: readonly Held[]): ShiftPerformance {
  const sum = (state: string) =>
    shift.states.filter((s) => s.state === state).reduce((t, s) => t + (s.end - s.start), 0);
  const online = sum("online");
  const span = (a: Assignment, end: number | null) => [a.acceptedAt ?? 0, end ?? a.closedAt ?? 0] as const;
  const chats = held.map((h) => span(h.assignment, h.assignment.closedAt));
  const open = coverage(chats, 1);
  const session = shift.end - shift.start;
  const busy = chats.reduce((t, [s, e]) => t + (e - s), 0);
  const ratings = held.flatMap((h) => {
    const r = h.conversation.rating;
    const last = h.conversation.assignments[h.conversation.assignments.length - 1];
    return r && last === h.assignment ? [r] : [];
  });
  const good = (r: (typeof ratings)[number]) =>
    r.scale === "1-5" ? r.value >= 4 : r.scale === "face" ? r.value === 3 : r.value === 1;
  const moderate = (r: (typeof ratings)[number]) =>
    r.scale === "1-5" ? r.value === 3 : r.scale === "face" && r.value === 2;
  return {
    numChats: held.length,
    numBreaks: shift.states.filter((s) => s.state === "offline").length,
    numIgnored: held.filter(
      ({ assignment: a, conversation: c }) =>
        !c.messages.some((m) => m.sender === "contact" && m.at >= (a.acceptedAt ?? 0) && m.at <= (a.closedAt ?? 0)),
    ).length,
    numAbandoned: held.filter((h) => h.assignment.firstResponseAt === null).length,
    avgConcurrency: online > 0 ? Math.round((busy / online) * 100) / 100 : 0,
    firstResponseDuration: coverage(
      held.map((h) => span(h.assignment, h.assignment.firstResponseAt)),
      1,
    ),
    openDuration: open,
    closedDuration: Math.max(0, session - open),
    onlineDuration: online,
    offlineDuration: sum("offline"),
    availableDuration: Math.max(0, online - coverage(chats, CAPACITY)),
    idleDuration: Math.max(0, online - open),
    sessionDuration: session,
    surveyGood: ratings.filter(good).length,
    surveyModerate: ratings.filter(moderate).length,
    surveyBad: ratings.filter((r) => !good(r) && !moderate(r)).length,
  };
}
