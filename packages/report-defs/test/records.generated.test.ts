/**
 * Drill-down records equal their figures, for every report with records, on generated data: every
 * figure a result shows (a KPI's value, previous value and each bucket; each point of a series, of
 * each series of a split one; each row, previous value and total of a ranking or table; each cell
 * of a heatmap) is recomputed from its records, fetched page by page: a count is the number of
 * records, an average or sum that of their `value`, a ratio (x its scale) the share of records
 * `in_numerator`. The figures come from runReport (often through a summary table); the records
 * from the fact rows. A final test fails when a measure the catalogue says has records is skipped.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  defaultRegistry,
  type MeasureDefinition,
  planRecords,
  RECORD_KINDS,
  type RecordSelector,
  type ReportDefinition,
  type ReportResult,
  recordsOf,
  runReport,
  shapeRecords,
} from "../src/index";
import { generatedWarehouse } from "./generated-fixture";

let g: Awaited<ReturnType<typeof generatedWarehouse>>;
beforeAll(async () => {
  g = await generatedWarehouse();
});
afterAll(() => g?.close());

/** Four days across the end of summer time, compared with the four before. */
const QUERY = { from: "2026-10-25", to: "2026-10-28", timezone: "Europe/Amsterdam", compare: "previous" } as const;

type Item = Record<string, unknown>;

/** Every record of one figure, page by page (`limit` per page), with the total each page gives. */
async function allRecords(def: ReportDefinition, selector: RecordSelector, query: object = QUERY, limit = 500) {
  const items: Item[] = [];
  let cursor: string | undefined;
  let total = -1;
  for (let pages = 0; pages < 1000; pages++) {
    const plan = planRecords(def, { query, selector, limit, ...(cursor ? { cursor } : {}) });
    if (total === -1) {
      const [count] = await g.wh.query<{ total: number }>(plan.count.sql, plan.count.params);
      total = Number(count?.total);
    }
    const page = shapeRecords(plan, await g.wh.query(plan.page.sql, plan.page.params));
    items.push(...page.items);
    if (!page.nextCursor) return { items, total, kind: plan.kind };
    cursor = page.nextCursor;
  }
  throw new Error("more than 1000 pages");
}

interface Figure {
  readonly label: string;
  readonly selector: RecordSelector;
  readonly value: number | null;
}

/** Every figure of measure `m` a result shows, with the selector of its records. */
function figures(def: ReportDefinition, r: ReportResult, m: MeasureDefinition): Figure[] {
  const out: Figure[] = [];
  const add = (label: string, selector: RecordSelector, value: number | null | undefined) =>
    out.push({ label, selector: { measure: m.id, ...selector }, value: value ?? null });
  switch (r.shape) {
    case "kpi":
      add("period", {}, r.value);
      add("previous", { previous: true }, r.previousValue);
      for (const p of r.breakdown) add(p.date, { bucket: p.date }, p.total);
      break;
    case "timeseries":
      for (const s of r.series.filter((x) => x.measureId === m.id)) {
        const key = def.dimension ? { key: s.id === "" ? null : s.id } : {};
        if (s.total !== null) add(`${s.id} total`, key, s.total);
        for (const p of s.points) add(`${s.id} ${p.date}`, { ...key, bucket: p.date }, p.value);
      }
      break;
    case "ranking":
    case "distribution":
      add("total", {}, r.total);
      add("previous total", { previous: true }, r.previousTotal);
      for (const row of r.rows) {
        add(`${row.key}`, { key: row.key }, row.value);
        add(`${row.key} previous`, { key: row.key, previous: true }, row.previousValue);
      }
      break;
    case "table":
      add("total", {}, r.totals.values[m.id]);
      add("previous total", { previous: true }, r.totals.previous[m.id]);
      for (const row of r.rows) {
        add(`${row.key}`, { key: row.key }, row.values[m.id]);
        add(`${row.key} previous`, { key: row.key, previous: true }, row.previous[m.id]);
      }
      break;
    case "heatmap": {
      add(
        "period",
        {},
        r.cells.reduce((a, c) => a + (c.value ?? 0), 0),
      );
      // Every cell with calls or conversations, and the first few empty ones.
      const empty = r.cells.filter((c) => !c.value).slice(0, 3);
      for (const c of [...r.cells.filter((x) => x.value), ...empty])
        add(`${c.weekday}x${c.hour}`, { cell: { weekday: c.weekday, hour: c.hour } }, c.value);
      break;
    }
  }
  return out;
}

