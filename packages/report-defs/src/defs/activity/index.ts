/** Activity (seeds/002 and beyond): volume over time and the weekday x hour heatmap. */
export { activityHeatmapReports } from "./heatmap";
export { activityReports } from "./volume";
