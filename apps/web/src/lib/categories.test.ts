import type { ReportDefinition } from "@tallyline/ui";
import { describe, expect, it } from "vitest";
import { areaHref, categoriesOf, categoryFromSearch, categorySlug, legacyAreaHref, overviewHref } from "./categories";

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

describe("area links", () => {
  it("keep every view parameter and drop the page's own", () => {
    const search = "?from=1999-02-01&to=1999-02-28&segment=abc&category=operations&report=calls.asa&tz=Europe%2FParis";
    expect(areaHref("contact-centre", search)).toBe(
      "/area/contact-centre?from=1999-02-01&to=1999-02-28&segment=abc&tz=Europe%2FParis",
    );
    expect(overviewHref(search)).toBe("/?from=1999-02-01&to=1999-02-28&segment=abc&tz=Europe%2FParis");
    expect(overviewHref("")).toBe("/");
    expect(areaHref("operations", "?category=x")).toBe("/area/operations");
  });

  it("an old ?category= link goes to the area's page with the rest of its query", () => {
    expect(legacyAreaHref("?category=Contact%20centre&from=1999-02-01&to=1999-02-03&report=x")).toBe(
      "/area/contact-centre?from=1999-02-01&to=1999-02-03&report=x",
    );
    expect(legacyAreaHref("?category=operations")).toBe("/area/operations");
    expect(legacyAreaHref("?from=1999-02-01&to=1999-02-03")).toBeUndefined();
    expect(legacyAreaHref("?category=")).toBeUndefined();
  });
});
