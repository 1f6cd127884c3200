/**
 * Conversation24 "Agent performance" export (seed 003): one row per agent, work shift and campaign.
 * Mapping: `agent_shifts` keyed by (workshift 'c24:{workshift_id}', campaign 'c24:{chatcampaign_id}',
 * agent 'c24:{agent_id}'), every column under its own name (chatcampaign_name -> campaign_name).
 * workshift_start is required, workshift_end may be empty (a shift still open) and is never before
 * the start. Counts (num_*, survey_num_*) are whole numbers >= 0; avg_concurrency is a mean number of
 * chats >= 0; every *_duration is seconds >= 0 (seed: "total time in seconds"). An empty count or
 * duration is NULL. Plus the campaign row, named by chatcampaign_name: the only export that names campaigns.
 */
import { c24Adapter, campaignRow } from "./common";
import { count, id, instant, nonNegative, text } from "./parse";

const COUNTS = [
  "num_chats",
  "num_breaks",
  "num_ignored",
  "num_abandoned",
  "survey_num_good",
  "survey_num_bad",
  "survey_num_moderate",
] as const;
const DURATIONS = [
  "first_response_duration",
  "open_duration",
  "closed_duration",
  "online_duration",
  "offline_duration",
  "available_duration",
  "idle_duration",
  "session_duration",
] as const;

/** Durations no report reads. */
const UNREAD = new Set(["open_duration", "closed_duration", "session_duration"]);

export const agentPerformance = c24Adapter({
  id: "c24-agent-performance",
  description: "Conversation24 Agent performance export (CSV; chatcampaign_id, agent_id, workshift_id, ...)",
  columns: [
    "chatcampaign_id",
    "agent_id",
    "workshift_id",
    "account_id",
    "chatcampaign_name",
    "workshift_start",
    "workshift_end",
    "num_chats",
    "num_breaks",
    "num_ignored",
    "num_abandoned",
    "avg_concurrency",
    ...DURATIONS,
    "survey_num_good",
    "survey_num_bad",
    "survey_num_moderate",
  ],
  required: ["chatcampaign_id", "agent_id", "workshift_id", "workshift_start"],
  map(r) {
    const campaignId = r.req("chatcampaign_id", id);
    const name = r.opt("chatcampaign_name", text);
    const start = r.req("workshift_start", instant);
    const end = r.opt("workshift_end", instant);
    r.check("workshift_end", !(end !== null && end < start), "is before workshift_start");
    return {
      agent_shifts: [
        {
          workshift_id: r.req("workshift_id", id),
          campaign_id: campaignId,
          agent_id: r.req("agent_id", id),
          ...r.provenance,
          account_id: r.opt("account_id", id),
          campaign_name: name,
          workshift_start: start,
          workshift_end: end,
          avg_concurrency: r.opt("avg_concurrency", nonNegative),
          ...Object.fromEntries(COUNTS.map((c) => [c, r.opt(c, count)])),
          // open, closed and session durations: no report reads them (an unreadable one warns).
          ...Object.fromEntries(
            DURATIONS.map((c) => [c, UNREAD.has(c) ? r.soft(c, nonNegative) : r.opt(c, nonNegative)]),
          ),
        },
      ],
      campaigns: [campaignRow(r, campaignId, name)],
    };
  },
});
