/**
 * Scheduled mail end to end: schedules made over the API, the scheduler on an injected clock, mail
 * sent through nodemailer to a real SMTP server on 127.0.0.1 and read back with mailparser. Data:
 * the seeded demo (21 days to 1999-02-07, Europe/Amsterdam). 1999-02-08 is a Monday; Amsterdam is
 * UTC+1 in February, so a Monday 08:00 send is 07:00 UTC.
 */
import { defaultRegistry, type KpiResult } from "@tallyline/report-defs";
import { loadDemo } from "@tallyline/synth";
import { formatValue } from "@tallyline/ui/format";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { SEED002_SECTIONS } from "../src/schedules/mail";
import { Scheduler, type SchedulerOptions } from "../src/schedules/scheduler";
import { ReportRunner } from "../src/services/reportRunner";
import { json, type TestApp, testApp } from "./harness";
import { type Received, smtpServer } from "./testutil/smtp";

let t: TestApp;
let smtp: Awaited<ReturnType<typeof smtpServer>>;
const TZ = "Europe/Amsterdam";
beforeAll(async () => {
  t = await testApp([], TZ);
  await loadDemo(t.warehouse, { seed: 11, days: 21, end: "1999-02-07", timezone: TZ, scale: 5 });
  smtp = await smtpServer();
}, 60_000);
afterAll(async () => {
  await smtp.close();
  await t.close();
});

const H = 3_600_000;
const scheduler = (options: Partial<SchedulerOptions> = {}) =>
  new Scheduler(
    {
      warehouse: t.warehouse,
      registry: defaultRegistry(),
      reports: new ReportRunner(t.warehouse),
      now: () => t.clock.now,
    },
    { smtpUrl: smtp.url, baseUrl: "http://127.0.0.1:8787", backoffMs: 1, sleep: async () => {}, ...options },
  );

async function makeSchedule(body: Record<string, unknown>): Promise<string> {
  const res = await t.post("/api/v1/schedules", { timezone: TZ, name: "Weekly snapshot", ...body });
  expect(res.status).toBe(201);
  return (await json<{ id: string }>(res)).id;
}
const runsOf = async (id: string) =>
  (
    await json<{ items: { status: string; late: boolean; attempts: number; period: { from: string; to: string } }[] }>(
      await t.request(`/api/v1/schedules/${id}/runs`),
    )
  ).items;
/** Pauses every schedule, so the next test's ticks send only its own. */
const pauseAll = () => t.warehouse.run("UPDATE app_schedules SET enabled = false");
const newMail = (from: number) => smtp.received.slice(from);
const textOf = (m: Received) => m.parsed.text ?? "";

