/**
 * Public links in real Chromium against real server processes:
 * - share the Operations page of the hand-made 1999 call log (13 calls offered from 1999-01-28 to
 *   1999-02-04, counted by hand from packages/report-defs/test/fixtures/calls-small.tsv), open the
 *   link in a fresh context without a session, see the dashboard's numbers, revoke it on the Links
 *   page, and see the "not available" page;
 * - over generated data full of planted personal data (apps/api/test/testutil/canaries.ts), open
 *   links to every report and scan every byte of every response the public pages load (HTML, JS,
 *   CSS, JSON): 0 canaries;
 * - an agent named `<img src=x onerror=alert(1)>` shows as text on the public page, in the
 *   chart tooltip and in a KPI's drill-down by agent: no dialog, no element made from it.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type APIRequestContext, expect, type Page, test } from "@playwright/test";
import { CANARY, INJECTED_NAME, LEAK_QUERY, prepareLeakDatabase } from "../apps/api/test/testutil/canaries";
import { browserWrite, signIn, startTallyline, type Tallyline, tallyline, tempDataDir } from "./server";

const smallLog = join(import.meta.dirname, "../packages/report-defs/test/fixtures/calls-small.tsv");
const PERIOD = "from=1999-01-28&to=1999-02-04";

/** Makes a link through the API as the signed-in admin of `page`; returns its URL. */
async function makeLink(request: APIRequestContext, server: Tallyline, body: Record<string, unknown>): Promise<string> {
  const res = await request.post(`${server.url}/api/v1/links`, {
    data: { label: "e2e", mode: "snapshot", ...body },
    headers: browserWrite(server),
  });
  if (res.status() !== 201) throw new Error(`link not made: ${res.status()} ${await res.text()}`);
  return `${server.url}${((await res.json()) as { path: string }).path}`;
}

