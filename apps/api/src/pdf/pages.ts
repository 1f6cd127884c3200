import type { Paper } from "./printer";

/**
 * The pages of the app that may be printed, by path (the query is the page's own business). A new
 * printable page (a public snapshot `/r/{token}`, a narrative report) is one line here.
 */
export const PRINTABLE_PAGES: readonly { readonly name: string; readonly path: RegExp }[] = [
  { name: "overview", path: /^\/$/ },
  { name: "area", path: /^\/area\/[a-z0-9-]+$/ },
  {
    name: "narrative report (/reports/{id})",
    path: /^\/reports\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
  },
  // A public link's page (the caller names the token it was given); it shows what anyone with the
  // token sees. A link with a passcode prints its passcode form.
  { name: "public link (/r/<token>)", path: /^\/r\/[A-Za-z0-9_-]{43}$/ },
];

/** Longest page path (with its query) a print request may name, in characters. */
export const MAX_PAGE_LENGTH = 2048;

/**
 * The path and query to print for `page` (`/area/operations?from=...`), or an error message
 * naming what is wrong: not a path of this app (an absolute URL, `//host`, a backslash), not a
 * printable page ({@link PRINTABLE_PAGES}), or over {@link MAX_PAGE_LENGTH}. The fragment is dropped.
 */
export function printablePath(page: string): { path: string } | { error: string } {
  if (page.length > MAX_PAGE_LENGTH) return { error: `page: longer than ${MAX_PAGE_LENGTH} characters` };
  if (!page.startsWith("/") || page.startsWith("//") || page.includes("\\")) {
    return { error: "page: a path of this app starting with '/', such as '/area/operations'" };
  }
  const base = "http://tallyline.invalid";
  const url = new URL(page, base);
  if (url.origin !== base) return { error: "page: a path of this app, not another site" };
  if (!PRINTABLE_PAGES.some((p) => p.path.test(url.pathname))) {
    return {
      error: `page: ${url.pathname} cannot be printed; printable pages: ${PRINTABLE_PAGES.map((p) => p.name).join(", ")}`,
    };
  }
  return { path: `${url.pathname}${url.search}` };
}

/**
 * `path` with the dashboard's period and segment parameters set (`from`, `to`, `segment`),
 * replacing any the path had; undefined values leave the path's own.
 */
export function withPageQuery(
  path: string,
  params: { from?: string; to?: string; segment?: string; category?: string; report?: string },
): string {
  const url = new URL(path, "http://tallyline.invalid");
  for (const [name, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(name, value);
  return `${url.pathname}${url.search}`;
}

/** Regions whose paper is US Letter (ISO 3166 codes); everyone else prints on A4. */
const LETTER_REGIONS = new Set(["US", "CA", "MX", "PH", "CL", "CO", "VE", "PR", "GT", "CR", "PA", "DO", "SV", "NI"]);

/**
 * The paper of a BCP 47 locale: Letter in the Americas' Letter regions (`en-US`, `es-MX`,
 * `fr-CA`...), A4 elsewhere and when the locale is absent or names no region even once
 * maximised (`en` maximises to `en-Latn-US`: Letter). Throws RangeError on a malformed locale.
 */
export function paperOfLocale(locale: string | undefined): Paper {
  if (locale === undefined) return "A4";
  const region = new Intl.Locale(locale).maximize().region;
  return region !== undefined && LETTER_REGIONS.has(region) ? "Letter" : "A4";
}

/** A file name for a PDF from the page's title and period: `tallyline-operations-1999-01-05-to-1999-02-03.pdf`. */
export function pdfFileName(title: string, period: string): string {
  const slug = `${title} ${period}`
    .toLowerCase()
    .replace(/\(.*?\)/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 120)
    .replace(/-+$/, "");
  return `${slug.startsWith("tallyline") ? slug : `tallyline-${slug}`.replace(/-$/, "")}.pdf`;
}
