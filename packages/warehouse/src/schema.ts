/**
 * The canonical model as data: every table and column that adapters write and reports read.
 *
 * This module has no I/O and no DuckDB import, so report-defs (and the browser bundle) can use it
 * to validate definitions. The DDL that creates these tables lives in `migrations.ts`; a test checks
 * that the migrated database has exactly the columns declared here.
 *
 * Column order is the physical order in DuckDB (migrations append columns at the end), which the
 * bulk loader relies on.
 *
 * Conventions (DESIGN.md "Canonical model"): instants are UTC in plain `TIMESTAMP`; durations are
 * seconds in `DOUBLE`; every data row carries `source` (adapter id) and `import_id`.
 */

/** A DuckDB column type used by the canonical model. */
export type ColumnType = "VARCHAR" | "TIMESTAMP" | "DOUBLE" | "BOOLEAN" | "INTEGER" | "BIGINT" | "JSON";

/** One column: its SQL type, whether NULL is allowed, and what it holds (with unit). */
export interface ColumnSpec {
  readonly type: ColumnType;
  readonly nullable: boolean;
  readonly doc: string;
}

/** One canonical table: its natural key and its columns in DDL order. */
export interface TableSpec {
  readonly doc: string;
  readonly key: readonly string[];
  readonly columns: Readonly<Record<string, ColumnSpec>>;
}

const req = (type: ColumnType, doc: string): ColumnSpec => ({ type, nullable: false, doc });
const opt = (type: ColumnType, doc: string): ColumnSpec => ({ type, nullable: true, doc });

const provenance = {
  source: req("VARCHAR", "Adapter id that wrote the row, e.g. 'anonbank'."),
  import_id: req("VARCHAR", "The `imports.import_id` of the import that last wrote the row."),
} as const;

