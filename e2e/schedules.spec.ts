/**
 * The Schedules page (issue 15) in real Chromium against a real server process (no SMTP configured,
 * so the scheduler sends nothing): a member creates a weekly schedule through the dialog (a bad
 * address is refused beside it by the page, an address only the API refuses gets the API's message
 * beside it), sees it listed with its cadence in words and the API's stored schedule equal to what
 * was typed, edits it to monthly on the 31st, pauses it, and deletes it after the confirm dialog;
 * another member sees it with its buttons disabled, and the API refuses that member's change (403).
 * "Send now" and the mail options (attachments, narrative summary) are checked only when the API has
 * them (the mail backend adds them); otherwise the button is absent and the options test is skipped.
 */
import { type APIRequestContext, expect, type Page, test } from "@playwright/test";
import { browserWrite, signIn, startTallyline, type Tallyline, tempDataDir } from "./server";

const OWNER = { email: "owner@example.com", password: "owner password 123" };
const OTHER = { email: "other@example.com", password: "other password 123" };

interface ApiSchedule {
  id: string;
  name: string;
  bundle: { kind: string; category?: string };
  frequency: string;
  weekday: number | null;
  monthDay: number | null;
  sendTime: string;
  timezone: string;
  recipients: string[];
  filters: Record<string, string[]>;
  enabled: boolean;
  editable: boolean;
  nextRun: { dueAt: string; from: string; to: string } | null;
  attachments?: { pdf: boolean; csv: boolean; xlsx: boolean };
  narrativeSummary?: boolean;
}

let server: Tallyline;
let features: { sendNow: boolean; mailOptions: boolean };
test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ playwright }) => {
  server = await startTallyline(tempDataDir(), { TALLYLINE_DEMO: "off" });
  const admin = await playwright.request.newContext();
  const signed = await admin.post(`${server.url}/api/v1/auth/sign-in`, {
    data: server.admin,
    headers: { origin: server.url },
  });
  expect(signed.status()).toBe(200);
  for (const who of [OWNER, OTHER]) {
    const made = await admin.post(`${server.url}/api/v1/users`, {
      data: { ...who, role: "member" },
      headers: browserWrite(server),
    });
    expect(made.status(), await made.text()).toBe(201);
  }
  const doc = (await (await admin.get(`${server.url}/api/v1/openapi.json`)).json()) as {
    paths: Record<string, Record<string, unknown>>;
    components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
  };
  features = {
    sendNow: "post" in (doc.paths["/api/v1/schedules/{scheduleId}/runs"] ?? {}),
    mailOptions: "attachments" in (doc.components.schemas.NewSchedule?.properties ?? {}),
  };
  await admin.dispose();
});
test.afterAll(async () => server?.stop());

async function schedules(request: APIRequestContext): Promise<ApiSchedule[]> {
  const res = await request.get(`${server.url}/api/v1/schedules`);
  expect(res.status()).toBe(200);
  return ((await res.json()) as { items: ApiSchedule[] }).items;
}

