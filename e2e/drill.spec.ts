/**
 * Drill-down in real Chromium against a real server process over the hand-made 1999 call log
 * (packages/report-defs/test/fixtures/calls-small.tsv, 13 calls from 1999-01-28 to 1999-02-04 UTC;
 * on 1999-02-01 five calls: AA0101 ids 1-4 and AA0103 id 1, counted by hand from the file):
 * clicking the Calls offered value opens the panel whose total equals the value, and clicking the
 * bar of 1999-02-01 lists that day's five calls; the PS row of Calls by queue (11 calls) and the
 * Thursday 10:00 cell of the weekday x hour heatmap (2 calls) list theirs.
 */
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { categorySlug } from "../apps/web/src/lib/categories";
import { signIn, startTallyline, type Tallyline, tallyline, tempDataDir } from "./server";

const smallLog = join(import.meta.dirname, "../packages/report-defs/test/fixtures/calls-small.tsv");
const PERIOD = "from=1999-01-28&to=1999-02-04";

test.describe("drill-down", () => {
  let server: Tallyline;
  test.beforeAll(async () => {
    const dataDir = tempDataDir();
    await tallyline(["ingest", smallLog, "--db", join(dataDir, "tallyline.duckdb")]);
    server = await startTallyline(dataDir, { TALLYLINE_DEMO: "off", TALLYLINE_TIMEZONE: "UTC" });
  });
  test.afterAll(async () => server?.stop());

  test("a KPI value opens the records behind it, as many as the value", async ({ page }, info) => {
    await signIn(page, server);
    await page.goto(`${server.url}/area/operations?${PERIOD}`);
    const card = page.getByTestId("kpi-calls.offered");
    await expect(card.getByTestId("kpi-value")).toHaveAttribute("data-value", "13");
    await card.getByTestId("kpi-drill").click();
    const panel = page.getByTestId("records-panel");
    await expect(panel).toBeVisible();
    await expect(panel.getByRole("heading", { name: "Calls offered" })).toBeVisible();
    await expect(panel.getByTestId("records-total")).toHaveAttribute("data-value", "13");
    await expect(panel.getByTestId("records-total")).toHaveText("13 calls");
    await expect(panel.getByTestId("record-row")).toHaveCount(13);
    // Oldest first: call 12 of 1999-01-28 10:00 UTC, handled by ALICE; durations as s / m s.
    const first = panel.getByTestId("record-row").first();
    await expect(first).toContainText("1999-01-28 10:00:00");
    await expect(first).toContainText("ALICE");
    await expect(panel.getByTestId("records-more")).toHaveCount(0);
    await page.screenshot({ path: info.outputPath("drill-kpi-1280.png") });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: info.outputPath("drill-kpi-390.png") });
    await page.keyboard.press("Escape");
    await expect(panel).toHaveCount(0);
  });

  test("a day of the daily chart opens that day's records", async ({ page }, info) => {
    await signIn(page, server);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${server.url}/area/operations?${PERIOD}&report=calls.offered`);
    const chart = page.getByTestId("daily-chart");
    await expect(chart).toHaveAttribute("data-clickable", "true");
    // The bars are the accent-filled paths; the tallest is 1999-02-01 (5 calls; every other day 0-4).
    await chart.scrollIntoViewIfNeeded();
    const bars = chart.locator('path[fill="#2563eb"]');
    await expect(bars.first()).toBeVisible();
    const boxes = await Promise.all((await bars.all()).map((bar) => bar.boundingBox()));
    const heights = boxes.map((box) => box?.height ?? 0);
    const tallest = heights.indexOf(Math.max(...heights));
    const box = boxes[tallest];
    if (!box) throw new Error("no bar found");
    await page.screenshot({ path: info.outputPath("drill-chart-1280.png") });
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    const panel = page.getByTestId("records-panel");
    await expect(panel).toBeVisible();
    await expect(panel).toContainText("1999-02-01");
    await expect(panel.getByTestId("records-total")).toHaveAttribute("data-value", "5");
    await expect(panel.getByTestId("records-total")).toHaveText("5 calls");
    const rows = panel.getByTestId("record-row");
    await expect(rows).toHaveCount(5);
    for (const row of await rows.all()) await expect(row).toContainText("1999-02-01");
    await page.screenshot({ path: info.outputPath("drill-day-1280.png") });
  });

  test("a ranking row and a heatmap cell open as many records as they count; reports without records have no click", async ({
    page,
  }, info) => {
    await signIn(page, server);
    const list = await (await page.request.get(`${server.url}/api/v1/platform/report/list`)).json();
    type Item = {
      id: string;
      name: string;
      shape: string;
      category: string;
      records: { kind: string | null }[];
    };
    const items = list.items as Item[];
    // Calls by queue: a counting ranking over calls.
    const ranking = items.find((i) => i.name === "Calls by queue");
    expect(ranking?.shape).toBe("ranking");
    expect(ranking?.records[0]?.kind).toBe("call");
    if (!ranking) throw new Error("no counting ranking over calls in the catalogue");
    await page.goto(`${server.url}/?${PERIOD}&category=${categorySlug(ranking.category)}`);
    const report = page.getByTestId(`report-${ranking.id}`);
    const row = report.getByTestId("ranking-row").first();
    const value = await row.locator("td.tl-ranking__value").getAttribute("data-value");
    expect(Number(value)).toBeGreaterThan(0);
    // Hand-counted from the file: 11 of the 13 calls are of type PS, the largest queue.
    await expect(row).toHaveAttribute("data-key", "PS");
    expect(value).toBe("11");
    await row.getByTestId("ranking-drill").click();
    const panel = page.getByTestId("records-panel");
    await expect(panel.getByTestId("records-total")).toHaveAttribute("data-value", value ?? "");
    await expect(panel.getByTestId("record-row")).toHaveCount(Number(value));
    await page.screenshot({ path: info.outputPath("drill-ranking-1280.png") });
    await page.keyboard.press("Escape");
    await expect(panel).toHaveCount(0);

    // A heatmap cell: Thursday 10:00-11:00 UTC holds 2 calls (1999-01-28 and 1999-02-04, hand-counted).
    const heatmap = items.find((i) => i.name === "Calls offered by weekday and hour");
    expect(heatmap?.shape).toBe("heatmap");
    const cell = page.getByTestId(`report-${heatmap?.id}`).locator('tr[data-weekday="4"] td.tl-heatmap__cell').nth(10);
    await expect(cell).toHaveAttribute("data-value", "2");
    await cell.getByTestId("heatmap-drill").click();
    await expect(panel).toContainText("Thursday 10:00-11:00");
    await expect(panel.getByTestId("records-total")).toHaveAttribute("data-value", "2");
    await expect(panel.getByTestId("record-row")).toHaveCount(2);
    await page.screenshot({ path: info.outputPath("drill-heatmap-1280.png") });
    await page.keyboard.press("Escape");

    // A report whose figures have no records shows plain numbers.
    const without = items.find((i) => i.records.every((r) => r.kind === null) && i.category === ranking.category);
    if (without) {
      const tile = page.getByTestId(without.shape === "kpi" ? `kpi-${without.id}` : `report-${without.id}`);
      await expect(tile).toBeVisible();
      await expect(tile.locator("button.tl-drill, button.tl-kpi__drill")).toHaveCount(0);
    }
  });
});