/** All canonical tables, by name. */
export const canonicalTables = {
  imports: {
    doc: "One import run of one file.",
    key: ["import_id"],
    columns: {
      import_id: req("VARCHAR", "Random id of the import."),
      source: req("VARCHAR", "Adapter id."),
      file_name: req("VARCHAR", "Base name of the imported file."),
      sha256: req("VARCHAR", "SHA-256 of the file's bytes, hex; a file with a known hash is not imported again."),
      started_at: req("TIMESTAMP", "UTC instant the import began."),
      finished_at: req("TIMESTAMP", "UTC instant the import committed."),
      rows_by_table: req("JSON", 'Rows written per canonical table, e.g. {"calls": 1567}.'),
      status: req("VARCHAR", "'succeeded' (rejected imports write nothing, not even this row)."),
      errors: opt("JSON", "Row errors kept by a partial import; NULL when none."),
      warnings: opt(
        "JSON",
        'Values not used as written, their rows kept: {"total": n, "first": [{file, line, column, value, reason}, ...]} (at most 100 listed); NULL when none.',
      ),
    },
  },
  campaigns: {
    doc: "A chat campaign, call campaign, queue owner or company account.",
    key: ["campaign_id"],
    columns: {
      campaign_id: req("VARCHAR", "Natural key, prefixed by source."),
      ...provenance,
      name: req("VARCHAR", "Display name."),
      channel: req("VARCHAR", "'call' or 'chat'."),
      account_id: opt("VARCHAR", "Owning account, when the source has one."),
    },
  },
  agents: {
    doc: "A human agent.",
    key: ["agent_id"],
    columns: {
      agent_id: req("VARCHAR", "Natural key, prefixed by source."),
      ...provenance,
      username: req("VARCHAR", "Login or short name as the source gives it."),
      first_name: opt("VARCHAR", "Given name."),
      last_name: opt("VARCHAR", "Family name."),
      email: opt("VARCHAR", "E-mail address (personal data: never in a public link)."),
      account_id: opt("VARCHAR", "Owning account."),
      disabled: req("BOOLEAN", "True when the source marks the agent disabled."),
    },
  },
  calls: {
    doc: "One call that reached the system (IVR or queue), answered or not.",
    key: ["call_id"],
    columns: {
      call_id: req("VARCHAR", "Natural key, prefixed by source (anonbank: 'anonbank:{vru+line}:{call_id}')."),
      ...provenance,
      campaign_id: req("VARCHAR", "Campaign (call centre) the call belongs to."),
      agent_id: opt("VARCHAR", "Agent who served the call; NULL when no named agent."),
      contact_id: opt("VARCHAR", "Caller id when identified; NULL for anonymous callers."),
      queue: opt("VARCHAR", "Queue / service type the call was routed to."),
      priority: opt("INTEGER", "Source priority code."),
      started_at: req("TIMESTAMP", "UTC instant the call reached the system (IVR entry, or queue entry without IVR)."),
      queued_at: opt("TIMESTAMP", "UTC instant the call entered the agent queue; NULL when it never queued."),
      answered_at: opt("TIMESTAMP", "UTC instant an agent picked up; NULL when unanswered."),
      ended_at: opt("TIMESTAMP", "UTC instant the call ended."),
      ivr_secs: opt("DOUBLE", "Seconds in the voice-response unit (IVR), >= 0."),
      wait_secs: opt(
        "DOUBLE",
        "Seconds waiting in queue before answer or hang-up, >= 0; 0 when answered without queueing.",
      ),
      talk_secs: opt("DOUBLE", "Seconds of conversation with the agent, >= 0; NULL when unanswered."),
      handle_secs: opt(
        "DOUBLE",
        "Seconds of agent handling: talk + hold + after-call work where the source has them, >= 0; NULL when unanswered.",
      ),
      answered: req("BOOLEAN", "True when an agent answered (served) the call."),
      abandoned: req("BOOLEAN", "True when the caller hung up while waiting in the agent queue, before an answer."),
      outcome: opt("VARCHAR", "The source's own outcome code, kept verbatim (anonbank: AGENT, HANG, PHANTOM)."),
      resolved: opt("BOOLEAN", "First-contact resolution as the source reports it; NULL when unknown."),
      csat: opt("INTEGER", "Customer satisfaction answer on a 1-5 scale; NULL when not asked/answered."),
      topic: opt("VARCHAR", "Call topic / reason as the source reports it."),
    },
  },
  contacts: {
    doc: "A customer, visitor or end user.",
    key: ["contact_id"],
    columns: {
      contact_id: req("VARCHAR", "Natural key, prefixed by source."),
      ...provenance,
      campaign_id: opt("VARCHAR", "Campaign the contact was first seen in."),
      first_seen_at: opt("TIMESTAMP", "UTC instant the contact was first seen, when the source says."),
      display_name: opt("VARCHAR", "Handle or name (personal data: never in a public link)."),
    },
  },
  hosts: {
    doc: "A website of an account (seed 003 Hosts).",
    key: ["host_id"],
    columns: {
      host_id: req("VARCHAR", "Natural key, prefixed by source."),
      ...provenance,
      account_id: opt("VARCHAR", "Owning account."),
      hostname: req("VARCHAR", "Domain name of the website."),
      multiple_acc_id: opt("VARCHAR", "Identifier shared by accounts on one domain (sourceHash)."),
    },
  },
  quality_checks: {
    doc: "A QA check definition evaluated on calls (seed 000).",
    key: ["check_id"],
    columns: {
      check_id: req("VARCHAR", "Natural key, prefixed by source."),
      ...provenance,
      campaign_id: opt("VARCHAR", "Campaign the check belongs to."),
      name: req("VARCHAR", "Display name, e.g. 'Opening Greeting'."),
      description: opt("VARCHAR", "What the check looks for."),
    },
  },
  call_check_results: {
    doc: "One quality check evaluated on one call (seed 000).",
    key: ["call_id", "check_id"],
    columns: {
      call_id: req("VARCHAR", "The call evaluated."),
      check_id: req("VARCHAR", "The check evaluated."),
      ...provenance,
      passed: req("BOOLEAN", "True when the call passed the check."),
      score: opt("DOUBLE", "Score on a 0-100 scale; NULL when the check gives pass/fail only."),
      reason: opt("VARCHAR", "The evaluator's explanation."),
      evaluated_at: opt("TIMESTAMP", "UTC instant of the evaluation."),
      call_started_at: opt(
        "TIMESTAMP",
        "The call's started_at (filled from calls at import): places a result in a period.",
      ),
      agent_id: opt("VARCHAR", "The call's agent (filled from calls at import)."),
      campaign_id: opt("VARCHAR", "The call's campaign (filled from calls at import)."),
    },
  },
  conversations: {
    doc: "One chat conversation / session.",
    key: ["conversation_id"],
    columns: {
      conversation_id: req("VARCHAR", "Natural key, prefixed by source (Conversation24: session_id)."),
      ...provenance,
      campaign_id: req("VARCHAR", "Chat campaign (or company account, for social care)."),
      contact_id: opt("VARCHAR", "The visitor / user."),
      account_id: opt("VARCHAR", "Primary account of the visitor's website."),
      host_id: opt("VARCHAR", "Website the conversation started on."),
      started_at: req("TIMESTAMP", "UTC instant the conversation was created."),
      ended_at: opt("TIMESTAMP", "UTC instant it ended, when known."),
      channel: req("VARCHAR", "'chat', 'twitter', 'whatsapp', ..."),
      language: opt("VARCHAR", "Language code of the user, e.g. 'en'."),
      intent: opt("VARCHAR", "Main intent detected by the bot."),
      start_flow: opt("VARCHAR", "Bot flow the conversation started in."),
      closing_reason: opt("VARCHAR", "Why / how the conversation was closed."),
      handled_by: opt("VARCHAR", "'bot' (no agent), 'agent' (agents only) or 'hybrid' (bot then agent)."),
      handling_type: opt("VARCHAR", "Conversation24 handlingType: self, external or hybrid (accounts involved)."),
      entrypoint: opt("VARCHAR", "Name of the entry point (button or invite) that started it (requestSource)."),
      entrypoint_type: opt("VARCHAR", "Type of entry point (requestType)."),
      success_code: opt("VARCHAR", "Outcome code chosen by the agent."),
      first_agent_id: opt("VARCHAR", "First agent who received the chat (assigned_agent_id)."),
      last_agent_id: opt("VARCHAR", "Last agent who received the chat."),
      message_count: opt("INTEGER", "Messages in the conversation as the source counts them."),
      duration_secs: opt("DOUBLE", "Seconds from creation until the chat was over."),
      conversation_secs: opt("DOUBLE", "Seconds from creation to the last message."),
      afterclose_secs: opt("DOUBLE", "Seconds an agent took to close after the visitor's last interaction."),
      first_response_secs: opt("DOUBLE", "Seconds between accepting the chat and the first agent message."),
      first_reply_secs: opt("DOUBLE", "Seconds between the first visitor message and the first agent message."),
      avg_response_secs: opt("DOUBLE", "Mean seconds between agent and visitor messages."),
      max_response_secs: opt("DOUBLE", "Longest seconds between agent and visitor messages."),
      decision_secs: opt("DOUBLE", "Seconds between seeing the button/invite and clicking it."),
      avg_message_length: opt("DOUBLE", "Mean message length in characters."),
      max_message_length: opt("INTEGER", "Longest message in characters."),
      goals: opt("VARCHAR", "Goals reached, comma-separated."),
      total_goal_value: opt("DOUBLE", "Sum of goal values."),
      blocked: opt("BOOLEAN", "True when an agent blocked the visitor."),
      block_reason: opt("VARCHAR", "Why the visitor was blocked (personal data)."),
      visitor_identifier: opt("VARCHAR", "Visitor identifier (personal data)."),
      transcript_url: opt("VARCHAR", "URL of the transcript (personal data)."),
      accept_url: opt("VARCHAR", "Page where the conversation started."),
      assigned: opt(
        "BOOLEAN",
        "True when the conversation has at least one assignment (it reached the contact centre, missed or not), else NULL. Derived from assignments at every import; a file's value is replaced.",
      ),
      served: opt(
        "BOOLEAN",
        "True when an agent picked up at least one of its assignments, false when all were missed, NULL without assignments. Derived at import; a file's value is replaced.",
      ),
    },
  },
  messages: {
    doc: "One message of a conversation.",
    key: ["message_id"],
    columns: {
      message_id: req("VARCHAR", "Natural key, prefixed by source."),
      ...provenance,
      conversation_id: req("VARCHAR", "The conversation."),
      seq: req("INTEGER", "Position in the conversation, from 1."),
      sent_at: opt("TIMESTAMP", "UTC instant sent; NULL when the source has none (IBM final agent reply)."),
      sender: req("VARCHAR", "'contact', 'bot', 'agent' or 'system'."),
      agent_id: opt("VARCHAR", "Agent who sent it, for agent messages."),
      length_chars: opt("INTEGER", "Length of the text in characters."),
      text: opt("VARCHAR", "Message text (personal data: never in a public link)."),
      intent: opt("VARCHAR", "Intent detected on this message."),
      language: opt("VARCHAR", "Language of this message."),
      campaign_id: opt(
        "VARCHAR",
        "The conversation's campaign (filled from conversations at import when the source omits it).",
      ),
      contact_id: opt(
        "VARCHAR",
        "For contact messages, the conversation's contact (filled at import when the source omits it).",
      ),
      conversation_assigned: opt(
        "BOOLEAN",
        "True when the message's conversation has at least one assignment (conversations.assigned), else NULL. Derived at import; a file's value is replaced.",
      ),
      kind: opt(
        "VARCHAR",
        "What the message is (issue 16): 'message' (written to or by the customer: the only kind that counts as a reply), 'private' (an agent's internal note the customer never sees), 'template' (a canned/macro text sent without being written), 'automated' (a campaign or auto message no person or bot turn wrote, e.g. an away message), 'activity' (a system line such as 'assigned to Ann'). NULL when the source does not say: read as 'activity' for sender 'system', else 'message'.",
      ),
    },
  },
  assignments: {
    doc: "One hand-over of a conversation to an agent; a transfer is a new assignment (seed 002).",
    key: ["assignment_id"],
    columns: {
      assignment_id: req("VARCHAR", "Natural key, prefixed by source."),
      ...provenance,
      conversation_id: req("VARCHAR", "The conversation."),
      seq: req("INTEGER", "Position among the conversation's assignments, from 1; seq > 1 is a transfer."),
      agent_id: opt("VARCHAR", "Agent assigned; NULL when nobody picked it up."),
      role: opt("VARCHAR", "Role of the receiving team: 'support', 'admin', 'tech', 'sales'."),
      assigned_at: req("TIMESTAMP", "UTC instant the conversation was offered to the agent/queue."),
      accepted_at: opt("TIMESTAMP", "UTC instant an agent accepted it."),
      first_response_at: opt("TIMESTAMP", "UTC instant of the agent's first message in this assignment."),
      closed_at: opt("TIMESTAMP", "UTC instant the assignment ended (closed or transferred)."),
      missed: req("BOOLEAN", "True when no agent picked it up."),
      campaign_id: opt(
        "VARCHAR",
        "The conversation's campaign (filled from conversations at import when the source omits it).",
      ),
      team_id: opt(
        "VARCHAR",
        "Team the conversation was offered to (`teams.team_id`); NULL when the source has no teams. A transfer between teams is a new assignment with the other team.",
      ),
    },
  },
  conversation_events: {
    doc: "One status change of a conversation (issue 16): its life as opened, handed from bot to human, pending, snoozed, resolved and reopened, in time order. A conversation resolved, reopened and resolved again has two 'resolved' rows.",
    key: ["conversation_id", "seq"],
    columns: {
      conversation_id: req("VARCHAR", "The conversation."),
      seq: req(
        "INTEGER",
        "Position among the conversation's events, from 1, in time order (ties keep the source's order).",
      ),
      ...provenance,
      event: req(
        "VARCHAR",
        "'opened' (created, or back with a person after pending), 'pending' (with the bot: no person is needed yet), 'handoff' (the bot hands over to a person: at most one per conversation), 'snoozed' (put aside until a time or a customer reply), 'resolved' (marked done), 'reopened' (a resolved conversation active again: the customer wrote, or an agent reopened it).",
      ),
      occurred_at: req("TIMESTAMP", "UTC instant of the change."),
      actor_kind: req("VARCHAR", "Who made the change: 'agent', 'bot', 'customer' or 'system' (a rule or time-out)."),
      actor_id: opt(
        "VARCHAR",
        "The agent (`agents.agent_id`) or bot name when actor_kind is 'agent' or 'bot'; NULL otherwise or when unknown.",
      ),
      team_id: opt("VARCHAR", "Team holding the conversation at the change (`teams.team_id`), when known."),
      campaign_id: opt("VARCHAR", "The conversation's campaign (written by the source; reports filter on it)."),
    },
  },
  conversation_labels: {
    doc: "One label (tag) on a conversation (issue 16); a conversation has any number of labels, each once.",
    key: ["conversation_id", "label"],
    columns: {
      conversation_id: req("VARCHAR", "The conversation."),
      label: req("VARCHAR", "The label as the source spells it, e.g. 'billing'."),
      ...provenance,
      added_at: opt("TIMESTAMP", "UTC instant the label was added, when the source says."),
      added_by_kind: opt("VARCHAR", "Who added it: 'agent', 'bot' or 'system' (a rule); NULL when unknown."),
      added_by: opt("VARCHAR", "The agent (`agents.agent_id`) or bot that added it, when known."),
    },
  },
  teams: {
    doc: "A team of agents (issue 16), e.g. first-line support or the technical second line.",
    key: ["team_id"],
    columns: {
      team_id: req("VARCHAR", "Natural key, prefixed by source."),
      ...provenance,
      name: req("VARCHAR", "Display name."),
      campaign_id: opt("VARCHAR", "Campaign the team serves, when it serves one."),
    },
  },
  team_members: {
    doc: "An agent's membership of a team over a span of time (issue 16): agents move between teams, so a membership has a start and an end; an agent may be in two teams at once.",
    key: ["team_id", "agent_id", "member_from"],
    columns: {
      team_id: req("VARCHAR", "The team."),
      agent_id: req("VARCHAR", "The agent."),
      member_from: req("TIMESTAMP", "UTC instant the membership began (1970-01-01 when the source gives no start)."),
      ...provenance,
      member_to: opt("TIMESTAMP", "UTC instant it ended (exclusive); NULL while it lasts."),
    },
  },
  business_hours: {
    doc: "One interval of a campaign's weekly open hours (issue 16): local wall-clock times in the campaign's IANA zone; a day may have several intervals; a weekday without rows is closed. A campaign without rows has no schedule (business time is not defined for it).",
    key: ["campaign_id", "weekday", "opens"],
    columns: {
      campaign_id: req("VARCHAR", "The campaign the schedule belongs to."),
      weekday: req("INTEGER", "ISO weekday: 1 Monday ... 7 Sunday."),
      opens: req("VARCHAR", "Local time it opens, 'HH:MM' (00:00-23:59)."),
      ...provenance,
      closes: req("VARCHAR", "Local time it closes, 'HH:MM', after opens; '24:00' for midnight at the end of the day."),
      timezone: req(
        "VARCHAR",
        "IANA zone of the times, e.g. 'Europe/Amsterdam' (the same on every row of a campaign).",
      ),
    },
  },
  business_holidays: {
    doc: "A local date on which a campaign's weekly hours do not apply (issue 16): closed all day, or (partial) open only from opens to closes.",
    key: ["campaign_id", "date"],
    columns: {
      campaign_id: req("VARCHAR", "The campaign."),
      date: req("VARCHAR", "Local date in the campaign's zone, 'YYYY-MM-DD'."),
      ...provenance,
      name: opt("VARCHAR", "Name of the holiday, e.g. 'Christmas Day'."),
      opens: opt("VARCHAR", "For a partial holiday, local time it opens that day, 'HH:MM'; NULL: closed all day."),
      closes: opt("VARCHAR", "For a partial holiday, local time it closes, 'HH:MM' or '24:00'; NULL with opens."),
    },
  },
  surveys: {
    doc: "One satisfaction survey sent to a customer (issue 16), answered or not: the denominator of the CSAT response rate (ratings of surveyed conversations / surveys sent).",
    key: ["survey_id"],
    columns: {
      survey_id: req(
        "VARCHAR",
        "Natural key, prefixed by source; a rating that answers the survey has rating_id = survey_id, so a customer who changes the answer replaces the earlier rating (the latest wins).",
      ),
      ...provenance,
      conversation_id: req("VARCHAR", "The conversation surveyed."),
      sent_at: req("TIMESTAMP", "UTC instant the survey was sent."),
      channel: opt("VARCHAR", "How it was sent: 'chat' (in the conversation), 'email', ..."),
      campaign_id: opt("VARCHAR", "The conversation's campaign (written by the source; reports filter on it)."),
    },
  },
  ratings: {
    doc: "One satisfaction answer.",
    key: ["rating_id"],
    columns: {
      rating_id: req("VARCHAR", "Natural key, prefixed by source."),
      ...provenance,
      conversation_id: opt("VARCHAR", "Rated conversation (one of conversation_id / call_id)."),
      call_id: opt("VARCHAR", "Rated call."),
      agent_id: opt("VARCHAR", "Agent rated, when known."),
      rated_at: opt("TIMESTAMP", "UTC instant of the answer."),
      scale: req("VARCHAR", "'thumbs' (0 down, 1 up), 'face' (1 bad, 2 moderate, 3 good) or '1-5'."),
      value: req("DOUBLE", "The answer on its scale."),
      comment: opt("VARCHAR", "Free-text comment (personal data)."),
    },
  },
  agent_states: {
    doc: "An agent online/offline interval (seed 003 Agent activity and Slots).",
    key: ["state_id"],
    columns: {
      state_id: req("VARCHAR", "Natural key, prefixed by source (activity_id, or derived for slots)."),
      ...provenance,
      origin: req("VARCHAR", "'activity' (Agent activity export) or 'slots' (Slots export): never add the two."),
      agent_id: req("VARCHAR", "The agent."),
      campaign_id: opt("VARCHAR", "Chat campaign."),
      account_id: opt("VARCHAR", "Account."),
      state: req("VARCHAR", "'online' or 'offline'."),
      time_start: req("TIMESTAMP", "UTC instant the state began."),
      time_end: opt("TIMESTAMP", "UTC instant it ended."),
      duration_secs: opt("DOUBLE", "Seconds in the state as exported."),
      entrypoint_type: opt("VARCHAR", "Entry point type (Slots export)."),
    },
  },
  agent_shifts: {
    doc: "One work shift of an agent in a campaign, as exported (seed 003 Agent performance).",
    key: ["workshift_id", "campaign_id", "agent_id"],
    columns: {
      workshift_id: req("VARCHAR", "Work shift (login session) id."),
      campaign_id: req("VARCHAR", "Chat campaign."),
      agent_id: req("VARCHAR", "Agent."),
      ...provenance,
      account_id: opt("VARCHAR", "Account."),
      campaign_name: opt("VARCHAR", "Chat campaign name as exported."),
      workshift_start: req("TIMESTAMP", "UTC instant the shift started."),
      workshift_end: opt("TIMESTAMP", "UTC instant it ended."),
      num_chats: opt("INTEGER", "Chats received, transfers and auto-forwards included, each receipt counted."),
      num_breaks: opt("INTEGER", "Times the agent went offline during the shift."),
      num_ignored: opt("INTEGER", "Chats without a message from the visitor."),
      num_abandoned: opt("INTEGER", "Chats without a message from the agent."),
      avg_concurrency: opt("DOUBLE", "Mean concurrent chats."),
      first_response_duration: opt("DOUBLE", "Seconds during which the agent had not yet replied on any current chat."),
      open_duration: opt("DOUBLE", "Seconds during which any chat was open."),
      closed_duration: opt("DOUBLE", "Seconds during which chats were closed or offline."),
      online_duration: opt("DOUBLE", "Seconds online."),
      offline_duration: opt("DOUBLE", "Seconds offline."),
      available_duration: opt("DOUBLE", "Seconds available with room for a chat."),
      idle_duration: opt("DOUBLE", "Seconds idle without chats."),
      session_duration: opt("DOUBLE", "Seconds of the whole session."),
      survey_num_good: opt("INTEGER", "Good survey answers."),
      survey_num_bad: opt("INTEGER", "Bad survey answers."),
      survey_num_moderate: opt("INTEGER", "Moderate survey answers."),
    },
  },
  invites_hourly: {
    doc: "Automatic-invite counts per campaign, filter and hour (seed 003 Automatic invites).",
    key: ["campaign_id", "filter_id", "hour_begin_time"],
    columns: {
      campaign_id: req("VARCHAR", "Chat campaign."),
      filter_id: req("VARCHAR", "Auto-invite filter."),
      hour_begin_time: req("TIMESTAMP", "UTC instant the hour began."),
      ...provenance,
      account_id: opt("VARCHAR", "Account."),
      filter_name: opt("VARCHAR", "Name of the auto-invite."),
      num_proactive: req("INTEGER", "Invites the visitor saw in the hour."),
      num_proactive_accepted: req("INTEGER", "Invites accepted in the hour."),
      num_proactive_declined: req("INTEGER", "Invites declined in the hour."),
      num_proactive_match: req("INTEGER", "Times the invite's conditions matched in the hour."),
      num_proactive_cancelled: req("INTEGER", "Invites cancelled for lack of agents in the hour."),
      num_proactive_no_availability: req(
        "INTEGER",
        "Accepted invites that could not be routed to an agent in the hour.",
      ),
      num_proactive_expired: req("INTEGER", "Invites that expired in the hour."),
      num_proactive_ignored: req("INTEGER", "Invites the visitor ignored in the hour."),
    },
  },
  traffic_hourly: {
    doc: "Visitor traffic per campaign, entry point and hour (seed 003 Traffic).",
    key: ["campaign_id", "entrypoint_id", "hour_begin_time"],
    columns: {
      campaign_id: req("VARCHAR", "Chat campaign."),
      entrypoint_id: req("VARCHAR", "Chat button or auto-invite."),
      hour_begin_time: req("TIMESTAMP", "UTC instant the hour began."),
      ...provenance,
      entrypoint: opt("VARCHAR", "Name of the entry point."),
      visits: req("INTEGER", "Page views in the hour."),
      views: req("INTEGER", "Times the entry point was viewed."),
      clicks: req("INTEGER", "Times it was clicked."),
      chats: req("INTEGER", "Times it led to a chat."),
    },
  },
  call_quality: {
    doc: "Derived, never loaded from files: one row per call with quality-check results, summing them, so the seeds/000 reports read one row per call instead of every result. Recomputed inside each import for the calls it touches (its results, or the call itself).",
    key: ["call_id"],
    columns: {
      call_id: req("VARCHAR", "The call."),
      call_started_at: opt("TIMESTAMP", "UTC instant the call arrived (from calls; NULL until the call is imported)."),
      agent_id: opt("VARCHAR", "The call's agent, as its results carry it."),
      campaign_id: opt("VARCHAR", "The call's campaign, as its results carry it."),
      results: req("INTEGER", "Check results of the call."),
      passed: req("INTEGER", "Results that passed."),
      scored: req("INTEGER", "Results with a score."),
      score_sum: opt("DOUBLE", "Sum of those scores (each 0-100); NULL when none is scored."),
    },
  },
  message_minutes: {
    doc: "Derived, never loaded from files: messages counted per UTC minute sent, the summary the message-count and peak-minute reports of seeds/001 and 002 read for queries without filters. Kept up to date inside each import that changes messages or assignments (only the minutes it touches). Messages without a timestamp are left out.",
    key: ["minute_start"],
    columns: {
      minute_start: req("TIMESTAMP", "UTC start of the minute the messages were sent in."),
      messages: req("INTEGER", "Messages of every sender."),
      contact_messages: req("INTEGER", "Messages sent by contacts."),
      bot_messages: req("INTEGER", "Messages sent by the bot."),
      agent_messages: req("INTEGER", "Messages sent by human agents."),
      cc_messages: req(
        "INTEGER",
        "Contact and agent messages in conversations with an assignment (messages.conversation_assigned).",
      ),
    },
  },
  conversation_quarters: {
    doc: "Derived, never loaded from files: one row per conversation and UTC quarter-hour in which it has messages, with the conversation's previous such quarter-hour, the summary the messages-per-conversation reports of seeds/001 and 002 read for queries without filters (a distinct count of conversations becomes a count of rows whose previous quarter-hour lies outside the bucket). Kept up to date inside each import that changes messages: only the quarter-hours it touches, and every row of the conversations active in them (derive.ts). Messages without a timestamp are left out.",
    key: ["conversation_id", "quarter_start"],
    columns: {
      conversation_id: req(
        "VARCHAR",
        "The conversation (no report reads it: the upkeep finds the rows of a conversation by it).",
      ),
      quarter_start: req("TIMESTAMP", "UTC start of the quarter-hour the messages were sent in."),
      previous_quarter: opt(
        "TIMESTAMP",
        "UTC start of the conversation's previous quarter-hour with messages; NULL for its first.",
      ),
      messages: req("INTEGER", "Messages of every sender in the conversation in the quarter-hour."),
    },
  },
  contact_message_quarters: {
    doc: "Derived, never loaded from files: one row per contact and UTC quarter-hour in which the contact sent a message, with the contact's previous such quarter-hour, the summary of the active-contacts report (seeds/001, 002) for queries without filters. Kept up to date inside each import that changes messages or conversations (a contact message takes its conversation's contact when it has none): only the quarter-hours it touches, and every row of the contacts active in them. Messages without a timestamp or contact are left out.",
    key: ["contact_id", "quarter_start"],
    columns: {
      contact_id: req("VARCHAR", "The contact (no report reads it: the upkeep finds the rows of a contact by it)."),
      quarter_start: req("TIMESTAMP", "UTC start of the quarter-hour the contact's messages were sent in."),
      previous_quarter: opt(
        "TIMESTAMP",
        "UTC start of the contact's previous quarter-hour with a message; NULL for its first.",
      ),
    },
  },
  contact_conversation_quarters: {
    doc: "Derived, never loaded from files: one row per contact and UTC quarter-hour in which conversations of the contact started, with the contact's previous such quarter-hour (and previous one with a served conversation), the summary of the unique-contacts, new-users and unique-users-served reports (seeds/001, 002) for queries without filters. Kept up to date inside each import that changes conversations or assignments: only the quarter-hours it touches, and every row of the contacts active in them. Conversations without a contact are left out.",
    key: ["contact_id", "quarter_start"],
    columns: {
      contact_id: req("VARCHAR", "The contact (no report reads it: the upkeep finds the rows of a contact by it)."),
      quarter_start: req("TIMESTAMP", "UTC start of the quarter-hour the conversations started in."),
      previous_quarter: opt(
        "TIMESTAMP",
        "UTC start of the contact's previous quarter-hour with a conversation start; NULL for its first (the contact's first conversation).",
      ),
      conversations: req("INTEGER", "Conversations of the contact that started in the quarter-hour."),
      served_conversations: req(
        "INTEGER",
        "Those an agent picked up at least once (conversations.served, derived from assignments).",
      ),
      previous_served_quarter: opt(
        "TIMESTAMP",
        "UTC start of the contact's previous quarter-hour with a served conversation start; NULL when none.",
      ),
    },
  },
  check_quality: {
    doc: "Derived, never loaded from files: quality-check results summed per check, UTC quarter-hour of the call's start and score band, the summary the per-check and score-distribution reports of seeds/000 read for queries without filters. Kept up to date inside each import that writes calls or results (only the quarter-hours it touches).",
    key: ["check_id", "quarter_start", "score_floor"],
    columns: {
      check_id: req("VARCHAR", "The check."),
      quarter_start: req("TIMESTAMP", "UTC start of the quarter-hour the calls started in."),
      score_floor: opt(
        "INTEGER",
        "Lowest score of the results' band (seeds/000: 0, 50, 70 or 90); NULL for results without a score.",
      ),
      results: req("INTEGER", "Check results."),
      passed: req("INTEGER", "Results that passed."),
      scored: req("INTEGER", "Results with a score."),
      score_sum: opt("DOUBLE", "Sum of those scores (each 0-100); NULL when none is scored."),
    },
  },
  business_open_intervals: {
    doc: "Derived, never loaded from files: every interval in which a campaign is open by its business hours and holidays, as UTC instants, for the days from two days before the first conversation, event or message to two days after the last (UTC dates, so every zone's local days are covered; derive.ts: rebuilt whole inside each import that changes schedules or holidays or deletes calendar rows, and inside one that adds conversations, events or messages only when they widen the range of dates; skipped while there are no schedules). Touching intervals are merged, so a night shift across midnight is one interval. Business seconds of [a, b) = the sum of the overlaps of [a, b) with the campaign's intervals; equals businessSeconds() in business-hours.ts.",
    key: ["campaign_id", "open_start"],
    columns: {
      campaign_id: req("VARCHAR", "The campaign."),
      open_start: req("TIMESTAMP", "UTC instant the campaign opens."),
      open_end: req("TIMESTAMP", "UTC instant it closes (exclusive), after open_start."),
    },
  },
  resolution_events: {
    doc: "Derived, never loaded from files (issue 16): one row per 'resolved' event of conversation_events, with its agent, team, campaign and time to resolve (elapsed and business seconds), the fact of the resolution reports (derive-resolutions.ts). Rebuilt whole inside each import that changes events, assignments, conversations, labels or schedules.",
    key: ["conversation_id", "seq"],
    columns: {
      conversation_id: req("VARCHAR", "The conversation."),
      seq: req("INTEGER", "The resolve event's seq in conversation_events."),
      resolved_at: req("TIMESTAMP", "UTC instant of the resolve."),
      campaign_id: opt("VARCHAR", "The campaign: the resolve event's own, else the conversation's."),
      agent_id: opt(
        "VARCHAR",
        "The assignee at the resolve: the agent of the conversation's latest assignment picked up at or before it (Chatwoot's and Zendesk's rule); without one, the agent who resolved it (actor_kind 'agent'); else NULL.",
      ),
      team_id: opt(
        "VARCHAR",
        "The team holding the conversation at the resolve: the event's own team_id, else the team of the latest assignment offered at or before it (a transfer to another team moves it there); else NULL.",
      ),
      resolved_by: req("VARCHAR", "Who resolved it: the event's actor_kind ('agent', 'bot', 'customer', 'system')."),
      is_reopen_resolution: req(
        "BOOLEAN",
        "True when a 'reopened' event of the conversation comes before this resolve.",
      ),
      clock_from: opt(
        "TIMESTAMP",
        "UTC instant the resolution clock starts: the latest 'reopened' event before the resolve; for a first resolve, the conversation's started_at (its first event when the conversation row is missing).",
      ),
      seconds: opt(
        "DOUBLE",
        "Seconds from clock_from to resolved_at; NULL when clock_from is unknown or after the resolve.",
      ),
      business_seconds: opt(
        "DOUBLE",
        "Business seconds of [clock_from, resolved_at): the overlap with the campaign's business_open_intervals; NULL when the campaign has no schedule (business_hours) or seconds is NULL.",
      ),
    },
  },
  resolution_labels: {
    doc: "Derived, never loaded from files (issue 16): resolution_events times the labels of the conversation (conversation_labels), one row per resolve and label, the fact of the resolution reports by label (a conversation with two labels counts under each). Conversations without a label have no row. Rebuilt with resolution_events.",
    key: ["conversation_id", "seq", "label"],
    columns: {
      conversation_id: req("VARCHAR", "The conversation."),
      seq: req("INTEGER", "The resolve event's seq in conversation_events."),
      label: req("VARCHAR", "One label of the conversation."),
      resolved_at: req("TIMESTAMP", "UTC instant of the resolve."),
      campaign_id: opt("VARCHAR", "The campaign: the resolve event's own, else the conversation's."),
      agent_id: opt(
        "VARCHAR",
        "The assignee at the resolve: the agent of the conversation's latest assignment picked up at or before it (Chatwoot's and Zendesk's rule); without one, the agent who resolved it (actor_kind 'agent'); else NULL.",
      ),
      team_id: opt(
        "VARCHAR",
        "The team holding the conversation at the resolve: the event's own team_id, else the team of the latest assignment offered at or before it (a transfer to another team moves it there); else NULL.",
      ),
      resolved_by: req("VARCHAR", "Who resolved it: the event's actor_kind ('agent', 'bot', 'customer', 'system')."),
      is_reopen_resolution: req(
        "BOOLEAN",
        "True when a 'reopened' event of the conversation comes before this resolve.",
      ),
      clock_from: opt(
        "TIMESTAMP",
        "UTC instant the resolution clock starts: the latest 'reopened' event before the resolve; for a first resolve, the conversation's started_at (its first event when the conversation row is missing).",
      ),
      seconds: opt(
        "DOUBLE",
        "Seconds from clock_from to resolved_at; NULL when clock_from is unknown or after the resolve.",
      ),
      business_seconds: opt(
        "DOUBLE",
        "Business seconds of [clock_from, resolved_at): the overlap with the campaign's business_open_intervals; NULL when the campaign has no schedule (business_hours) or seconds is NULL.",
      ),
    },
  },
  replies: {
    doc: "Derived, never loaded from files (issue 16, migration 26): one row per agent message that answered a waiting customer, with the wait it ended; the rule (derive-replies.ts): the clock starts at the first customer message after the last agent reply (never before the latest bot handoff), stops at the next agent message, and a resolve stops it without a reply; only messages of kind 'message' count (bot messages, notes, templates, automated and activity lines neither start nor stop it). Recomputed inside each import for the conversations whose messages, events, assignments or row changed; business seconds again after every change of the business calendar.",
    key: ["message_id"],
    columns: {
      message_id: req("VARCHAR", "The agent message that replied (`messages.message_id`)."),
      conversation_id: req("VARCHAR", "The conversation."),
      campaign_id: opt("VARCHAR", "The conversation's campaign (the message's, filled at import)."),
      agent_id: opt("VARCHAR", "The agent who replied."),
      team_id: opt(
        "VARCHAR",
        "Team of the conversation's latest assignment offered at or before the reply; NULL without one or without teams.",
      ),
      replied_at: req("TIMESTAMP", "UTC instant of the reply: places the row in a period."),
      waited_from: req(
        "TIMESTAMP",
        "UTC instant the customer's wait began: the first customer message since the last agent reply or resolve, or the bot's handoff when later.",
      ),
      seconds: req("DOUBLE", "Seconds from waited_from to replied_at."),
      business_seconds: opt(
        "DOUBLE",
        "Seconds of [waited_from, replied_at) inside the campaign's business_open_intervals; NULL when the campaign has no business hours.",
      ),
      is_first: req(
        "BOOLEAN",
        "True for the conversation's first response (its first row; at most one per conversation); false for every later reply, including the first one after a reopen.",
      ),
      after_handoff: req("BOOLEAN", "True when a bot handoff ('handoff' event) came before the reply."),
      after_reopen: req("BOOLEAN", "True when a 'reopened' event came before the reply."),
    },
  },
  conversation_live: {
    doc: "Derived, never loaded from files (issue 16, the live view; derive-live.ts): one row per conversation whose latest status event is not 'resolved', with its state, campaign, team, the start of its current open stretch and whether it is unattended and unassigned (definitions in derive-live.ts and docs/reports.md \"Live view\"). Kept up to date inside each import that changes events, messages, assignments or conversations: only the conversations it touches and those already in the table. Conversations without status events are left out.",
    key: ["conversation_id"],
    columns: {
      conversation_id: req("VARCHAR", "The conversation."),
      campaign_id: opt("VARCHAR", "Its campaign (conversations.campaign_id, else its latest event's)."),
      team_id: opt(
        "VARCHAR",
        "Its team: the latest assignment's, else the latest event's that names one; NULL: none known.",
      ),
      state: req(
        "VARCHAR",
        "'open' (latest event 'opened', 'handoff' or 'reopened'), 'pending' (with the bot) or 'snoozed'.",
      ),
      since: opt(
        "TIMESTAMP",
        "UTC start of the current open stretch (the first of the trailing 'opened', 'handoff' and 'reopened' events); NULL unless open.",
      ),
      unattended: req("BOOLEAN", "Open, and no agent message of kind 'message' at or after `since`."),
      unassigned: req(
        "BOOLEAN",
        "Open, and its latest assignment is missing, missed, without an agent, or ended after its last resolve.",
      ),
    },
  },
  conversation_bot: {
    doc: "Derived, never loaded from files (issue 16; derive-bot.ts, migration 27): one row per conversation that began with the bot (its first event is 'pending', or it has a 'handoff'), with the instants the bot reports count at. Kept up to date inside each import for the conversations whose events, agent messages or row it touched.",
    key: ["conversation_id"],
    columns: {
      conversation_id: req("VARCHAR", "The conversation."),
      campaign_id: opt("VARCHAR", "Its campaign (its events', else the conversation's)."),
      began_at: req("TIMESTAMP", "UTC instant of its first event (lowest seq): when it began with the bot."),
      handoff_at: opt("TIMESTAMP", "UTC instant of its first 'handoff' to a person; NULL when never handed off."),
      resolved_at: opt("TIMESTAMP", "UTC instant of its first 'resolved'; NULL when never resolved."),
      bot_resolved_at: opt(
        "TIMESTAMP",
        "resolved_at when the bot resolved it: it began 'pending', was never handed off, and has no message from an agent of kind 'message' (NULL kind read as 'message') at any time; else NULL.",
      ),
    },
  },
} as const satisfies Record<string, TableSpec>;

