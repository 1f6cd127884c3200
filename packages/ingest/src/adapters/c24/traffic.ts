/**
 * Conversation24 "Traffic" export (seed 003): visitor traffic per campaign, entry point and hour.
 * Mapping: `traffic_hourly` keyed by (campaign 'c24:{chatcampaign_id}', entry point
 * 'c24:{entrypoint_id}', hour_begin_time); entrypoint is the entry point's name; visits (page
 * views), views, clicks and chats are required whole numbers >= 0. Plus the campaign row.
 */
import { c24Adapter, campaignRow } from "./common";
import { count, id, instant, text } from "./parse";

export const traffic = c24Adapter({
  id: "c24-traffic",
  description: "Conversation24 Traffic export (CSV; chatcampaign_id, hour_begin_time, entrypoint_id, ..., chats)",
  columns: ["chatcampaign_id", "hour_begin_time", "entrypoint_id", "entrypoint", "visits", "views", "clicks", "chats"],
  required: ["chatcampaign_id", "entrypoint_id", "hour_begin_time", "visits", "views", "clicks", "chats"],
  map(r) {
    const campaignId = r.req("chatcampaign_id", id);
    return {
      traffic_hourly: [
        {
          campaign_id: campaignId,
          entrypoint_id: r.req("entrypoint_id", id),
          hour_begin_time: r.req("hour_begin_time", instant),
          ...r.provenance,
          entrypoint: r.opt("entrypoint", text),
          visits: r.req("visits", count),
          views: r.req("views", count),
          clicks: r.req("clicks", count),
          chats: r.req("chats", count),
        },
      ],
      campaigns: [campaignRow(r, campaignId)],
    };
  },
});
