/**
 * Run-now over the API (`POST /api/v1/schedules/{id}/runs`), the CSV/XLSX attachments of the figures
 * and the narrative executive summary, against a real SMTP server on 127.0.0.1 (mails read back with
 * mailparser) and a real DuckDB file with the seeded demo (21 days to 1999-02-07, Europe/Amsterdam).
 * One intent of the imported chats is renamed to a spreadsheet formula, as hostile data would be.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { AiConfig } from "@tallyline/narrative";
import { defaultRegistry, type KpiResult, type RankingResult } from "@tallyline/report-defs";
import { loadDemo } from "@tallyline/synth";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildMail } from "../src/schedules/mail";
import { Scheduler, type SchedulerOptions, type SummarySource } from "../src/schedules/scheduler";
import { Schedules } from "../src/schedules/schedules";
import { narrativeSummaries } from "../src/schedules/summary";
import { ReportRunner } from "../src/services/reportRunner";
import { BROWSER_WRITE, json, type TestApp, testApp } from "./harness";
import { type Received, smtpServer } from "./testutil/smtp";

const TZ = "Europe/Amsterdam";
const HOSTILE = '=HYPERLINK("http://evil.test/x","click me")';
const WEEK = { from: "1999-02-01", to: "1999-02-07" };

let t: TestApp;
let noSmtp: TestApp;
let smtp: Awaited<ReturnType<typeof smtpServer>>;
let scheduler: Scheduler;
let summary: SummarySource | undefined;
let model: Server;
let modelUrl = "";
let modelCalls = 0;

const makeScheduler = (options: Partial<SchedulerOptions> = {}) =>
  new Scheduler(
    {
      warehouse: t.warehouse,
      registry: defaultRegistry(),
      reports: new ReportRunner(t.warehouse),
      now: () => t.clock.now,
      summary: (s, p) => (summary ? summary(s, p) : Promise.resolve({ reason: "no summary in this test" })),
    },
    { smtpUrl: smtp.url, baseUrl: "http://127.0.0.1:8787", backoffMs: 1, sleep: async () => {}, ...options },
  );

beforeAll(async () => {
  smtp = await smtpServer();
  t = await testApp([], TZ, { scheduler: () => scheduler });
  await loadDemo(t.warehouse, { seed: 11, days: 21, end: "1999-02-07", timezone: TZ, scale: 5 });
  // The most frequent intent of the week becomes a formula (imported text is never trusted).
  await t.warehouse.run(
    `UPDATE conversations SET intent = $1 WHERE intent = (SELECT intent FROM conversations WHERE intent IS NOT NULL
       GROUP BY intent ORDER BY count(*) DESC, intent LIMIT 1)`,
    [HOSTILE],
  );
  t.clock.now = Date.parse("1999-02-09T12:00:00Z");
  scheduler = makeScheduler();
  noSmtp = await testApp([], TZ);
  // A local server speaking the chat-completions protocol: it answers every request with a 500, so
  // the narrative generator falls back to its rules narrator (the run says so).
  model = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.on("end", () => {
      modelCalls++;
      res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { message: "simulated 500", type: "server_error" } }));
    });
  });
  await new Promise<void>((r) => model.listen(0, "127.0.0.1", r));
  modelUrl = `http://127.0.0.1:${(model.address() as AddressInfo).port}/v1`;
}, 90_000);
afterAll(async () => {
  await scheduler.stop();
  await smtp.close();
  await t.close();
  await noSmtp.close();
  await new Promise((r) => model.close(r));
});

type Run = {
  id: string;
  status: string;
  trigger: string;
  period: { from: string; to: string };
  recipients: string[];
  warnings: string[];
  answer: string | null;
  finishedAt: string | null;
};

async function makeSchedule(body: Record<string, unknown> = {}, headers?: Record<string, string>): Promise<string> {
  const res = await t.post(
    "/api/v1/schedules",
    {
      name: "Weekly snapshot",
      timezone: TZ,
      frequency: "weekly",
      weekday: 1,
      sendTime: "08:00",
      recipients: ["boss@example.com", "deputy@example.com"],
      ...body,
    },
    headers,
  );
  expect(res.status, await res.clone().text()).toBe(201);
  return (await json<{ id: string }>(res)).id;
}

/** Waits until the run is no longer sending; its record from GET /runs. */
async function finished(scheduleId: string, runId: string): Promise<Run> {
  for (let i = 0; i < 600; i++) {
    const { items } = await json<{ items: Run[] }>(await t.request(`/api/v1/schedules/${scheduleId}/runs`));
    const run = items.find((r) => r.id === runId);
    if (run && run.status !== "sending") return run;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`run ${runId} did not finish`);
}

