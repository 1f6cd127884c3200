/**
 * Narrative reports in real Chromium against a real server process over the demo data (issue 14,
 * seed 000 "Reports"). The server's AI setting points at a local chat-completions server (written
 * here) that answers with token usage but never a usable report, so every report falls back to the
 * rules narrator and the usage is known: the Reports page generates a campaign report (estimate
 * shown first, equal to the API's), follows it to done, shows its sections with the API's figures,
 * exports the JSON (the stored report), shares it as a public link (opened without a session: the
 * same summary, agents by number only, no example calls), deletes it; the Usage page shows the
 * API's monthly figures.
 */
import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { type AiServer, startAiServer } from "../packages/narrative/test/aiServer";
import { signIn, startTallyline, type Tallyline, tempDataDir } from "./server";

/** What the local model server reports per chat answer. */
const USAGE = { prompt_tokens: 1234, completion_tokens: 56 };
/** What it reports per embeddings request. */
const EMBED_TOKENS = 17;

let ai: AiServer;
let server: Tallyline;
test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  // The shared OpenAI-protocol server: every chat completion is text that is not the JSON asked
  // for, with its usage; every distinct issue text gets its own axis as embedding (no two alike).
  ai = await startAiServer();
  ai.fallback = { kind: "json", content: "not a report", usage: USAGE };
  const axes: string[] = [];
  ai.embed = (input) => ({
    vectors: input.map((t) => {
      if (!axes.includes(t)) axes.push(t);
      return Array.from({ length: 64 }, (_, k) => (k === axes.indexOf(t) % 64 ? 1 : 0));
    }),
    promptTokens: EMBED_TOKENS,
  });
  server = await startTallyline(
    tempDataDir(),
    {
      TALLYLINE_DEMO: "off",
      TALLYLINE_AI_BASE_URL: ai.url,
      TALLYLINE_AI_MODEL: "local-test",
      TALLYLINE_AI_EMBEDDINGS_MODEL: "local-embed",
      TALLYLINE_AI_MAX_RETRIES: "0",
    },
    { command: "demo" },
  );
});
test.afterAll(async () => {
  await server?.stop();
  await ai?.close();
});

interface Fact {
  id: string;
  formatted: string;
}
interface Report {
  id: string;
  status: string;
  narrator: string | null;
  content: { facts: Fact[]; sections: { executiveSummary: string[] } } | null;
}

