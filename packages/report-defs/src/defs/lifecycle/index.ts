/** Lifecycle (issue 16): resolutions, reopens and resolution time. */
export { resolutionReports } from "./resolutions";
