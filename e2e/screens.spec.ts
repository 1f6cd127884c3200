/**
 * Any screen, both themes (issue 13), in real Chromium against a real server with the demo loaded:
 * - no page scrolls sideways at 360 px (sign-in, dashboard categories, the segments dialog,
 *   imports, admin); wide tables scroll inside themselves with their first column in view;
 * - the header keeps two tidy rows at 1400 px (the wrap bug) and fits at 360 px;
 * - the dark theme follows the system, is applied (computed background), switchable from the
 *   header, remembered across loads, and the charts follow it;
 * - screenshots of every page (and the dashboard's dialogs) at 1440 and 390 px, light and dark,
 *   in test-results/screenshots/ as {page}-{width}-{theme}.png.
 */
import { join } from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { browserWrite, signIn, startTallyline, type Tallyline, tempDataDir } from "./server";

const SHOTS = join(import.meta.dirname, "../test-results/screenshots");

/** The theme colours the checks expect (apps/web/src/styles.css). */
const LIGHT = { bg: "rgb(244, 246, 249)", muted: "#5f6b7a" };
const DARK = { bg: "rgb(14, 19, 25)", muted: "#a1adbb" };

let server: Tallyline;
test.beforeAll(async () => {
  server = await startTallyline(tempDataDir(), { TALLYLINE_DEMO: "off" }, { command: "demo" });
});
test.afterAll(async () => server?.stop());

/** The pages a signed-in admin sees, each with what shows it has drawn. */
const PAGES: { name: string; path: string; ready: (page: Page) => Promise<void> }[] = [
  {
    name: "overview",
    path: "/",
    ready: (page) => expect(page.getByTestId("kpi-calls.offered").getByTestId("kpi-value")).toHaveText(/\d/),
  },
  {
    name: "dashboard",
    path: "/area/operations",
    ready: (page) => expect(page.getByTestId("kpi-calls.offered").getByTestId("kpi-value")).toHaveText(/\d/),
  },
  {
    name: "agent-performance",
    path: "/area/agent-performance",
    ready: (page) => expect(page.locator(".tl-category")).toBeVisible(),
  },
  {
    name: "chatbot",
    path: "/area/chatbot",
    ready: (page) => expect(page.locator(".tl-category")).toBeVisible(),
  },
  {
    name: "contact-centre",
    path: "/?category=contact-centre",
    ready: (page) => expect(page.locator(".tl-category")).toBeVisible(),
  },
  { name: "imports", path: "/imports", ready: (page) => expect(page.getByTestId("import-form")).toBeVisible() },
  { name: "links", path: "/links", ready: (page) => expect(page.getByRole("heading", { level: 1 })).toBeVisible() },
  { name: "reports", path: "/reports", ready: (page) => expect(page.getByRole("heading", { level: 1 })).toBeVisible() },
  {
    name: "schedules",
    path: "/schedules",
    ready: (page) => expect(page.getByTestId("schedules-empty").or(page.getByTestId("schedules-list"))).toBeVisible(),
  },
  {
    name: "usage",
    path: "/settings/usage",
    ready: (page) => expect(page.getByRole("heading", { level: 1 })).toBeVisible(),
  },
  {
    name: "not-found",
    path: "/no-such-page",
    ready: (page) => expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible(),
  },
  { name: "admin", path: "/admin", ready: (page) => expect(page.getByTestId("users-table")).toBeVisible() },
];

/** How far the page scrolls sideways (0 when it fits). */
const sideways = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/** The background colour the page is painted with (the root element's, which the canvas takes). */
const background = (page: Page) => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);

