import type { ReportDefinition } from "@tallyline/ui";
import { describe, expect, it } from "vitest";
import { categoriesOf, categoryFromSearch, categorySlug } from "./categories";

const report = (id: string, category: string) => ({ id, category }) as ReportDefinition;

const list = [
  report("calls.offered", "Operations"),
  report("calls.asa", "Operations"),
  report("contact_centre.missed", "Contact centre"),
  report("agents.conversations", "Agent performance"),
  report("contact_centre.resolution_time", "Contact centre"),
];

describe("categoriesOf", () => {
  it("keeps catalogue order and each category's reports in list order", () => {
    const categories = categoriesOf(list);
    expect(categories.map((c) => [c.name, c.slug, c.reports.map((r) => r.id)])).toEqual([
      ["Operations", "operations", ["calls.offered", "calls.asa"]],
      ["Contact centre", "contact-centre", ["contact_centre.missed", "contact_centre.resolution_time"]],
      ["Agent performance", "agent-performance", ["agents.conversations"]],
    ]);
  });
});

describe("categoryFromSearch", () => {
  const categories = categoriesOf(list);

  it("finds a category by slug or by name, and defaults to the first", () => {
    expect(categoryFromSearch(categories, "contact-centre").category?.name).toBe("Contact centre");
    expect(categoryFromSearch(categories, "Agent performance").category?.name).toBe("Agent performance");
    expect(categoryFromSearch(categories, undefined)).toEqual({ category: categories[0], unknown: false });
  });

  it("falls back to the first category for one that does not exist, and says so", () => {
    expect(categoryFromSearch(categories, "billing")).toEqual({ category: categories[0], unknown: true });
    expect(categoryFromSearch([], "billing")).toEqual({ category: undefined, unknown: true });
  });

  it("writes slugs without leading, trailing or repeated dashes", () => {
    expect(categorySlug("  Quality & CSAT ")).toBe("quality-csat");
  });
});
