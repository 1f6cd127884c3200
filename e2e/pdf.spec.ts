/**
 * "Download PDF" in real Chromium against a real server process (which prints with its own
 * Chromium) over the hand-made 1999 call log: a signed-in user's click saves a PDF of the page as
 * shown (its period pinned), printed through the user's own session (the print grant is bound to it).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { signIn, startTallyline, type Tallyline, tallyline, tempDataDir } from "./server";

const smallLog = join(import.meta.dirname, "../packages/report-defs/test/fixtures/calls-small.tsv");

test.describe("Download PDF", () => {
  let server: Tallyline;
  test.beforeAll(async () => {
    const dataDir = tempDataDir();
    await tallyline(["ingest", smallLog, "--db", join(dataDir, "tallyline.duckdb")]);
    server = await startTallyline(dataDir, { TALLYLINE_DEMO: "off", TALLYLINE_TIMEZONE: "UTC" });
  });
  test.afterAll(async () => server?.stop());

  test("saves the page as shown as a PDF file", async ({ page }) => {
    test.setTimeout(90_000);
    await signIn(page, server);
    await page.goto(`${server.url}/area/operations?from=1999-02-01&to=1999-02-03`);
    await expect(page.getByTestId("kpi-calls.offered").getByTestId("kpi-value")).toHaveAttribute("data-value", "9");
    // The page says when every report has drawn (what the printer waits for).
    await expect(page.locator(".tl-app[data-ready]")).toHaveCount(1);
    const button = page.getByTestId("download-pdf");
    await expect(button).toHaveText("Download PDF");
    const download = page.waitForEvent("download", { timeout: 60_000 });
    await button.click();
    const file = await download;
    expect(file.suggestedFilename()).toBe("tallyline-operations-1999-02-01-to-1999-02-03.pdf");
    const pdf = readFileSync(await file.path());
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    await expect(button).toHaveText("Download PDF");
    await expect(page.getByTestId("pdf-error")).toHaveCount(0);
  });
});
