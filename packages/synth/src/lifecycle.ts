/**
 * The life of each simulated conversation (issue 16), added after the chat simulation from its own
 * random stream (so the conversations, messages and assignments drawn before stay as they were):
 * - status events: a help-button conversation starts 'pending' with the bot, an invite 'opened' by
 *   the customer; the bot's hand-over to a person is one 'handoff' (at the first assignment); the
 *   end is 'resolved' by the bot (resolved_by_bot), the system (inactive visitor, nobody picked it
 *   up) or the last agent; an agent sometimes 'snoozed' a follow-up before resolving it; about one
 *   in twelve conversations an agent resolved is 'reopened' by the customer hours later (when it is
 *   resolved again before the range ends), answered by the same agent (no new assignment) and
 *   'resolved' again, leaving the survey of the first resolve unanswered;
 * - message kinds: system lines are 'activity'; an agent leaves a 'private' note before each
 *   transfer and sometimes at the end; some agent replies after the first are 'template's; a
 *   visitor nobody could serve gets an 'automated' away message;
 * - labels from the bot's intent and the agent's outcome; teams by role (first line, technical,
 *   sales, calls); a survey sent at the first resolve of every conversation the bot or an agent
 *   handled (never to one nobody picked up), which the conversation's rating answers;
 * - the business hours of the customer-service chat campaign: Mon-Fri 08:00-18:00 Europe/Amsterdam,
 *   with two holidays inside the generated range.
 * {@link lifeTruth} counts the figures the lifecycle reports need from these objects, never from rows.
 */
import { addDays, localDate } from "@tallyline/warehouse/time";
import type { Calendar } from "./calendar";
import { campaigns } from "./company";
import type {
  Agent,
  BuiltConversation,
  CampaignSchedule,
  Conversation,
  Label,
  LifeEvent,
  Message,
  Role,
  Team,
} from "./model";
import type { Random } from "./random";

/** The teams, one per role. */
export const TEAMS: Readonly<Record<Role, Team>> = {
  support: { raw: "t1", name: "First line", role: "support" },
  tech: { raw: "t2", name: "Technical support", role: "tech" },
  sales: { raw: "t3", name: "Sales advisers", role: "sales" },
  calls: { raw: "t4", name: "Call centre", role: "calls" },
};

/** Labels the bot adds for its detected intent. */
const INTENT_LABELS: Readonly<Record<string, string>> = {
  order_status: "delivery",
  delivery_time: "delivery",
  return_item: "returns",
  refund: "returns",
  payment_issue: "billing",
  account_login: "account",
  complaint: "complaint",
  pricing: "pricing",
  product_question: "product",
  opening_hours: "general",
};

/** Share of the conversations an agent resolved that the customer reopens. */
const REOPEN = 0.08;

/**
 * The weekly hours and holidays of each campaign that has them: the customer-service chat, Mon-Fri
 * 08:00-18:00 in Europe/Amsterdam; holidays: the range's middle Monday (closed) and the Friday after
 * it (open 08:00-12:00), so both fall inside any range of two weeks or more.
 */
export function businessSchedules(cal: Calendar): CampaignSchedule[] {
  const mid = cal.days[Math.floor(cal.days.length / 2)]?.date ?? "2026-01-05";
  const monday = addDays(mid, -((isoDow(mid) + 6) % 7));
  return [
    {
      campaign: campaigns.service,
      timezone: "Europe/Amsterdam",
      hours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: "08:00", closes: "18:00" })),
      holidays: [
        { date: monday, name: "Company day", opens: null, closes: null },
        { date: addDays(monday, 4), name: "Stocktaking (afternoon closed)", opens: "08:00", closes: "12:00" },
      ],
    },
  ];
}

/** ISO weekday (1 Monday ... 7 Sunday) of 'YYYY-MM-DD'. */
const isoDow = (date: string) => {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
};

/**
 * `conversation` with its life (module docstring), drawn from `rng`. A reopen happens only when the
 * conversation's second resolve comes before `until` (epoch seconds: the end of the generated range),
 * so the life adds no day after the range (an export is taken at its end).
 */
