/**
 * The download menu in real Chromium against a real server over the hand-made 1999 call log
 * (packages/report-defs/test/fixtures/calls-small.tsv: 13 calls from 1999-01-28 to 1999-02-04 UTC,
 * 11 of them of type PS, none in the 8 days before; counted by hand from the file, as in
 * drill.spec.ts): the KPI card's CSV and the ranking's CSV for Excel hold those figures, the XLSX
 * is a workbook named after the report and period, and a failed export shows the error notice.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { categorySlug } from "../apps/web/src/lib/categories";
import { signIn, startTallyline, type Tallyline, tallyline, tempDataDir } from "./server";

const smallLog = join(import.meta.dirname, "../packages/report-defs/test/fixtures/calls-small.tsv");
const PERIOD = "from=1999-01-28&to=1999-02-04";

/** Opens a report's download menu, picks an entry, and returns the download's name and bytes. */
async function download(page: Page, reportId: string, item: string) {
  await page.getByTestId(`download-menu-${reportId}`).click();
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByTestId(`download-${item}`).click()]);
  const path = await file.path();
  return { name: file.suggestedFilename(), bytes: await readFile(path) };
}

test.describe("report downloads", () => {
  let server: Tallyline;
  test.beforeAll(async () => {
    const dataDir = tempDataDir();
    await tallyline(["ingest", smallLog, "--db", join(dataDir, "tallyline.duckdb")]);
    server = await startTallyline(dataDir, { TALLYLINE_DEMO: "off", TALLYLINE_TIMEZONE: "UTC" });
  });
  test.afterAll(async () => server?.stop());

  test("a KPI card's menu downloads its CSV and XLSX", async ({ page }, info) => {
    await signIn(page, server);
    await page.goto(`${server.url}/area/operations?${PERIOD}`);
    const card = page.getByTestId("kpi-calls.offered");
    await expect(card.getByTestId("kpi-value")).toHaveAttribute("data-value", "13");
    await card.getByTestId("download-menu-calls.offered").click();
    const items = page.getByTestId("download-items-calls.offered").getByRole("menuitem");
    await expect(items).toHaveText([/^CSV/, /^CSV for Excel/, /^XLSX/, /^JSON/]);
    await page.screenshot({ path: info.outputPath("download-menu-1280.png") });
    await page.keyboard.press("Escape");

    const csv = await download(page, "calls.offered", "csv");
    expect(csv.name).toBe("calls.offered_1999-01-28_1999-02-04.csv");
    const lines = csv.bytes.toString("utf8").split("\r\n");
    expect(lines[0]).toBe(
      'Date,Calls offered,"Calls offered, previous period","Calls offered, change","Calls offered, relative change (%)"',
    );
    // 8 days, then the Total: 13 calls, none the 8 days before, so no relative change.
    expect(lines[1]).toBe("1999-01-28,1,,,");
    expect(lines[9]).toBe("Total,13,0,13,");
    expect(csv.bytes[0]).not.toBe(0xef);

    const xlsx = await download(page, "calls.offered", "xlsx");
    expect(xlsx.name).toBe("calls.offered_1999-01-28_1999-02-04.xlsx");
    expect(xlsx.bytes.subarray(0, 2).toString("latin1")).toBe("PK");
  });

  test("a ranking's CSV for Excel starts with the BOM and holds the queues", async ({ page }) => {
    await signIn(page, server);
    await page.goto(`${server.url}/?${PERIOD}&category=${categorySlug("Calls")}`);
    await expect(page.getByTestId("report-calls.by_queue")).toBeVisible();
    const csv = await download(page, "calls.by_queue", "csv-excel");
    expect(csv.name).toBe("calls.by_queue_1999-01-28_1999-02-04.csv");
    expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = csv.bytes.subarray(3).toString("utf8").split("\r\n");
    expect(lines[0]).toBe(
      'Queue,Queue id,Calls offered,Share (%),"Calls offered, previous period","Calls offered, change"',
    );
    // PS: 11 of 13 calls.
    expect(lines[1]?.split(",").slice(0, 3)).toEqual(["PS", "PS", "11"]);
    expect(Number(lines[1]?.split(",")[3])).toBeCloseTo((100 * 11) / 13, 10);
    expect(lines.find((l) => l.startsWith("Total,"))).toBe("Total,,13,100,0,13");
  });

  test("a failed download shows the error notice with the API's message", async ({ page }) => {
    await signIn(page, server);
    await page.route("**/api/v1/report/calls.offered/export?**", (route) =>
      route.fulfill({
        status: 503,
        contentType: "application/json",
        body: JSON.stringify({ error: { code: "busy", message: "Too many reports wait; retry.", requestId: "r-1" } }),
      }),
    );
    await page.goto(`${server.url}/area/operations?${PERIOD}`);
    await page.getByTestId("download-menu-calls.offered").click();
    await page.getByTestId("download-json").click();
    const notice = page.getByTestId("download-calls.offered").getByRole("alert");
    await expect(notice).toContainText("Could not load the JSON of Calls offered");
    await expect(notice.getByTestId("error-message")).toHaveText("Too many reports wait; retry.");
  });
});
