/**
 * Conversation24 "Conversations" export (seed 003): one row per chat session.
 *
 * Mapping decisions:
 * - `conversations`: conversation_id 'c24:{session_id}', channel 'chat', started_at =
 *   conversation_start, ended_at = start + duration_total_secs (NULL when that is empty). Every
 *   measured column keeps its own canonical column (num_messages -> message_count, requestSource ->
 *   entrypoint, requestType -> entrypoint_type, firstResponseTime -> first_response_secs, ...; see
 *   docs/ingest.md). `handled_by` is 'agent' when assigned_agent_id is set (Conversation24 chats are
 *   agent chats; there is no bot), NULL otherwise. `handlingType` (self/external/hybrid: which
 *   accounts' agents took part) goes to handling_type, `blocked` (yes/no) to a boolean.
 * - `assignments`: the export knows only the first and the last agent, so at most two rows.
 *   Seq 1 ('c24:{session_id}:1') is assigned_agent_id: assigned_at = accepted_at = conversation_start
 *   (seed: a chat starts when it is established with an agent), first_response_at = start +
 *   firstResponseTime, closed_at = ended_at unless the chat was transferred (then unknown, NULL).
 *   When last_agent_id differs, seq 2 ('...:2') is a transfer to it whose moment the export does not
 *   give: assigned_at (required) is conversation_start, the earliest instant it can have happened,
 *   so the transfer falls in the conversation's own period and never before seq 1;
 *   accepted_at and first_response_at stay NULL; closed_at = ended_at (the last agent held the chat
 *   to its end). Transfers A->B->A look like no transfer and A->B->C like one: the export cannot tell.
 *   No assigned agent: one missed assignment (agent_id NULL, missed true, assigned_at = start); a
 *   last_agent_id without an assigned_agent_id contradicts the seed and rejects the record.
 * - `ratings`: one row 'c24:{session_id}' when survey_result is set (scales in `surveyAnswer`),
 *   comment = survey_comment, agent = the last agent (the one the visitor rated "after the
 *   conversation"), rated_at = ended_at (the export has no time of its own for the answer). A
 *   survey_comment without a survey_result rejects the record (`ratings.value` is required).
 * - `contacts`: 'c24:{visitor_id}' with display_name = visitor_identifier; first_seen_at and
 *   campaign_id stay NULL (the export does not say when a visitor was first seen; min(started_at) over
 *   conversations does).
 * - `campaigns`: the row of chatcampaign_id, named by its id (this export carries no campaign name).
 * - Not stored (no canonical column): assigned/last_agent_account_id and _account_name. The agent's
 *   account id is also the Agents export's account_id.
 */
import type { CanonicalRow } from "@tallyline/warehouse";
import { type C24Record, c24Adapter, campaignRow, plusSeconds } from "./common";
import { count, flag, handlingType, id, instant, nonNegative, signedNumber, surveyAnswer, text } from "./parse";