test.describe("at 360 px", () => {
  test.use({ viewport: { width: 360, height: 780 } });

  test("the sign-in page does not scroll sideways", async ({ page }) => {
    await page.goto(`${server.url}/sign-in`);
    await expect(page.getByRole("button", { name: /sign in/i })).toBeVisible();
    expect(await sideways(page)).toBe(0);
  });

  for (const { name, path, ready } of PAGES) {
    test(`${name} does not scroll sideways`, async ({ page }) => {
      await signIn(page, server);
      await page.goto(`${server.url}${path}`);
      await ready(page);
      expect(await sideways(page)).toBe(0);
    });
  }

  test("the segments dialog does not scroll sideways", async ({ page }) => {
    await signIn(page, server);
    await page.goto(server.url);
    await page.getByRole("button", { name: /Segments/ }).click();
    await expect(page.getByTestId("segment-dialog")).toBeVisible();
    expect(await sideways(page)).toBe(0);
    const box = await page.getByTestId("segment-dialog").boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 360).toBe(true);
  });

  test("KPI cards sit two abreast; a wide table scrolls inside itself with its first column in view", async ({
    page,
  }) => {
    await signIn(page, server);
    await page.goto(`${server.url}/area/operations`);
    const first = await page.getByTestId("kpi-calls.offered").boundingBox();
    const second = await page.getByTestId("kpi-calls.answered").boundingBox();
    expect(first && second && Math.abs(first.y - second.y) < 1 && second.x > first.x).toBe(true);

    const scroller = page.locator(".tl-table__scroll").first();
    await scroller.scrollIntoViewIfNeeded();
    const widths = await scroller.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    expect(widths.scroll).toBeGreaterThan(widths.client);
    const rowHeader = scroller.locator('tbody th[scope="row"]').first();
    const before = await rowHeader.boundingBox();
    await scroller.evaluate((el) => {
      el.scrollLeft = el.scrollWidth;
    });
    const after = await rowHeader.boundingBox();
    expect(after?.x).toBeCloseTo(before?.x ?? Number.NaN, 0);
    expect(await sideways(page)).toBe(0);
  });

  test("the header fits: brand and account on top, the period on its own rows", async ({ page }) => {
    await signIn(page, server);
    await page.goto(server.url);
    await expect(page.getByTestId("sign-out")).toBeVisible();
    const header = await page.locator(".tl-topbar").boundingBox();
    for (const part of [".tl-brand", ".tl-account", ".tl-period", ".tl-segments"]) {
      const box = await page.locator(`.tl-topbar ${part}`).first().boundingBox();
      expect(box, part).not.toBeNull();
      expect(box && header && box.x >= header.x && box.x + box.width <= header.x + header.width + 0.5, part).toBe(true);
    }
  });
});

test("at 1400 px the header has two rows: brand and account, then the controls", async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await signIn(page, server);
  await page.goto(server.url);
  await expect(page.getByTestId("sign-out")).toBeVisible();
  const top = async (selector: string) => (await page.locator(selector).first().boundingBox())?.y ?? Number.NaN;
  const brand = await top(".tl-topbar .tl-brand");
  const account = await top(".tl-topbar .tl-account");
  const period = await top(".tl-topbar .tl-period");
  const segments = await top(".tl-topbar .tl-segments");
  expect(Math.abs(brand - account)).toBeLessThan(12);
  expect(period).toBeGreaterThan(account + 20);
  // The whole period picker and the segment picker share one row.
  const periodBox = await page.locator(".tl-topbar .tl-period").boundingBox();
  expect(periodBox?.height).toBeLessThan(60);
  expect(Math.abs(segments - period)).toBeLessThan(30);
  expect(await sideways(page)).toBe(0);
});

test.describe("themes", () => {
  test("follow the system, switch from the header, stay chosen across loads, and colour the charts", async ({
    page,
  }) => {
    await signIn(page, server);
    await page.emulateMedia({ colorScheme: "dark" });
    await page.goto(`${server.url}/area/operations`);
    await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
    expect(await background(page)).toBe(DARK.bg);
    const toggle = page.getByTestId("theme-toggle");
    await expect(toggle).toHaveAttribute("aria-pressed", "true");
    const axisText = page.getByTestId("daily-chart").locator("svg text").first();
    await expect(axisText).toHaveAttribute("fill", DARK.muted);

    await toggle.click();
    await expect(page.locator("html")).toHaveAttribute("data-theme", "light");
    expect(await background(page)).toBe(LIGHT.bg);
    await expect(toggle).toHaveAttribute("aria-pressed", "false");
    await expect(axisText.or(page.getByTestId("daily-chart").locator("svg text").first())).toHaveAttribute(
      "fill",
      LIGHT.muted,
    );
    expect(await page.evaluate(() => localStorage.getItem("tallyline.theme"))).toBe("light");

    // The choice beats the system's dark setting on the next load, from the first paint.
    await page.reload();
    await expect(page.locator("html")).toHaveAttribute("data-theme", "light");
    expect(await background(page)).toBe(LIGHT.bg);

    await page.getByTestId("theme-toggle").click();
    await page.emulateMedia({ colorScheme: "light" });
    await page.reload();
    await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
    expect(await background(page)).toBe(DARK.bg);
  });

  test("the theme is set by a served script before the app, with no inline script", async ({ page }) => {
    const html = await (await page.request.get(server.url)).text();
    const head = html.slice(0, html.indexOf("</head>"));
    expect(head).toMatch(/<script src="\/theme\.js"><\/script>/);
    expect(head.indexOf("/theme.js")).toBeLessThan(html.indexOf('type="module"'));
    for (const [, attrs, body] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
      expect(attrs).toMatch(/src=/);
      expect(body?.trim()).toBe("");
    }
    // The system's setting applies without any stored choice, on a signed-out page too.
    await page.emulateMedia({ colorScheme: "dark" });
    await page.goto(`${server.url}/sign-in`);
    await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
    expect(await background(page)).toBe(DARK.bg);
  });
});

