/**
 * Drill-down from every shape, and charts readable at any range, in real Chromium against a real
 * server process over a year of generated data (366 days to 2026-10-31 UTC, scale 5):
 * - for each shape (a KPI value, a timeseries bucket of one agent's series, a ranking row, a table
 *   row, a heatmap cell) the records panel's total equals the figure clicked, and the figure equals
 *   the API's answer for the same request (asked in the test, not read from the page);
 * - from a per-agent point, "Filter the page by this" writes `?agent=ID` into the URL;
 * - at one year the daily chart is drawn per week or month (never more points than a quarter of its
 *   pixels), and a week's records are as many as the week's bar; at one day a single point, and the
 *   hourly staffing chart 24 points; on a 390 px phone too, no more points than a quarter of its pixels;
 *   hourly staffing over four weeks is drawn per day, or as an hour-of-day x day grid whose busiest
 *   hour's records are as many as its chats.
 */
import { join } from "node:path";
import { expect as base, type Page, test } from "@playwright/test";
import { categorySlug } from "../apps/web/src/lib/categories";
import { browserWrite, signIn, startTallyline, type Tallyline, tallyline, tempDataDir } from "./server";

const TABLES = [
  "campaigns",
  "agents",
  "calls",
  "contacts",
  "hosts",
  "quality_checks",
  "call_check_results",
  "conversations",
  "messages",
  "assignments",
  "ratings",
  "agent_states",
  "agent_shifts",
  "invites_hourly",
  "traffic_hourly",
];
/** A year at day grain, then again at the grain that fits: slow on a loaded 2-core machine. */
const expect = base.configure({ timeout: 30_000 });

const MONTH = { from: "2026-10-01", to: "2026-10-28" };
const YEAR = { from: "2025-11-01", to: "2026-10-31" };
const DAY = { from: "2026-10-28", to: "2026-10-28" };
const search = (p: { from: string; to: string }) => `from=${p.from}&to=${p.to}`;

test.describe.configure({ mode: "serial" });

