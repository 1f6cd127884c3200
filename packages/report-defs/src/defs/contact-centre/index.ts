/** Contact centre (seeds/002 and industry times): assignments, handling times and their distributions. */
export { contactCentreReports } from "./assignments";
export { durationReports } from "./durations";
