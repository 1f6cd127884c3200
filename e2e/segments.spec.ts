/**
 * The Segments picker in real Chromium against a real server process over the hand-made call log
 * (packages/report-defs/test/fixtures/calls-small.tsv; counts by hand in
 * packages/report-defs/test/calls.golden.test.ts): 1999-02-01..03 holds 9 calls, 7 of them in queue
 * PS, 1 in NW and 1 in NE.
 */
import { join } from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { browserWrite, signIn, startTallyline, type Tallyline, tallyline, tempDataDir } from "./server";

const smallLog = join(import.meta.dirname, "../packages/report-defs/test/fixtures/calls-small.tsv");
const offered = (page: Page) => page.getByTestId("kpi-calls.offered").getByTestId("kpi-value");

test.describe("segments", () => {
  let server: Tallyline;
  test.beforeAll(async () => {
    const dataDir = tempDataDir();
    await tallyline(["ingest", smallLog, "--db", join(dataDir, "tallyline.duckdb")]);
    server = await startTallyline(dataDir);
  });
  test.afterAll(async () => server?.stop());

  test("a segment made through the API, picked in the header, filters every KPI to the hand count", async ({
    page,
  }, info) => {
    const csp: string[] = [];
    page.on("console", (m) => {
      if (/Content Security Policy/i.test(m.text())) csp.push(m.text());
    });
    await signIn(page, server);
    const made = await page.request.post(`${server.url}/api/v1/segments`, {
      data: { name: "Queue PS", filters: { queue: ["PS"] } },
      headers: browserWrite(server),
    });
    expect(made.status()).toBe(201);
    const { id } = (await made.json()) as { id: string };
    await page.goto(`${server.url}/area/operations?from=1999-02-01&to=1999-02-03`);
    await expect(offered(page)).toHaveAttribute("data-value", "9");
    await page.getByTestId("segment-select").click();
    await page.getByRole("option", { name: "Queue PS" }).click();
    await expect(page).toHaveURL(new RegExp(`segment=${id}`));
    await expect(offered(page)).toHaveAttribute("data-value", "7");
    await expect(page.getByTestId("segment-select")).toContainText("Queue PS");
    await page.screenshot({ path: info.outputPath("segment-picked.png") });
    // The choice stays in the URL: a reload keeps it; "All data" goes back to 9.
    await page.reload();
    await expect(offered(page)).toHaveAttribute("data-value", "7");
    await page.getByTestId("segment-select").click();
    await page.getByRole("option", { name: "All data" }).click();
    await expect(offered(page)).toHaveAttribute("data-value", "9");
    await expect(page).not.toHaveURL(/segment=/);
    expect(csp).toEqual([]);
  });

  test("a report that cannot take the segment shows the API's message in its tile", async ({ page }) => {
    await signIn(page, server);
    const made = await page.request.post(`${server.url}/api/v1/segments`, {
      data: { name: "Chat only", filters: { channel: ["chat"] } },
      headers: browserWrite(server),
    });
    const { id } = (await made.json()) as { id: string };
    await page.goto(`${server.url}/area/operations?from=1999-02-01&to=1999-02-03&segment=${id}`);
    await expect(page.getByTestId("kpi-error-calls.offered")).toContainText("which report calls.offered cannot take");
  });

  test("the dialog saves filters as a segment, renames it and deletes it", async ({ page }) => {
    await signIn(page, server);
    await page.goto(`${server.url}/area/operations?from=1999-02-01&to=1999-02-03`);
    await expect(offered(page)).toHaveAttribute("data-value", "9");
    await page.getByTestId("segment-manage").click();
    await page.getByTestId("segment-new-name").fill("Small queues");
    await page.getByTestId("segment-filter-queue").fill("NW, NE");
    await page.getByTestId("segment-save").click();
    await expect(page).toHaveURL(/segment=/);
    await expect(offered(page)).toHaveAttribute("data-value", "2");
    await page.getByTestId("segment-manage").click();
    await page.getByTestId("segment-rename-name").fill("NW and NE");
    await page.getByTestId("segment-rename").click();
    await expect(page.getByTestId("segment-select")).toContainText("NW and NE");
    await page.getByTestId("segment-manage").click();
    await page.getByTestId("segment-delete").click();
    await expect(page).not.toHaveURL(/segment=/);
    await expect(offered(page)).toHaveAttribute("data-value", "9");
    const list = await page.request.get(`${server.url}/api/v1/segments`);
    expect(((await list.json()) as { items: { name: string }[] }).items.map((s) => s.name)).not.toContain("NW and NE");
  });
});
