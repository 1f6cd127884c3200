/** Lifecycle (issue 16): bot resolutions and handoffs. */
export { botReports } from "./bot";
/** Lifecycle (issue 16): reply time and first response time from messages. */
export { replyReports } from "./replies";
/** Lifecycle (issue 16): resolutions, reopens and resolution time. */
export { resolutionReports } from "./resolutions";