test.describe("share, open without a session, revoke", () => {
  let server: Tallyline;
  test.beforeAll(async () => {
    const dataDir = tempDataDir();
    await tallyline(["ingest", smallLog, "--db", join(dataDir, "tallyline.duckdb")]);
    server = await startTallyline(dataDir, { TALLYLINE_DEMO: "off", TALLYLINE_TIMEZONE: "UTC" });
  });
  test.afterAll(async () => server?.stop());

  test("the public page shows the dashboard's numbers until the link is revoked", async ({ page, browser }, info) => {
    await signIn(page, server);
    await page.goto(`${server.url}/area/operations?${PERIOD}`);
    const value = page.getByTestId("kpi-calls.offered").getByTestId("kpi-value");
    await expect(value).toHaveAttribute("data-value", "13");
    const asa = await page.getByTestId("kpi-calls.asa").getByTestId("kpi-value").getAttribute("data-value");
    await page.getByTestId("share-page").click();
    const dialog = page.getByTestId("share-dialog");
    await dialog.getByTestId("share-label").fill("For the board");
    await dialog.getByTestId("share-create").click();
    const url = (await dialog.getByTestId("share-url").textContent())?.trim() ?? "";
    expect(url).toMatch(/\/r\/[A-Za-z0-9_-]{43}$/);
    await dialog.getByTestId("share-done").click();

    // A fresh context: no cookie, no session.
    const visitor = await browser.newContext();
    const pub = await visitor.newPage();
    const dialogs: string[] = [];
    pub.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    const doc = await pub.goto(url);
    expect(doc?.headers()["x-robots-tag"]).toMatch(/noindex/);
    expect(doc?.headers()["referrer-policy"]).toBe("no-referrer");
    expect(doc?.headers()["cache-control"]).toBe("no-store");
    await expect(pub.locator('meta[name="robots"]')).toHaveAttribute("content", /noindex/);
    await expect(pub.getByTestId("public-stamp")).toHaveText(/^snapshot of 1999-01-28 to 1999-02-04 \(UTC\), taken /);
    await expect(pub.getByTestId("kpi-calls.offered").getByTestId("kpi-value")).toHaveAttribute("data-value", "13");
    await expect(pub.getByTestId("kpi-calls.asa").getByTestId("kpi-value")).toHaveAttribute("data-value", asa ?? "");
    // No way into the app: no link anywhere on the page, and no demo banner or account menu.
    await expect(pub.locator("a[href]")).toHaveCount(0);
    await expect(pub.getByTestId("signed-in-as")).toHaveCount(0);
    // Drill-down to aggregates: the chosen KPI's per-day table, from the frozen breakdown.
    await pub.getByTestId("kpi-calls.offered").click();
    const breakdown = pub.getByTestId("public-breakdown");
    await breakdown.getByText("Breakdown as a table").click();
    await expect(breakdown.locator("tbody tr")).toHaveCount(8);
    await expect(breakdown.locator("tbody tr").filter({ hasText: "1999-02-01" })).toContainText("5");
    // By queue and by agent (hand-counted over 1999-01-28..02-04: PS 11 calls, NE 1, NW 1; ALICE
    // 5, BOB 2, CAROL 1, shown as "Agent n"), frozen with the snapshot.
    await breakdown.getByTestId("drill-tab-queue").click();
    const byQueue = breakdown.getByTestId("drill-queue").getByTestId("ranking-row");
    await expect(byQueue).toHaveCount(3);
    await expect(byQueue.first()).toHaveAttribute("data-key", "PS");
    await expect(byQueue.first().locator("[data-value]")).toHaveAttribute("data-value", "11");
    await breakdown.getByTestId("drill-tab-agent").click();
    const byAgent = breakdown.getByTestId("drill-agent").getByTestId("ranking-row");
    await expect(byAgent).toHaveCount(3);
    await expect(byAgent.first()).toContainText(/^Agent \d/);
    await expect(byAgent.first().locator("[data-value]")).toHaveAttribute("data-value", "5");
    await expect(breakdown).not.toContainText(/ALICE|BOB|CAROL/);
    await pub.screenshot({ path: info.outputPath("public-page.png"), fullPage: true });

    // The Links page lists it with its view; revoke; the visitor's reload gets the "not available" page.
    await page.goto(`${server.url}/links`);
    const row = page.getByTestId("links-table").locator("tr", { hasText: "For the board" });
    await expect(row.getByTestId("link-views")).toHaveText("1");
    await row.getByTestId("link-revoke").click();
    await expect(row.getByTestId("link-status")).toHaveText("Revoked");
    await pub.reload();
    await expect(pub.getByTestId("public-gone")).toBeVisible();
    expect(dialogs).toEqual([]);
    await visitor.close();
  });

  test("Share page sends each report only the filters it takes, and names the reports that drop one", async ({
    page,
  }) => {
    await signIn(page, server);
    // Which reports of the area cannot take `channel`, from the definitions as the API lists them.
    const list = (await (await page.request.get(`${server.url}/api/v1/platform/report/list`)).json()) as {
      items: { id: string; name: string; category: string; filters: string[] }[];
    };
    const area = list.items.filter((r) => r.category === "Agent performance");
    const without = area.filter((r) => !r.filters.includes("channel"));
    expect(without.length).toBeGreaterThan(0);
    expect(without.length).toBeLessThan(area.length);

    await page.goto(`${server.url}/area/agent-performance?${PERIOD}&channel=web`);
    await page.getByTestId("share-page").click();
    const dialog = page.getByTestId("share-dialog");
    const dropped = dialog.getByTestId("share-dropped");
    for (const r of without) await expect(dropped).toContainText(`${r.name} (Channel)`);
    for (const r of area.filter((one) => one.filters.includes("channel")))
      await expect(dropped).not.toContainText(r.name);
    const sent = page.waitForRequest((req) => req.method() === "POST" && req.url().endsWith("/api/v1/links"));
    await dialog.getByTestId("share-create").click();
    await expect(dialog.getByTestId("share-url")).toHaveText(/\/r\/[A-Za-z0-9_-]{43}$/);
    await expect(dialog.getByTestId("share-error")).toHaveCount(0);
    const body = (await sent).postDataJSON() as { queries: { reportId: string; query: { filters?: object } }[] };
    expect(body.queries.map((q) => q.reportId)).toEqual(area.map((r) => r.id));
    for (const q of body.queries) {
      const takes = area.find((r) => r.id === q.reportId)?.filters.includes("channel");
      expect(q.query.filters, q.reportId).toEqual(takes ? { channel: ["web"] } : undefined);
    }
    await dialog.getByTestId("share-done").click();
  });

  test("a passcode form opens a protected link", async ({ page, browser }) => {
    await signIn(page, server);
    const url = await makeLink(page.request, server, {
      queries: [{ reportId: "calls.offered", query: { from: "1999-01-28", to: "1999-02-04" } }],
      passcode: "open sesame",
    });
    const visitor = await browser.newContext();
    const pub = await visitor.newPage();
    await pub.goto(url);
    await pub.getByTestId("passcode-input").fill("wrong code");
    await pub.getByTestId("passcode-input").press("Enter");
    await expect(pub.getByText("Wrong passcode.")).toBeVisible();
    await pub.getByTestId("passcode-input").fill("open sesame");
    await pub.getByTestId("passcode-input").press("Enter");
    await expect(pub.getByTestId("kpi-calls.offered").getByTestId("kpi-value")).toHaveAttribute("data-value", "13");
    await visitor.close();
  });
});