test("generate a campaign report, read it, export its JSON, delete it; the Usage page shows the API's figures", async ({
  page,
  browser,
}, info) => {
  test.setTimeout(150_000);
  await signIn(page, server);
  await page.goto(`${server.url}/`);
  await page.getByTestId("nav-reports").click();
  await expect(page).toHaveURL(/\/reports$/);
  await expect(page.getByRole("heading", { level: 1, name: "Reports" })).toBeVisible();
  await expect(page.getByTestId("reports-empty")).toBeVisible();

  // The dialog offers the data's call campaigns; the estimate comes before generating.
  await page.getByTestId("report-generate-open").click();
  const dialog = page.getByTestId("generate-dialog");
  await expect(dialog).toBeVisible();
  const value = dialog.getByTestId("generate-value");
  await expect(value.locator("option")).not.toHaveCount(1);
  const campaign = await value.locator("option").nth(1).getAttribute("value");
  expect(campaign).toBeTruthy();
  await value.selectOption(campaign as string);
  const timezone = await dialog.getByTestId("generate-timezone").inputValue();
  const estimate = await (
    await page.request.post(`${server.url}/api/v1/narratives/estimate`, {
      data: { scope: `campaign:${campaign}`, periodDays: 30, timezone },
      headers: { origin: server.url, "x-tallyline-csrf": "1" },
    })
  ).json();
  expect(estimate.narrator).toBe("ai");
  expect(estimate.sampleSize).toBeGreaterThan(0);
  const shown = dialog.getByTestId("generate-estimate").locator("[data-prompt-tokens]");
  await expect(shown).toHaveAttribute("data-prompt-tokens", String(estimate.promptTokens));
  await expect(shown).toContainText(`${estimate.sampleSize.toLocaleString("en-US")} calls in the period`);
  await expect(shown).toContainText(`about ${estimate.promptTokens.toLocaleString("en-US")} prompt tokens`);
  await dialog.getByTestId("generate-submit").click();
  await expect(dialog).toBeHidden();

  // Listed at once (running or already done), then done, written by the rules.
  const row = page.getByTestId("report-row");
  await expect(row).toHaveCount(1);
  await expect(row).toHaveAttribute("data-status", "done", { timeout: 60_000 });
  await expect(row).toContainText("Rules");
  await expect(row).toContainText("you");
  const id = (await row.getAttribute("data-id")) as string;
  await row.getByTestId("report-open").click();
  await expect(page).toHaveURL(new RegExp(`/reports/${id}$`));

  const api: Report = await (await page.request.get(`${server.url}/api/v1/narratives/${id}`)).json();
  expect(api).toMatchObject({ status: "done", narrator: "rules" });
  await expect(page.locator(".tl-app[data-ready]")).toHaveCount(1);
  await expect(page.getByTestId("report-narrator")).toHaveText("written by rules");
  await expect(page.getByTestId("report-fallback")).toBeVisible();
  await expect(page.getByTestId("report-grouping")).toHaveAttribute("data-method", "embeddings");
  await expect(page.getByTestId("report-grouping")).toContainText("grouped by meaning: embeddings of local-embed");
  for (const p of api.content?.sections.executiveSummary ?? [])
    await expect(page.getByTestId("report-summary")).toContainText(p);
  for (const factId of ["total_calls", "average_score", "pass_rate"]) {
    const fact = api.content?.facts.find((f) => f.id === factId);
    await expect(page.getByTestId(`fact-${factId}`).getByTestId("fact-value")).toHaveText(fact?.formatted ?? "?");
  }
  await expect(page.getByTestId("report-facts").getByTestId("sample-band").first()).toBeVisible();
  await expect(page.getByTestId("check-row").first()).toBeVisible();
  await expect(page.getByTestId("report-issues")).toBeVisible();
  for (const h of ["immediate", "shortTerm", "longTerm"])
    await expect(page.getByTestId(`recommendations-${h}`).locator("li").first()).toBeVisible();

  await page.screenshot({ path: info.outputPath("report.png"), fullPage: true });
  // An example call opens its records.
  const example = page.getByTestId("issue-example").first();
  if ((await example.count()) > 0) {
    await example.click();
    await expect(page.getByTestId("records-total")).toBeVisible();
    await page.screenshot({ path: info.outputPath("example-records.png") });
    await page.keyboard.press("Escape");
  }

  // Export JSON: the stored report as the API gives it.
  const download = page.waitForEvent("download");
  await page.getByTestId("report-export-json").click();
  const file = await download;
  expect(file.suggestedFilename()).toBe(`tallyline-report-${id.slice(0, 8)}.json`);
  expect(JSON.parse(readFileSync(await file.path(), "utf8"))).toEqual(api);

  // Share as a public link: opened without a session, the same summary, agents by number only.
  await page.getByTestId("report-share").click();
  await page.getByTestId("report-share-label").fill("For the board");
  await page.getByTestId("report-share-create").click();
  const url = (await page.getByTestId("report-share-url").textContent()) ?? "";
  expect(url).toMatch(/\/r\/[A-Za-z0-9_-]{43}$/);
  await page.getByTestId("report-share-done").click();
  const outsider = await browser.newContext();
  try {
    const pub = await outsider.newPage();
    await pub.goto(url);
    await expect(pub.getByTestId("public-narrative")).toBeVisible();
    for (const p of (await (await outsider.request.get(url.replace("/r/", "/api/v1/public/"))).json()).narrative
      .executiveSummary as string[])
      await expect(pub.getByTestId("report-summary")).toContainText(p);
    await expect(pub.getByTestId("agent-row").first()).toContainText("Agent 1");
    const previous = api.content?.facts.find((f) => f.id === "total_calls.previous")?.formatted ?? "?";
    await expect(pub.getByTestId("fact-total_calls")).toContainText(previous);
    const names = (api.content?.facts ?? []).filter((f) => /^agent\.\d+\.name$/.test(f.id)).map((f) => f.formatted);
    expect(names.length).toBeGreaterThan(0);
    const text = (await pub.locator("body").textContent()) ?? "";
    for (const name of names) expect(text).not.toContain(name);
    await expect(pub.getByTestId("issue-example")).toHaveCount(0);
    await pub.screenshot({ path: info.outputPath("public.png"), fullPage: true });
  } finally {
    await outsider.close();
  }

  // The Usage page: the API's figures per month (three model calls: the embeddings of the issue
  // texts, the answer and the one retry).
  await page.getByTestId("nav-usage").click();
  await expect(page).toHaveURL(/\/settings\/usage$/);
  const usage: { months: { month: string; calls: number; promptTokens: number; completionTokens: number }[] } = await (
    await page.request.get(`${server.url}/api/v1/narratives/usage`)
  ).json();
  expect(usage.months).toHaveLength(1);
  expect(usage.months[0]).toMatchObject({
    calls: 3,
    promptTokens: 2 * USAGE.prompt_tokens + EMBED_TOKENS,
    completionTokens: 2 * USAGE.completion_tokens,
  });
  const month = page.locator(`[data-testid="usage-month"][data-month="${usage.months[0]?.month}"]`);
  await expect(month.getByTestId("usage-calls")).toHaveText("3");
  await expect(month.getByTestId("usage-prompt")).toHaveText(
    (2 * USAGE.prompt_tokens + EMBED_TOKENS).toLocaleString("en-US"),
  );
  await expect(month.getByTestId("usage-completion")).toHaveText(String(2 * USAGE.completion_tokens));
  await expect(page.getByTestId("usage-report")).toHaveCount(1);

  // Delete, after the confirmation: gone from the list and the API; the usage stays.
  await page.goto(`${server.url}/reports/${id}`);
  await page.getByTestId("report-delete").click();
  await page.getByTestId("report-delete-confirm").click();
  await expect(page).toHaveURL(/\/reports$/);
  await expect(page.getByTestId("reports-empty")).toBeVisible();
  expect((await page.request.get(`${server.url}/api/v1/narratives/${id}`)).status()).toBe(404);
  expect((await (await page.request.get(`${server.url}/api/v1/narratives/usage`)).json()).months[0].calls).toBe(3);
});

