/**
 * The Overview (`/`, issue 13) in real Chromium against real servers:
 * - on first-start demo data (the README's `pnpm start`): one `POST /reports/batch` loads it, no
 *   report is fetched one by one, and every figure shown equals what the API's own fetch route
 *   answers for the same period; a screenshot at 1440 px, light (the README's screenshot);
 * - on a database with calls only (the small call log, 13 calls 1999-01-28..1999-02-04 UTC): only
 *   the call area is shown, the others are hidden (not zeros); "Open Operations" and the navigation
 *   keep the period, and the area shows the same number; an old `/?category=` link redirects.
 */
import { join } from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { browserWrite, signIn, startTallyline, type Tallyline, tallyline, tempDataDir } from "./server";

const SHOTS = join(import.meta.dirname, "../test-results/screenshots");
const smallLog = join(import.meta.dirname, "../packages/report-defs/test/fixtures/calls-small.tsv");

type ListItem = { id: string; category: string; shape: string; hasData: boolean };

/** The API's answer of the fetch route (not the batch the page uses) for a report over `body`. */
async function fetched(page: Page, server: Tallyline, id: string, body: object) {
  const res = await page.request.post(`${server.url}/api/v1/report/${id}/fetch`, {
    data: body,
    headers: browserWrite(server),
  });
  expect(res.status(), id).toBe(200);
  return (await res.json()) as { value?: number | null; rows?: { label: string; value: number | null }[] };
}

test.describe("on first-start demo data", () => {
  let server: Tallyline;
  test.beforeAll(async () => {
    server = await startTallyline(tempDataDir());
  });
  test.afterAll(async () => server?.stop());

  test("one batch loads it; every figure equals the API's; screenshot at 1440 px", async ({ page }) => {
    await signIn(page, server);
    const { items } = (await (await page.request.get(`${server.url}/api/v1/platform/report/list`)).json()) as {
      items: ListItem[];
    };
    const calls = { batch: 0, fetch: 0 };
    page.on("request", (request) => {
      const path = new URL(request.url()).pathname;
      if (path === "/api/v1/reports/batch") calls.batch++;
      if (/^\/api\/v1\/report\/[^/]+\/fetch$/.test(path)) calls.fetch++;
    });
    await page.setViewportSize({ width: 1440, height: 1000 });
    await page.emulateMedia({ colorScheme: "light" });
    await page.goto(server.url);
    const overview = page.getByTestId("overview");
    await expect(page.locator(".tl-app[data-ready]")).toHaveCount(1);
    expect(calls).toEqual({ batch: 1, fetch: 0 });

    // Every area with data is a section; the demo has calls and chats, so the call and chat areas show.
    const present = new Set(items.filter((i) => i.hasData).map((i) => i.category));
    for (const name of ["Operations", "Engagement", "Contact centre"]) expect(present.has(name), name).toBe(true);
    const sections = overview.locator('section[data-testid^="area-"]');
    expect(await sections.count()).toBeGreaterThanOrEqual(3);
    await expect(overview.getByRole("alert")).toHaveCount(0);

    // Each KPI shown equals the fetch route's value over the page's period (the last 30 days).
    const cards = overview.locator('article[data-testid^="kpi-"]:not([data-testid^="kpi-error"])');
    const ids = (await cards.evaluateAll((els) => els.map((el) => el.getAttribute("data-testid") ?? ""))).map((t) =>
      t.slice(4),
    );
    expect(ids.length).toBeGreaterThanOrEqual(10);
    expect(ids).toContain("calls.offered");
    for (const id of ids) {
      const item = items.find((i) => i.id === id);
      expect(item?.hasData, id).toBe(true);
      const api = await fetched(page, server, id, { periodDays: 30 });
      if (item?.shape === "kpi") {
        const raw = await page.getByTestId(`kpi-${id}`).getByTestId("kpi-value").getAttribute("data-value");
        expect(raw === "" || raw === null ? null : Number(raw), id).toBe(api.value ?? null);
      } else {
        const rows = page.getByTestId(`kpi-${id}`).getByTestId("top-row");
        const shown = await rows.evaluateAll((els) =>
          els.map((el) => ({
            label: el.querySelector(".tl-toprows__label")?.textContent ?? "",
            value: Number(el.querySelector("[data-value]")?.getAttribute("data-value")),
          })),
        );
        expect(shown, id).toEqual((api.rows ?? []).slice(0, 3).map((r) => ({ label: r.label, value: r.value })));
      }
    }
    await expect(page.getByTestId("kpi-calls.offered").getByTestId("kpi-value")).toHaveText(/^\d{1,3}(,\d{3})*$/);
    await page.screenshot({ path: join(SHOTS, "overview-1440-light.png"), fullPage: false });
  });
});

test.describe("on a database with calls only", () => {
  let server: Tallyline;
  test.beforeAll(async () => {
    const dataDir = tempDataDir();
    await tallyline(["ingest", smallLog, "--db", join(dataDir, "tallyline.duckdb")]);
    server = await startTallyline(dataDir);
  });
  test.afterAll(async () => server?.stop());

  const PERIOD = "from=1999-01-28&to=1999-02-04";

  test("only the call area shows; areas without data are hidden, not zeros", async ({ page }) => {
    await signIn(page, server);
    await page.goto(`${server.url}/?${PERIOD}`);
    await expect(page.locator(".tl-app[data-ready]")).toHaveCount(1);
    const overview = page.getByTestId("overview");
    await expect(overview.locator('section[data-testid^="area-"]')).toHaveCount(1);
    await expect(overview.getByTestId("area-operations")).toBeVisible();
    for (const slug of ["engagement", "contact-centre", "quality", "quality-checks", "agent-performance"])
      await expect(overview.getByTestId(`area-${slug}`)).toHaveCount(0);
    await expect(overview.getByTestId("more-areas")).toHaveCount(0);
    // 13 calls in the period (counted by hand in the fixture).
    await expect(page.getByTestId("kpi-calls.offered").getByTestId("kpi-value")).toHaveAttribute("data-value", "13");
  });

  test("links lead to the area with the same period, and back; old ?category= links redirect", async ({ page }) => {
    await signIn(page, server);
    await page.goto(`${server.url}/?${PERIOD}`);
    const value = await page.getByTestId("kpi-calls.offered").getByTestId("kpi-value").getAttribute("data-value");
    await page.getByTestId("open-operations").click();
    await expect(page).toHaveURL(`${server.url}/area/operations?${PERIOD}`);
    await expect(page.getByTestId("category").getByRole("heading", { level: 2 })).toHaveText("Operations");
    await expect(page.getByTestId("kpi-calls.offered").getByTestId("kpi-value")).toHaveAttribute(
      "data-value",
      value ?? "",
    );
    await expect(page.getByTestId("period")).toContainText("1999-01-28");

    const nav = page.getByRole("navigation", { name: "Report categories" });
    await nav.getByTestId("category-contact-centre").click();
    await expect(page).toHaveURL(`${server.url}/area/contact-centre?${PERIOD}`);
    await nav.getByTestId("nav-overview").click();
    await expect(page).toHaveURL(`${server.url}/?${PERIOD}`);
    await expect(nav.getByTestId("nav-overview")).toHaveAttribute("aria-current", "page");
    await expect(page.getByTestId("overview")).toBeVisible();

    await page.goto(`${server.url}/?category=contact-centre&${PERIOD}`);
    await expect(page).toHaveURL(`${server.url}/area/contact-centre?${PERIOD}`);
    await expect(page.getByTestId("category").getByRole("heading", { level: 2 })).toHaveText("Contact centre");
  });
});
