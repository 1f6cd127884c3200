/**
 * Activity beyond the seeds: when conversations start, by weekday and hour.
 */
import type { ReportDefinition } from "../../definition";
import { facts, report } from "../common";
import { m } from "../measures";

/** Activity: the weekday x hour heatmap. */
export const activityHeatmapReports: ReportDefinition[] = [
  report(facts.conversations, {
    id: "activity.conversations_heatmap",
    name: "Conversations by weekday and hour",
    description: "When conversations start.",
    category: "Activity",
    source: "beyond the seeds: weekday x hour heatmap",
    shape: "heatmap",
    measures: [m.conversations],
  }),
];
