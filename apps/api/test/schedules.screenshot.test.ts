/**
 * The HTML mail in a real browser: Chromium (playwright-core; CHROMIUM_PATH, else /usr/bin/chromium)
 * renders the seed 002 mail with its Content-ID images given as the attachments' bytes, every image
 * decodes and has its alt text, no script runs, and a screenshot is saved to
 * test-results/mail/seed002-mail.png (docs/mail-screenshot.png is one of these).
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { defaultRegistry } from "@tallyline/report-defs";
import { loadDemo } from "@tallyline/synth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM_ARGS } from "../src/pdf/printer";
import { buildMail } from "../src/schedules/mail";
import { Schedules } from "../src/schedules/schedules";
import { ReportRunner } from "../src/services/reportRunner";
import { type TestApp, testApp } from "./harness";

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const out = join(import.meta.dirname, "../../../test-results/mail");
let t: TestApp;
beforeAll(async () => {
  t = await testApp([], "Europe/Amsterdam");
  await loadDemo(t.warehouse, { seed: 5, days: 14, end: "1999-02-07", timezone: "Europe/Amsterdam", scale: 5 });
}, 60_000);
afterAll(() => t.close());

describe("the HTML mail in Chromium", () => {
  it.skipIf(!existsSync(chromium))(
    "renders with every image decoded, no script, and is saved as a screenshot",
    async () => {
      const { id } = await new Schedules(t.warehouse, () => t.clock.now).create(
        {
          name: "Weekly snapshot",
          frequency: "weekly",
          weekday: 1,
          sendTime: "08:00",
          timezone: "Europe/Amsterdam",
          recipients: ["m@example.com"],
        },
        { kind: "user", id: "u1" },
      );
      const schedule = await new Schedules(t.warehouse, () => t.clock.now).stored(id);
      const mail = await buildMail({
        schedule,
        period: { from: "1999-02-01", to: "1999-02-07" },
        registry: defaultRegistry(),
        runner: new ReportRunner(t.warehouse),
        now: t.clock.now,
        dueAt: t.clock.now,
        late: false,
        baseUrl: "http://127.0.0.1:8787",
      });
      // What a mail client does: cid: references resolved to the attached parts.
      let html = mail.html.replaceAll("{{UNSUBSCRIBE}}", "http://127.0.0.1:8787/api/v1/unsubscribe/x");
      for (const img of mail.images)
        html = html.replaceAll(`cid:${img.cid}`, `data:image/png;base64,${img.png.toString("base64")}`);
      const { chromium: browserType } = await import("playwright-core");
      const browser = await browserType.launch({ executablePath: chromium, args: [...CHROMIUM_ARGS] });
      try {
        const page = await browser.newPage({ viewport: { width: 700, height: 900 }, javaScriptEnabled: true });
        await page.route("**/*", (route) => route.abort());
        await page.setContent(html, { waitUntil: "load" });
        const images = await page.$$eval("img", (els) =>
          els.map((e) => ({
            w: (e as unknown as { naturalWidth: number }).naturalWidth,
            alt: e.getAttribute("alt") ?? "",
          })),
        );
        expect(images).toHaveLength(mail.images.length);
        for (const i of images) {
          expect(i.w).toBe(1120);
          expect(i.alt.length).toBeGreaterThan(10);
        }
        expect(await page.$$("script")).toHaveLength(0);
        expect(await page.textContent("h2")).toBe("Activity");
        mkdirSync(out, { recursive: true });
        const png = await page.screenshot({ fullPage: true });
        writeFileSync(join(out, "seed002-mail.png"), png);
        expect(png.length).toBeGreaterThan(50_000);
      } finally {
        await browser.close();
      }
    },
    60_000,
  );
});
