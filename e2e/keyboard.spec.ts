/**
 * Keyboard-only use (issue 13), in real Chromium against a real server with the demo loaded:
 * - "Skip to content" is the first stop of the tab order on every page and moves focus to the main content;
 * - pressing Tab alone through the dashboard reaches every control on it (whatever the header,
 *   the category navigation, the KPI cards, the drill buttons, the download menus, the "i" of the
 *   definitions and Share hold: the list is read from the page, so a control added later is
 *   checked too), and each shows a visible focus outline;
 * - the share dialog, the records panel, the segment dialog, the download menu and the definition
 *   popover open from the keyboard, keep focus inside while open (the dialogs trap it) and give
 *   it back to the control that opened them on Escape.
 */
import { expect, type Page, test } from "@playwright/test";
import { signIn, startTallyline, type Tallyline, tempDataDir } from "./server";

let server: Tallyline;
test.beforeAll(async () => {
  server = await startTallyline(tempDataDir(), { TALLYLINE_DEMO: "off" }, { command: "demo" });
});
test.afterAll(async () => server?.stop());

/** Opens the dashboard signed in and waits until every report has drawn. */
async function openDashboard(page: Page, query = ""): Promise<void> {
  await signIn(page, server);
  await page.goto(`${server.url}/area/operations${query}`);
  await expect(page.getByTestId("category")).toBeVisible();
  await expect(page.locator("[aria-busy=true]")).toHaveCount(0, { timeout: 15_000 });
}

/** A short description of the focused element: its test id, else its tag and accessible text. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return "body";
    return (
      el.dataset.testid ?? `${el.tagName.toLowerCase()} ${el.getAttribute("aria-label") ?? el.textContent?.trim()}`
    );
  });

test("Skip to content is the first tab stop and moves focus to the main content", async ({ page }) => {
  // Each page with what shows it has loaded (a page that redraws after Tab would lose the focus).
  for (const [path, signedIn, loaded] of [
    ["/sign-in", false, "sign-in"],
    ["/area/operations", true, "category"],
    ["/imports", true, "import-form"],
    ["/admin", true, "users-table"],
  ] as const) {
    if (signedIn) await signIn(page, server);
    await page.goto(`${server.url}${path}`);
    await expect(page.getByTestId(loaded)).toBeVisible();
    await expect(page.locator("[aria-busy=true]")).toHaveCount(0, { timeout: 15_000 });
    await page.keyboard.press("Tab");
    const skip = page.getByTestId("skip-link");
    await expect(skip, path).toBeFocused();
    await expect(skip).toHaveText("Skip to content");
    // Shown while focused: inside the viewport.
    const box = await skip.boundingBox();
    expect(box && box.y >= 0 && box.x >= 0, path).toBe(true);
    await page.keyboard.press("Enter");
    expect(await page.evaluate(() => document.activeElement?.tagName), path).toBe("MAIN");
    // The next Tab goes on from the content, not back to the header.
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => !!document.activeElement?.closest("main")), path).toBe(true);
  }
});

test("Tab alone reaches every control of the dashboard, each with a visible focus outline", async ({ page }) => {
  test.setTimeout(90_000);
  await openDashboard(page);
  // Every control a mouse can use: visible, enabled, in the tab order.
  const controls = await page.evaluate(() => {
    const all = [
      ...document.querySelectorAll<HTMLElement>("a[href], button, input, select, textarea, [tabindex]"),
    ].filter((el) => {
      return (
        el.tabIndex >= 0 &&
        !(el as HTMLButtonElement).disabled &&
        // Rendered and visible (not inside a closed <details>, not display:none or visibility:hidden).
        el.checkVisibility({ checkVisibilityCSS: true }) &&
        !el.closest("[aria-hidden=true], [inert]") &&
        !(el instanceof HTMLInputElement && el.type === "hidden")
      );
    });
    // Radio groups take one stop; the skip link is checked on its own.
    const seen = new Set<string>();
    const list: string[] = [];
    all.forEach((el, i) => {
      if (el.dataset.testid === "skip-link") return;
      if (el instanceof HTMLInputElement && el.type === "radio") {
        if (seen.has(el.name)) return;
        seen.add(el.name);
      }
      el.dataset.kbd = String(i);
      list.push(el.dataset.kbd);
    });
    return list;
  });
  expect(controls.length).toBeGreaterThan(20);

  // Record every element focus lands on, and whether its focus is visible, while Tab is pressed.
  await page.evaluate(() => {
    const w = window as unknown as { reached: Set<string>; unseen: string[] };
    w.reached = new Set();
    w.unseen = [];
    document.addEventListener("focusin", (event) => {
      const el = event.target as HTMLElement;
      if (el.dataset.kbd) w.reached.add(el.dataset.kbd);
      const own = getComputedStyle(el);
      const after = getComputedStyle(el, "::after");
      const visible = (s: CSSStyleDeclaration) =>
        (s.outlineStyle !== "none" && Number.parseFloat(s.outlineWidth) > 0) || s.boxShadow !== "none";
      if (!visible(own) && !visible(after)) {
        w.unseen.push(el.dataset.testid ?? `${el.tagName} ${el.getAttribute("aria-label") ?? el.textContent?.trim()}`);
      }
    });
  });
  await page.locator("body").focus();
  for (let i = 0; i < controls.length + 10; i++) await page.keyboard.press("Tab");

  const result = await page.evaluate(() => {
    const w = window as unknown as { reached: Set<string>; unseen: string[] };
    const missed = [...document.querySelectorAll<HTMLElement>("[data-kbd]")]
      .filter((el) => !w.reached.has(el.dataset.kbd ?? ""))
      .map((el) => el.dataset.testid ?? `${el.tagName} ${el.getAttribute("aria-label") ?? el.textContent?.trim()}`);
    return { missed, unseen: w.unseen, reached: w.reached.size };
  });
  expect(result.missed, "controls Tab never reached").toEqual([]);
  expect(result.unseen, "controls focused without a visible outline").toEqual([]);
  // The kinds of control the issue names are among them.
  for (const testId of [
    "theme-toggle",
    "segment-select",
    "segment-manage",
    "download-pdf",
    "sign-out",
    "share-page",
    "kpi-drill",
    "definitions-toggle",
    "download-menu-calls.offered",
  ]) {
    await expect(page.getByTestId(testId).first(), testId).toHaveAttribute("data-kbd", /\d+/);
  }
  await expect(page.locator(".tl-categories__link[data-kbd]").first()).toBeVisible();
  await expect(page.locator(".tl-kpi__select[data-kbd]").first()).toBeVisible();
});

/**
 * Focuses `opener`, opens it with `key`, checks focus is in `inside` after each of `tabs` presses
 * of Tab (and of Shift+Tab), closes with Escape and checks focus is back on `opener`.
 */
