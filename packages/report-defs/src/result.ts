import { eachDay } from "@tallyline/warehouse/time";
import { z } from "zod";
import { GoodDirection, type MeasureDefinition, MeasureFormat, type ReportDefinition } from "./definition";
import type { Period } from "./query";

/** What a result says about its measure, so it can be rendered and audited on its own. */
export const MeasureInfo = z
  .object({
    id: z.string(),
    label: z.string(),
    format: MeasureFormat,
    goodDirection: GoodDirection,
    definition: z.string(),
  })
  .meta({ id: "MeasureInfo" });
export type MeasureInfo = z.infer<typeof MeasureInfo>;

/** One day of a KPI breakdown (seed 001 shape). `total` is null for averages/rates on days without rows. */
export const BreakdownPoint = z.object({ date: z.string(), total: z.number().nullable() });

/**
 * A KPI result: the seed-001 shape `{ value, change, period, breakdown: [{ date, total }] }` plus
 * previous value, change in percent (0-100 scale, relative to the previous value), the exact
 * windows and the measure's definition.
 */
export const KpiResult = z
  .object({
    reportId: z.string(),
    value: z.number().nullable(),
    previousValue: z.number().nullable(),
    change: z.number().nullable(),
    changePercent: z.number().nullable(),
    period: z.string(),
    from: z.string(),
    to: z.string(),
    previousFrom: z.string().nullable(),
    previousTo: z.string().nullable(),
    timezone: z.string(),
    breakdown: z.array(BreakdownPoint),
    measure: MeasureInfo,
  })
  .meta({ id: "KpiResult" });
export type KpiResult = z.infer<typeof KpiResult>;

/** A row of the SQL produced by `compileKpi`. */
export interface KpiRow {
  is_current: boolean;
  day: string | null;
  value: number | null;
}

/** The measure's presentation fields, as carried by every result. */
export function measureInfo(m: MeasureDefinition): MeasureInfo {
  return { id: m.id, label: m.label, format: m.format, goodDirection: m.goodDirection, definition: m.definition };
}

/** True when an empty set of rows aggregates to 0 (counts, sums) rather than to "no value" (averages, rates). */
function zeroWhenEmpty(def: ReportDefinition): boolean {
  return def.measure.aggregate.fn === "count" || def.measure.aggregate.fn === "sum";
}

/**
 * Turns the rows of `compileKpi` into a {@link KpiResult}: every day of the period appears in the
 * breakdown (0 for counts on empty days, null for averages and rates), `change` is value minus
 * previous value, `changePercent` is 100 x change / |previous| (null when previous is 0 or null).
 */
export function shapeKpi(def: ReportDefinition, period: Period, rawRows: readonly object[]): KpiResult {
  const rows = rawRows as readonly KpiRow[];
  const empty = zeroWhenEmpty(def) ? 0 : null;
  const byDay = new Map<string, number | null>();
  let value: number | null = empty;
  let previousValue: number | null = period.previousFrom ? empty : null;
  for (const r of rows) {
    const v = r.value === null ? null : Number(r.value);
    if (r.day === null) {
      if (r.is_current) value = v;
      else if (period.previousFrom) previousValue = v;
    } else if (r.is_current) {
      byDay.set(r.day, v);
    }
  }
  const change = value !== null && previousValue !== null ? value - previousValue : null;
  const changePercent = change !== null && previousValue ? (100 * change) / Math.abs(previousValue) : null;
  return {
    reportId: def.id,
    value,
    previousValue,
    change,
    changePercent,
    period: period.label,
    from: period.from,
    to: period.to,
    previousFrom: period.previousFrom,
    previousTo: period.previousTo,
    timezone: period.timezone,
    breakdown: eachDay(period.from, period.to).map((date) => ({
      date,
      total: byDay.has(date) ? (byDay.get(date) ?? null) : empty,
    })),
    measure: measureInfo(def.measure),
  };
}

/** A report as listed by `GET /api/v1/platform/report/list` (seed 001 fields plus the definition). */
export const ReportListItem = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    category: z.string(),
    shape: z.string(),
    version: z.number(),
    createdAt: z.string(),
    updatedAt: z.string(),
    source: z.string(),
    measure: MeasureInfo,
    filters: z.array(z.string()),
  })
  .meta({ id: "ReportListItem" });
export type ReportListItem = z.infer<typeof ReportListItem>;

/** The list item of a definition. */
export function listItem(def: ReportDefinition): ReportListItem {
  return {
    id: def.id,
    name: def.name,
    description: def.description,
    category: def.category,
    shape: def.shape,
    version: def.version,
    createdAt: def.createdAt,
    updatedAt: def.updatedAt,
    source: def.source,
    measure: measureInfo(def.measure),
    filters: def.filters,
  };
}
