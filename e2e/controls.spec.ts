/**
 * The dashboard's view controls (issue 13) in real Chromium against a real server process over the
 * hand-made call log (packages/report-defs/test/fixtures/calls-small.tsv; counts by hand in
 * packages/report-defs/test/calls.golden.test.ts and apps/api/test/v1_report_fetch.happy.test.ts):
 * 1999-02-01..03 holds 9 calls offered, 7 of them in queue PS; in Asia/Jerusalem (UTC+2) the same
 * 9 and 7 (call #8, 23:59:50 UTC on 02-02, moves to 02-03, still inside the window).
 *
 * Every control is set through the page, the page reloaded, and the same view must come back (URL,
 * controls, figures); the figures equal the API's for the same body, fetched with the page's cookies.
 */
import { join } from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { browserWrite, signIn, startTallyline, type Tallyline, tallyline, tempDataDir } from "./server";

const smallLog = join(import.meta.dirname, "../packages/report-defs/test/fixtures/calls-small.tsv");
const KPIS = ["calls.offered", "calls.answered", "calls.abandoned", "calls.asa"];
const value = (page: Page, id: string) => page.getByTestId(`kpi-${id}`).getByTestId("kpi-value");

/** Every card's raw value (data-value), once drawn. */
async function cardValues(page: Page): Promise<Record<string, string | null>> {
  const out: Record<string, string | null> = {};
  for (const id of KPIS) {
    await expect(value(page, id)).toHaveAttribute("data-value", /.*/);
    out[id] = await value(page, id).getAttribute("data-value");
  }
  return out;
}

/** The API's values for `body`, asked with the page's session, written as the cards write data-value. */
async function apiValues(page: Page, server: Tallyline, body: object): Promise<Record<string, string | null>> {
  const out: Record<string, string | null> = {};
  for (const id of KPIS) {
    const res = await page.request.post(`${server.url}/api/v1/report/${id}/fetch`, {
      data: body,
      headers: browserWrite(server),
    });
    expect(res.status(), id).toBe(200);
    const v = (await res.json()).value as number | null;
    out[id] = v === null ? "" : String(v);
  }
  return out;
}

let server: Tallyline;
test.beforeAll(async () => {
  const dataDir = tempDataDir();
  await tallyline(["ingest", smallLog, "--db", join(dataDir, "tallyline.duckdb")]);
  server = await startTallyline(dataDir);
});
test.afterAll(async () => server?.stop());

test("every control round-trips through the URL, and the figures equal the API's for the same body", async ({
  page,
}, info) => {
  await signIn(page, server);
  await page.goto(`${server.url}/area/operations?from=1999-02-01&to=1999-02-03`);
  await expect(value(page, "calls.offered")).toHaveAttribute("data-value", "9");

  // Period preset: stays relative in the URL.
  await page.getByTestId("period-select").click();
  await page.getByRole("option", { name: "Last 7 days" }).click();
  await expect(page).toHaveURL(/[?&]period=last-7-days(&|$)/);
  expect(page.url()).not.toMatch(/from=/);

  // Custom range.
  await page.getByTestId("from").fill("1999-02-01");
  await page.getByTestId("to").fill("1999-02-03");
  await page.getByTestId("apply").click();
  await expect(page).toHaveURL(/from=1999-02-01&to=1999-02-03/);
  expect(page.url()).not.toMatch(/period=/);
  await expect(value(page, "calls.offered")).toHaveAttribute("data-value", "9");

  // Grain: the automatic one is marked; choose weeks.
  await expect(page.getByTestId("grain-select")).toHaveText(/Automatic \(day\)/);
  await page.getByTestId("grain-select").click();
  await page.getByRole("option", { name: /^Week/ }).click();
  await expect(page).toHaveURL(/grain=week/);
  await expect(page.locator("#chart-title")).toHaveText("Calls offered per week");

  // Compare off.
  await expect(page.getByTestId("period")).toContainText("compared with");
  await page.getByText("Compare with previous period").click();
  await expect(page).toHaveURL(/compare=off/);
  await expect(page.getByTestId("period")).not.toContainText("compared with");

  // Time zone, searched in the IANA list.
  await page.getByTestId("timezone-input").fill("Jerusalem");
  await page.getByRole("option", { name: "Asia/Jerusalem" }).click();
  await expect(page).toHaveURL(/tz=Asia%2FJerusalem/);

  // A filter, its value picked from the data's; it narrows the figures.
  await page.getByTestId("add-filter").click();
  await page.getByTestId("filter-name").click();
  await page.getByRole("option", { name: "Queue" }).click();
  await page.getByTestId("filter-value-input").click();
  await page.getByTestId("filter-value-input").fill("P");
  await page.getByRole("option", { name: /^PS/ }).click();
  await expect(page).toHaveURL(/queue=PS/);
  await expect(page.getByTestId("filter-chip")).toHaveAttribute("data-value", "PS");
  await expect(value(page, "calls.offered")).toHaveAttribute("data-value", "7");

  const url = page.url();
  const before = await cardValues(page);
  const body = {
    from: "1999-02-01",
    to: "1999-02-03",
    timezone: "Asia/Jerusalem",
    grain: "week",
    compare: "none",
    filters: { queue: ["PS"] },
  };
  expect(before).toEqual(await apiValues(page, server, body));
  await page.screenshot({ path: info.outputPath("controls-set.png"), fullPage: true });

  // Reload: the same view.
  await page.reload();
  expect(page.url()).toBe(url);
  expect(await cardValues(page)).toEqual(before);
  await expect(page.getByTestId("grain-select")).toHaveText(/Week/);
  await expect(page.getByRole("switch", { name: "Compare with previous period" })).not.toBeChecked();
  await expect(page.getByTestId("timezone-input")).toHaveValue("Asia/Jerusalem");
  await expect(page.getByTestId("filter-chip")).toHaveAttribute("data-value", "PS");
  await expect(page.getByTestId("period")).not.toContainText("compared with");
  await expect(page.getByTestId("from")).toHaveValue("1999-02-01");

  // Removing the chip widens the figures back.
  await page.getByRole("button", { name: "Remove filter Queue: PS" }).click();
  await expect(value(page, "calls.offered")).toHaveAttribute("data-value", "9");
  expect(page.url()).not.toMatch(/queue=/);
});

