/**
 * Report categories as the dashboard shows them: in catalogue order (the order of the report
 * list, so "Operations", the call reports, comes first), each written in the URL as a slug
 * (`?category=contact-centre`).
 */
import type { ReportDefinition } from "@tallyline/ui";

/** A category of the report list and its reports, in list order. */
export interface Category {
  /** The name as the API gives it, e.g. "Contact centre". */
  name: string;
  /** How the URL writes it: lower case, words joined by "-", e.g. "contact-centre". */
  slug: string;
  reports: ReportDefinition[];
}

/** "Contact centre" -> "contact-centre". */
export function categorySlug(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

/** The categories of a report list, in the order their first report appears. */
export function categoriesOf(reports: readonly ReportDefinition[]): Category[] {
  const byName = new Map<string, Category>();
  for (const report of reports) {
    let category = byName.get(report.category);
    if (!category) {
      category = { name: report.category, slug: categorySlug(report.category), reports: [] };
      byName.set(report.category, category);
    }
    category.reports.push(report);
  }
  return [...byName.values()];
}

/**
 * The category a URL asks for, by slug or by name (any case); the first category when the URL
 * names none or one that does not exist (`unknown: true` then, so the page can say so).
 */
export function categoryFromSearch(
  categories: readonly Category[],
  wanted: string | undefined,
): { category: Category | undefined; unknown: boolean } {
  if (wanted === undefined || wanted === "") return { category: categories[0], unknown: false };
  const slug = categorySlug(wanted);
  const found = categories.find((c) => c.slug === slug);
  return found ? { category: found, unknown: false } : { category: categories[0], unknown: true };
}

/**
 * Query parameters that belong to one page, not to the view: dropped when a link leaves the page
 * (`category` is the old way of naming an area; `report` the KPI a page's chart shows).
 */
export const PAGE_PARAMS: readonly string[] = ["category", "report"];

/**
 * The query of `search` (a URL's `?...`) for another page: every view parameter kept (period,
 * time zone, grain, compare, filters, segment: whatever the URL holds), {@link PAGE_PARAMS} dropped.
 * "" when nothing is left, else `?a=1&b=2`.
 */
export function viewQuery(search: string): string {
  const params = new URLSearchParams(search);
  for (const name of PAGE_PARAMS) params.delete(name);
  const query = params.toString();
  return query === "" ? "" : `?${query}`;
}

/** The page of an area (a category): `/area/{slug}` with the view of `search` ({@link viewQuery}). */
export function areaHref(slug: string, search: string): string {
  return `/area/${encodeURIComponent(slug)}${viewQuery(search)}`;
}

/** The Overview (`/`) with the view of `search` ({@link viewQuery}). */
export function overviewHref(search: string): string {
  return `/${viewQuery(search)}`;
}

/**
 * Where an old dashboard link (`/?category=contact-centre&from=...`) now lives: the area's page with
 * the rest of the query (`report` kept: it names the area's chart); undefined without `category`.
 */
export function legacyAreaHref(search: string): string | undefined {
  const params = new URLSearchParams(search);
  const wanted = params.get("category");
  if (wanted === null || wanted === "") return undefined;
  params.delete("category");
  const query = params.toString();
  return `/area/${encodeURIComponent(categorySlug(wanted))}${query === "" ? "" : `?${query}`}`;
}
