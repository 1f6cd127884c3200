/**
 * Accessibility (issue 13), in real Chromium against a real server with the demo loaded: axe-core
 * (through @axe-core/playwright, WCAG 2.0/2.1 A and AA rules) finds no serious or critical
 * violation on any page or open dialog, in the light and the dark theme, at 1440 and 390 px.
 *
 * The pages are the list {@link PAGES} (add a row for a new page or dialog); every category of the
 * dashboard is found from its category navigation, so a category added later is checked too. A
 * failure lists each rule broken with the elements that break it.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, request, test } from "@playwright/test";
import { browserWrite, signIn, startTallyline, type Tallyline, tempDataDir } from "./server";

let server: Tallyline;
/** A public page made in {@link test.beforeAll} (a snapshot of two reports over the last 30 days). */
let publicPath = "";

test.beforeAll(async () => {
  server = await startTallyline(tempDataDir(), { TALLYLINE_DEMO: "off" }, { command: "demo" });
  const api = await request.newContext();
  try {
    const signedIn = await api.post(`${server.url}/api/v1/auth/sign-in`, {
      data: server.admin,
      headers: { origin: server.url },
    });
    expect(signedIn.status()).toBe(200);
    const made = await api.post(`${server.url}/api/v1/links`, {
      data: {
        label: "a11y",
        mode: "snapshot",
        queries: ["calls.offered", "calls.asa"].map((reportId) => ({ reportId, query: { periodDays: 30 } })),
      },
      headers: browserWrite(server),
    });
    expect(made.status(), await made.text()).toBe(201);
    publicPath = ((await made.json()) as { path: string }).path;
    const schedule = await api.post(`${server.url}/api/v1/schedules`, {
      data: {
        name: "a11y weekly",
        frequency: "weekly",
        weekday: 1,
        sendTime: "08:00",
        timezone: "Europe/Amsterdam",
        recipients: ["a11y@example.com"],
      },
      headers: browserWrite(server),
    });
    expect(schedule.status(), await schedule.text()).toBe(201);
  } finally {
    await api.dispose();
  }
});
test.afterAll(async () => server?.stop());

/** One page (or a dialog opened on it) to check. */
interface Checked {
  /** The name in the test title and in failures. */
  name: string;
  /** The path to open (a function when it is known only once the server runs). */
  path: string | (() => string);
  /** Whether to sign in as the admin first. */
  signedIn: boolean;
  /** Resolves once the page (or dialog) is drawn. */
  ready: (page: Page) => Promise<void>;
  /** A CSS selector: check only this part (an open dialog: the page behind it is checked as a page). */
  scope?: string;
}

/** Waits until nothing on the page is loading (reports, charts). */
const settled = (page: Page) => expect(page.locator("[aria-busy=true]")).toHaveCount(0, { timeout: 15_000 });

const dashboardDrawn = async (page: Page) => {
  await expect(page.getByTestId("category")).toBeVisible();
  await settled(page);
};