test("a slow generation shows its progress bar on the Reports page and the report page, then the finished report", async ({
  page,
}, info) => {
  test.setTimeout(120_000);
  // Every answer of the AI server (embeddings, two chat attempts) waits 2 s: about 6 s of progress.
  ai.delayMs = 2000;
  try {
    await signIn(page, server);
    await page.goto(`${server.url}/reports`);
    await page.getByTestId("report-generate-open").click();
    const dialog = page.getByTestId("generate-dialog");
    const value = dialog.getByTestId("generate-value");
    await expect(value.locator("option")).not.toHaveCount(1);
    await value.selectOption((await value.locator("option").nth(1).getAttribute("value")) as string);
    await expect(dialog.getByTestId("generate-estimate").locator("[data-prompt-tokens]")).toBeVisible();
    await dialog.getByTestId("generate-submit").click();
    await expect(dialog).toBeHidden();

    // The list shows the running report's bar (a Kobalte progressbar with the step's words).
    const row = page.getByTestId("report-row").first();
    await expect(row).toHaveAttribute("data-status", "running");
    const listBar = row.getByTestId("report-progress");
    await expect(listBar).toBeVisible();
    await expect(listBar).toHaveAttribute("role", "progressbar");
    await expect(listBar.getByTestId("report-progress-step")).not.toBeEmpty();
    await page.screenshot({ path: info.outputPath("reports-progress.png") });

    // The report page follows it: the bar with its step, then the finished report without the bar.
    await row.getByTestId("report-open").click();
    const bar = page.getByTestId("report-running").getByTestId("report-progress");
    await expect(bar).toBeVisible();
    const step = await bar.getAttribute("data-step");
    expect(["queued", "facts", "issues", "writing", "checking", "saving"]).toContain(step);
    expect(Number(await bar.getAttribute("aria-valuenow"))).toBeLessThan(100);
    await expect(bar.getByTestId("report-progress-step")).toHaveText(/\S/);
    await page.screenshot({ path: info.outputPath("report-progress.png") });
    await expect(page.getByTestId("report")).toHaveAttribute("data-status", "done", { timeout: 60_000 });
    await expect(page.getByTestId("report-progress")).toHaveCount(0);
    await expect(page.getByTestId("report-summary")).toBeVisible();
    await expect(page.getByTestId("report-narrator")).toHaveText("written by rules");
    await expect(page.getByTestId("report-grouping")).toHaveAttribute("data-method", "embeddings");
  } finally {
    ai.delayMs = 0;
  }
});
