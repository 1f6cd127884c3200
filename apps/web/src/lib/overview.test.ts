import { defaultRegistry, listItem } from "@tallyline/report-defs";
import type { ReportDefinition } from "@tallyline/ui";
import { describe, expect, it } from "vitest";
import { MAX_BATCH } from "../../../api/src/routes/v1_reports_batch";
import { categoriesOf } from "./categories";
import { BATCH_LIMIT, HEADLINES, overviewAreas, overviewQueries } from "./overview";

const catalogue = defaultRegistry().list().map(listItem) as ReportDefinition[];
const withData = (present: (r: ReportDefinition) => boolean) =>
  catalogue.map((r) => ({ ...r, hasData: present(r) })) as ReportDefinition[];

describe("HEADLINES", () => {
  it("names reports of the built-in catalogue, each in its own category, KPIs or a ranking", () => {
    const byId = new Map(catalogue.map((r) => [r.id, r]));
    for (const [category, ids] of Object.entries(HEADLINES)) {
      expect(ids.length, category).toBeGreaterThanOrEqual(1);
      expect(ids.length, category).toBeLessThanOrEqual(6);
      for (const id of ids) {
        expect(byId.get(id)?.category, id).toBe(category);
        expect(["kpi", "ranking"], id).toContain(byId.get(id)?.shape);
      }
    }
  });

  it("fit one batch of the API", () => {
    expect(BATCH_LIMIT).toBe(MAX_BATCH);
    expect(Object.values(HEADLINES).flat().length).toBeLessThanOrEqual(BATCH_LIMIT);
    const all = overviewAreas(categoriesOf(withData(() => true)));
    expect(overviewQueries(all.areas, { periodDays: 30 })).toHaveLength(Object.values(HEADLINES).flat().length);
  });
});

describe("overviewAreas", () => {
  it("with calls only, shows the call area alone and hides the others", () => {
    const { areas, more } = overviewAreas(categoriesOf(withData((r) => r.id.startsWith("calls."))));
    expect(areas.map((a) => a.category.name)).toEqual(["Operations"]);
    expect(areas[0]?.headlines.map((r) => r.id)).toEqual(HEADLINES.Operations);
    expect(more).toEqual([]);
    expect(overviewQueries(areas, { from: "1999-02-01", to: "1999-02-03" })).toEqual(
      (HEADLINES.Operations ?? []).map((reportId) => ({ reportId, query: { from: "1999-02-01", to: "1999-02-03" } })),
    );
  });

  it("lists an area with data but no headline under more; a server without hasData shows every area", () => {
    const { areas, more } = overviewAreas(
      categoriesOf(withData((r) => r.category === "Chatbot" || r.category === "Engagement")),
    );
    expect(areas.map((a) => a.category.name)).toEqual(["Engagement"]);
    expect(more.map((c) => c.name)).toEqual(["Chatbot"]);
    const old = overviewAreas(categoriesOf(catalogue));
    expect(old.areas.map((a) => a.category.name)).toEqual(
      [...new Set(catalogue.map((r) => r.category))].filter((c) => c in HEADLINES),
    );
  });
});