/** The pages and dialogs checked; each runs in both themes at both widths. */
const PAGES: Checked[] = [
  {
    name: "sign-in",
    path: "/sign-in",
    signedIn: false,
    ready: (page) => expect(page.getByTestId("sign-in")).toBeVisible(),
  },
  {
    name: "setup",
    path: "/setup#token=not-a-real-token-but-the-form-shows",
    signedIn: false,
    ready: (page) => expect(page.getByTestId("create-admin")).toBeVisible(),
  },
  {
    name: "setup without a link",
    path: "/setup",
    signedIn: false,
    ready: (page) => expect(page.getByRole("heading", { name: "Set up Tallyline" })).toBeVisible(),
  },
  {
    name: "overview",
    path: "/",
    signedIn: true,
    ready: async (page) => {
      await expect(page.getByTestId("overview")).toBeVisible();
      await expect(page.locator(".tl-app[data-ready=true]")).toHaveCount(1, { timeout: 15_000 });
      await settled(page);
    },
  },
  { name: "area page (Operations)", path: "/area/operations", signedIn: true, ready: dashboardDrawn },
  {
    name: "narrative reports",
    path: "/reports",
    signedIn: true,
    ready: async (page) => {
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await settled(page);
    },
  },
  {
    name: "usage",
    path: "/settings/usage",
    signedIn: true,
    ready: async (page) => {
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await settled(page);
    },
  },
  {
    name: "imports",
    path: "/imports",
    signedIn: true,
    ready: async (page) => {
      await expect(page.getByTestId("import-form")).toBeVisible();
      await settled(page);
    },
  },
  {
    name: "admin",
    path: "/admin",
    signedIn: true,
    ready: async (page) => {
      await expect(page.getByTestId("users-table")).toBeVisible();
      await settled(page);
    },
  },
  {
    name: "links",
    path: "/links",
    signedIn: true,
    ready: async (page) => {
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await settled(page);
    },
  },
  {
    name: "schedules",
    path: "/schedules",
    signedIn: true,
    ready: async (page) => {
      await expect(page.getByTestId("schedule-row")).toHaveCount(1);
      await page.getByTestId("schedule-history").locator("summary").click();
      await expect(page.getByTestId("schedule-last")).toHaveText("never");
    },
  },
  {
    name: "schedule dialog",
    path: "/schedules",
    signedIn: true,
    scope: '[data-testid="schedule-dialog"]',
    ready: async (page) => {
      await page.getByTestId("schedule-new").click();
      const dialog = page.getByTestId("schedule-dialog");
      await expect(dialog).toBeVisible();
      // With a field error and a recipient's problem shown.
      await dialog.getByTestId("schedule-recipients").fill("not-an-address");
      await dialog.getByTestId("schedule-save").click();
      await expect(dialog.getByTestId("schedule-recipient-problem")).toHaveCount(1);
    },
  },
  {
    name: "public link",
    path: () => publicPath,
    signedIn: false,
    ready: async (page) => {
      await expect(page.getByTestId("kpi-calls.offered").getByTestId("kpi-value")).toHaveText(/\d/);
      await settled(page);
    },
  },
  {
    name: "not found",
    path: "/no-such-page",
    signedIn: true,
    ready: (page) => expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible(),
  },
  {
    name: "share dialog",
    path: "/area/operations",
    signedIn: true,
    scope: '[data-testid="share-dialog"]',
    ready: async (page) => {
      await dashboardDrawn(page);
      await page.getByTestId("share-page").click();
      await expect(page.getByTestId("share-dialog")).toBeVisible();
    },
  },
  {
    name: "records panel",
    path: "/area/operations",
    signedIn: true,
    scope: '[data-testid="records-panel"]',
    ready: async (page) => {
      await dashboardDrawn(page);
      await page.getByTestId("kpi-calls.offered").getByTestId("kpi-drill").click();
      await expect(page.getByTestId("records-table")).toBeVisible();
    },
  },
  {
    name: "segment editor",
    path: "/area/operations",
    signedIn: true,
    scope: '[data-testid="segment-dialog"]',
    ready: async (page) => {
      await dashboardDrawn(page);
      await page.getByTestId("segment-manage").click();
      await expect(page.getByTestId("segment-dialog")).toBeVisible();
    },
  },
  {
    name: "download menu",
    path: "/area/operations",
    signedIn: true,
    scope: '[data-testid="download-items-calls.offered"]',
    ready: async (page) => {
      await dashboardDrawn(page);
      await page.getByTestId("download-menu-calls.offered").click();
      await expect(page.getByTestId("download-items-calls.offered")).toBeVisible();
    },
  },
  {
    name: "definition popover",
    path: "/area/operations",
    signedIn: true,
    scope: '[data-testid="definitions-popover"]',
    ready: async (page) => {
      await dashboardDrawn(page);
      await page.getByTestId("kpi-calls.offered").getByTestId("definitions-toggle").click();
      await expect(page.getByTestId("definitions")).toBeVisible();
    },
  },
];

const THEMES = ["light", "dark"] as const;
const WIDTHS = [1440, 390] as const;

/**
 * Runs axe over the page as it is and fails (softly, so one run lists every page's problems) on
 * each serious or critical violation of a WCAG 2 A/AA rule, naming the rule and its elements.
 */
async function expectNoSeriousViolations(page: Page, where: string, scope?: string): Promise<void> {
  const axe = new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]);
  const results = await (scope ? axe.include(scope) : axe).analyze();
  const serious = results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({
      rule: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 6).map((n) => `${n.target.join(" ")}: ${n.failureSummary?.split("\n")[1]?.trim() ?? ""}`),
    }));
  expect.soft(serious, `axe on ${where}`).toEqual([]);
}

/** Opens `path` in `scheme` at `width` with motion reduced (no animation caught half-way). */
async function open(page: Page, path: string, scheme: (typeof THEMES)[number], width: number): Promise<void> {
  await page.emulateMedia({ colorScheme: scheme, reducedMotion: "reduce" });
  await page.setViewportSize({ width, height: 900 });
  await page.goto(`${server.url}${path}`);
}

for (const checked of PAGES) {
  test(`axe: ${checked.name}, light and dark, 1440 and 390 px`, async ({ page }) => {
    if (checked.signedIn) await signIn(page, server);
    const path = typeof checked.path === "function" ? checked.path() : checked.path;
    for (const scheme of THEMES) {
      for (const width of WIDTHS) {
        await open(page, path, scheme, width);
        await checked.ready(page);
        await expect(page.locator("html")).toHaveAttribute("data-theme", scheme);
        await expectNoSeriousViolations(page, `${checked.name} ${width} px ${scheme}`, checked.scope);
      }
    }
  });
}

for (const scheme of THEMES) {
  for (const width of WIDTHS) {
    test(`axe: every dashboard category, ${scheme}, ${width} px`, async ({ page }) => {
      // About ten categories, each a full dashboard for axe to walk.
      test.setTimeout(240_000);
      await signIn(page, server);
      await open(page, "/area/operations", scheme, width);
      await dashboardDrawn(page);
      const slugs = await page
        .locator(".tl-categories__link")
        .evaluateAll((all) =>
          all
            .map((a) => /^\/area\/([^/?]+)/.exec(new URL((a as HTMLAnchorElement).href).pathname)?.[1] ?? "")
            .filter((slug) => slug !== ""),
        );
      expect(slugs.length).toBeGreaterThan(1);
      // The first category is the dashboard itself, checked above.
      for (const slug of slugs.slice(1)) {
        await open(page, `/area/${slug}`, scheme, width);
        await dashboardDrawn(page);
        await expectNoSeriousViolations(page, `dashboard ${slug} ${width} px ${scheme}`);
      }
    });
  }
}