export function live(rng: Random, c: BuiltConversation, until: number): Conversation {
  const viaBot = c.entrypoint.type === "button";
  const first = c.assignments[0];
  const served = c.assignments.filter((a) => !a.missed);
  const last = served[served.length - 1];
  const lastAgent = (last?.agent ?? null) as Agent | null;
  const events: LifeEvent[] = [];
  const messages: Message[] = c.messages.map((m) => (m.sender === "system" ? { ...m, kind: "activity" } : m));
  const labels: Label[] = [];
  const label = (name: string, at: number, agent: Agent | null) => {
    if (!labels.some((l) => l.label === name)) labels.push({ label: name, at, by: agent ? "agent" : "bot", agent });
  };
  events.push(
    viaBot
      ? { event: "pending", at: c.startedAt, actor: "bot", agent: null, team: null }
      : { event: "opened", at: c.startedAt, actor: "customer", agent: null, team: null },
  );
  if (viaBot && first)
    events.push({ event: "handoff", at: first.assignedAt, actor: "bot", agent: null, team: TEAMS[first.role] });
  if (c.intent && INTENT_LABELS[c.intent]) {
    const at = c.messages.find((m) => m.intent)?.at ?? c.startedAt;
    label(INTENT_LABELS[c.intent] as string, at, null);
  }
  let endedAt = c.endedAt;
  let rating = c.rating;
  let survey: Conversation["survey"] = null;
  if (!first) {
    // The bot alone: it resolved it, or the system closed it for inactivity.
    const actor = c.closingReason === "resolved_by_bot" ? "bot" : "system";
    events.push({ event: "resolved", at: c.endedAt, actor, agent: null, team: null });
    survey = { at: c.endedAt, channel: "chat" };
  } else if (!lastAgent || !last) {
    // Nobody picked it up.
    if (c.closingReason === "no_agent_available")
      messages.push({
        at: first.assignedAt + 1,
        sender: "system",
        agent: null,
        length: 120,
        intent: null,
        kind: "automated",
      });
    events.push({ event: "resolved", at: c.endedAt, actor: "system", agent: null, team: TEAMS[first.role] });
  } else {
    const team = TEAMS[last.role];
    // A note by the agent who hands over, a second before each transfer's system line.
    for (const a of c.assignments.slice(1)) {
      const from = c.assignments[a.seq - 2];
      if (from?.agent) messages.push(note(rng, a.assignedAt - 1, from.agent));
    }
    const firstReplies = new Set(c.assignments.map((a) => a.firstResponseAt));
    for (let i = 0; i < messages.length; i++) {
      const m = messages[i] as Message;
      if (m.sender === "agent" && !m.kind && !firstReplies.has(m.at) && rng.chance(0.1))
        messages[i] = { ...m, kind: "template" };
    }
    const lastAt = Math.max(...c.messages.map((m) => m.at));
    if (rng.chance(0.1)) messages.push(note(rng, lastAt + 1, lastAgent));
    if (c.closingReason === "follow_up_by_email") {
      label("follow-up", c.endedAt, lastAgent);
      if (rng.chance(0.5)) events.push({ event: "snoozed", at: lastAt + 1, actor: "agent", agent: lastAgent, team });
    }
    if (c.closingReason === "spam") label("spam", c.endedAt, lastAgent);
    if (rng.chance(0.05)) label("vip", c.endedAt, lastAgent);
    events.push({ event: "resolved", at: c.endedAt, actor: "agent", agent: lastAgent, team });
    survey = { at: c.endedAt, channel: "chat" };
    if (c.closingReason === "resolved" && rng.chance(REOPEN)) {
      const back = c.endedAt + rng.int(600, 36 * 3600);
      const reply = back + rng.logNormalInt(300 * lastAgent.pace, 0.8, 10, 4 * 3600);
      const again = reply + rng.int(30, 600);
      if (again < until) {
        events.push({ event: "reopened", at: back, actor: "customer", agent: null, team });
        messages.push(
          { at: back, sender: "contact", agent: null, length: rng.logNormalInt(45, 0.7, 1, 1000), intent: null },
          { at: reply, sender: "agent", agent: lastAgent, length: rng.logNormalInt(90, 0.6, 2, 1000), intent: null },
        );
        endedAt = again;
        // The customer came back instead of answering the survey: no rating (Conversation24 dates a
        // rating at the chat's end, which a reopen moves to another day).
        rating = null;
        events.push({ event: "resolved", at: endedAt, actor: "agent", agent: lastAgent, team });
      }
    }
  }
  // Stable sorts: ties keep the simulation's order.
  messages.sort((a, b) => a.at - b.at);
  events.sort((a, b) => a.at - b.at);
  return { ...c, endedAt, rating, messages, events, labels, survey };
}

function note(rng: Random, at: number, agent: Agent): Message {
  return { at, sender: "agent", agent, length: rng.logNormalInt(60, 0.6, 5, 500), intent: null, kind: "private" };
}