describe("the weekly seed 002 mail", () => {
  let id: string;
  let mails: Received[];
  afterAll(pauseAll);
  beforeAll(async () => {
    t.clock.now = Date.parse("1999-02-03T12:00:00Z");
    id = await makeSchedule({
      frequency: "weekly",
      weekday: 1,
      sendTime: "08:00",
      recipients: ["first@example.com", "second@example.com"],
    });
    const before = smtp.received.length;
    t.clock.now = Date.parse("1999-02-08T07:00:30Z");
    const outcomes = await scheduler().tick();
    expect(outcomes.map((o) => [o.status, o.late, o.period])).toEqual([
      ["sent", false, { from: "1999-02-01", to: "1999-02-07" }],
    ]);
    mails = newMail(before);
  }, 60_000);

  it("sends one message per recipient, each only to them, with the period, zone and filters in the text", () => {
    expect(mails.map((m) => m.to)).toEqual([["first@example.com"], ["second@example.com"]]);
    for (const m of mails) {
      expect(m.parsed.subject).toBe("Weekly snapshot: 1999-02-01 to 1999-02-07");
      expect(textOf(m)).toContain("Period: 1999-02-01 to 1999-02-07 (calendar days in Europe/Amsterdam)");
      expect(textOf(m)).toContain("Filters: none");
      expect(textOf(m)).toContain("Dashboard: http://127.0.0.1:8787/?from=1999-02-01&to=1999-02-07");
      for (const section of ["Activity", "Chatbot", "Contact Center"]) expect(textOf(m)).toContain(`\n${section}\n`);
    }
  });

  it("MIME: text and HTML alternatives, PNG images inline by Content-ID; every cid in the HTML is attached and every image is referenced", () => {
    const m = mails[0] as Received;
    expect(m.raw).toMatch(/Content-Type: multipart\/alternative/i);
    expect(m.raw).toMatch(/Content-Type: multipart\/related/i);
    const html = m.parsed.html || "";
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<link|@import|src="http/i);
    const referenced = [...html.matchAll(/src="cid:([^"]+)"/g)].map((x) => x[1]);
    const attached = m.parsed.attachments.map((a) => a.cid);
    expect(referenced.length).toBeGreaterThanOrEqual(8);
    expect([...referenced].sort()).toEqual([...attached].sort());
    for (const a of m.parsed.attachments) {
      expect(a.contentType).toBe("image/png");
      expect(a.contentDisposition).toBe("inline");
      expect(a.content.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      expect(a.content.length).toBeGreaterThan(2000);
    }
    for (const img of html.matchAll(/<img [^>]*>/g)) expect(img[0]).toMatch(/alt="[^"]{10,}"/);
  });

  it("every key figure in the mail equals the API's for the same period and zone", async () => {
    const text = textOf(mails[0] as Received);
    const registry = defaultRegistry();
    let checked = 0;
    for (const section of SEED002_SECTIONS) {
      for (const reportId of section.kpis) {
        const res = await t.post(`/api/v1/report/${reportId}/fetch`, {
          from: "1999-02-01",
          to: "1999-02-07",
          timezone: TZ,
        });
        expect(res.status).toBe(200);
        const api = await json<KpiResult>(res);
        const written = formatValue(api.value, api.measure.format, "en");
        const previous = formatValue(api.previousValue, api.measure.format, "en");
        const line = text.split("\n").find((l) => l.startsWith(`${registry.get(reportId).name}: `));
        expect(line, reportId).toBeDefined();
        expect(line).toContain(`: ${written}`);
        expect(line).toContain(`(previous ${previous};`);
        if (api.peakAt) expect(line).toContain(`at ${api.peakAt}`);
        checked++;
      }
    }
    expect(checked).toBe(10);
    // The demo has data that week: not every figure is zero.
    expect(text).not.toMatch(/^New users: 0 /m);
  });

  it("a List-Unsubscribe one-click link per recipient works once and stops the next mail to that recipient only", async () => {
    const [first, second] = mails as [Received, Received];
    const link = (m: Received) => {
      const head = (m.raw.split(/\r?\n\r?\n/)[0] ?? "").replace(/\r?\n[ \t]+/g, " ");
      return (/^List-Unsubscribe: <([^>]+)>/im.exec(head)?.[1] ?? "").replace(/\s+/g, "");
    };
    expect(first.raw).toMatch(/List-Unsubscribe-Post: List-Unsubscribe=One-Click/i);
    const url = new URL(link(first));
    expect(url.pathname).toMatch(/^\/api\/v1\/unsubscribe\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(link(second)).not.toBe(link(first));
    expect(textOf(first)).toContain(`Unsubscribe: ${url.href}`);
    // A GET (a mail scanner opening the link) changes nothing.
    expect((await t.app.request(url.pathname)).status).toBe(200);
    const once = await t.app.request(url.pathname, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    expect(once.status).toBe(200);
    expect(await json(once)).toEqual({
      status: "unsubscribed",
      email: "first@example.com",
      schedule: "Weekly snapshot",
    });
    expect((await t.app.request(url.pathname, { method: "POST" })).status).toBe(409);
    // A token with a changed signature or for another schedule's secret is not valid.
    for (const at of [-1, -20]) {
      const i = url.pathname.length + at;
      const forged = `${url.pathname.slice(0, i)}${url.pathname[i] === "A" ? "B" : "A"}${url.pathname.slice(i + 1)}`;
      expect((await t.app.request(forged, { method: "POST" })).status).toBe(404);
    }
    // The token names its recipient (signed: changing the address breaks the signature).
    const [payload] = (url.pathname.split("/").pop() ?? "").split(".");
    const other = Buffer.from(payload ?? "", "base64url").toString();
    expect(JSON.parse(other)).toMatchObject({ e: "first@example.com" });

    const before = smtp.received.length;
    t.clock.now = Date.parse("1999-02-15T07:01:00Z");
    const [next] = await scheduler().tick();
    expect(next?.period).toEqual({ from: "1999-02-08", to: "1999-02-14" });
    expect(newMail(before).map((m) => m.to)).toEqual([["second@example.com"]]);
  }, 60_000);

  it("the run history says sent, on time, one attempt per recipient", async () => {
    expect((await runsOf(id)).map((r) => [r.status, r.late, r.attempts, r.period.from])).toEqual([
      ["sent", false, 1, "1999-02-08"],
      ["sent", false, 2, "1999-02-01"],
    ]);
  });
});

describe("escaping", () => {
  afterAll(pauseAll);
  it("a schedule name and filter values with markup reach the HTML as text, never as tags or attributes", async () => {
    t.clock.now = Date.parse("1999-02-06T12:00:00Z");
    const id = await makeSchedule({
      name: '<img src=x onerror="alert(1)"> & Ops',
      frequency: "daily",
      sendTime: "09:00",
      timezone: "UTC",
      recipients: ["escape@example.com"],
      filters: { campaign: ['"><script>alert(2)</script>'] },
    });
    const before = smtp.received.length;
    const run = await scheduler().runNow(id);
    expect(run.status).toBe("sent");
    const [m] = newMail(before) as [Received];
    const html = m.parsed.html || "";
    expect(html).not.toMatch(/<img src=x|<script/i);
    expect(html).toContain("&#60;img src=x onerror=&#34;alert(1)&#34;&#62; &#38; Ops");
    expect(html).toContain("campaign: &#34;&#62;&#60;script&#62;alert(2)&#60;/script&#62;");
    expect(textOf(m)).toContain('Filters: campaign: "><script>alert(2)</script>');
  }, 60_000);
});

describe("delivery and time", () => {
  afterEach(pauseAll);
  it("SMTP refusing then accepting: retried, one mail, two attempts recorded; a permanent refusal fails with the server's answer", async () => {
    t.clock.now = Date.parse("1999-02-05T10:00:00Z");
    const id = await makeSchedule({
      name: "Retry",
      frequency: "daily",
      sendTime: "09:00",
      timezone: "UTC",
      recipients: ["retry@example.com"],
    });
    const before = smtp.received.length;
    smtp.refuse(1, 451);
    t.clock.now = Date.parse("1999-02-06T09:00:10Z");
    const [run] = await scheduler().tick();
    expect(run).toMatchObject({ status: "sent", attempts: 2 });
    expect(newMail(before).map((m) => m.to)).toEqual([["retry@example.com"]]);

    smtp.refuse(5, 550);
    t.clock.now = Date.parse("1999-02-07T09:00:10Z");
    const [refused] = await scheduler().tick();
    expect(refused).toMatchObject({ status: "failed", attempts: 1 });
    expect(refused?.answer).toMatch(/550.*Mailbox unavailable/);
    expect(newMail(before)).toHaveLength(1);
    smtp.refuse(0);
    expect((await runsOf(id)).map((r) => r.status)).toEqual(["failed", "sent"]);
  }, 60_000);

  it("a server down for 3 days: each missed run sent once, late, saying so; one older than the catch-up window is skipped", async () => {
    t.clock.now = Date.parse("1999-01-31T12:00:00Z");
    const id = await makeSchedule({
      name: "Daily",
      frequency: "daily",
      sendTime: "06:00",
      timezone: "UTC",
      recipients: ["daily@example.com"],
    });
    const before = smtp.received.length;
    // Down from 1999-01-31 12:00 to 1999-02-03 09:00: runs were due on 02-01, 02-02 and 02-03 at 06:00.
    t.clock.now = Date.parse("1999-02-03T09:00:00Z");
    const s = scheduler({ catchUpMs: 48 * H });
    const outcomes = await s.tick();
    expect(outcomes.map((o) => [o.period.from, o.status, o.late])).toEqual([
      ["1999-01-31", "skipped", false], // due 51 h ago: past the 48 h window
      ["1999-02-01", "sent", true],
      ["1999-02-02", "sent", true],
    ]);
    const got = newMail(before);
    expect(got.map((m) => m.parsed.subject)).toEqual([
      "[late] Daily: 1999-02-01 to 1999-02-01",
      "[late] Daily: 1999-02-02 to 1999-02-02",
    ]);
    expect(textOf(got[0] as Received)).toContain("This report was due at 1999-02-02T06:00:00Z and is sent late");
    // Ticking again (or a restart ticking) sends nothing more.
    expect(await s.tick()).toEqual([]);
    expect(await scheduler({ catchUpMs: 48 * H }).tick()).toEqual([]);
    expect(newMail(before)).toHaveLength(2);
    expect((await runsOf(id)).map((r) => r.status)).toEqual(["sent", "sent", "skipped"]);
  }, 60_000);

  it("two schedulers racing, then two restarts in a row: each period is sent once; a run left 'sending' is failed, not resent", async () => {
    t.clock.now = Date.parse("1999-02-04T12:00:00Z");
    const id = await makeSchedule({
      name: "Raced",
      frequency: "twice_monthly",
      sendTime: "07:00",
      timezone: "UTC",
      recipients: ["raced@example.com"],
    });
    const before = smtp.received.length;
    t.clock.now = Date.parse("1999-02-16T07:00:05Z");
    const [a, b] = await Promise.all([scheduler().tick(), scheduler().tick()]);
    expect([...(a ?? []), ...(b ?? [])].map((o) => [o.status, o.period])).toEqual([
      ["sent", { from: "1999-02-01", to: "1999-02-15" }],
    ]);
    for (let restart = 0; restart < 2; restart++) {
      const s = scheduler();
      await s.recover();
      expect(await s.tick()).toEqual([]);
    }
    expect(newMail(before)).toHaveLength(1);

    // A process stopped mid-send left this run 'sending': the next start fails it and does not resend.
    await t.warehouse.run(
      `INSERT INTO app_schedule_runs (run_id, schedule_id, period_key, period_from, period_to, due_at, trigger, status, late,
         attempts, recipients, created_at)
       VALUES ('stuck', $1, '1999-02-16..1999-02-28', '1999-02-16', '1999-02-28', '1999-03-01 07:00:00', 'schedule', 'sending',
         false, 0, '[]', '1999-03-01 07:00:00')`,
      [id],
    );
    t.clock.now = Date.parse("1999-03-01T07:05:00Z");
    const s = scheduler();
    expect(await s.recover()).toBe(1);
    expect(await s.tick()).toEqual([]);
    expect(newMail(before)).toHaveLength(1);
    expect((await runsOf(id))[0]).toMatchObject({ status: "failed" });
  }, 60_000);
});
