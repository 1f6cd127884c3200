/**
 * The PDF attachment of a scheduled mail: the mail's own document (its three sections, figures,
 * charts as SVG) printed once by the server's Chromium printer (a real server: pdfServer.ts),
 * attached; read back with mailparser and poppler's pdftotext / pdfimages. And the failure: Chromium missing (CHROMIUM_PATH
 * at a file that does not exist), the mail goes without the PDF and the run records a warning.
 * Data: the seeded demo, 14 days to 1999-02-02 (the server's "today" is 1999-02-03), UTC.
 */
import { defaultRegistry, type KpiResult } from "@tallyline/report-defs";
import { loadDemo } from "@tallyline/synth";
import { formatValue } from "@tallyline/ui/format";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Printer } from "../src/pdf/printer";
import { buildMail, UNSUBSCRIBE_MARK } from "../src/schedules/mail";
import { Scheduler } from "../src/schedules/scheduler";
import { Schedules } from "../src/schedules/schedules";
import { ReportRunner } from "../src/services/reportRunner";
import { type PdfServer, pdfImages, pdfPages, pdfServer, pdfText } from "./pdfServer";
import { type Received, smtpServer } from "./testutil/smtp";

const PERIOD = { from: "1999-01-25", to: "1999-01-31" };
let srv: PdfServer;
let smtp: Awaited<ReturnType<typeof smtpServer>>;
let runner: ReportRunner;
const now = () => Date.parse("1999-02-03T12:00:00Z");

beforeAll(async () => {
  smtp = await smtpServer();
  srv = await pdfServer({ files: [] });
  await loadDemo(srv.warehouse, { seed: 11, days: 14, end: "1999-02-02", timezone: "UTC", scale: 5 });
  runner = new ReportRunner(srv.warehouse);
}, 120_000);
afterAll(async () => {
  await runner?.close();
  await smtp?.close();
  await srv?.close();
});

const scheduler = (printer: Printer) =>
  new Scheduler(
    {
      warehouse: srv.warehouse,
      registry: defaultRegistry(),
      reports: runner,
      now,
      printer,
    },
    { smtpUrl: smtp.url, baseUrl: srv.url, backoffMs: 1, sleep: async () => {} },
  );

async function schedule(name: string, to: string): Promise<string> {
  const s = await new Schedules(srv.warehouse, now).create(
    {
      name,
      frequency: "weekly",
      weekday: 1,
      sendTime: "08:00",
      timezone: "UTC",
      recipients: [to],
      attachments: { pdf: true },
    },
    { kind: "user", id: "owner" },
  );
  return s.id;
}

describe("the PDF of the bundle", () => {
  let mail: Received;
  let warnings: readonly string[];
  let text: string;
  let pdf: Buffer;
  beforeAll(async () => {
    const id = await schedule("Weekly snapshot", "pdf@example.com");
    const before = smtp.received.length;
    const s = scheduler(srv.printer);
    const outcome = await s.runNow(id, { period: PERIOD });
    await s.stop();
    expect(outcome.status).toBe("sent");
    warnings = outcome.warnings;
    mail = smtp.received[before] as Received;
    const file = mail.parsed.attachments.find((a) => a.contentType === "application/pdf");
    pdf = file?.content as Buffer;
    text = pdfText(pdf, srv.dir, "bundle", "-raw");
  }, 120_000);

  it("is attached under the schedule's name and period, beside the inline charts, with no warning", () => {
    expect(warnings).toEqual([]);
    const file = mail.parsed.attachments.find((a) => a.contentType === "application/pdf");
    expect(file?.filename).toBe("tallyline-weekly-snapshot-1999-01-25_1999-01-31.pdf");
    expect(file?.contentDisposition).toBe("attachment");
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(mail.parsed.attachments.filter((a) => a.contentType === "image/png").length).toBeGreaterThanOrEqual(8);
  });

  it("holds the mail's three sections with the period in every page's header and 'Page X of Y', charts as vectors", () => {
    const pages = pdfPages(pdf, srv.dir, "count");
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(text).toContain("1999-01-25 to 1999-01-31 (UTC)");
    expect(text).toContain(`Page 1 of ${pages}`);
    expect(text).toContain(`Page ${pages} of ${pages}`);
    for (const title of ["Activity", "Chatbot", "Contact Center", "Most frequent intents"])
      expect(text, title).toContain(title);
    // The charts are drawn as SVG: no raster image in the file (the mail's PNGs are not reused).
    expect(pdfImages(pdf, srv.dir, "images")).toEqual([]);
    expect(text).not.toContain("Unsubscribe");
  });

  it("the print document is the mail's from the same template: every chart an SVG data: URI, no cid:, no unsubscribe link", async () => {
    const id = await schedule("Print twin", "twin@example.com");
    const content = await buildMail({
      schedule: await new Schedules(srv.warehouse, now).stored(id),
      period: PERIOD,
      registry: defaultRegistry(),
      runner,
      now: now(),
      dueAt: now(),
      late: false,
      baseUrl: srv.url,
    });
    expect(content.images.length).toBeGreaterThanOrEqual(2);
    expect(content.printHtml).not.toContain("cid:");
    expect(content.printHtml).not.toContain("Unsubscribe");
    expect(content.printHtml).not.toContain(UNSUBSCRIBE_MARK);
    const svgs = [...content.printHtml.matchAll(/src="data:image\/svg\+xml;base64,([^"]+)"/g)].map((m) =>
      Buffer.from(m[1] as string, "base64").toString("utf8"),
    );
    expect(svgs).toHaveLength(content.images.length);
    for (const svg of svgs) expect(svg).toMatch(/^<svg[\s\S]*<\/svg>$/);
    // The mail's document with its images swapped for the print's, in order, and the unsubscribe link
    // and print rules the only other differences: one template, two renderings.
    let k = 0;
    const expected = content.html
      .replace(/src="cid:([^"]+)"/g, (_, cid: string) => {
        expect(cid).toBe(content.images[k]?.cid);
        return `src="data:image/svg+xml;base64,${Buffer.from(svgs[k++] as string, "utf8").toString("base64")}"`;
      })
      .replace(/ <a href="\{\{UNSUBSCRIBE\}\}"[^>]*>Unsubscribe<\/a>/, "")
      .replace(
        "</title></head>",
        "</title><style>h1,h2,h3{break-after:avoid-page}img,tr{break-inside:avoid-page}</style></head>",
      );
    expect(k).toBe(content.images.length);
    expect(content.printHtml).toBe(expected);
  });

  it("shows the key figures the mail's body shows, as the API computes them for the period", async () => {
    const body = mail.parsed.text ?? "";
    let checked = 0;
    for (const reportId of ["contact_centre.conversations", "contact_centre.messages", "contacts.new"]) {
      const res = await srv.post(`/api/v1/report/${reportId}/fetch`, { ...PERIOD, timezone: "UTC" });
      const api = (await res.json()) as KpiResult;
      const shown = formatValue(api.value, api.measure.format, "en");
      expect(api.value, reportId).toBeGreaterThan(0);
      expect(body, reportId).toContain(`: ${shown} (previous`);
      expect(text.replace(/\s+/g, " "), reportId).toContain(shown);
      checked++;
    }
    expect(checked).toBe(3);
  });
});

