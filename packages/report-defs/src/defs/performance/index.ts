/** Performance (seeds/001). */
export { performanceReports } from "./messages";
