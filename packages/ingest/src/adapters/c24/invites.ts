/**
 * Conversation24 "Automatic invites" export (seed 003): auto-invite counts per campaign, filter and hour.
 * Mapping: `invites_hourly` keyed by (campaign 'c24:{chatcampaign_id}', filter 'c24:{filter_id}',
 * hour_begin_time); account_id 'c24:{account_id}', filter_name, and the eight num_proactive* counts
 * (required whole numbers >= 0). Plus the campaign row.
 * `date` (Unix seconds in the seed, any timestamp spelling accepted), `hour_of_day` (0-23) and
 * `hour_end_time` (after hour_begin_time) are checked but not stored: they restate hour_begin_time
 * (its local day, its local hour, and its end 59:59 later).
 */
import { c24Adapter, campaignRow } from "./common";
import { count, id, instant, text } from "./parse";

const COUNTS = [
  "num_proactive",
  "num_proactive_accepted",
  "num_proactive_declined",
  "num_proactive_match",
  "num_proactive_cancelled",
  "num_proactive_no_availability",
  "num_proactive_expired",
  "num_proactive_ignored",
] as const;

export const invites = c24Adapter({
  id: "c24-invites",
  description: "Conversation24 Automatic invites export (CSV; chatcampaign_id, date, hour_of_day, filter_id, ...)",
  columns: [
    "chatcampaign_id",
    "date",
    "hour_of_day",
    "filter_id",
    "account_id",
    "hour_begin_time",
    "hour_end_time",
    "filter_name",
    ...COUNTS,
  ],
  required: ["chatcampaign_id", "filter_id", "date", "hour_of_day", "hour_begin_time", "hour_end_time", ...COUNTS],
  map(r) {
    const campaignId = r.req("chatcampaign_id", id);
    const begin = r.req("hour_begin_time", instant);
    const end = r.req("hour_end_time", instant);
    r.check("hour_end_time", !(end <= begin), "is not after hour_begin_time");
    r.req("date", instant);
    const hour = r.req("hour_of_day", count);
    r.check("hour_of_day", !(hour > 23), "is not an hour of the day 0-23");
    return {
      invites_hourly: [
        {
          campaign_id: campaignId,
          filter_id: r.req("filter_id", id),
          hour_begin_time: begin,
          ...r.provenance,
          account_id: r.opt("account_id", id),
          filter_name: r.opt("filter_name", text),
          ...Object.fromEntries(COUNTS.map((c) => [c, r.req(c, count)])),
        },
      ],
      campaigns: [campaignRow(r, campaignId)],
    };
  },
});
