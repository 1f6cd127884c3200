/**
 * The Imports page in real Chromium against a real server process: an admin reaches it from the nav
 * link, uploads a small call log, sees the progress end and the import in the history, and deletes
 * it through the confirmation dialog.
 */
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { signIn, startTallyline, type Tallyline, tempDataDir } from "./server";

const callLog = join(import.meta.dirname, "../packages/report-defs/test/fixtures/calls-small.tsv");

test.describe("imports page", () => {
  let server: Tallyline;
  test.beforeAll(async () => {
    server = await startTallyline(tempDataDir(), { TALLYLINE_DEMO: "off" });
  });
  test.afterAll(async () => server?.stop());

  test("upload a file, see it in the history, delete it", async ({ page }, info) => {
    const violations: string[] = [];
    page.on("console", (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    await signIn(page, server);
    await page.goto(`${server.url}/`);
    await page.getByTestId("nav-imports").click();
    await expect(page).toHaveURL(`${server.url}/imports`);
    await page.getByTestId("import-file").setInputFiles(callLog);
    await page.getByTestId("import-timezone").fill("UTC");
    await page.getByTestId("import-upload").click();
    await expect(page.getByTestId("import-progress")).toContainText("imported");
    const row = page.getByTestId("import-row").filter({ hasText: "calls-small.tsv" });
    await expect(row).toHaveCount(1);
    await expect(row.getByTestId("import-status")).toHaveText("imported");
    // 13 calls and their agents and campaigns: the rows column counts every table.
    await expect(row).toContainText("anonbank");
    await expect(row).toContainText("1999-01-28 to 1999-02-04");
    await page.screenshot({ path: info.outputPath("imports.png") });

    await row.getByTestId("import-delete").click();
    await expect(page.getByTestId("import-delete-dialog")).toBeVisible();
    await page.getByTestId("import-delete-confirm").click();
    await expect(page.getByTestId("import-row").filter({ hasText: "calls-small.tsv" })).toHaveCount(0);
    expect(violations).toEqual([]);
  });
});
