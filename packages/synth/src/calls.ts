/**
 * The phone line: calls arriving by hour and weekday in opening hours, a voice menu, exponential
 * queue waits (longer in busy hours), callers with exponential patience who hang up when the wait
 * exceeds it (abandonment around 5-8% of queued calls), log-normal talk times plus after-call work,
 * CSAT on a share of answered calls, and quality checks (seed 000) on a sample of answered calls.
 * Definitions as in docs/ingest.md: a caller who hangs up in the voice menu is offered, not
 * abandoned; wait_secs is the queue wait (the patience of an abandoning caller).
 */
import { arrivals, type Calendar, type Day, HOUR } from "./calendar";
import { campaigns } from "./company";
import type { ContactPool } from "./contacts";
import type { Agent, Call, CheckResult, QualityCheck, Sequence, Shift } from "./model";
import type { Random, Weights } from "./random";

/** Share of a weekday's calls per local hour (08:00-20:00), a morning and an early-afternoon peak. */
const WEEKDAY_CURVE = [0, 0, 0, 0, 0, 0, 0, 0, 6, 11, 13, 12, 9, 10, 11, 9, 7, 5, 4, 3, 0, 0, 0, 0];
/** Share of a weekend day's calls per local hour (09:00-17:00). */
const WEEKEND_CURVE = [0, 0, 0, 0, 0, 0, 0, 0, 0, 8, 12, 12, 10, 10, 9, 8, 6, 0, 0, 0, 0, 0, 0, 0];
/** Calls per weekday relative to the scale, Sunday first. */
export const CALL_WEEKDAY_FACTOR = [0.25, 1.15, 1.05, 1, 0.95, 0.9, 0.35];

/** Queues with weight, median talk seconds and topics. */
const QUEUES: readonly (readonly [string, number, number, readonly string[]])[] = [
  ["Support", 50, 240, ["Order status", "Returns", "Technical issue"]],
  ["Billing", 25, 200, ["Invoice question", "Payment failed", "Refund"]],
  ["Sales", 25, 260, ["Product advice", "Quote", "Promotion"]],
];

/** The quality checks of the phone line (names as in seed 000). */
export const QUALITY_CHECKS: readonly QualityCheck[] = [
  {
    raw: "qc1",
    name: "Opening Greeting",
    description: "The agent greets the caller and names the company within 10 seconds.",
    scored: true,
    level: 86,
    failReasons: ["No greeting in the first 10 seconds", "Company name not mentioned"],
  },
  {
    raw: "qc2",
    name: "Customer Verification",
    description: "The caller's identity is verified before account details are shared.",
    scored: false,
    level: 80,
    failReasons: ["Account details shared before verification"],
  },
  {
    raw: "qc3",
    name: "Issue Resolution",
    description: "The caller's issue is resolved or a clear next step is agreed.",
    scored: true,
    level: 81,
    failReasons: ["Root cause not addressed", "No next step agreed"],
  },
  {
    raw: "qc4",
    name: "Empathy",
    description: "The agent acknowledges the caller's situation and does not interrupt.",
    scored: true,
    level: 78,
    failReasons: ["Interrupted the caller", "Problem not acknowledged"],
  },
  {
    raw: "qc5",
    name: "Closing",
    description: "The agent summarises next steps and asks for other questions.",
    scored: true,
    level: 84,
    failReasons: ["No summary of next steps", "Did not ask for other questions"],
  },
];

/** Score at or above which a scored check passes (0-100). */
export const PASS_SCORE = 70;

/** What a day of calls needs. */
export interface CallDay {
  readonly rng: Random;
  readonly cal: Calendar;
  readonly day: Day;
  readonly count: number;
  /** The day's shifts of call agents. */
  readonly shifts: readonly Shift[];
  readonly callers: ContactPool;
  readonly ids: Sequence;
}

/** The calls of one day, in arrival order. */
export function dayCalls(c: CallDay): Call[] {
  const { rng, cal, day } = c;
  const curve = day.weekend ? WEEKEND_CURVE : WEEKDAY_CURVE;
  const peak = Math.max(...curve);
  return arrivals(rng, cal, day, c.count, curve).map((startedAt) => {
    const busy = (curve[cal.localHour(startedAt)] ?? 0) / peak;
    const [queue, , talkMedian, topics] = rng.weighted(QUEUES.map((q) => [q, q[1]] as const));
    const ivrSecs = rng.int(5, 30);
    const ivrOnly = rng.chance(0.04);
    const wait = Math.round(rng.exponential(15 + 45 * busy * busy));
    const patience = Math.round(rng.exponential(540));
    const abandoned = !ivrOnly && patience < wait;
    const answered = !ivrOnly && !abandoned;
    const waitSecs = ivrOnly ? 0 : abandoned ? patience : wait;
    const queuedAt = ivrOnly ? null : startedAt + ivrSecs;
    const answeredAt = answered && queuedAt !== null ? queuedAt + waitSecs : null;
    const talkSecs = answered ? rng.logNormalInt(talkMedian, 0.55, 20, 3600) : null;
    const handleSecs = talkSecs === null ? null : talkSecs + rng.int(10, 60);
    const endedAt = startedAt + ivrSecs + waitSecs + (talkSecs ?? 0);
    const agent = answeredAt === null ? null : agentAt(rng, c.shifts, answeredAt);
    const contact = rng.chance(0.8) ? c.callers.next(rng, startedAt, campaigns.phone) : null;
    return {
      raw: c.ids.next(),
      campaign: campaigns.phone,
      agent,
      contact,
      queue,
      startedAt,
      queuedAt,
      answeredAt,
      endedAt,
      ivrSecs,
      waitSecs,
      talkSecs,
      handleSecs,
      answered,
      abandoned,
      outcome: ivrOnly ? "IVR" : abandoned ? "ABANDONED" : "ANSWERED",
      resolved: answered ? rng.chance(0.78) : null,
      csat: answered && rng.chance(0.3) ? rng.weighted(CSAT) : null,
      topic: rng.pick(topics),
      checks: agent && rng.chance(0.25) ? evaluate(rng, agent, endedAt) : [],
    };
  });
}

const CSAT: Weights<number> = [
  [1, 5],
  [2, 6],
  [3, 14],
  [4, 35],
  [5, 40],
];

/** A call agent on shift at `at` (any of the day's call agents when none is). */
function agentAt(rng: Random, shifts: readonly Shift[], at: number): Agent | null {
  const on = shifts.filter((s) => s.start <= at && at < s.end);
  const pool = on.length > 0 ? on : shifts;
  return pool.length > 0 ? rng.pick(pool).agent : null;
}

/** Every quality check evaluated on one call, some minutes to hours after it ended. */
function evaluate(rng: Random, agent: Agent, endedAt: number): CheckResult[] {
  const evaluatedAt = endedAt + rng.int(600, 6 * HOUR);
  return QUALITY_CHECKS.map((check) => {
    const score = check.scored
      ? Math.round(Math.min(100, Math.max(0, check.level + agent.quality + 12 * rng.normal())) * 10) / 10
      : null;
    const passed = score === null ? rng.chance((check.level + agent.quality) / 100) : score >= PASS_SCORE;
    return { check, passed, score, reason: passed ? null : rng.pick(check.failReasons), evaluatedAt };
  });
}
