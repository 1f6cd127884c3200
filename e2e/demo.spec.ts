/**
 * Demo data and where the data is, in real Chromium against a real server process:
 * - `tallyline demo` (even with TALLYLINE_DEMO=off) loads the demo: every page shows the "Demo data"
 *   banner, and the API marks it;
 * - a database whose data is older than the last 30 days (the hand-made 1999 call log) opens on the
 *   30 days ending on its last day, says so, shows no banner; a period without data says where the
 *   data is and offers to go there.
 */
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { signIn, startTallyline, type Tallyline, tallyline, tempDataDir } from "./server";

const smallLog = join(import.meta.dirname, "../packages/report-defs/test/fixtures/calls-small.tsv");

test.describe("tallyline demo", () => {
  let server: Tallyline;
  test.beforeAll(async () => {
    server = await startTallyline(tempDataDir(), { TALLYLINE_DEMO: "off" }, { command: "demo" });
  });
  test.afterAll(async () => server?.stop());

  test("shows the Demo data banner on every page, as the API marks the data", async ({ page }, info) => {
    await signIn(page, server);
    const list = await (await page.request.get(`${server.url}/api/v1/platform/report/list`)).json();
    expect(list).toMatchObject({ demo: true, notice: expect.stringContaining("Demo data") });

    await page.goto(server.url);
    const banner = page.getByTestId("demo-banner");
    await expect(banner).toBeVisible();
    await expect(banner).toContainText("Demo data");
    await expect(banner).toContainText("pnpm tallyline ingest");
    await expect(banner).toContainText("pnpm tallyline demo remove");
    // The demo ends today: the dashboard stays on the last 30 days.
    await expect(page.getByTestId("kpi-calls.offered").getByTestId("kpi-value")).toHaveAttribute(
      "data-value",
      /^[1-9]/,
    );
    await expect(page.getByTestId("period-moved")).toHaveCount(0);
    await page.screenshot({ path: info.outputPath("demo-banner.png") });

    await page.goto(`${server.url}/no-such-page`);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
    await expect(page.getByTestId("demo-banner")).toBeVisible();
  });
});

test.describe("data older than the last 30 days", () => {
  let server: Tallyline;
  test.beforeAll(async () => {
    const dataDir = tempDataDir();
    // 13 calls from 1999-01-28 to 1999-02-04 (UTC).
    await tallyline(["ingest", smallLog, "--db", join(dataDir, "tallyline.duckdb")]);
    server = await startTallyline(dataDir);
  });
  test.afterAll(async () => server?.stop());

  test("opens on the 30 days ending on the last day with data, without the demo", async ({ page }, info) => {
    await signIn(page, server);
    await page.goto(server.url);
    await expect(page.getByTestId("period-moved")).toContainText(
      "showing the 30 days up to 1999-02-04, the last day with data. The data runs from 1999-01-28 to 1999-02-04.",
    );
    await expect(page.getByTestId("period")).toContainText("1999-01-06 to 1999-02-04");
    await expect(page.getByTestId("kpi-calls.offered").getByTestId("kpi-value")).toHaveAttribute("data-value", "13");
    await expect(page.getByTestId("demo-banner")).toHaveCount(0);
    await page.screenshot({ path: info.outputPath("opens-on-data.png") });
  });

  test("a period without data says where the data is and goes there", async ({ page }) => {
    await signIn(page, server);
    await page.goto(`${server.url}/?from=2026-01-01&to=2026-01-31`);
    await expect(page.getByTestId("period-empty")).toContainText(
      "No data from 2026-01-01 to 2026-01-31. The data runs from 1999-01-28 to 1999-02-04.",
    );
    await page.getByTestId("show-latest-data").click();
    await expect(page).toHaveURL(/from=1999-01-06&to=1999-02-04/);
    await expect(page.getByTestId("kpi-calls.offered").getByTestId("kpi-value")).toHaveAttribute("data-value", "13");
    await expect(page.getByTestId("period-empty")).toHaveCount(0);
  });
});