test.describe("drill-down from every shape, readable at any range", () => {
  let server: Tallyline;
  test.beforeAll(async () => {
    test.setTimeout(240_000);
    const dataDir = tempDataDir();
    const out = join(dataDir, "generated");
    await tallyline([
      "generate",
      "--out",
      out,
      "--days",
      "366",
      "--end",
      "2026-10-31",
      "--timezone",
      "UTC",
      "--scale",
      "5",
      "--json",
    ]);
    await tallyline([
      "ingest",
      ...TABLES.map((t) => join(out, `${t}.csv`)),
      "--source",
      "canonical",
      "--db",
      join(dataDir, "tallyline.duckdb"),
    ]);
    server = await startTallyline(dataDir, { TALLYLINE_DEMO: "off", TALLYLINE_TIMEZONE: "UTC" });
  });
  test.afterAll(async () => server?.stop());

  /** The API's result for one report and request (the same body the dashboard sends). */
  const fetchReport = async (page: Page, id: string, body: object) => {
    const res = await page.request.post(`${server.url}/api/v1/report/${encodeURIComponent(id)}/fetch`, {
      data: body,
      headers: browserWrite(server),
    });
    expect(res.status(), await res.text()).toBe(200);
    return res.json();
  };
  const categoryOf = async (page: Page, id: string) => {
    const list = await (await page.request.get(`${server.url}/api/v1/platform/report/list`)).json();
    const item = (list.items as { id: string; category: string }[]).find((i) => i.id === id);
    if (!item) throw new Error(`no report ${id}`);
    return categorySlug(item.category);
  };
  /** Opens the panel's total and checks it against `figure`; closes the panel. */
  const expectPanelTotal = async (page: Page, figure: number) => {
    const panel = page.getByTestId("records-panel");
    await expect(panel.getByTestId("records-total")).toHaveAttribute("data-value", String(figure));
    await expect(panel.getByTestId("record-row")).toHaveCount(Math.min(figure, 50));
  };

  test("a KPI value, a ranking row, a table row and a heatmap cell: records = figure = API", async ({ page }) => {
    await signIn(page, server);
    await page.goto(`${server.url}/area/operations?${search(MONTH)}`);

    // KPI: Calls offered.
    const offered = await fetchReport(page, "calls.offered", MONTH);
    const card = page.getByTestId("kpi-calls.offered");
    await expect(card.getByTestId("kpi-value")).toHaveAttribute("data-value", String(offered.value));
    expect(offered.value).toBeGreaterThan(50);
    await card.getByTestId("kpi-drill").click();
    await expectPanelTotal(page, offered.value);
    await page.keyboard.press("Escape");

    // Ranking: Calls by queue, its first row; the Others line (when there is one) is not a button.
    const byQueue = await fetchReport(page, "calls.by_queue", MONTH);
    const ranking = page.getByTestId("report-calls.by_queue");
    const first = ranking.getByTestId("ranking-row").first();
    await expect(first).toHaveAttribute("data-key", byQueue.rows[0].key);
    await expect(first.locator("td.tl-ranking__value")).toHaveAttribute("data-value", String(byQueue.rows[0].value));
    await first.getByTestId("ranking-drill").click();
    await expectPanelTotal(page, byQueue.rows[0].value);
    // A queue is a filter: the panel offers it.
    await expect(page.getByTestId("records-filter-page")).toHaveAttribute("data-filter", "queue");
    await page.keyboard.press("Escape");

    // Table: Calls per agent, the first row's answered calls (the measure its records follow).
    const agents = await fetchReport(page, "calls.agents", MONTH);
    const row = agents.rows[0];
    const tableRow = page.getByTestId("report-calls.agents").getByTestId("table-row").first();
    await expect(tableRow.locator('td[data-measure="answered"] .tl-table__value')).toHaveAttribute(
      "data-value",
      String(row.values.answered),
    );
    await tableRow.getByTestId("table-drill").click();
    await expectPanelTotal(page, row.values.answered);
    await page.keyboard.press("Escape");

    // Heatmap: the busiest weekday x hour cell of Calls offered.
    const heat = await fetchReport(page, "calls.heatmap", MONTH);
    const top = (heat.cells as { weekday: number; hour: number; value: number }[]).reduce((a, b) =>
      b.value > a.value ? b : a,
    );
    const cell = page
      .getByTestId("report-calls.heatmap")
      .locator(`tr[data-weekday="${top.weekday}"] td.tl-heatmap__cell`)
      .nth(top.hour);
    await expect(cell).toHaveAttribute("data-value", String(top.value));
    await cell.getByTestId("heatmap-drill").click();
    await expectPanelTotal(page, top.value);
    await page.keyboard.press("Escape");
  });

  test("a timeseries point of one agent (keyboard, from the data table): records = point = API; filter the page by that agent", async ({
    page,
  }, info) => {
    await signIn(page, server);
    const id = "agents.conversations_daily";
    await page.goto(`${server.url}/?${search(MONTH)}&category=${await categoryOf(page, id)}`);
    const report = page.getByTestId(`report-${id}`);
    await expect(report.getByTestId("timeseries-chart")).toHaveAttribute("data-grain", "day");
    // Keyboard: focus the toggle, press Enter; the first drillable value, press Enter.
    await report.getByTestId("chart-table-toggle").focus();
    await page.keyboard.press("Enter");
    const button = report.getByTestId("chart-table-drill").first();
    const cell = button.locator("xpath=..");
    const agent = await cell.getAttribute("data-series");
    const bucket = await cell.locator("xpath=..").getAttribute("data-bucket");
    const shown = Number(await cell.getAttribute("data-value"));
    const api = await fetchReport(page, id, MONTH);
    const series = (api.series as { id: string; points: { date: string; value: number }[] }[]).find(
      (s) => s.id === agent,
    );
    expect(series?.points.find((p) => p.date === bucket)?.value).toBe(shown);
    expect(shown).toBeGreaterThan(0);
    await button.focus();
    await page.keyboard.press("Enter");
    await expectPanelTotal(page, shown);
    await page.screenshot({ path: info.outputPath("drill-series-point.png") });
    const filter = page.getByTestId("records-filter-page");
    await expect(filter).toHaveAttribute("data-filter", "agent");
    await expect(filter).toHaveAttribute("data-value", agent ?? "");
    await filter.click();
    await expect(page.getByTestId("records-panel")).toHaveCount(0);
    // The router writes the URL after the click: wait for it.
    await expect.poll(() => new URL(page.url()).searchParams.getAll("agent")).toEqual([agent]);
    expect(new URL(page.url()).searchParams.get("from")).toBe(MONTH.from);
  });

  test("a year is drawn per week (or month), and a week's records are as many as its bar", async ({ page }, info) => {
    await signIn(page, server);
    // No grain on the URL: a year is asked per week (lib/view.ts autoGrain), which fits, so no note.
    await page.goto(`${server.url}/area/operations?${search(YEAR)}&report=calls.offered`);
    const auto = page.getByTestId("daily-chart");
    await expect(auto).toHaveAttribute("aria-busy", "false");
    await expect(auto).toHaveAttribute("data-grain", "week");
    await expect(page.getByTestId("grain-note")).toHaveCount(0);
    // Asked per day, the 365 days are more points than the chart's pixels hold: drawn coarser, and said so.
    await page.goto(`${server.url}/area/operations?${search(YEAR)}&grain=day&report=calls.offered`);
    const chart = page.getByTestId("daily-chart");
    await expect(page.getByTestId("grain-note")).toBeVisible();
    const grain = await chart.getAttribute("data-grain");
    expect(["week", "month"]).toContain(grain);
    const points = Number(await chart.getAttribute("data-points"));
    const width = (await chart.boundingBox())?.width ?? 0;
    expect(points).toBeLessThanOrEqual(width / 4);
    expect(points).toBeGreaterThanOrEqual(12);
    await page.screenshot({ path: info.outputPath("year-1400.png") });
    // The week (or month) as the API gives it at that grain, and its records.
    const api = await fetchReport(page, "calls.offered", { ...YEAR, grain });
    expect(api.breakdown).toHaveLength(points);
    const section = page.locator('section[aria-labelledby="chart-title"]');
    await section.getByTestId("chart-table-toggle").click();
    const row = section.locator("tr[data-bucket]").nth(5);
    const bucket = await row.getAttribute("data-bucket");
    const value = (api.breakdown as { date: string; total: number }[]).find((p) => p.date === bucket)?.total ?? -1;
    await expect(row.locator("td")).toHaveAttribute("data-value", String(value));
    await row.getByTestId("chart-table-drill").click();
    await expectPanelTotal(page, value);
    await page.keyboard.press("Escape");

    // On a phone, still no more points than a quarter of the chart's pixels.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${server.url}/area/operations?${search(YEAR)}&report=calls.offered`);
    const phone = page.getByTestId("daily-chart");
    await expect(phone).toHaveAttribute("aria-busy", "false");
    const phoneWidth = (await phone.boundingBox())?.width ?? 0;
    expect(phoneWidth).toBeLessThan(390);
    expect(Number(await phone.getAttribute("data-points"))).toBeLessThanOrEqual(phoneWidth / 4);
    await page.screenshot({ path: info.outputPath("year-390.png") });
  });

  test("one day: 24 hours unless a day is asked for, 24 per hour for hourly staffing", async ({ page }, info) => {
    await signIn(page, server);
    // No grain on the URL: one day is drawn per hour (lib/view.ts autoGrain).
    await page.goto(`${server.url}/area/operations?${search(DAY)}&report=calls.offered`);
    const hourly = page.getByTestId("daily-chart");
    await expect(hourly).toHaveAttribute("data-grain", "hour");
    await expect(hourly).toHaveAttribute("data-points", "24");
    // Asked per day: one point, and no note (nothing was moved).
    await page.goto(`${server.url}/area/operations?${search(DAY)}&grain=day&report=calls.offered`);
    const chart = page.getByTestId("daily-chart");
    await expect(chart).toHaveAttribute("data-grain", "day");
    await expect(chart).toHaveAttribute("data-points", "1");
    await expect(page.getByTestId("grain-note")).toHaveCount(0);
    const id = "staffing.agents_vs_chats";
    await page.goto(`${server.url}/?${search(DAY)}&category=${await categoryOf(page, id)}`);
    const staffing = page.getByTestId(`report-${id}`).getByTestId("timeseries-chart");
    await expect(staffing).toHaveAttribute("data-grain", "hour");
    await expect(staffing).toHaveAttribute("data-points", "24");
    await page.screenshot({ path: info.outputPath("day-staffing.png") });
  });

  test("hourly staffing over four weeks: per day, or as an hour-of-day x day grid whose cells drill", async ({
    page,
  }, info) => {
    await signIn(page, server);
    const id = "staffing.agents_vs_chats";
    // Asked per hour: 672 hours are more than the tile's pixels hold, so it is drawn per day and offers the grid.
    await page.goto(`${server.url}/?${search(MONTH)}&grain=hour&category=${await categoryOf(page, id)}`);
    const tile = page.locator(".tl-tile", { has: page.getByTestId(`report-${id}`) });
    await expect(tile.getByTestId("timeseries-chart")).toHaveAttribute("data-grain", "day");
    await tile.getByTestId("hour-day-toggle").click();
    const grid = tile.getByTestId("hour-day-grid");
    await expect(grid.locator("tbody tr")).toHaveCount(28);
    // The first series is the incoming chats (a count, with records): its busiest hour.
    const api = await fetchReport(page, id, MONTH);
    expect(api.grain).toBe("hour");
    const chats = (api.series as { id: string; points: { date: string; value: number }[] }[])[0];
    const busiest = chats?.points.reduce((a, b) => (b.value > a.value ? b : a));
    if (!busiest) throw new Error("no hourly points");
    const [day, time] = busiest.date.split("T");
    const cell = grid.locator(`tr[data-day="${day}"] td`).nth(Number(time?.slice(0, 2)));
    await expect(cell).toHaveAttribute("data-value", String(busiest.value));
    await cell.getByTestId("hour-day-drill").click();
    await expectPanelTotal(page, busiest.value);
    await page.screenshot({ path: info.outputPath("staffing-hour-day.png") });
  });
});