/** The weekday and wall time of an instant in a zone, read independently of the page's code. */
function wall(iso: string, zone: string): { weekday: string; time: string; day: number } {
  const f = new Intl.DateTimeFormat("en-GB", {
    timeZone: zone,
    weekday: "long",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(new Date(iso));
  const get = (t: string) => f.find((p) => p.type === t)?.value ?? "";
  return { weekday: get("weekday"), time: `${get("hour")}:${get("minute")}`, day: Number(get("day")) };
}

/** Types a zone into the searchable zone field (an input over the datalist of IANA zones). */
async function chooseZone(page: Page, zone: string): Promise<void> {
  const input = page.getByTestId("schedule-zone-input");
  await input.fill(zone);
  await expect(input).toHaveValue(zone);
}

test("a member creates, edits, pauses and deletes a weekly schedule; another member cannot change it", async ({
  page,
  browser,
}, info) => {
  test.setTimeout(60_000);
  await signIn(page, server, OWNER);
  await page.goto(`${server.url}/`);
  await page.getByTestId("nav-schedules").click();
  await expect(page).toHaveURL(/\/schedules$/);
  const empty = page.getByTestId("schedules-empty");
  await expect(empty).toContainText("A schedule e-mails a report");

  // Create through the dialog.
  await empty.getByTestId("schedule-new-empty").click();
  const dialog = page.getByTestId("schedule-dialog");
  await expect(dialog).toBeVisible();
  await dialog.getByTestId("schedule-name").fill("Weekly snapshot");
  await expect(dialog.getByTestId("schedule-monthday")).toHaveCount(0);
  await dialog.getByTestId("schedule-frequency").selectOption("weekly");
  await dialog.getByTestId("schedule-weekday").selectOption({ label: "Wednesday" });
  await dialog.getByTestId("schedule-time").fill("08:00");
  // A zone that is not in the IANA list: its error at the field.
  await chooseZone(page, "Mars/Olympus_Mons");
  await dialog.getByTestId("schedule-save").click();
  await expect(dialog.getByTestId("schedule-error-timezone")).toHaveText("Choose a time zone from the list.");
  await chooseZone(page, "Europe/Amsterdam");
  await expect(dialog.getByTestId("schedule-preview")).toHaveText("Every Wednesday at 08:00, Europe/Amsterdam");

  // An address the page refuses: its problem beside it, nothing sent.
  await dialog.getByTestId("schedule-recipients").fill("Manager@Example.com\nnot-an-address");
  await dialog.getByTestId("schedule-save").click();
  const problems = dialog.getByTestId("schedule-recipient-problem");
  await expect(problems).toHaveCount(1);
  await expect(problems.first()).toHaveAttribute("data-address", "not-an-address");
  await expect(problems.first()).toContainText("not-an-address is not an e-mail address");
  await expect(dialog.getByTestId("schedule-error-recipients")).toBeVisible();
  expect(await schedules(page.request)).toEqual([]);

  // An address only the API refuses (two dots in a row): the API's message at that address.
  await dialog.getByTestId("schedule-recipients").fill("Manager@Example.com, first..last@example.com");
  await dialog.getByTestId("schedule-save").click();
  await expect(problems).toHaveCount(1);
  await expect(problems.first()).toHaveAttribute("data-address", "first..last@example.com");
  await expect(problems.first()).toContainText("must be an e-mail address");
  expect(await schedules(page.request)).toEqual([]);

  await dialog.getByTestId("schedule-recipients").fill("Manager@Example.com,\nlead@example.com");
  await dialog.getByTestId("schedule-save").click();
  await expect(dialog).toHaveCount(0);

  // Listed with the cadence in words; the API holds what was typed.
  const row = page.getByTestId("schedule-row");
  await expect(row).toHaveCount(1);
  const [made] = await schedules(page.request);
  expect(made).toMatchObject({
    name: "Weekly snapshot",
    bundle: { kind: "seed002" },
    frequency: "weekly",
    weekday: 3,
    monthDay: null,
    sendTime: "08:00",
    timezone: "Europe/Amsterdam",
    recipients: ["manager@example.com", "lead@example.com"],
    filters: {},
    enabled: true,
    editable: true,
  });
  await expect(row.getByTestId("schedule-title")).toHaveText("Weekly snapshot");
  await expect(row.getByTestId("schedule-cadence")).toHaveText("Every Wednesday at 08:00, Europe/Amsterdam");
  await expect(row.getByTestId("schedule-recipients-text")).toHaveText(
    "2 recipients: manager@example.com, lead@example.com",
  );
  await expect(row.getByTestId("schedule-owner")).toHaveText("You");
  await expect(row.getByTestId("schedule-state")).toHaveText("Enabled");
  await expect(row.getByTestId("schedule-last")).toHaveText("never");
  // The next run is the API's, shown at 08:00 on a Wednesday in Amsterdam.
  const next = made?.nextRun;
  expect(next).not.toBeNull();
  expect(wall(next?.dueAt ?? "", "Europe/Amsterdam")).toMatchObject({ weekday: "Wednesday", time: "08:00" });
  await expect(row.getByTestId("schedule-next")).toContainText(
    `08:00 (Europe/Amsterdam), reporting on ${next?.from} to ${next?.to}`,
  );
  await expect(row.getByTestId("schedule-next").locator("time")).toHaveAttribute("datetime", next?.dueAt ?? "");
  await row.getByTestId("schedule-history").locator("summary").click();
  await expect(row.getByTestId("schedule-history")).toContainText("No run yet");
  if (!features.sendNow) await expect(row.getByTestId("schedule-send-now")).toHaveCount(0);
  await page.screenshot({ path: info.outputPath("schedules-1280.png"), fullPage: true });

  // Another member sees it but cannot change it: buttons disabled, and the API says 403.
  const context = await browser.newContext();
  const other = await context.newPage();
  await signIn(other, server, OTHER);
  await other.goto(`${server.url}/schedules`);
  const theirs = other.getByTestId("schedule-row");
  await expect(theirs.getByTestId("schedule-title")).toHaveText("Weekly snapshot");
  await expect(theirs.getByTestId("schedule-owner")).toHaveText(/^User [0-9a-f-]{8}$/);
  for (const id of ["schedule-edit", "schedule-toggle", "schedule-delete"])
    await expect(theirs.getByTestId(id)).toBeDisabled();
  await expect(theirs.getByTestId("schedule-locked")).toHaveText("Only its owner or an admin can change it.");
  const refused = await other.request.patch(`${server.url}/api/v1/schedules/${made?.id}`, {
    data: { enabled: false },
    headers: browserWrite(server),
  });
  expect(refused.status()).toBe(403);
  await context.close();

  // Edit: monthly on the 31st at 07:30; the weekday field goes, the day of the month comes.
  await row.getByTestId("schedule-edit").click();
  await expect(dialog.getByTestId("schedule-name")).toHaveValue("Weekly snapshot");
  await expect(dialog.getByTestId("schedule-recipients")).toHaveValue("manager@example.com\nlead@example.com");
  await dialog.getByTestId("schedule-frequency").selectOption("monthly");
  await expect(dialog.getByTestId("schedule-weekday")).toHaveCount(0);
  await dialog.getByTestId("schedule-monthday").selectOption("31");
  await dialog.getByTestId("schedule-time").fill("07:30");
  await dialog.getByTestId("schedule-name").fill("Month end");
  await dialog.getByTestId("schedule-save").click();
  await expect(dialog).toHaveCount(0);
  await expect(row.getByTestId("schedule-cadence")).toHaveText(
    "On the 31st of every month (its last day when shorter) at 07:30, Europe/Amsterdam",
  );
  const [edited] = await schedules(page.request);
  expect(edited).toMatchObject({
    id: made?.id,
    name: "Month end",
    frequency: "monthly",
    weekday: null,
    monthDay: 31,
    sendTime: "07:30",
    timezone: "Europe/Amsterdam",
  });
  const due = wall(edited?.nextRun?.dueAt ?? "", "Europe/Amsterdam");
  expect(due.time).toBe("07:30");
  expect(due.day).toBeGreaterThanOrEqual(28);

  // Pause: no next run.
  await row.getByTestId("schedule-toggle").click();
  await expect(row.getByTestId("schedule-state")).toHaveText("Paused");
  await expect(row.getByTestId("schedule-next")).toHaveText("none while paused");
  expect((await schedules(page.request))[0]?.enabled).toBe(false);
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(
    0,
  );
  await page.setViewportSize({ width: 1280, height: 900 });

  // Delete, after the confirm dialog (Cancel first: nothing goes).
  await row.getByTestId("schedule-delete").click();
  const confirm = page.getByTestId("schedule-delete-dialog");
  await expect(confirm).toContainText("Delete “Month end”?");
  await confirm.getByTestId("schedule-delete-cancel").click();
  await expect(confirm).toHaveCount(0);
  expect(await schedules(page.request)).toHaveLength(1);
  await row.getByTestId("schedule-delete").click();
  await confirm.getByTestId("schedule-delete-confirm").click();
  await expect(page.getByTestId("schedules-empty")).toBeVisible();
  expect(await schedules(page.request)).toEqual([]);
});

test("Send now shows the API's answer (SMTP is not configured here)", async ({ page }) => {
  test.skip(
    !features.sendNow,
    "SKIPPED: this API has no POST /api/v1/schedules/{id}/runs yet (the mail backend adds it)",
  );
  await signIn(page, server, OWNER);
  const made = await page.request.post(`${server.url}/api/v1/schedules`, {
    data: { name: "Now", frequency: "daily", sendTime: "06:00", timezone: "UTC", recipients: ["a@example.com"] },
    headers: browserWrite(server),
  });
  expect(made.status()).toBe(201);
  const { id } = (await made.json()) as { id: string };
  await page.goto(`${server.url}/schedules`);
  const row = page.locator(`[data-testid="schedule-row"][data-id="${id}"]`);
  await row.getByTestId("schedule-send-now").click();
  const again = await page.request.post(`${server.url}/api/v1/schedules/${id}/runs`, { headers: browserWrite(server) });
  const answer = (await again.json()) as { error?: { message: string } };
  if (answer.error) await expect(row.getByTestId("schedule-message")).toHaveText(answer.error.message);
  else await expect(row.getByTestId("schedule-message")).toContainText("Sending now");
  await page.request.delete(`${server.url}/api/v1/schedules/${id}`, { headers: browserWrite(server) });
});

test("the mail options are sent as ticked", async ({ page }) => {
  test.skip(
    !features.mailOptions,
    "SKIPPED: this API's schedules have no attachments / narrativeSummary yet (the mail backend adds them)",
  );
  await signIn(page, server, OWNER);
  await page.goto(`${server.url}/schedules`);
  await page.getByTestId("schedule-new-empty").click();
  const dialog = page.getByTestId("schedule-dialog");
  await dialog.getByTestId("schedule-name").fill("With files");
  await dialog.getByTestId("schedule-frequency").selectOption("daily");
  await chooseZone(page, "UTC");
  await dialog.getByTestId("schedule-recipients").fill("a@example.com");
  await dialog.getByTestId("schedule-attach-pdf").check();
  await dialog.getByTestId("schedule-attach-xlsx").check();
  await dialog.getByTestId("schedule-summary").check();
  await dialog.getByTestId("schedule-save").click();
  await expect(dialog).toHaveCount(0);
  const [made] = await schedules(page.request);
  expect(made).toMatchObject({
    name: "With files",
    attachments: { pdf: true, csv: false, xlsx: true },
    narrativeSummary: true,
  });
  await page.request.delete(`${server.url}/api/v1/schedules/${made?.id}`, { headers: browserWrite(server) });
});

test("a segment and the public link are sent as chosen, and the list shows the segment's name", async ({ page }) => {
  test.skip(!features.mailOptions, "SKIPPED: this API's schedules have no mail options yet");
  await signIn(page, server, OWNER);
  const seg = await page.request.post(`${server.url}/api/v1/segments`, {
    data: { name: "Sales queue", filters: { queue: ["sales"] } },
    headers: browserWrite(server),
  });
  expect(seg.status(), await seg.text()).toBe(201);
  const segment = (await seg.json()) as { id: string };
  await page.goto(`${server.url}/schedules`);
  await page.getByTestId("schedule-new-empty").click();
  const dialog = page.getByTestId("schedule-dialog");
  await dialog.getByTestId("schedule-name").fill("Segmented");
  await dialog.getByTestId("schedule-frequency").selectOption("daily");
  await chooseZone(page, "UTC");
  await dialog.getByTestId("schedule-recipients").fill("a@example.com");
  await expect(dialog.getByTestId("schedule-segment")).toHaveValue("");
  await dialog.getByTestId("schedule-segment").selectOption({ label: "Sales queue" });
  await dialog.getByTestId("schedule-public-link").check();
  await dialog.getByTestId("schedule-save").click();
  await expect(dialog).toHaveCount(0);
  const [made] = (await schedules(page.request)) as (ApiSchedule & { segment?: unknown; publicLink?: boolean })[];
  expect(made).toMatchObject({ name: "Segmented", segment: { id: segment.id, name: "Sales queue" }, publicLink: true });
  await expect(page.getByTestId("schedule-row").getByTestId("schedule-segment-text")).toHaveText("Sales queue");
  await page.request.delete(`${server.url}/api/v1/schedules/${made?.id}`, { headers: browserWrite(server) });
});
