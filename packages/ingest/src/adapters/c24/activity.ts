/**
 * Conversation24 "Agent activity" export (seed 003): one row per agent online/offline interval.
 * Mapping: `agent_states` with origin 'activity', `state_id` 'c24:activity:{activity_id}' (the
 * export's random id of each online/offline change), `account_id` as 'c24:{account_id}',
 * `duration_secs` from duration_secs; plus the campaign row of chatcampaign_id.
 */
import { c24Adapter } from "./common";
import { id, text } from "./parse";
import { readState, STATE_COLUMNS } from "./states";

export const agentActivity = c24Adapter({
  id: "c24-agent-activity",
  description: "Conversation24 Agent activity export (CSV; chatcampaign_id, agent_id, ..., activity_id)",
  columns: [...STATE_COLUMNS, "duration_secs", "account_id", "activity_id"],
  required: ["chatcampaign_id", "agent_id", "time_start", "state", "activity_id"],
  map(r) {
    const { state, campaign } = readState(r, "duration_secs");
    return {
      agent_states: [
        {
          ...state,
          state_id: `c24:activity:${r.req("activity_id", text)}`,
          origin: "activity",
          account_id: r.opt("account_id", id),
          entrypoint_type: null,
        },
      ],
      campaigns: [campaign],
    };
  },
});
