/**
 * The dashboard's categories in real Chromium against a real server on first-start demo data:
 * every category opens from the sidebar without reloading the page, every report of it renders
 * with the component of its shape and without an error, and each report is fetched once for the period.
 */
import { expect, test } from "@playwright/test";
import { categorySlug } from "../apps/web/src/lib/categories";
import { signIn, startTallyline, type Tallyline, tempDataDir } from "./server";

type ListItem = { id: string; category: string; shape: string };

test.describe("categories on first-start demo data", () => {
  let server: Tallyline;
  test.beforeAll(async () => {
    server = await startTallyline(tempDataDir());
  });
  test.afterAll(async () => server?.stop());

  test("every report of every category renders without an error", async ({ page }, info) => {
    await signIn(page, server);
    const { items } = (await (await page.request.get(`${server.url}/api/v1/platform/report/list`)).json()) as {
      items: ListItem[];
    };
    const categories = [...new Set(items.map((r) => r.category))];
    expect(categories[0]).toBe("Operations");

    const fetches = new Map<string, number>();
    let lists = 0;
    page.on("request", (request) => {
      const path = new URL(request.url()).pathname;
      const id = /\/api\/v1\/report\/([^/]+)\/fetch$/.exec(path)?.[1];
      if (id && request.method() === "POST") fetches.set(id, (fetches.get(id) ?? 0) + 1);
      if (path === "/api/v1/platform/report/list") lists++;
    });

    await page.goto(`${server.url}/area/operations`);
    const nav = page.getByRole("navigation", { name: "Report categories" });
    await expect(nav.getByRole("link")).toHaveCount(categories.length + 1); // the Overview, then each area
    await expect(nav.locator('[aria-current="page"]')).toContainText("Operations");

    for (const category of categories) {
      const slug = categorySlug(category);
      await nav.getByTestId(`category-${slug}`).click();
      await expect(page).toHaveURL(new RegExp(`/area/${slug}$`));
      await expect(nav.locator('[aria-current="page"]')).toContainText(category);
      const view = page.getByTestId("category");
      await expect(view.getByRole("heading", { level: 2 })).toHaveText(category);
      const reports = items.filter((r) => r.category === category);
      for (const report of reports) {
        if (report.shape === "kpi") {
          await expect(view.getByTestId(`kpi-${report.id}`).getByTestId("kpi-value")).toHaveAttribute(
            "data-value",
            /.*/,
          );
        } else {
          await expect(view.getByTestId(`report-${report.id}`)).toBeVisible();
        }
      }
      await expect(view.locator('[data-testid^="report-loading-"], [aria-busy="true"]')).toHaveCount(0);
      await expect(view.locator('[data-testid^="report-error-"], [data-testid^="kpi-error-"]')).toHaveCount(0);
      await expect(view.getByRole("alert")).toHaveCount(0);
      await expect(view.getByTestId(/^(kpi|report)-[a-z_]+\.[a-z_.]+$/)).toHaveCount(reports.length);
      for (const chart of await view.getByTestId(/^(timeseries|daily)-chart$/).all()) {
        await expect(chart.locator("svg").first()).toBeVisible();
      }
      // Wide tables scroll inside their panel; nothing widens the page.
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(page.viewportSize()?.width ?? 0);
      await page.screenshot({ path: info.outputPath(`category-${slug}.png`), fullPage: true });
    }

    expect(Object.fromEntries(fetches)).toEqual(Object.fromEntries(items.map((r) => [r.id, 1])));
    expect(lists).toBe(1);
  });
});