export const conversations = c24Adapter({
  id: "c24-conversations",
  description: "Conversation24 Conversations export (CSV; chatcampaign_id, conversation_start, session_id, ...)",
  columns: [
    "chatcampaign_id",
    "conversation_start",
    "session_id",
    "assigned_agent_id",
    "assigned_agent_account_id",
    "assigned_agent_account_name",
    "last_agent_id",
    "last_agent_account_id",
    "last_agent_account_name",
    "visitor_id",
    "account_id",
    "host_id",
    "num_messages",
    "duration_total_secs",
    "duration_conversation_secs",
    "duration_afterclose_secs",
    "avgMessageLength",
    "maxMessageLength",
    "requestType",
    "requestSource",
    "firstResponseTime",
    "firstReplyTime",
    "avgResponseTime",
    "maxResponseTime",
    "decisionTime",
    "transcriptUrl",
    "acceptUrl",
    "successcode",
    "survey_result",
    "survey_comment",
    "visitor_identifier",
    "blocked",
    "block_reason",
    "goals",
    "totalGoalValue",
    "handlingType",
  ],
  required: ["chatcampaign_id", "session_id", "conversation_start"],
  map(r) {
    const conversationId = r.req("session_id", id);
    const campaignId = r.req("chatcampaign_id", id);
    const start = r.req("conversation_start", instant);
    const firstAgent = r.opt("assigned_agent_id", id);
    const lastAgent = r.opt("last_agent_id", id);
    r.check("last_agent_id", firstAgent !== null || lastAgent === null, "is set but assigned_agent_id is empty");
    const total = r.opt("duration_total_secs", nonNegative);
    const firstResponse = r.opt("firstResponseTime", nonNegative);
    const end = plusSeconds(start, total);
    const visitor = r.opt("visitor_id", id);
    const visitorIdentifier = r.opt("visitor_identifier", text);
    const rating = ratingRows(r, conversationId, lastAgent ?? firstAgent, end);
    const conversation: CanonicalRow = {
      conversation_id: conversationId,
      ...r.provenance,
      campaign_id: campaignId,
      contact_id: visitor,
      account_id: r.opt("account_id", id),
      host_id: r.opt("host_id", id),
      started_at: start,
      ended_at: end,
      channel: "chat",
      handled_by: firstAgent === null ? null : "agent",
      handling_type: r.soft("handlingType", handlingType),
      entrypoint: r.opt("requestSource", text),
      entrypoint_type: r.opt("requestType", text),
      success_code: r.opt("successcode", text),
      first_agent_id: firstAgent,
      last_agent_id: lastAgent,
      message_count: r.soft("num_messages", count),
      duration_secs: total,
      conversation_secs: r.soft("duration_conversation_secs", nonNegative),
      afterclose_secs: r.soft("duration_afterclose_secs", nonNegative),
      first_response_secs: firstResponse,
      first_reply_secs: r.soft("firstReplyTime", nonNegative),
      avg_response_secs: r.soft("avgResponseTime", nonNegative),
      max_response_secs: r.soft("maxResponseTime", nonNegative),
      decision_secs: r.soft("decisionTime", nonNegative),
      avg_message_length: r.soft("avgMessageLength", nonNegative),
      max_message_length: r.soft("maxMessageLength", count),
      goals: r.opt("goals", text),
      total_goal_value: r.soft("totalGoalValue", signedNumber),
      blocked: r.soft("blocked", flag),
      block_reason: r.opt("block_reason", text),
      visitor_identifier: visitorIdentifier,
      transcript_url: r.opt("transcriptUrl", text),
      accept_url: r.opt("acceptUrl", text),
    };
    return {
      conversations: [conversation],
      assignments: assignmentRows(r, conversationId, start, end, firstAgent, lastAgent, firstResponse),
      ratings: rating,
      contacts:
        visitor === null
          ? []
          : [
              {
                contact_id: visitor,
                ...r.provenance,
                campaign_id: null,
                first_seen_at: null,
                display_name: visitorIdentifier,
              },
            ],
      campaigns: [campaignRow(r, campaignId)],
    };
  },
});

/** The assignments of one conversation (module docstring): seq 1, a seq 2 transfer, or one missed assignment. */
function assignmentRows(
  r: C24Record,
  conversationId: string,
  start: Date,
  end: Date | null,
  firstAgent: string | null,
  lastAgent: string | null,
  firstResponse: number | null,
): CanonicalRow[] {
  const transferred = firstAgent !== null && lastAgent !== null && lastAgent !== firstAgent;
  const row = (seq: number, fields: CanonicalRow): CanonicalRow => ({
    assignment_id: `${conversationId}:${seq}`,
    ...r.provenance,
    conversation_id: conversationId,
    seq,
    role: null,
    assigned_at: start,
    ...fields,
  });
  if (firstAgent === null) {
    return [row(1, { agent_id: null, accepted_at: null, first_response_at: null, closed_at: null, missed: true })];
  }
  const first = row(1, {
    agent_id: firstAgent,
    accepted_at: start,
    first_response_at: plusSeconds(start, firstResponse),
    closed_at: transferred ? null : end,
    missed: false,
  });
  if (!transferred) return [first];
  return [
    first,
    row(2, { agent_id: lastAgent, accepted_at: null, first_response_at: null, closed_at: end, missed: false }),
  ];
}

/** The rating row of survey_result and survey_comment, if any (module docstring). */
function ratingRows(r: C24Record, conversationId: string, agentId: string | null, end: Date | null): CanonicalRow[] {
  const answer = r.opt("survey_result", surveyAnswer);
  const comment = r.opt("survey_comment", text);
  r.check("survey_comment", answer !== null || comment === null, "is set but survey_result is empty");
  if (answer === null) return [];
  return [
    {
      rating_id: conversationId,
      ...r.provenance,
      conversation_id: conversationId,
      call_id: null,
      agent_id: agentId,
      rated_at: end,
      scale: answer.scale,
      value: answer.value,
      comment,
    },
  ];
}