/** Run-now over the API; the 202's run and the mails it sent once finished. */
async function runNow(scheduleId: string, body: unknown = {}, headers?: Record<string, string>) {
  const before = smtp.received.length;
  const res = await t.post(`/api/v1/schedules/${scheduleId}/runs`, body, headers);
  expect(res.status, await res.clone().text()).toBe(202);
  const started = await json<Run>(res);
  const done = await finished(scheduleId, started.id);
  return { started, done, mails: smtp.received.slice(before) };
}

const attachment = (m: Received, ext: string) => m.parsed.attachments.find((a) => a.filename?.endsWith(ext));

describe("POST /api/v1/schedules/{id}/runs", () => {
  it("202 with the run record (as GET /runs shows it), sends the latest complete period to every recipient", async () => {
    const id = await makeSchedule();
    const { started, done, mails } = await runNow(id);
    expect(started).toMatchObject({
      trigger: "manual",
      status: "sending",
      period: WEEK,
      recipients: ["boss@example.com", "deputy@example.com"],
      warnings: [],
      finishedAt: null,
    });
    expect(Object.keys(started).sort()).toEqual(Object.keys(done).sort());
    expect(done).toMatchObject({ id: started.id, status: "sent", warnings: [] });
    expect(mails.map((m) => m.to)).toEqual([["boss@example.com"], ["deputy@example.com"]]);
    expect(mails[0]?.parsed.subject).toBe("Weekly snapshot: 1999-02-01 to 1999-02-07");
    // No option set: no files beside the chart images.
    expect(mails[0]?.parsed.attachments.every((a) => a.contentType === "image/png")).toBe(true);
  });

  it("takes a period and some of the schedule's recipients", async () => {
    const id = await makeSchedule();
    const { done, mails } = await runNow(id, {
      from: "1999-01-25",
      to: "1999-01-31",
      recipients: ["Deputy@Example.com"],
    });
    expect(done).toMatchObject({ status: "sent", period: { from: "1999-01-25", to: "1999-01-31" } });
    expect(done.recipients).toEqual(["deputy@example.com"]);
    expect(mails.map((m) => [m.to, m.parsed.subject])).toEqual([
      [["deputy@example.com"], "Weekly snapshot: 1999-01-25 to 1999-01-31"],
    ]);
  });

  it("a member may send their own schedule to their own address, not to an arbitrary one (400, nothing sent)", async () => {
    const { user } = await t.addUser("member");
    const headers = {
      "content-type": "application/json",
      cookie: await t.sessionCookie(user.id),
      ...BROWSER_WRITE,
    };
    const id = await makeSchedule({}, headers);
    const before = smtp.received.length;
    const refused = await t.post(`/api/v1/schedules/${id}/runs`, { recipients: ["thief@evil.test"] }, headers);
    expect(refused.status).toBe(400);
    expect(await json(refused)).toMatchObject({
      error: { message: "recipients: thief@evil.test is neither a recipient of this schedule nor your own address" },
    });
    expect(
      (await t.post(`/api/v1/schedules/${id}/runs`, { recipients: ["boss@example.com", "x@evil.test"] }, headers))
        .status,
    ).toBe(400);
    expect(smtp.received.length).toBe(before);
    expect((await json<{ items: Run[] }>(await t.request(`/api/v1/schedules/${id}/runs`))).items).toEqual([]);
    const { done, mails } = await runNow(id, { recipients: [user.email] }, headers);
    expect(done.status).toBe("sent");
    expect(mails.map((m) => m.to)).toEqual([[user.email.toLowerCase()]]);
  });

  it("another member's schedule: 403; an unknown one: 404; nothing sent", async () => {
    const id = await makeSchedule();
    const before = smtp.received.length;
    const other = { "content-type": "application/json", authorization: await t.keyHeader("member") };
    expect((await t.post(`/api/v1/schedules/${id}/runs`, {}, other)).status).toBe(403);
    expect((await t.post("/api/v1/schedules/00000000-0000-4000-8000-000000000000/runs", {})).status).toBe(404);
    expect((await t.post("/api/v1/schedules/not-a-uuid/runs", {})).status).toBe(400);
    expect(smtp.received.length).toBe(before);
  });

  it("400 for a bad period or an unknown field, naming it", async () => {
    const id = await makeSchedule();
    const cases: [unknown, RegExp][] = [
      [{ from: "1999-02-01" }, /^to: give both 'from' and 'to'/],
      [{ from: "1999-02-07", to: "1999-02-01" }, /^to: must not be before 'from'/],
      [{ from: "1999-02-30", to: "1999-03-01" }, /^from: must be a real calendar day/],
      [{ from: "1998-01-01", to: "1999-02-01" }, /^to: a period of at most 366 days/],
      [{ recipients: ["not an address"] }, /^recipients\.0: must be an e-mail address/],
      [{ bcc: ["x@evil.test"] }, /^bcc: unknown field/],
    ];
    for (const [body, message] of cases) {
      const res = await t.post(`/api/v1/schedules/${id}/runs`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect((await json<{ error: { message: string } }>(res)).error.message).toMatch(message);
    }
  });

  it("409 for a second run-now while one is sending; the first still goes out once", async () => {
    const id = await makeSchedule({ recipients: ["solo@example.com"] });
    const before = smtp.received.length;
    const first = await t.post(`/api/v1/schedules/${id}/runs`, {});
    expect(first.status).toBe(202);
    const second = await t.post(`/api/v1/schedules/${id}/runs`, {});
    expect(second.status).toBe(409);
    expect((await json<{ error: { message: string } }>(second)).error.message).toMatch(/is being sent/);
    const done = await finished(id, (await json<Run>(first)).id);
    expect(done.status).toBe("sent");
    expect(smtp.received.length - before).toBe(1);
    // Once it is done, another run may start.
    expect((await runNow(id)).done.status).toBe("sent");
  });

  it("503 with a clear message when no SMTP server is configured", async () => {
    const created = await noSmtp.post("/api/v1/schedules", {
      name: "No mail",
      timezone: TZ,
      frequency: "daily",
      sendTime: "08:00",
      recipients: ["a@example.com"],
    });
    const { id } = await json<{ id: string }>(created);
    const res = await noSmtp.post(`/api/v1/schedules/${id}/runs`, {});
    expect(res.status).toBe(503);
    expect((await json<{ error: { message: string } }>(res)).error.message).toMatch(/TALLYLINE_SMTP_URL/);
  });
});

describe("CSV and XLSX of the figures", () => {
  let mail: Received;
  let csv: string;
  let rows: string[][];
  beforeAll(async () => {
    const id = await makeSchedule({
      name: "Figures / weekly",
      recipients: ["sheets@example.com"],
      attachments: { csv: true, xlsx: true },
    });
    const schedule = await json<{ attachments: unknown; narrativeSummary: boolean }>(
      await t.request(`/api/v1/schedules/${id}`),
    );
    expect(schedule.attachments).toEqual({ pdf: false, csv: true, xlsx: true });
    const { done, mails } = await runNow(id);
    expect(done.status).toBe("sent");
    mail = mails[0] as Received;
    csv = attachment(mail, ".csv")?.content.toString("utf8") ?? "";
    const { parse } = await import("csv-parse/sync");
    rows = parse(csv.replace(/^\uFEFF/, ""), { relax_column_count: false }) as string[][];
  }, 60_000);

  it("attaches both, named after the schedule and period", () => {
    const names = mail.parsed.attachments.filter((a) => a.contentType !== "image/png").map((a) => a.filename);
    expect(names).toEqual([
      "tallyline-figures-weekly-1999-02-01_1999-02-07.csv",
      "tallyline-figures-weekly-1999-02-01_1999-02-07.xlsx",
    ]);
    expect(rows[0]).toEqual(["Report id", "Report", "From", "To", "Item", "Value", "Previous", "Change", "Unit"]);
  });

  it("every key figure equals the API's for the same period and zone", async () => {
    let checked = 0;
    for (const row of rows.slice(1).filter((r) => r[4] === "Total")) {
      const [reportId = "", , from, to, , value, previous, change] = row;
      expect([from, to]).toEqual([WEEK.from, WEEK.to]);
      const api = await json<KpiResult>(await t.post(`/api/v1/report/${reportId}/fetch`, { ...WEEK, timezone: TZ }));
      const num = (s: string | undefined) => (s === "" || s === undefined ? null : Number(s));
      expect([num(value), num(previous), num(change)], reportId).toEqual([api.value, api.previousValue, api.change]);
      checked++;
    }
    expect(checked).toBe(10);
  });

  it("a ranking's rows equal the API's, and the formula from imported data is inert in the CSV", async () => {
    const api = await json<RankingResult>(
      await t.post("/api/v1/report/chatbot.top_intents/fetch", { ...WEEK, timezone: TZ }),
    );
    const mine = rows.filter((r) => r[0] === "chatbot.top_intents");
    expect(mine.map((r) => [r[4], Number(r[5])])).toEqual(
      api.rows.map((x) => [x.label.startsWith("=") ? `'${x.label}` : x.label, x.value]),
    );
    expect(api.rows.some((x) => x.label === HOSTILE)).toBe(true);
    // Neutralised: a leading apostrophe, so no spreadsheet evaluates it.
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.test/x"",""click me"")"`);
    expect(csv).not.toMatch(/(^|,)"?=HYPERLINK/m);
  });

  it("the XLSX holds the same numbers, and the formula is a plain string cell", async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(attachment(mail, ".xlsx")?.content as unknown as ArrayBuffer);
    const ws = wb.getWorksheet("Report");
    expect(ws).toBeDefined();
    const values: unknown[][] = [];
    ws?.eachRow((r) => values.push((r.values as unknown[]).slice(1)));
    expect(values.length).toBe(rows.length);
    for (let i = 1; i < rows.length; i++) {
      const csvRow = rows[i] as string[];
      const x = values[i] as unknown[];
      expect(x[0]).toBe(csvRow[0]);
      expect(x[5] ?? null, `${csvRow[0]} ${csvRow[4]}`).toEqual(csvRow[5] === "" ? null : Number(csvRow[5]));
    }
    let found = false;
    ws?.eachRow((r) =>
      r.eachCell((cell) => {
        if (String(cell.value).includes("HYPERLINK")) {
          found = true;
          expect(cell.type).toBe(ExcelJS.ValueType.String);
          expect(cell.formula).toBeUndefined();
          expect(cell.value).toBe(HOSTILE);
        }
      }),
    );
    expect(found).toBe(true);
  });
});

