/**
 * The world as canonical rows (packages/warehouse/src/schema.ts), every table but `imports`. Ids are
 * the world's raw ids prefixed by `{source}:`; composite keys follow the Conversation24 adapters'
 * shapes ('{p}{session}:{seq}' for messages and assignments, '{p}activity:{activity_id}' and
 * '{p}slots:{campaign}:{agent}:{type}:{start ISO}' for agent states), so the canonical files and an
 * import of the exports differ only in the prefix. Instants become `Date`s; `text` of messages is
 * not simulated (NULL).
 */

import type { CanonicalRows } from "@tallyline/ingest";
import type { CanonicalRow } from "@tallyline/warehouse";
import { campaigns, chatAccount, SLOT_TYPES } from "./company";
import { TEAMS } from "./lifecycle";
import type { AgentState, Conversation, Role, Shift, World } from "./model";
import { summarise } from "./summary";

/** The campaign a team's agents work in (the first agent of its role says), if any. */
const teamCampaign = (world: World, role: Role) => world.agents.find((a) => a.role === role)?.campaign;

/**
 * Canonical rows of `world`: `source` is written to every row's `source` and prefixes every id,
 * `importId` (default: the source) to every row's `import_id`.
 */
export function canonicalRows(world: World, source: string, importId = source): CanonicalRows {
  const p = `${source}:`;
  const id = (raw: string | null | undefined) => (raw == null ? null : `${p}${raw}`);
  const at = (sec: number | null) => (sec === null ? null : new Date(sec * 1000));
  const prov = { source, import_id: importId };
  const chatShifts = world.shifts.filter((s) => s.states.length > 0);
  const states = chatShifts.flatMap((s) => s.states);
  return {
    campaigns: world.campaigns.map((c) => ({
      campaign_id: id(c.raw),
      ...prov,
      name: c.name,
      channel: c.channel,
      account_id: null,
    })),
    agents: world.agents.map((a) => ({
      agent_id: id(a.raw),
      ...prov,
      username: a.username,
      first_name: a.firstName,
      last_name: a.lastName,
      email: a.email,
      account_id: id(a.account.raw),
      disabled: a.disabled,
    })),
    contacts: world.contacts.map((c) => ({
      contact_id: id(c.raw),
      ...prov,
      campaign_id: id(c.campaign.raw),
      first_seen_at: at(c.firstSeen),
      display_name: c.displayName,
    })),
    hosts: world.hosts.map((h) => ({
      host_id: id(h.raw),
      ...prov,
      account_id: id(h.account.raw),
      hostname: h.hostname,
      multiple_acc_id: id(h.multipleAccId),
    })),
    quality_checks: world.checks.map((q) => ({
      check_id: id(q.raw),
      ...prov,
      campaign_id: id(campaigns.phone.raw),
      name: q.name,
      description: q.description,
    })),
    calls: world.calls.map((c) => ({
      call_id: id(c.raw),
      ...prov,
      campaign_id: id(c.campaign.raw),
      agent_id: id(c.agent?.raw),
      contact_id: id(c.contact?.raw),
      queue: c.queue,
      priority: null,
      started_at: at(c.startedAt),
      queued_at: at(c.queuedAt),
      answered_at: at(c.answeredAt),
      ended_at: at(c.endedAt),
      ivr_secs: c.ivrSecs,
      wait_secs: c.waitSecs,
      talk_secs: c.talkSecs,
      handle_secs: c.handleSecs,
      answered: c.answered,
      abandoned: c.abandoned,
      outcome: c.outcome,
      resolved: c.resolved,
      csat: c.csat,
      topic: c.topic,
    })),
    call_check_results: world.calls.flatMap((c) =>
      c.checks.map((r) => ({
        call_id: id(c.raw),
        check_id: id(r.check.raw),
        ...prov,
        passed: r.passed,
        score: r.score,
        reason: r.reason,
        evaluated_at: at(r.evaluatedAt),
        call_started_at: at(c.startedAt),
        agent_id: id(c.agent?.raw),
        campaign_id: id(c.campaign.raw),
      })),
    ),
    conversations: world.conversations.map((c) => conversationRow(c, id, at, prov)),
    messages: world.conversations.flatMap((c) =>
      c.messages.map((m, i) => ({
        message_id: id(`${c.raw}:${i + 1}`),
        ...prov,
        conversation_id: id(c.raw),
        seq: i + 1,
        sent_at: at(m.at),
        sender: m.sender,
        agent_id: id(m.agent?.raw),
        length_chars: m.length,
        text: null,
        intent: m.intent,
        language: c.language,
        campaign_id: id(c.campaign.raw),
        contact_id: m.sender === "contact" ? id(c.contact?.raw) : null,
        kind: m.kind ?? (m.sender === "system" ? "activity" : "message"),
      })),
    ),
    assignments: world.conversations.flatMap((c) =>
      c.assignments.map((a) => ({
        assignment_id: id(`${c.raw}:${a.seq}`),
        ...prov,
        conversation_id: id(c.raw),
        seq: a.seq,
        agent_id: id(a.agent?.raw),
        role: a.role,
        assigned_at: at(a.assignedAt),
        accepted_at: at(a.acceptedAt),
        first_response_at: at(a.firstResponseAt),
        closed_at: at(a.closedAt),
        missed: a.missed,
        campaign_id: id(c.campaign.raw),
        team_id: id(TEAMS[a.role].raw),
      })),
    ),
    conversation_events: world.conversations.flatMap((c) =>
      c.events.map((e, i) => ({
        conversation_id: id(c.raw),
        seq: i + 1,
        ...prov,
        event: e.event,
        occurred_at: at(e.at),
        actor_kind: e.actor,
        actor_id: e.agent ? id(e.agent.raw) : e.actor === "bot" ? "bot" : null,
        team_id: id(e.team?.raw),
        campaign_id: id(c.campaign.raw),
      })),
    ),
    conversation_labels: world.conversations.flatMap((c) =>
      c.labels.map((l) => ({
        conversation_id: id(c.raw),
        label: l.label,
        ...prov,
        added_at: at(l.at),
        added_by_kind: l.by,
        added_by: l.agent ? id(l.agent.raw) : "bot",
      })),
    ),
    teams: Object.values(TEAMS).map((t) => ({
      team_id: id(t.raw),
      ...prov,
      name: t.name,
      campaign_id: id(teamCampaign(world, t.role)?.raw),
    })),
    team_members: world.agents.map((a) => ({
      team_id: id(TEAMS[a.role].raw),
      agent_id: id(a.raw),
      member_from: at(world.startedAt),
      ...prov,
      member_to: null,
    })),
    business_hours: world.schedules.flatMap((s) =>
      s.hours.map((h) => ({
        campaign_id: id(s.campaign.raw),
        weekday: h.weekday,
        opens: h.opens,
        ...prov,
        closes: h.closes,
        timezone: s.timezone,
      })),
    ),
    business_holidays: world.schedules.flatMap((s) =>
      s.holidays.map((h) => ({
        campaign_id: id(s.campaign.raw),
        date: h.date,
        ...prov,
        name: h.name,
        opens: h.opens,
        closes: h.closes,
      })),
    ),
    surveys: world.conversations.flatMap((c) =>
      c.survey
        ? [
            {
              survey_id: id(c.raw),
              ...prov,
              conversation_id: id(c.raw),
              sent_at: at(c.survey.at),
              channel: c.survey.channel,
              campaign_id: id(c.campaign.raw),
            },
          ]
        : [],
    ),
    ratings: world.conversations.flatMap((c) =>
      c.rating
        ? [
            {
              rating_id: id(c.raw),
              ...prov,
              conversation_id: id(c.raw),
              call_id: null,
              agent_id: id(c.rating.agent?.raw),
              rated_at: at(c.rating.at),
              scale: c.rating.scale,
              value: c.rating.value,
              comment: c.rating.comment,
            },
          ]
        : [],
    ),
    agent_states: [
      ...states.map((s) => stateRow(s, id(`activity:${s.raw}`), "activity", null, id, at, prov)),
      ...states.flatMap((s) =>
        SLOT_TYPES.map((type) => stateRow(s, id(slotKey(s, type)), "slots", type, id, at, prov)),
      ),
    ],
    agent_shifts: chatShifts.map((s) => shiftRow(s, id, at, prov)),
    invites_hourly: world.invites.map((h) => ({
      campaign_id: id(h.invite.campaign.raw),
      filter_id: id(h.invite.raw),
      hour_begin_time: at(h.hourStart),
      ...prov,
      account_id: id(chatAccount.raw),
      filter_name: h.invite.name,
      num_proactive: h.shown,
      num_proactive_accepted: h.accepted,
      num_proactive_declined: h.declined,
      num_proactive_match: h.match,
      num_proactive_cancelled: h.cancelled,
      num_proactive_no_availability: h.noAvailability,
      num_proactive_expired: h.expired,
      num_proactive_ignored: h.ignored,
    })),
    traffic_hourly: world.traffic.map((t) => ({
      campaign_id: id(t.entrypoint.campaign.raw),
      entrypoint_id: id(t.entrypoint.raw),
      hour_begin_time: at(t.hourStart),
      ...prov,
      entrypoint: t.entrypoint.name,
      visits: t.visits,
      views: t.views,
      clicks: t.clicks,
      chats: t.chats,
    })),
  };
}

