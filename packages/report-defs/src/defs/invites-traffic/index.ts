/** Invites and traffic (seeds/003 Conversation24). */
export { inviteReports } from "./invites";
export { trafficReports } from "./traffic";