describe("the narrative executive summary", () => {
  let campaign: string;
  beforeAll(async () => {
    const [row] = await t.warehouse.query<{ c: string }>(
      "SELECT campaign_id AS c FROM conversations GROUP BY campaign_id ORDER BY count(*) DESC, campaign_id LIMIT 1",
    );
    campaign = String(row?.c);
  });

  it("without an AI model: the mail goes without it and the run says why", async () => {
    summary = narrativeSummaries(
      { warehouse: t.warehouse, registry: defaultRegistry(), now: () => t.clock.now, defaultTimezone: TZ },
      "http://127.0.0.1:8787",
      () => null,
    );
    const id = await makeSchedule({
      recipients: ["summary@example.com"],
      narrativeSummary: true,
      narrativeScope: `chat-campaign:${campaign}`,
    });
    const { done, mails } = await runNow(id);
    expect(done.status).toBe("sent");
    expect(done.warnings).toEqual([
      "no executive summary: no AI model is configured (TALLYLINE_AI_BASE_URL and TALLYLINE_AI_MODEL)",
    ]);
    expect(mails[0]?.parsed.text).not.toContain("Executive summary");
  });

  it("with the local model server: generated once for the scope and period, at the top of both parts, escaped, linked; reused by the next run", async () => {
    const config: AiConfig = {
      baseURL: modelUrl,
      model: "local-test",
      apiKey: "test",
      timeoutMs: 5000,
      maxRetries: 0,
      stream: false,
      maxTokens: 500,
    };
    summary = narrativeSummaries(
      { warehouse: t.warehouse, registry: defaultRegistry(), now: () => t.clock.now, defaultTimezone: TZ },
      "http://127.0.0.1:8787",
      () => config,
    );
    // The scope comes from the schedule's one campaign filter (a chat campaign: the seed 002 bundle).
    const id = await makeSchedule({
      recipients: ["summary@example.com"],
      narrativeSummary: true,
      filters: { campaign: [campaign] },
    });
    const calls = modelCalls;
    const { done, mails } = await runNow(id);
    expect(modelCalls).toBeGreaterThan(calls);
    expect(done.status).toBe("sent");
    const stored = await t.warehouse.query<{ id: string; kind: string; key: string; sections: string }>(
      `SELECT narrative_id AS id, scope_kind AS kind, scope_key AS key, sections::VARCHAR AS sections FROM app_narratives
       WHERE period_from = '1999-02-01' AND period_to = '1999-02-07' AND status = 'done'`,
    );
    expect(stored.map((n) => [n.kind, n.key])).toEqual([["chat_campaign", `chat-campaign:${campaign}`]]);
    const paragraphs = (JSON.parse(stored[0]?.sections ?? "{}") as { sections: { executiveSummary: string[] } })
      .sections.executiveSummary;
    expect(paragraphs.length).toBeGreaterThanOrEqual(2);
    // The model failed (500): the generator's rules narrator wrote it, and the run says so.
    expect(done.warnings).toHaveLength(1);
    expect(done.warnings[0]).toMatch(/^the summary was written by rules: /);
    const m = mails[0] as Received;
    const text = m.parsed.text ?? "";
    const html = m.parsed.html || "";
    const link = `http://127.0.0.1:8787/reports/${stored[0]?.id}`;
    expect(text.indexOf("Executive summary")).toBeLessThan(text.indexOf("\nActivity\n"));
    for (const p of paragraphs) expect(text).toContain(p);
    expect(text).toContain(`Read the whole report: ${link}`);
    expect(html).toContain(`href="${link}"`);
    const escaped = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
    for (const p of paragraphs) expect(html).toContain(escaped(p));
    // A second run for the same period reuses the stored narrative: no new one, no model call.
    const again = modelCalls;
    const second = await runNow(id);
    expect(second.done.status).toBe("sent");
    expect(modelCalls).toBe(again);
    expect(
      Number(
        (
          await t.warehouse.query<{ n: number }>(
            "SELECT count(*) AS n FROM app_narratives WHERE period_from = '1999-02-01' AND period_to = '1999-02-07'",
          )
        )[0]?.n,
      ),
    ).toBe(1);
    expect(second.mails[0]?.parsed.text).toContain(paragraphs[0]);
  });

  it("a summary's text is escaped in the HTML part and kept as text in the plain part", async () => {
    const schedule = await new Schedules(t.warehouse, () => t.clock.now).stored(await makeSchedule());
    const hostile = `<img src=x onerror="alert(1)"> & 'quotes' ${HOSTILE}`;
    const mail = await buildMail({
      schedule: { ...schedule, bundle: { kind: "category", category: "Chatbot" } },
      period: WEEK,
      registry: defaultRegistry(),
      runner: new ReportRunner(t.warehouse),
      now: t.clock.now,
      dueAt: t.clock.now,
      late: false,
      baseUrl: "http://127.0.0.1:8787",
      summary: { paragraphs: [hostile, "Second."], link: 'http://127.0.0.1:8787/reports/x"><script>' },
    });
    expect(mail.html).not.toContain("<img src=x");
    expect(mail.html).not.toContain("<script>");
    expect(mail.html).toContain("&#60;img src=x onerror=&#34;alert(1)&#34;&#62; &#38; &#39;quotes&#39;");
    expect(mail.text).toContain(hostile);
    expect(mail.text.indexOf("Executive summary")).toBeLessThan(mail.text.indexOf("\nChatbot\n"));
  });

  it("rejects a malformed narrative scope (400) and shows the options on the schedule", async () => {
    const res = await t.post("/api/v1/schedules", {
      name: "Bad scope",
      timezone: TZ,
      frequency: "daily",
      sendTime: "08:00",
      recipients: ["a@example.com"],
      narrativeScope: "everything",
    });
    expect(res.status).toBe(400);
    expect((await json<{ error: { message: string } }>(res)).error.message).toMatch(/^narrativeScope: must be a/);
    const id = await makeSchedule({ attachments: { pdf: true } });
    expect(await json(await t.request(`/api/v1/schedules/${id}`))).toMatchObject({
      attachments: { pdf: true, csv: false, xlsx: false },
      narrativeSummary: false,
      narrativeScope: null,
    });
    const changed = await t.request(`/api/v1/schedules/${id}`, {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ attachments: { xlsx: true }, narrativeSummary: true }),
    });
    expect(await json(changed)).toMatchObject({
      attachments: { pdf: true, csv: false, xlsx: true },
      narrativeSummary: true,
    });
  });
});