test.describe("no personal data and no markup from the data on public pages", () => {
  let server: Tallyline;
  let scratch: string;
  test.beforeAll(async () => {
    const dataDir = tempDataDir();
    scratch = mkdtempSync(join(tmpdir(), "tl-e2e-leak-"));
    await prepareLeakDatabase(join(dataDir, "tallyline.duckdb"), scratch);
    server = await startTallyline(dataDir, { TALLYLINE_DEMO: "off", TALLYLINE_TIMEZONE: "Europe/Amsterdam" });
  });
  test.afterAll(async () => {
    await server?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  /** Opens `url` in a fresh context and returns every response body it loaded, as text. */
  async function everyByte(page: Page, url: string): Promise<string[]> {
    const bodies: Promise<string>[] = [];
    page.on("response", (r) => {
      bodies.push(
        r
          .body()
          .then((b) => `${r.url()}\n${JSON.stringify(r.headers())}\n${b.toString("utf8")}`)
          .catch(() => ""),
      );
    });
    await page.goto(url);
    await expect(page.getByTestId("public-stamp")).toBeVisible();
    await page.waitForLoadState("networkidle");
    return Promise.all(bodies);
  }

  test("every response of every public page holds 0 canaries", async ({ page, browser }) => {
    test.setTimeout(180_000);
    await signIn(page, server);
    const list = (await (await page.request.get(`${server.url}/api/v1/platform/report/list`)).json()) as {
      items: { id: string }[];
    };
    const ids = list.items.map((i) => i.id);
    let scanned = 0;
    for (let i = 0; i < ids.length; i += 20) {
      const url = await makeLink(page.request, server, {
        queries: ids.slice(i, i + 20).map((reportId) => ({ reportId, query: LEAK_QUERY })),
      });
      const visitor = await browser.newContext();
      const bodies = await everyByte(await visitor.newPage(), url);
      for (const body of bodies) {
        scanned += body.length;
        expect(body.match(CANARY)?.[0] ?? null, body.slice(0, 200)).toBeNull();
      }
      await visitor.close();
    }
    expect(scanned).toBeGreaterThan(200_000);
    // The canaries are there: the signed-in API names a planted agent.
    const own = await page.request.post(`${server.url}/api/v1/report/agents.conversations/fetch`, {
      data: LEAK_QUERY,
      headers: browserWrite(server),
    });
    expect(await own.text()).toMatch(CANARY);
  });

  test("an agent named as markup shows as text on the page and in the chart tooltip", async ({ page, browser }) => {
    await signIn(page, server);
    const url = await makeLink(page.request, server, {
      showAgentNames: true,
      queries: ["agents.conversations", "agents.conversations_daily", "contact_centre.conversations"].map(
        (reportId) => ({
          reportId,
          query: LEAK_QUERY,
        }),
      ),
    });
    const visitor = await browser.newContext();
    const pub = await visitor.newPage();
    const dialogs: string[] = [];
    pub.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await pub.goto(url);
    const ranking = pub.getByTestId("report-agents.conversations");
    await expect(ranking.getByTestId("ranking-row").first()).toContainText(INJECTED_NAME);
    const chart = pub.getByTestId("report-agents.conversations_daily").getByTestId("timeseries-chart");
    await chart.scrollIntoViewIfNeeded();
    const box = await chart.boundingBox();
    if (!box) throw new Error("no chart");
    await pub.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    // ECharts' tooltip: the absolutely placed box it adds inside the chart on hover.
    const tooltip = chart.locator("div[style*='z-index: 9999999']");
    await expect(tooltip).toContainText(INJECTED_NAME);
    expect(await pub.locator('img[src="x"]').count()).toBe(0);
    // The drill-down by agent of a KPI shows the same name as text.
    await pub.getByTestId("kpi-contact_centre.conversations").click();
    await pub.getByTestId("public-breakdown").getByTestId("drill-tab-agent").click();
    await expect(pub.getByTestId("drill-agent").getByTestId("ranking-row").first()).toContainText(INJECTED_NAME);
    expect(await pub.locator('img[src="x"]').count()).toBe(0);
    expect(await pub.evaluate(() => document.querySelectorAll("img").length)).toBe(0);
    expect(dialogs).toEqual([]);
    await visitor.close();
  });
});
