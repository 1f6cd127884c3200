/**
 * "Filter the page by this" (issue 13): for every report whose dimension a filter restricts
 * (`dimensionFilterOf`), the filter named with a row's key keeps exactly that row, with the same
 * value, on generated data. Known answers from the definitions: queues, topics, agents, checks,
 * campaigns, intents and languages have their filter; histograms and codes without a filter have none.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultRegistry, dimensionFilterOf, runReport } from "../src/index";
import { generatedWarehouse } from "./generated-fixture";

let g: Awaited<ReturnType<typeof generatedWarehouse>>;
beforeAll(async () => {
  g = await generatedWarehouse();
});
afterAll(() => g?.close());

const QUERY = { from: "2026-10-01", to: "2026-10-28", timezone: "UTC", compare: "none" } as const;
const registry = defaultRegistry();

describe("dimensionFilterOf", () => {
  it("names the filter of a dimension's column, or null", () => {
    const of = (id: string) => dimensionFilterOf(registry.get(id));
    expect(of("calls.by_queue")).toBe("queue");
    expect(of("calls.by_topic")).toBe("topic");
    expect(of("calls.agents")).toBe("agent");
    expect(of("quality_checks.checks")).toBe("check");
    expect(of("engagement.conversations_by_campaign")).toBe("campaign");
    expect(of("chatbot.top_intents")).toBe("intent");
    expect(of("chatbot.languages")).toBe("language");
    expect(of("agents.conversations_daily")).toBe("agent");
    // A histogram's keys are bucket indexes; closing reasons have no filter; a KPI has no dimension.
    expect(of("quality_checks.score_distribution")).toBeNull();
    expect(of("contact_centre.closing_reasons")).toBeNull();
    expect(of("calls.offered")).toBeNull();
  });

  const checked = new Set<string>();
  const withFilter = registry.list().filter((def) => dimensionFilterOf(def) !== null);

  it.each(withFilter.map((def) => [def.id]))("%s: the filter on a row's key keeps that row", async (id) => {
    const def = registry.get(id);
    const name = dimensionFilterOf(def) as string;
    const run = (query: object) => runReport(def, query as never, (sql, params) => g.wh.query(sql, params));
    const all = (await run(QUERY)) as unknown as Record<string, unknown>;
    /** key -> value of the row (or series total) of each dimension value. */
    const rowsOf = (r: Record<string, unknown>): Map<string, unknown> => {
      if (Array.isArray(r.rows))
        return new Map(
          (r.rows as { key: string | null; value?: unknown; values?: unknown }[])
            .filter((row) => row.key !== null)
            .map((row) => [row.key as string, JSON.stringify(row.values ?? row.value)]),
        );
      return new Map(
        (r.series as { id: string; points: unknown }[])
          .filter((s) => s.id !== "")
          .map((s) => [s.id, JSON.stringify(s.points)]),
      );
    };
    const before = rowsOf(all);
    const key = [...before.keys()][0];
    if (key === undefined) return; // No rows: nothing to filter (the last test fails then).
    const filtered = rowsOf(
      (await run({ ...QUERY, filters: { [name]: [key] } })) as unknown as Record<string, unknown>,
    );
    expect([...filtered.keys()], id).toEqual([key]);
    expect(filtered.get(key), id).toBe(before.get(key));
    checked.add(id);
  });

  it("checked every report with such a filter (each had rows on the generated data)", () => {
    expect(withFilter.length).toBeGreaterThanOrEqual(16);
    expect(withFilter.map((d) => d.id).filter((id) => !checked.has(id))).toEqual([]);
  });
});
