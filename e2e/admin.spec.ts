/**
 * The admin page (and the paging of the records panel, which needs the demo's many calls) in real Chromium against a real server process: an admin adds a member and
 * creates an API key (shown once, then only its prefix), the API refuses removing the last admin
 * and the page shows its message; a member sees "Admins only" and no link to the page, and the API
 * refuses the member the admin routes anyway.
 */
import { expect, test } from "@playwright/test";
import { browserWrite, signIn, startTallyline, type Tallyline, tempDataDir } from "./server";

const MEMBER = { email: "member@example.com", password: "member password 12" } as const;

test.describe("admin pages", () => {
  let server: Tallyline;
  test.beforeAll(async () => {
    // The demo data: enough calls for the drill-down panel to page.
    server = await startTallyline(tempDataDir(), {}, { command: "demo" });
  });
  test.afterAll(async () => server?.stop());

  test("an admin adds a member, creates a key shown once, cannot delete the last admin", async ({ page }, info) => {
    await signIn(page, server);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(server.url);
    await page.getByTestId("admin-link").click();
    await expect(page).toHaveURL(`${server.url}/admin`);
    const users = page.getByTestId("users-table");
    await expect(users.getByTestId("user-row")).toHaveCount(1);

    // Add a member.
    await page.getByTestId("new-user-email").fill(MEMBER.email);
    await page.getByTestId("new-user-name").fill("Mia Member");
    await page.getByTestId("new-user-password").fill(MEMBER.password);
    await page.getByTestId("add-user-submit").click();
    const member = users.locator(`[data-email="${MEMBER.email}"]`);
    await expect(member).toBeVisible();
    await expect(member.getByTestId("user-role")).toHaveText(/Member/);
    await expect(member.getByTestId("user-status")).toHaveText("Active");
    await expect(member).toContainText("Never");
    const listed = await (await page.request.get(`${server.url}/api/v1/users`)).json();
    expect(listed.items.map((u: { email: string; role: string }) => [u.email, u.role])).toEqual([
      [server.admin.email, "admin"],
      [MEMBER.email, "member"],
    ]);

    // The last admin cannot be deleted: the API's message is shown.
    const admin = users.locator(`[data-email="${server.admin.email}"]`);
    await admin.getByTestId("user-delete").click();
    await expect(page.getByTestId("confirm-dialog")).toContainText(server.admin.email);
    await page.getByTestId("confirm").click();
    await expect(page.getByTestId("users-error")).toContainText(/admin/i);
    await expect(users.getByTestId("user-row")).toHaveCount(2);
    await page.screenshot({ path: info.outputPath("admin-users-1280.png"), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: info.outputPath("admin-users-390.png"), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });

    // Create a key: shown once in the dialog, then only its prefix.
    await page.getByTestId("tab-keys").click();
    await expect(page).toHaveURL(`${server.url}/admin?tab=keys`);
    await page.getByTestId("new-key-name").fill("nightly export");
    await page.getByTestId("new-key-expires").fill("30");
    await page.getByTestId("create-key-submit").click();
    const dialog = page.getByTestId("new-key-dialog");
    await expect(dialog).toContainText("will not be shown again");
    const key = (await page.getByTestId("new-key").textContent()) ?? "";
    expect(key).toMatch(/^tl_/);
    await page.screenshot({ path: info.outputPath("admin-new-key-1280.png") });
    await page.getByTestId("close-key").click();
    await expect(dialog).toHaveCount(0);
    const row = page.locator('[data-testid="key-row"][data-name="nightly export"]');
    await expect(row.getByTestId("key-state")).toHaveText("Active");
    await expect(row).toContainText("Member");
    await expect(page.locator("body")).not.toContainText(key);
    // The key works as a Bearer key, then is revoked from the page.
    const asKey = { authorization: `Bearer ${key}` };
    expect((await page.request.get(`${server.url}/api/v1/platform/report/list`, { headers: asKey })).status()).toBe(
      200,
    );
    await row.getByTestId("key-revoke").click();
    await page.getByTestId("confirm").click();
    await expect(row.getByTestId("key-state")).toContainText("Revoked");
    expect((await page.request.get(`${server.url}/api/v1/platform/report/list`, { headers: asKey })).status()).toBe(
      401,
    );
    await page.screenshot({ path: info.outputPath("admin-keys-1280.png"), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: info.outputPath("admin-keys-390.png"), fullPage: true });
  });

  test("a member sees no admin link and 'Admins only'; the API refuses them", async ({ browser, page }, info) => {
    // The member may not exist yet when this test runs alone.
    await signIn(page, server);
    await page.request.post(`${server.url}/api/v1/users`, {
      data: { email: "reader@example.com", password: "reader password 12", role: "member" },
      headers: browserWrite(server),
    });
    const context = await browser.newContext();
    const memberPage = await context.newPage();
    await signIn(memberPage, server, { email: "reader@example.com", password: "reader password 12" });
    await memberPage.goto(server.url);
    await expect(memberPage.getByTestId("signed-in-as")).toHaveText("reader@example.com");
    await expect(memberPage.getByTestId("admin-link")).toHaveCount(0);
    await memberPage.goto(`${server.url}/admin`);
    await expect(memberPage.getByTestId("admins-only")).toContainText("Admins only");
    await expect(memberPage.getByTestId("users-table")).toHaveCount(0);
    expect((await memberPage.request.get(`${server.url}/api/v1/users`)).status()).toBe(403);
    expect((await memberPage.request.get(`${server.url}/api/v1/keys`)).status()).toBe(403);
    await memberPage.screenshot({ path: info.outputPath("admins-only-1280.png") });
    await context.close();
  });

  test("the records panel pages with Load more up to the KPI's value", async ({ page }) => {
    await signIn(page, server);
    await page.goto(`${server.url}/area/operations`);
    const value = page.getByTestId("kpi-calls.offered").getByTestId("kpi-value");
    await expect(value).toHaveAttribute("data-value", /^\d{3,}$/);
    const total = Number(await value.getAttribute("data-value"));
    await value.getByTestId("kpi-drill").click();
    const panel = page.getByTestId("records-panel");
    await expect(panel.getByTestId("records-total")).toHaveAttribute("data-value", String(total));
    await expect(panel.getByTestId("record-row")).toHaveCount(50);
    await expect(panel.getByTestId("records-total")).toContainText("showing 50");
    await panel.getByTestId("records-more").click();
    await expect(panel.getByTestId("record-row")).toHaveCount(100);
    // No record twice across pages.
    const ids = await panel.locator('[data-testid="record-row"] td:nth-child(2)').allTextContents();
    expect(new Set(ids).size).toBe(100);
  });
});