/** The dashboard's dialogs and popovers, each with how to open it (on a loaded dashboard). */
const DIALOGS: [string, (page: Page) => Promise<void>][] = [
  [
    "share",
    async (page) => {
      await page.getByTestId("share-page").click();
      await expect(page.getByTestId("share-dialog")).toBeVisible();
    },
  ],
  [
    "records",
    async (page) => {
      await page.getByTestId("kpi-calls.offered").getByTestId("kpi-drill").click();
      await expect(page.getByTestId("records-table")).toBeVisible();
    },
  ],
  [
    "download-menu",
    async (page) => {
      await page.getByTestId("download-menu-calls.offered").click();
      await expect(page.getByTestId("download-items-calls.offered")).toBeVisible();
    },
  ],
  [
    "definition",
    async (page) => {
      await page.getByTestId("kpi-calls.answered").getByTestId("definitions-toggle").click();
      await expect(page.getByTestId("definitions")).toBeVisible();
    },
  ],
];

/** The area page the dashboard's dialogs open on (`/` is the Overview). */
const AREA = "/area/operations";

test.describe("screenshots of every page", () => {
  // Four independent runs (theme x width): spread over the workers.
  test.describe.configure({ mode: "parallel" });
  for (const scheme of ["light", "dark"] as const) {
    for (const width of [1440, 390]) {
      test(`at ${width} px, ${scheme}`, async ({ page }) => {
        test.setTimeout(240_000);
        await signIn(page, server);
        const made = await page.request.post(`${server.url}/api/v1/links`, {
          data: {
            label: "screens",
            mode: "snapshot",
            queries: [{ reportId: "calls.offered", query: { periodDays: 30 } }],
          },
          headers: browserWrite(server),
        });
        expect(made.status()).toBe(201);
        const publicUrl = `${server.url}${((await made.json()) as { path: string }).path}`;
        await page.emulateMedia({ colorScheme: scheme });
        await page.setViewportSize({ width, height: 900 });
        await page.context().clearCookies();
        await page.goto(`${server.url}/sign-in`);
        await expect(page.getByRole("button", { name: /sign in/i })).toBeVisible();
        await page.screenshot({ path: join(SHOTS, `sign-in-${width}-${scheme}.png`), fullPage: true });
        await signIn(page, server);
        for (const { name, path, ready } of PAGES) {
          await page.goto(`${server.url}${path}`);
          await ready(page);
          await expect(page.locator("[aria-busy=true]")).toHaveCount(0);
          await page.screenshot({ path: join(SHOTS, `${name}-${width}-${scheme}.png`), fullPage: true });
        }
        await page.goto(`${server.url}${AREA}`);
        await page.getByRole("button", { name: /Segments/ }).click();
        await expect(page.getByTestId("segment-dialog")).toBeVisible();
        await page.screenshot({ path: join(SHOTS, `segments-${width}-${scheme}.png`) });
        // The dashboard's other dialogs and popovers, each over the page.
        for (const [name, open] of DIALOGS) {
          await page.goto(`${server.url}${AREA}`);
          await expect(page.getByTestId("kpi-calls.offered").getByTestId("kpi-value")).toHaveText(/\d/);
          await expect(page.locator("[aria-busy=true]")).toHaveCount(0);
          await open(page);
          await page.screenshot({ path: join(SHOTS, `${name}-${width}-${scheme}.png`) });
        }
        // The signed-out pages: setup (with and without its link) and a public link.
        await page.context().clearCookies();
        await page.goto(`${server.url}/setup#token=screenshot`);
        await expect(page.getByTestId("create-admin")).toBeVisible();
        await page.screenshot({ path: join(SHOTS, `setup-${width}-${scheme}.png`), fullPage: true });
        await page.goto(publicUrl);
        await expect(page.getByTestId("kpi-calls.offered").getByTestId("kpi-value")).toHaveText(/\d/);
        await expect(page.locator("[aria-busy=true]")).toHaveCount(0);
        await page.screenshot({ path: join(SHOTS, `public-${width}-${scheme}.png`), fullPage: true });
      });
    }
  }
});
