/**
 * The Live page (issue 16) in real Chromium against a real server process over the hand-made live
 * fixture (apps/api/test/fixtures/live, imported with `tallyline ingest`; counts worked out by hand
 * in apps/api/test/live.golden.test.ts): reached from the navigation, it shows the four tiles and
 * the campaign x team table with the hand-worked counts, the freshness line with both times, asks
 * the API again every 30 seconds (the page's clock is driven), and has no serious axe violation in
 * light and dark at 1440 and 390 px.
 */
import { join } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { liveFixture } from "../apps/api/test/testutil/live";
import { signIn, startTallyline, type Tallyline, tallyline, tempDataDir } from "./server";

let server: Tallyline;
test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  const dir = tempDataDir();
  await tallyline(["ingest", ...liveFixture, "--db", join(dir, "tallyline.duckdb")], { TALLYLINE_DEMO: "off" });
  server = await startTallyline(dir, { TALLYLINE_DEMO: "off" });
});
test.afterAll(async () => {
  await server?.stop();
});

test("reached from the navigation: tiles, table and freshness as worked out by hand", async ({ page }) => {
  await signIn(page, server);
  await page.goto(`${server.url}/`);
  await page.getByTestId("nav-live").click();
  await expect(page).toHaveURL(/\/live$/);
  await expect(page.getByRole("heading", { level: 1, name: "Live" })).toBeVisible();
  const tile = (key: string) => page.getByTestId(`live-tile-${key}`).getByTestId("live-tile-value");
  await expect(tile("open")).toHaveText("9");
  await expect(tile("unattended")).toHaveText("5");
  await expect(tile("unassigned")).toHaveText("3");
  await expect(tile("pending")).toHaveText("1");
  await expect(page.getByTestId("live-freshness")).toContainText("Data as of 2026-12-01 11:45 UTC, imported ");
  const rows = page.getByTestId("live-row");
  await expect(rows).toHaveCount(6);
  const cells = async (i: number) => (await rows.nth(i).locator("th, td").allInnerTexts()).map((s) => s.trim());
  expect(await cells(0)).toEqual(["App", "First line", "1", "1", "1", "0", "0"]);
  expect(await cells(2)).toEqual(["App", "No team", "1", "1", "1", "0", "0"]);
  expect(await cells(3)).toEqual(["Web shop", "First line", "4", "1", "1", "0", "0"]);
  expect(await cells(4)).toEqual(["Web shop", "Technical", "1", "1", "0", "0", "1"]);
  const totals = (await page.getByTestId("live-totals").locator("th, td").allInnerTexts()).map((s) => s.trim());
  expect(totals).toEqual(["All campaigns and teams", "9", "5", "3", "1", "1"]);
});

test("asks the API again every 30 seconds", async ({ page }) => {
  await page.clock.install();
  await signIn(page, server);
  let calls = 0;
  page.on("request", (r) => {
    if (new URL(r.url()).pathname === "/api/v1/live") calls++;
  });
  await page.goto(`${server.url}/live`);
  await expect(page.getByTestId("live-table")).toBeVisible();
  expect(calls).toBe(1);
  await page.clock.runFor(29_000);
  expect(calls).toBe(1);
  await page.clock.runFor(1_500);
  await expect.poll(() => calls).toBe(2);
  await page.clock.runFor(30_000);
  await expect.poll(() => calls).toBe(3);
  await expect(page.getByTestId("live-tile-open").getByTestId("live-tile-value")).toHaveText("9");
});

for (const scheme of ["light", "dark"] as const) {
  test(`axe: no serious violation, ${scheme}, 1440 and 390 px`, async ({ page }) => {
    await signIn(page, server);
    await page.emulateMedia({ colorScheme: scheme, reducedMotion: "reduce" });
    for (const width of [1440, 390]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${server.url}/live`);
      await expect(page.getByTestId("live-table")).toBeVisible();
      const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
      const serious = results.violations
        .filter((v) => v.impact === "serious" || v.impact === "critical")
        .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
      expect(serious, `${scheme} ${width} px`).toEqual([]);
    }
  });
}
