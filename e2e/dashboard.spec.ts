/**
 * The dashboard in real Chromium against a real server process on 127.0.0.1:
 * - the real anonbank February 1999 log, ingested through the CLI: the six cards equal the API
 *   (signed in as an admin made with `tallyline user add`);
 * - a fresh data folder: the first start prints a setup link, the first admin is created on the
 *   setup page, and the dashboard then shows demo data.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { browserWrite, signIn, startTallyline, type Tallyline, tallyline, tempDataDir } from "./server";

const realFile = join(import.meta.dirname, "../../shared/data/real/anonbank-feb1999/data_anonymous_bank_february.txt");
const KPIS = ["calls.offered", "calls.answered", "calls.abandoned", "calls.abandonment_rate", "calls.asa", "calls.aht"];

/** Every card's raw value, as the page renders it in data-value. */
async function cardValues(page: Page): Promise<Record<string, number | null>> {
  const out: Record<string, number | null> = {};
  for (const id of KPIS) {
    const v = page.getByTestId(`kpi-${id}`).getByTestId("kpi-value");
    await expect(v).toHaveAttribute("data-value", /.*/);
    const raw = await v.getAttribute("data-value");
    out[id] = raw === null || raw === "" ? null : Number(raw);
  }
  return out;
}

/** The six values from the API, asked with the page's own session (as the dashboard asks). */
async function apiValues(page: Page, server: Tallyline, body: object): Promise<Record<string, number | null>> {
  const out: Record<string, number | null> = {};
  for (const id of KPIS) {
    const res = await page.request.post(`${server.url}/api/v1/report/${id}/fetch`, {
      data: body,
      headers: browserWrite(server),
    });
    expect(res.status()).toBe(200);
    out[id] = (await res.json()).value;
  }
  return out;
}

test.describe("real anonbank log", () => {
  test.skip(!existsSync(realFile), `SKIPPED: needs ${realFile} (../shared/data/real is absent)`);
  let server: Tallyline;
  test.beforeAll(async () => {
    const dataDir = tempDataDir();
    await tallyline(["ingest", realFile, "--db", join(dataDir, "tallyline.duckdb")]);
    server = await startTallyline(dataDir, { TALLYLINE_DEMO: "off" });
  });
  test.afterAll(async () => server?.stop());

  test("cards on February 1999 equal the API", async ({ page }, info) => {
    await signIn(page, server);
    await page.goto(`${server.url}/area/operations?from=1999-02-01&to=1999-02-28`);
    const shown = await cardValues(page);
    const api = await apiValues(page, server, { from: "1999-02-01", to: "1999-02-28" });
    expect(shown).toEqual(api);
    expect(shown["calls.offered"]).toBe(33344);
    await expect(page.getByTestId("kpi-calls.offered").getByTestId("kpi-value")).toHaveText("33,344");
    await page.screenshot({ path: info.outputPath("dashboard-feb-1999.png"), fullPage: true });
  });

  test("the period picker changes the period and the URL", async ({ page }) => {
    await signIn(page, server);
    await page.goto(`${server.url}/area/operations?from=1999-02-01&to=1999-02-28`);
    await page.getByTestId("from").fill("1999-02-01");
    await page.getByTestId("to").fill("1999-02-01");
    await page.getByTestId("apply").click();
    await expect(page).toHaveURL(/from=1999-02-01&to=1999-02-01/);
    await expect(page.getByTestId("kpi-calls.offered").getByTestId("kpi-value")).toHaveAttribute("data-value", "1567");
  });
});

test.describe("first start on an empty data folder", () => {
  let server: Tallyline;
  test.beforeAll(async () => {
    server = await startTallyline(tempDataDir(), {}, { admin: false });
  });
  test.afterAll(async () => server?.stop());

  test("the setup link creates the first admin, then the dashboard shows demo data: six filled cards and a chart", async ({
    page,
  }, info) => {
    const link = new RegExp(`at (${server.url}/setup#token=[A-Za-z0-9_-]{43}) `).exec(server.output())?.[1];
    expect(link).toBeDefined();
    await page.goto(link ?? "");
    await page.getByTestId("email").fill("first@example.com");
    await page.getByTestId("password").fill("first admin password");
    await page.getByTestId("again").fill("first admin password");
    await page.getByTestId("create-admin").click();
    await expect(page).toHaveURL(`${server.url}/`);
    await expect(page.getByTestId("signed-in-as")).toHaveText("first@example.com");
    // The landing page is the Overview; the call area's page has the six cards and the chart.
    await expect(page.getByTestId("overview")).toBeVisible();
    await page.getByTestId("open-operations").click();
    await expect(page).toHaveURL(`${server.url}/area/operations`);
    const shown = await cardValues(page);
    expect(shown).toEqual(await apiValues(page, server, { periodDays: 30 }));
    for (const id of KPIS) expect(shown[id]).toBeGreaterThan(0);
    await expect(page.getByTestId("daily-chart").locator("svg").first()).toBeVisible();
    expect(await page.getByTestId("daily-chart").locator("svg path").count()).toBeGreaterThan(30);
    await page.screenshot({ path: info.outputPath("dashboard-demo.png"), fullPage: true });
  });
});
