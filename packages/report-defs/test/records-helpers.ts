/**
 * Shared by the records tests: every record of a figure, page by page; the figures a result shows
 * with the selector of each; a figure recomputed from its records.
 */
import type { Warehouse } from "@tallyline/warehouse";
import {
  type HeatmapResult,
  type KpiResult,
  type MeasureDefinition,
  planRecords,
  type RankingResult,
  type RecordSelector,
  type ReportDefinition,
  type ReportResult,
  shapeRecords,
  type TableResult,
  type TimeseriesResult,
} from "../src/index";

export type Item = Record<string, unknown>;

/** Every record of one figure, page by page (`limit` per page), with the total the first page gives. */
export async function allRecords(
  wh: Warehouse,
  def: ReportDefinition,
  selector: RecordSelector,
  query: object,
  limit = 500,
) {
  const items: Item[] = [];
  let cursor: string | undefined;
  let total = -1;
  for (let pages = 0; pages < 1000; pages++) {
    const plan = planRecords(def, { query, selector, limit, ...(cursor ? { cursor } : {}) });
    if (total === -1) {
      const [count] = await wh.query<{ total: number }>(plan.count.sql, plan.count.params);
      total = Number(count?.total);
    }
    const page = shapeRecords(plan, await wh.query(plan.page.sql, plan.page.params));
    items.push(...page.items);
    if (!page.nextCursor) return { items, total, kind: plan.kind };
    cursor = page.nextCursor;
  }
  throw new Error("more than 1000 pages");
}

export interface Figure {
  readonly label: string;
  readonly selector: RecordSelector;
  readonly value: number | null;
}

/** Every figure of measure `m` a result shows, with the selector of its records. */
export function figures(def: ReportDefinition, r: ReportResult, m: MeasureDefinition): Figure[] {
  const out: Figure[] = [];
  const add = (label: string, selector: RecordSelector, value: number | null | undefined) =>
    out.push({ label, selector: { measure: m.id, ...selector }, value: value ?? null });
  switch (r.shape) {
    case "kpi": {
      const k = r as KpiResult;
      add("period", {}, k.value);
      add("previous", { previous: true }, k.previousValue);
      for (const p of k.breakdown) add(p.date, { bucket: p.date }, p.total);
      break;
    }
    case "timeseries":
      for (const s of (r as TimeseriesResult).series.filter((x) => x.measureId === m.id)) {
        const key = def.dimension ? { key: s.id === "" ? null : s.id } : {};
        if (s.total !== null) add(`${s.id} total`, key, s.total);
        for (const p of s.points) add(`${s.id} ${p.date}`, { ...key, bucket: p.date }, p.value);
      }
      break;
    case "ranking":
    case "distribution": {
      const k = r as RankingResult;
      add("total", {}, k.total);
      add("previous total", { previous: true }, k.previousTotal);
      for (const row of k.rows) {
        add(`${row.key}`, { key: row.key }, row.value);
        add(`${row.key} previous`, { key: row.key, previous: true }, row.previousValue);
      }
      break;
    }
    case "table": {
      const k = r as TableResult;
      add("total", {}, k.totals.values[m.id]);
      add("previous total", { previous: true }, k.totals.previous[m.id]);
      for (const row of k.rows) {
        add(`${row.key}`, { key: row.key }, row.values[m.id]);
        add(`${row.key} previous`, { key: row.key, previous: true }, row.previous[m.id]);
      }
      break;
    }
    case "heatmap": {
      const k = r as HeatmapResult;
      add(
        "period",
        {},
        k.cells.reduce((a, c) => a + (c.value ?? 0), 0),
      );
      // Every cell with calls or conversations, and the first few empty ones.
      const empty = k.cells.filter((c) => !c.value).slice(0, 3);
      for (const c of [...k.cells.filter((x) => x.value), ...empty])
        add(`${c.weekday}x${c.hour}`, { cell: { weekday: c.weekday, hour: c.hour } }, c.value);
      break;
    }
  }
  return out;
}

/** The figure recomputed from its records, as the measure's aggregate defines it. */
export function fromRecords(m: MeasureDefinition, items: Item[], total: number): number | null {
  const a = m.aggregate;
  const values = items.map((i) => i.value as number);
  switch (a.fn) {
    case "count":
    case "countDistinct":
      return total;
    case "avg":
      return total === 0 ? null : values.reduce((x, y) => x + y, 0) / total;
    case "sum":
      return values.reduce((x, y) => x + y, 0);
    case "ratio":
      return total === 0 ? null : (a.scale * items.filter((i) => i.in_numerator === true).length) / total;
    default:
      throw new Error(`no rule for ${a.fn}`);
  }
}
