/** Work shifts (seeds/003 Conversation24). */
export { shiftReports } from "./shifts";
