import type { ReportDefinition } from "../definition";
import { callReports } from "./calls";
import { chatReports } from "./chat";
import { conversation24Reports } from "./conversation24";
import { operationsReports } from "./operations";
import { qualityReports } from "./quality";
import { staffingReports } from "./staffing";

/** Every built-in report definition, in catalogue order. */
export const builtinDefinitions: readonly ReportDefinition[] = [
  ...callReports,
  ...operationsReports,
  ...qualityReports,
  ...chatReports,
  ...staffingReports,
  ...conversation24Reports,
];
