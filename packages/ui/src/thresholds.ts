/**
 * Thresholds stated where they apply (issue 13: service level "answered within 20 s"): the
 * parameters a report's figures depend on, in words, from the definition's parameter labels
 * (report-defs `Parameter`) and the values the result was computed with.
 */
import { formatDuration, formatNumber } from "./format";
import type { ReportDefinition } from "./types";

/**
 * One sentence per parameter of the report, in the definition's order: its label and the value the
 * result used (`result.parameters`, else the default), seconds as a duration. When the label's part
 * before the colon names the report itself ("Service level: answered within" on Service level), only
 * the part after it is kept: "Answered within 20 s"; otherwise the whole label: "Short abandon: hung
 * up within 5 s". Empty for reports without parameters.
 */
export function thresholdsOf(
  definition: Pick<ReportDefinition, "name" | "parameters">,
  used: Record<string, number> | undefined,
  locale?: string,
): string[] {
  return Object.entries(definition.parameters ?? {}).map(([name, parameter]) => {
    const value = used?.[name] ?? parameter.default;
    const written =
      parameter.unit === "seconds" ? formatDuration(value, locale) : `${formatNumber(value, locale)} ${parameter.unit}`;
    const colon = parameter.label.indexOf(":");
    const subject = parameter.label.slice(0, Math.max(colon, 0)).trim().toLowerCase();
    if (colon < 0 || !subject || !definition.name.toLowerCase().startsWith(subject)) {
      return `${parameter.label}${colon < 0 ? ":" : ""} ${written}`;
    }
    const phrase = parameter.label.slice(colon + 1).trim();
    return `${phrase.charAt(0).toUpperCase()}${phrase.slice(1)} ${written}`;
  });
}
