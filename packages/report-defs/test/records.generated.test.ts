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
import { defaultRegistry, type MeasureDefinition, RECORD_KINDS, recordsOf, runReport } from "../src/index";
import { generatedWarehouse } from "./generated-fixture";
import { allRecords, figures, fromRecords } from "./records-helpers";

let g: Awaited<ReturnType<typeof generatedWarehouse>>;
beforeAll(async () => {
  g = await generatedWarehouse();
});
afterAll(() => g?.close());

/** Four days across the end of summer time, compared with the four before. */
const QUERY = { from: "2026-10-25", to: "2026-10-28", timezone: "Europe/Amsterdam", compare: "previous" } as const;

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
      const { items, total, kind } = await allRecords(g.wh, def, fig.selector, QUERY);
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
    const whole = await allRecords(g.wh, def, {}, QUERY, 500);
    expect(whole.total).toBeGreaterThan(100);
    for (const size of [7, 64]) {
      const paged = await allRecords(g.wh, def, {}, QUERY, size);
      expect(paged.items.map((i) => i.call_id)).toEqual(whole.items.map((i) => i.call_id));
    }
    // One record a page, over one hour: the cursor is exact to the microsecond and the id.
    const hour = { ...QUERY, grain: "hour" };
    const busy = await allRecords(g.wh, def, { bucket: "2026-10-26T10:00" }, hour, 500);
    expect(busy.total).toBeGreaterThan(3);
    const single = await allRecords(g.wh, def, { bucket: "2026-10-26T10:00" }, hour, 1);
    expect(single.items).toEqual(busy.items);
    const keys = whole.items.map((i) => `${i.started_at} ${i.call_id}`);
    expect([...keys].sort()).toEqual(keys);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("orders check results by call time, call and check, across pages", async () => {
    const def = defaultRegistry().get("quality_checks.pass_rate");
    const whole = await allRecords(g.wh, def, {}, QUERY, 500);
    const paged = await allRecords(g.wh, def, {}, QUERY, 9);
    expect(paged.items.map((i) => `${i.call_id}/${i.check_id}`)).toEqual(
      whole.items.map((i) => `${i.call_id}/${i.check_id}`),
    );
    expect(new Set(whole.items.map((i) => `${i.call_id}/${i.check_id}`)).size).toBe(whole.total);
  });
});
