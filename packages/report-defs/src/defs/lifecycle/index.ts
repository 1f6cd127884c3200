/** Conversation lifecycle (issue 16): reply time and first response time from messages. */
export { replyReports } from "./replies";
