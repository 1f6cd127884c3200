import type { ReportDefinition } from "../definition";
import { callReports } from "./calls";

/** Every built-in report definition, in catalogue order. */
export const builtinDefinitions: readonly ReportDefinition[] = [...callReports];