/** The figure recomputed from its records, as the measure's aggregate defines it. */
function fromRecords(m: MeasureDefinition, items: Item[], total: number): number | null {
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

const checked = new Set<string>();
const withRecords = defaultRegistry()
  .list()
  .flatMap((def) => recordsOf(def).flatMap((r) => (r.kind ? [[def.id, r.measure] as const] : [])));

describe("records equal their figures on generated data", () => {
  it.each(withRecords)("%s %s", async (id, measureId) => {
    const def = defaultRegistry().get(id);
    const m = def.measures.find((x) => x.id === measureId) as MeasureDefinition;
    const result = await runReport(def, QUERY, (sql, params) => g.wh.query(sql, params));
    const list = figures(def, result, m);
    expect(list.length).toBeGreaterThan(0);
    let nonZero = 0;
    for (const fig of list) {
      const { items, total, kind } = await allRecords(def, fig.selector);
      expect(items, fig.label).toHaveLength(total);
      const expected = fromRecords(m, items, total);
      const label = `${id} ${measureId} ${fig.label}`;
      if (fig.value === null || expected === null) expect(expected, label).toBe(fig.value);
      else expect(expected, label).toBeCloseTo(fig.value, 9);
      if (total > 0) nonZero++;
      // Every field documented, nothing else; no personal fields.
      for (const item of items.slice(0, 3))
        expect(Object.keys(item)).toEqual(RECORD_KINDS[kind].fields.map((f) => f.name));
    }
    // The test means something only if figures have records.
    expect(nonZero, `${id} ${measureId}: no figure with records`).toBeGreaterThan(0);
    checked.add(`${id} ${measureId}`);
  });

  it("checked every measure with records, and every report with records has some", () => {
    expect([...checked].sort()).toEqual(withRecords.map(([id, m]) => `${id} ${m}`).sort());
    // What the catalogue promises: calls, quality checks and conversations have records.
    const ids = new Set(withRecords.map(([id]) => id));
    expect(ids.size).toBeGreaterThanOrEqual(45);
    for (const id of ["calls.asa", "quality_checks.calls", "quality_checks.checks", "chatbot.top_intents"])
      expect(ids.has(id), id).toBe(true);
    for (const id of ["shifts.agents", "invites.funnel", "traffic.entrypoints", "engagement.messages"])
      expect(ids.has(id), id).toBe(false);
  });
});

describe("paging", () => {
  it("gives every record once, in order of time then id, whatever the page size", async () => {
    const def = defaultRegistry().get("calls.offered");
    const whole = await allRecords(def, {}, QUERY, 500);
    expect(whole.total).toBeGreaterThan(100);
    for (const size of [7, 64]) {
      const paged = await allRecords(def, {}, QUERY, size);
      expect(paged.items.map((i) => i.call_id)).toEqual(whole.items.map((i) => i.call_id));
    }
    // One record a page, over one hour: the cursor is exact to the microsecond and the id.
    const hour = { ...QUERY, grain: "hour" };
    const busy = await allRecords(def, { bucket: "2026-10-26T10:00" }, hour, 500);
    expect(busy.total).toBeGreaterThan(3);
    const single = await allRecords(def, { bucket: "2026-10-26T10:00" }, hour, 1);
    expect(single.items).toEqual(busy.items);
    const keys = whole.items.map((i) => `${i.started_at} ${i.call_id}`);
    expect([...keys].sort()).toEqual(keys);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("orders check results by call time, call and check, across pages", async () => {
    const def = defaultRegistry().get("quality_checks.pass_rate");
    const whole = await allRecords(def, {}, QUERY, 500);
    const paged = await allRecords(def, {}, QUERY, 9);
    expect(paged.items.map((i) => `${i.call_id}/${i.check_id}`)).toEqual(
      whole.items.map((i) => `${i.call_id}/${i.check_id}`),
    );
    expect(new Set(whole.items.map((i) => `${i.call_id}/${i.check_id}`)).size).toBe(whole.total);
  });
});
