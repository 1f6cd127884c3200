import type { ReportDefinition } from "../definition";
import { callReports } from "./calls";
import { chatReports } from "./chat";

/** Every built-in report definition, in catalogue order. */
export const builtinDefinitions: readonly ReportDefinition[] = [...callReports, ...chatReports];
