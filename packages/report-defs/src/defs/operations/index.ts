/** Operations (calls): volume and speed KPIs, service, satisfaction and breakdowns. */
export { callReports } from "./calls";
export { operationsReports } from "./service";