/** Name of a canonical table. */
export type CanonicalTableName = keyof typeof canonicalTables;

/** Tables derived from others inside each import (packages/warehouse/src/derive.ts): never written by adapters or files. */
export const DERIVED_TABLES = [
  "call_quality",
  "check_quality",
  "message_minutes",
  "conversation_quarters",
  "contact_message_quarters",
  "contact_conversation_quarters",
  "business_open_intervals",
  "resolution_events",
  "resolution_labels",
  "replies",
  "conversation_live",
  "conversation_bot",
] as const satisfies readonly CanonicalTableName[];

/** Tables that adapters and canonical files write: every table but `imports` and the derived ones. */
export type WrittenTableName = Exclude<CanonicalTableName, "imports" | (typeof DERIVED_TABLES)[number]>;

/** True when adapters and files write `table` (see {@link WrittenTableName}). */
export function isWrittenTable(table: CanonicalTableName): table is WrittenTableName {
  return table !== "imports" && !(DERIVED_TABLES as readonly string[]).includes(table);
}

/**
 * The main time column of each fact table: the instant that places a row in a report period
 * and (exports.ts) the month file it is exported to. Tables without one (campaigns, agents, contacts,
 * hosts, quality checks) give no data span and are exported whole.
 */
export const FACT_TIME_COLUMNS = {
  calls: "started_at",
  call_check_results: "call_started_at",
  conversations: "started_at",
  messages: "sent_at",
  assignments: "assigned_at",
  ratings: "rated_at",
  agent_states: "time_start",
  agent_shifts: "workshift_start",
  invites_hourly: "hour_begin_time",
  traffic_hourly: "hour_begin_time",
  conversation_events: "occurred_at",
  surveys: "sent_at",
} as const satisfies Partial<Record<WrittenTableName, string>>;

/** Column names of canonical table `T`. */
export type ColumnName<T extends CanonicalTableName> = keyof (typeof canonicalTables)[T]["columns"] & string;

/** True when `name` is a canonical table. */
export function isCanonicalTable(name: string): name is CanonicalTableName {
  return Object.hasOwn(canonicalTables, name);
}

/** The spec of `column` in `table`, or undefined when the table has no such column. */
export function columnSpec(table: string, column: string): ColumnSpec | undefined {
  if (!isCanonicalTable(table)) return undefined;
  const cols = canonicalTables[table].columns as Record<string, ColumnSpec>;
  return Object.hasOwn(cols, column) ? cols[column] : undefined;
}
