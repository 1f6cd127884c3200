/**
 * Conversation24 "Slots" export (seed 003): agent online/offline intervals with the entry-point type.
 * Mapping: `agent_states` with origin 'slots'. The export has no id of its own, so `state_id` is
 * derived from what identifies an interval: 'c24:slots:{chatcampaign_id}:{agent_id}:{entrypoint_type}:
 * {time_start as UTC ISO-8601}' (the same row imported again, under any spelling of its start
 * time, gets the same id). `duration` -> duration_secs; `account_id` NULL (the export has none).
 */
import { c24Adapter } from "./common";
import { text } from "./parse";
import { readState, STATE_COLUMNS } from "./states";

export const slots = c24Adapter({
  id: "c24-slots",
  description: "Conversation24 Slots export (CSV; chatcampaign_id, agent_id, ..., entrypoint_type, duration)",
  columns: [...STATE_COLUMNS, "entrypoint_type", "duration"],
  required: ["chatcampaign_id", "agent_id", "time_start", "state"],
  map(r) {
    const { state, campaign } = readState(r, "duration");
    const entrypointType = r.opt("entrypoint_type", text);
    const start = Number.isNaN(state.time_start.getTime()) ? "" : state.time_start.toISOString();
    return {
      agent_states: [
        {
          ...state,
          state_id: ["c24:slots", r.raw("chatcampaign_id"), r.raw("agent_id"), entrypointType ?? "", start].join(":"),
          origin: "slots",
          account_id: null,
          entrypoint_type: entrypointType,
        },
      ],
      campaigns: [campaign],
    };
  },
});