test("a preset link stays relative and shows the API's figures for periodDays", async ({ page }) => {
  await signIn(page, server);
  await page.goto(`${server.url}/area/operations?period=last-30-days`);
  await expect(page.getByTestId("period")).toContainText("last 30 days");
  await expect(page).toHaveURL(/\?period=last-30-days$/);
  expect(await cardValues(page)).toEqual(await apiValues(page, server, { periodDays: 30, grain: "day" }));
  await expect(page.getByTestId("period-select")).toHaveText(/Last 30 days/);
});

test("a filter on the URL (as drill-down adds it) narrows every card to the hand count", async ({ page }) => {
  await signIn(page, server);
  await page.goto(`${server.url}/area/operations?from=1999-02-01&to=1999-02-03&queue=NW&queue=NE`);
  await expect(value(page, "calls.offered")).toHaveAttribute("data-value", "2");
  await expect(page.getByTestId("filter-chip")).toHaveCount(2);
  expect(await cardValues(page)).toEqual(
    await apiValues(page, server, {
      from: "1999-02-01",
      to: "1999-02-03",
      grain: "day",
      filters: { queue: ["NW", "NE"] },
    }),
  );
});

test("at 360 px the options fold behind one button and nothing scrolls sideways", async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 800 });
  await signIn(page, server);
  await page.goto(`${server.url}/area/operations?from=1999-02-01&to=1999-02-03`);
  await expect(value(page, "calls.offered")).toHaveAttribute("data-value", "9");
  await expect(page.getByTestId("grain-select")).toBeHidden();
  const fold = page.getByTestId("view-options-toggle");
  await expect(fold).toHaveAttribute("aria-expanded", "false");
  await fold.click();
  await expect(fold).toHaveAttribute("aria-expanded", "true");
  await expect(page.getByTestId("grain-select")).toBeVisible();
  const sideways = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(sideways).toBe(0);
});

test("auto-refresh (a wall screen) round-trips through the URL and reloads the figures on its beat", async ({
  page,
}) => {
  await page.clock.install();
  await signIn(page, server);
  await page.goto(`${server.url}/area/operations?from=1999-02-01&to=1999-02-03`);
  await expect(value(page, "calls.offered")).toHaveAttribute("data-value", "9");
  await expect(page.getByTestId("refresh-note")).toHaveCount(0);
  await page.getByTestId("refresh-select").click();
  await page.getByTestId("refresh-option-5").click();
  await expect(page).toHaveURL(/refresh=5/);
  await page.reload();
  await expect(page.getByTestId("refresh-select")).toHaveText(/Every 5 min/);
  await expect(page.getByTestId("refresh-note")).toHaveText("Reloads every 5 min");
  await expect(value(page, "calls.offered")).toHaveAttribute("data-value", "9");
  // Nothing is fetched before the beat; after five minutes every card asks the API again.
  const fetched: string[] = [];
  page.on("request", (r) => {
    if (r.url().includes("/fetch")) fetched.push(r.url());
  });
  await page.clock.runFor(4 * 60_000);
  expect(fetched).toHaveLength(0);
  await page.clock.runFor(60_000 + 1_000);
  await expect.poll(() => fetched.some((u) => u.includes("calls.offered"))).toBe(true);
  await expect(page.getByTestId("refresh-note")).toContainText("· last");
  await expect(value(page, "calls.offered")).toHaveAttribute("data-value", "9");
});