/** The raw key of a Slots interval, as the c24-slots adapter derives it (the export has no id). */
export function slotKey(s: AgentState, type: string): string {
  return ["slots", s.agent.campaign.raw, s.agent.raw, type, new Date(s.start * 1000).toISOString()].join(":");
}

type Id = (raw: string | null | undefined) => string | null;
type At = (sec: number | null) => Date | null;
type Prov = { source: string; import_id: string };

function conversationRow(c: Conversation, id: Id, at: At, prov: Prov): CanonicalRow {
  const s = summarise(c, c.startedAt);
  return {
    conversation_id: id(c.raw),
    ...prov,
    campaign_id: id(c.campaign.raw),
    contact_id: id(c.contact?.raw),
    account_id: id(c.host.account.raw),
    host_id: id(c.host.raw),
    started_at: at(c.startedAt),
    ended_at: at(c.endedAt),
    channel: "chat",
    language: c.language,
    intent: c.intent,
    start_flow: c.startFlow,
    closing_reason: c.closingReason,
    handled_by: c.handledBy,
    handling_type: s.handlingType,
    entrypoint: c.entrypoint.name,
    entrypoint_type: c.entrypoint.type,
    success_code: c.successCode,
    first_agent_id: id(s.firstAgent?.raw),
    last_agent_id: id(s.lastAgent?.raw),
    message_count: s.messageCount,
    duration_secs: s.durationSecs,
    conversation_secs: s.conversationSecs,
    afterclose_secs: s.aftercloseSecs,
    first_response_secs: s.firstResponseSecs,
    first_reply_secs: s.firstReplySecs,
    avg_response_secs: s.avgResponseSecs,
    max_response_secs: s.maxResponseSecs,
    decision_secs: c.decisionSecs,
    avg_message_length: s.avgMessageLength,
    max_message_length: s.maxMessageLength,
    goals: c.goals.length > 0 ? c.goals.map((g) => g.name).join(",") : null,
    total_goal_value: c.goals.length > 0 ? c.goals.reduce((t, g) => t + g.value, 0) : null,
    blocked: c.blockReason !== null,
    block_reason: c.blockReason,
    visitor_identifier: c.contact?.displayName ?? null,
    transcript_url: transcriptUrl(c),
    accept_url: acceptUrl(c),
  };
}

