/** Agent performance (seeds/002). */
export { agentReports } from "./agents";