/**
 * Lifecycle figures of one local day or of the whole range (counts). Definitions, for the reports
 * of issue 16: `resolutions` counts 'resolved' events (a conversation resolved, reopened and
 * resolved again counts twice), `uniqueResolved` the distinct conversations with one;
 * `reopens` the 'reopened' events; `handoffs` the 'handoff' events (at most one per conversation);
 * `botResolutions` the conversations resolved while with the bot (a 'pending' start, no handoff),
 * `surveysSent` the surveys; `resolutionSecs` the seconds to resolve summed over the resolves (each
 * from the conversation's start, or for a re-resolution from the latest reopen before it: mean
 * resolution time = resolutionSecs / resolutions; reopen rate = reopens / resolutions); a day is the
 * local day (generator zone) of the event or the survey.
 * By the local day of their first event, the conversations that began with the bot (`botConversations`:
 * a 'pending' start or a handoff), and of them those the bot resolved (`botResolvedOfBegun`: no
 * handoff and no agent message of kind 'message' ever) and those handed off (`handedOffOfBegun`):
 * the cohorts of the bot rates. By the local day the survey was sent, `surveysAnswered`: surveys the
 * conversation's rating answers (the CSAT response rate's numerator).
 */
export interface LifeFigures {
  resolutions: number;
  uniqueResolved: number;
  reopens: number;
  handoffs: number;
  botResolutions: number;
  surveysSent: number;
  resolutionSecs: number;
  surveysAnswered: number;
  botConversations: number;
  botResolvedOfBegun: number;
  handedOffOfBegun: number;
}

/** The lifecycle ground truth: per local day (days with something to count) and in total; plus totals by message kind and label. */
export interface LifeTruth {
  total: LifeFigures;
  days: Record<string, LifeFigures>;
  messagesByKind: Record<string, number>;
  conversationsByLabel: Record<string, number>;
}

const zero = (): LifeFigures => ({
  resolutions: 0,
  uniqueResolved: 0,
  reopens: 0,
  handoffs: 0,
  botResolutions: 0,
  surveysSent: 0,
  resolutionSecs: 0,
  surveysAnswered: 0,
  botConversations: 0,
  botResolvedOfBegun: 0,
  handedOffOfBegun: 0,
});

/** Counts {@link LifeTruth} from the conversations' own events, messages, labels and surveys. */
export function lifeTruth(conversations: readonly Conversation[], timezone: string): LifeTruth {
  const total = zero();
  const days = new Map<string, LifeFigures>();
  const day = (at: number) => {
    const d = localDate(timezone, at * 1000);
    let f = days.get(d);
    if (!f) {
      f = zero();
      days.set(d, f);
    }
    return f;
  };
  const messagesByKind: Record<string, number> = {};
  const conversationsByLabel: Record<string, number> = {};
  for (const c of conversations) {
    const resolvedDays = new Set<string>();
    const withBot = c.events[0]?.event === "pending" && !c.events.some((e) => e.event === "handoff");
    let resolvedOnce = false;
    let clock = c.startedAt;
    for (const e of c.events) {
      const f = day(e.at);
      if (e.event === "resolved") {
        total.resolutions++;
        f.resolutions++;
        total.resolutionSecs += e.at - clock;
        f.resolutionSecs += e.at - clock;
        const d = localDate(timezone, e.at * 1000);
        if (!resolvedDays.has(d)) f.uniqueResolved++;
        resolvedDays.add(d);
        if (!resolvedOnce) total.uniqueResolved++;
        if (withBot) {
          // A conversation with the bot has one resolve.
          f.botResolutions++;
          total.botResolutions++;
        }
        resolvedOnce = true;
      } else if (e.event === "reopened") {
        clock = e.at;
        total.reopens++;
        f.reopens++;
      } else if (e.event === "handoff") {
        total.handoffs++;
        f.handoffs++;
      }
    }
    if (c.survey) {
      total.surveysSent++;
      day(c.survey.at).surveysSent++;
      if (c.rating) {
        // The rating answers the survey (rows.ts: rating_id = survey_id).
        total.surveysAnswered++;
        day(c.survey.at).surveysAnswered++;
      }
    }
    const first = c.events[0];
    const handedOff = c.events.some((e) => e.event === "handoff");
    if (first && (first.event === "pending" || handedOff)) {
      const f = day(first.at);
      const human = c.messages.some((m) => m.sender === "agent" && (m.kind ?? "message") === "message");
      const botResolved = withBot && !human && c.events.some((e) => e.event === "resolved");
      for (const g of [total, f]) {
        g.botConversations++;
        if (botResolved) g.botResolvedOfBegun++;
        if (handedOff) g.handedOffOfBegun++;
      }
    }
    for (const m of c.messages) {
      const kind = m.kind ?? (m.sender === "system" ? "activity" : "message");
      messagesByKind[kind] = (messagesByKind[kind] ?? 0) + 1;
    }
    for (const l of c.labels) conversationsByLabel[l.label] = (conversationsByLabel[l.label] ?? 0) + 1;
  }
  const sorted = <T>(o: Record<string, T>) =>
    Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1)));
  return {
    total,
    days: sorted(Object.fromEntries(days)),
    messagesByKind: sorted(messagesByKind),
    conversationsByLabel: sorted(conversationsByLabel),
  };
}