async function trapsAndReturns(
  page: Page,
  opener: ReturnType<Page["getByTestId"]>,
  inside: ReturnType<Page["getByTestId"]>,
  options: { key?: string; tabs?: number; trapped?: boolean } = {},
): Promise<void> {
  await opener.focus();
  await page.keyboard.press(options.key ?? "Enter");
  await expect(inside).toBeVisible();
  const within = () => inside.evaluate((el) => el.contains(document.activeElement));
  await expect.poll(within).toBe(true);
  if (options.trapped !== false) {
    for (const key of ["Tab", "Shift+Tab"]) {
      for (let i = 0; i < (options.tabs ?? 15); i++) {
        await page.keyboard.press(key);
        expect(await within(), `${key} #${i + 1}: focus on ${await focused(page)}`).toBe(true);
      }
    }
  }
  await page.keyboard.press("Escape");
  await expect(inside).toBeHidden();
  await expect(opener).toBeFocused();
}

test.describe("dialogs and popovers open from the keyboard, hold focus and give it back", () => {
  test("share dialog", async ({ page }) => {
    await openDashboard(page);
    await trapsAndReturns(page, page.getByTestId("share-page"), page.getByTestId("share-dialog"));
  });

  test("records panel", async ({ page }) => {
    await openDashboard(page);
    const drill = page.getByTestId("kpi-calls.offered").getByTestId("kpi-drill");
    await trapsAndReturns(page, drill, page.getByTestId("records-panel"));
  });

  test("segment dialog", async ({ page }) => {
    await openDashboard(page);
    await trapsAndReturns(page, page.getByTestId("segment-manage"), page.getByTestId("segment-dialog"));
  });

  test("download menu: arrows move through its items", async ({ page }) => {
    await openDashboard(page);
    const trigger = page.getByTestId("download-menu-calls.offered");
    const menu = page.getByTestId("download-items-calls.offered");
    await trigger.focus();
    await page.keyboard.press("Enter");
    await expect(menu).toBeVisible();
    await expect.poll(() => menu.evaluate((el) => el.contains(document.activeElement))).toBe(true);
    await page.keyboard.press("ArrowDown");
    expect(await menu.evaluate((el) => el.contains(document.activeElement))).toBe(true);
    await page.keyboard.press("Escape");
    await expect(menu).toBeHidden();
    await expect(trigger).toBeFocused();
  });

  test("definition popover, on a KPI card and on a report", async ({ page }) => {
    await openDashboard(page);
    const card = page.getByTestId("kpi-calls.offered");
    const toggle = card.getByTestId("definitions-toggle");
    await expect(toggle).toHaveAccessibleName("Definitions of Calls offered");
    await trapsAndReturns(page, toggle, page.getByTestId("definitions-popover"), { trapped: false });
    // Space opens it too; the text is the measure's definition.
    await toggle.focus();
    await page.keyboard.press(" ");
    await expect(page.getByTestId("definitions")).toContainText("Counts every call");
    await page.keyboard.press("Escape");
    await expect(toggle).toBeFocused();

    const report = page.locator(".tl-report").first();
    const reportToggle = report.getByTestId("definitions-toggle");
    await trapsAndReturns(page, reportToggle, page.getByTestId("definitions-popover"), { trapped: false });
  });
});

test.describe("on a touch screen", () => {
  test.use({ hasTouch: true, viewport: { width: 390, height: 900 } });

  test("every KPI card and report tile has a definition a tap opens", async ({ page }) => {
    await openDashboard(page);
    const tiles = page.locator(".tl-kpi, .tl-report");
    const count = await tiles.count();
    expect(count).toBeGreaterThan(3);
    for (let i = 0; i < count; i++) {
      const tile = tiles.nth(i);
      const toggle = tile.getByTestId("definitions-toggle");
      await expect(toggle, `tile ${i}`).toHaveCount(1);
      await toggle.scrollIntoViewIfNeeded();
      await toggle.tap();
      const list = page.getByTestId("definitions");
      await expect(list).toBeVisible();
      // Each definition is a sentence, not empty; the popover fits the phone's screen.
      const text = (await list.locator("dd").first().textContent())?.trim() ?? "";
      expect(text.length, `tile ${i}`).toBeGreaterThan(10);
      const box = await page.getByTestId("definitions-popover").boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= 390, `tile ${i}`).toBe(true);
      await page.keyboard.press("Escape");
      await expect(list).toBeHidden();
    }
  });
});
