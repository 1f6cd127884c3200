/**
 * Faster readings of chat reports: the summary tables a report reads instead of its fact when the
 * query allows (definition.ts `Summary`, run.ts): message counts per minute and quarter-hours per
 * conversation or contact, built at import (warehouse schema.ts).
 */
import type { MeasureDefinition, ReportDefinition } from "../definition";

/**
 * A message-count report with its summary: `column` of `message_minutes` (messages per UTC minute,
 * counted per sender at import) summed, which queries without filters read instead of every
 * message. `column` must count exactly the rows the report's one measure counts; a peak minute
 * becomes the peak of `column` per minute.
 */
export function withMessageSummary(def: ReportDefinition, column: string): ReportDefinition {
  const measures = def.measures.map((measure) => ({
    ...measure,
    aggregate:
      measure.aggregate.fn === "peakPerMinute"
        ? ({ fn: "peakPerMinute", value: { column } } as const)
        : ({ fn: "sum", value: { column } } as const),
  })) satisfies MeasureDefinition[];
  return { ...def, summary: { table: "message_minutes", timeColumn: "minute_start", measures } };
}

/**
 * A report with a summary table of quarter-hours per entity (schema.ts: `conversation_quarters`,
 * `contact_message_quarters`, `contact_conversation_quarters`), read by queries without filters:
 * `aggregate` gives each measure's aggregate over the summary rows (a distinct count of the entity
 * becomes a `countFirstSeen` of `previous_quarter`); it must count exactly what the measure counts.
 */
export function withQuarterSummary(
  def: ReportDefinition,
  table: string,
  aggregate: (measure: MeasureDefinition) => MeasureDefinition["aggregate"],
): ReportDefinition {
  const measures = def.measures.map((measure) => ({ ...measure, aggregate: aggregate(measure) }));
  return { ...def, summary: { table, timeColumn: "quarter_start", measures } };
}

/** Each entity of a per-entity quarter-hour summary once per bucket and window (definition.ts). */
export const firstSeen = { fn: "countFirstSeen", previous: "previous_quarter" } as const;

/** m.perConversation over conversation_quarters: messages summed, conversations each counted once. */
export const perConversationSummary = {
  fn: "ratio",
  numerator: { fn: "sum", value: { column: "messages" } },
  denominator: firstSeen,
  scale: 1,
} as const;