describe("without Chromium", () => {
  it("the mail still goes out, without the PDF, and the run records why", async () => {
    const id = await schedule("No chromium", "nochrome@example.com");
    const saved = process.env.CHROMIUM_PATH;
    process.env.CHROMIUM_PATH = "/nonexistent/chromium-for-this-test";
    const broken = new Printer({ timeoutMs: 10_000 });
    if (saved === undefined) delete process.env.CHROMIUM_PATH;
    else process.env.CHROMIUM_PATH = saved;
    broken.setOrigin(srv.url);
    const before = smtp.received.length;
    const s = scheduler(broken);
    try {
      const outcome = await s.runNow(id, { period: PERIOD });
      expect(outcome.status).toBe("sent");
      expect(outcome.warnings).toHaveLength(1);
      expect(outcome.warnings[0]).toMatch(
        /^no PDF attached: Chromium did not start from \/nonexistent\/chromium-for-this-test/,
      );
      const mails = smtp.received.slice(before);
      expect(mails.map((m) => m.to)).toEqual([["nochrome@example.com"]]);
      expect(mails[0]?.parsed.attachments.some((a) => a.contentType === "application/pdf")).toBe(false);
      const [run] = await new Schedules(srv.warehouse, now).runs(id);
      expect(run?.status).toBe("sent");
      expect(run?.warnings).toEqual(outcome.warnings);
    } finally {
      await s.stop();
      await broken.close();
    }
  }, 60_000);
});

describe("the PDF of a segmented schedule", () => {
  it("prints the segment's name in every page's header, after the period", async () => {
    const segmentId = "0f2b6f7e-3c51-4a55-8d0e-6a1f0c9d2b11";
    await srv.warehouse.run(
      `INSERT INTO app_segments (segment_id, name, description, filters, owner_kind, owner_id, created_at, updated_at)
       VALUES ($1, 'Dutch chats', NULL, '{"language":["nl"]}'::JSON, 'user', 'owner', now()::TIMESTAMP, now()::TIMESTAMP)`,
      [segmentId],
    );
    const made = await new Schedules(srv.warehouse, now).create(
      {
        name: "Segmented PDF",
        bundle: { kind: "category", category: "Contact centre" },
        frequency: "daily",
        sendTime: "08:00",
        timezone: "UTC",
        recipients: ["segpdf@example.com"],
        attachments: { pdf: true },
        segmentId,
      },
      { kind: "user", id: "owner" },
    );
    const before = smtp.received.length;
    const s = scheduler(srv.printer);
    const outcome = await s.runNow(made.id, { period: PERIOD });
    await s.stop();
    expect(outcome.status).toBe("sent");
    expect(outcome.warnings).toEqual([]);
    const file = (smtp.received[before] as Received).parsed.attachments.find(
      (a) => a.contentType === "application/pdf",
    );
    expect(file).toBeDefined();
    const text = pdfText(file?.content as Buffer, srv.dir, "segmented");
    const pages = pdfPages(file?.content as Buffer, srv.dir, "segmented");
    expect(text.split("1999-01-25 to 1999-01-31 (UTC), segment Dutch chats").length - 1).toBeGreaterThanOrEqual(pages);
    expect(text).toContain("Segment: Dutch chats");
  }, 60_000);
});
