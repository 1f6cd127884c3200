/**
 * The columns Agent activity and Slots share (seed 003): both are agent online/offline intervals,
 * written to `agent_states` with their own `origin` so a report never adds the two.
 */
import type { CanonicalRow } from "@tallyline/warehouse";
import { type C24Record, campaignRow } from "./common";
import { id, instant, nonNegative, stateName } from "./parse";

/** Columns of both exports, as seed 003 names them. */
export const STATE_COLUMNS = ["chatcampaign_id", "agent_id", "time_start", "time_end", "state"] as const;

/**
 * Reads one interval: campaign and agent ids, `time_start` (required), `time_end` (empty while the
 * state lasts; never before time_start), `state` (Online/Offline), and the duration in seconds from
 * `durationColumn` (`duration_secs` in Agent activity, `duration` in Slots; empty is NULL).
 * Returns the `agent_states` row without `state_id` and `origin`, and the campaign row.
 */
export function readState(
  r: C24Record,
  durationColumn: string,
): { state: CanonicalRow & { campaign_id: string; time_start: Date }; campaign: CanonicalRow } {
  const campaignId = r.req("chatcampaign_id", id);
  const start = r.req("time_start", instant);
  const end = r.opt("time_end", instant);
  r.check("time_end", !(end !== null && end < start), "is before time_start");
  return {
    state: {
      ...r.provenance,
      agent_id: r.req("agent_id", id),
      campaign_id: campaignId,
      state: r.req("state", stateName),
      time_start: start,
      time_end: end,
      duration_secs: r.soft(durationColumn, nonNegative),
    },
    campaign: campaignRow(r, campaignId),
  };
}