/** Where a transcript can be read (personal data). */
export const transcriptUrl = (c: Conversation) => `https://chat.example-shop.nl/transcripts/${c.raw}`;

/** The page the conversation started on. */
export const acceptUrl = (c: Conversation) => `https://${c.host.hostname}/${c.entrypoint.path}`;

function stateRow(
  s: AgentState,
  stateId: string | null,
  origin: "activity" | "slots",
  entrypointType: string | null,
  id: Id,
  at: At,
  prov: Prov,
): CanonicalRow {
  return {
    state_id: stateId,
    ...prov,
    origin,
    agent_id: id(s.agent.raw),
    campaign_id: id(s.agent.campaign.raw),
    account_id: origin === "activity" ? id(s.agent.account.raw) : null,
    state: s.state,
    time_start: at(s.start),
    time_end: at(s.end),
    duration_secs: s.end - s.start,
    entrypoint_type: entrypointType,
  };
}

/**
 * The Agent performance figures of a chat shift (seed 003; durations in seconds), under the names
 * both the canonical agent_shifts columns and the Conversation24 export use. Throws when the shift
 * has no performance (not a chat shift).
 */
export function shiftFigures(s: Shift) {
  const p = s.performance;
  if (!p) throw new Error(`shift ${s.raw} has no performance`);
  return {
    num_chats: p.numChats,
    num_breaks: p.numBreaks,
    num_ignored: p.numIgnored,
    num_abandoned: p.numAbandoned,
    avg_concurrency: p.avgConcurrency,
    first_response_duration: p.firstResponseDuration,
    open_duration: p.openDuration,
    closed_duration: p.closedDuration,
    online_duration: p.onlineDuration,
    offline_duration: p.offlineDuration,
    available_duration: p.availableDuration,
    idle_duration: p.idleDuration,
    session_duration: p.sessionDuration,
    survey_num_good: p.surveyGood,
    survey_num_bad: p.surveyBad,
    survey_num_moderate: p.surveyModerate,
  };
}

function shiftRow(s: Shift, id: Id, at: At, prov: Prov): CanonicalRow {
  return {
    workshift_id: id(s.raw),
    campaign_id: id(s.agent.campaign.raw),
    agent_id: id(s.agent.raw),
    ...prov,
    account_id: id(s.agent.account.raw),
    campaign_name: s.agent.campaign.name,
    workshift_start: at(s.start),
    workshift_end: at(s.end),
    ...shiftFigures(s),
  };
}
