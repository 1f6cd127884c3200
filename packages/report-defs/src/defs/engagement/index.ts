/** Engagement (seeds/001). */
export { engagementReports } from "./volume";
