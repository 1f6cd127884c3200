/** Staffing (seeds/002, seeds/003): agents online against the chats that came in. */
export { staffingReports } from "./agents-vs-chats";
