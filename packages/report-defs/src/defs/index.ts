/**
 * The built-in catalogue: a folder per dashboard category (`defs/<category>/`), a file per family
 * of reports, an index per folder (docs/reports.md "How the catalogue is laid out"). Shared pieces:
 * common.ts (the definition stamp, `report`, `kpi`, the chat facts), measures.ts (the chat
 * catalogue's predicates and shared measures), summaries.ts (summary-table readings), builders.ts
 * (measure and report builders for repeated shapes).
 */
import type { ReportDefinition } from "../definition";
import { activityHeatmapReports, activityReports } from "./activity/index";
import { agentReports } from "./agent-performance/index";
import { chatbotReports } from "./chatbot/index";
import { contactCentreReports, durationReports } from "./contact-centre/index";
import { contactReports } from "./contacts/index";
import { engagementReports } from "./engagement/index";
import { inviteReports, trafficReports } from "./invites-traffic/index";
import { botReports, replyReports, resolutionReports } from "./lifecycle/index";
import { callReports, operationsReports } from "./operations/index";
import { performanceReports } from "./performance/index";
import { ratingsReports, surveyReports } from "./quality/index";
import { qualityReports } from "./quality-checks/index";
import { staffingReports } from "./staffing/index";
import { shiftReports } from "./work-shifts/index";

/**
 * Every built-in report definition, in catalogue order: the order `report list`, the API's list
 * and docs/reports.md show (pinned by test/catalogue.snapshot.test.ts). A new family goes at the
 * end of its category's run, or at the end.
 */
export const builtinDefinitions: readonly ReportDefinition[] = [
  ...callReports,
  ...operationsReports,
  ...qualityReports,
  ...engagementReports,
  ...performanceReports,
  ...ratingsReports,
  ...surveyReports,
  ...contactReports,
  ...activityReports,
  ...chatbotReports,
  ...contactCentreReports,
  ...agentReports,
  ...durationReports,
  ...activityHeatmapReports,
  ...staffingReports,
  ...shiftReports,
  ...inviteReports,
  ...trafficReports,
  ...resolutionReports,
  ...replyReports,
  ...botReports,
];
