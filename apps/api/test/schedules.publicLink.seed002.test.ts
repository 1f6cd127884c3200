/**
 * The public link of a schedule with the default bundle (seed 002's three sections, every one of
 * their reports: more than a dashboard link's page of 20), made by a real run of the scheduler and
 * read back from the mail through a real SMTP server on 127.0.0.1: it opens without any credential,
 * shows every report of the bundle, in the mail's order, each with a result, and the figure the API
 * gives the same query; and holds none of the personal data planted in the data (the leak tests'
 * canaries, which a signed-in request does show).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defaultRegistry, type KpiResult } from "@tallyline/report-defs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SEED002_SECTIONS } from "../src/schedules/mail";
import { schedulePublicLinks } from "../src/schedules/publicLink";
import { Scheduler } from "../src/schedules/scheduler";
import { ReportRunner } from "../src/services/reportRunner";
import { json, type TestApp, testApp } from "./harness";
import { openLink } from "./links";
import { CANARY, LEAK_QUERY, loadLeakData } from "./testutil/canaries";
import { smtpServer } from "./testutil/smtp";

const TZ = LEAK_QUERY.timezone;
const BASE = "http://127.0.0.1:8787";
let t: TestApp;
let dir: string;
let smtp: Awaited<ReturnType<typeof smtpServer>>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tl-sched-seed002-"));
  t = await testApp([], TZ);
  await loadLeakData(t.warehouse, dir);
  smtp = await smtpServer();
}, 60_000);
afterAll(async () => {
  await smtp?.close();
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Every report of seed 002's bundle, in the mail's order (each section's KPIs, then its charts). */
const BUNDLE_IDS = SEED002_SECTIONS.flatMap((s) => [...s.kpis, ...s.charts]);

describe("the public link of the default (seed 002) bundle", () => {
  it("opens without a session and shows every report of the bundle, with the API's figures and no personal data", async () => {
    expect(BUNDLE_IDS.length).toBeGreaterThan(20);
    const res = await t.post("/api/v1/schedules", {
      name: "Seed 002 bundle",
      frequency: "weekly",
      weekday: 1,
      sendTime: "08:00",
      timezone: TZ,
      recipients: ["boss@example.com"],
      publicLink: true,
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const id = (await json<{ id: string; bundle: { kind: string } }>(res)).id;
    const services = {
      warehouse: t.warehouse,
      registry: defaultRegistry(),
      now: () => t.clock.now,
      defaultTimezone: TZ,
    };
    const scheduler = new Scheduler(
      {
        ...services,
        reports: new ReportRunner(t.warehouse),
        publicLinks: schedulePublicLinks(services, BASE, t.links),
      },
      { smtpUrl: smtp.url, baseUrl: BASE, backoffMs: 1, sleep: async () => {} },
    );
    const outcome = await scheduler.runNow(id, { period: { from: LEAK_QUERY.from, to: LEAK_QUERY.to } });
    expect(outcome.status).toBe("sent");
    expect(outcome.warnings).toEqual([]);
    const text = smtp.received.at(-1)?.parsed.text ?? "";
    const token = /Public link: http:\/\/127\.0\.0\.1:8787\/r\/([A-Za-z0-9_-]{43})/.exec(text)?.[1];
    expect(token, "the public link in the mail").toBeDefined();

    const opened = await openLink(t, token as string);
    expect(opened.status).toBe(200);
    const body = await opened.text();
    const doc = JSON.parse(body) as {
      kind: string;
      reports: { reportId: string; result?: { shape: string }; error?: unknown }[];
    };
    expect(doc.kind).toBe("page");
    expect(doc.reports.map((r) => r.reportId)).toEqual(BUNDLE_IDS);
    for (const r of doc.reports) {
      expect(r.error, r.reportId).toBeUndefined();
      expect(r.result?.shape, r.reportId).toBe(defaultRegistry().get(r.reportId).shape);
    }
    // A figure of the page is the API's for the same query (the signed-in fetch route).
    for (const reportId of ["contacts.new", "contact_centre.conversations"]) {
      const api = await json<KpiResult>(await t.post(`/api/v1/report/${reportId}/fetch`, LEAK_QUERY));
      const shown = doc.reports.find((r) => r.reportId === reportId)?.result as KpiResult | undefined;
      expect(api.value, reportId).toBeGreaterThan(0);
      expect(shown?.value, reportId).toBe(api.value);
    }

    // No leak: the canaries a signed-in request shows (the bundle's agents report names them) are
    // in no byte of the public answer nor its headers.
    expect(await (await t.post("/api/v1/report/agents.conversations/fetch", LEAK_QUERY)).text()).toMatch(CANARY);
    expect(body.length).toBeGreaterThan(10_000);
    expect(body.match(CANARY)?.[0] ?? null).toBeNull();
    expect(JSON.stringify([...opened.headers.entries()]).match(CANARY)?.[0] ?? null).toBeNull();
    expect(body).toMatch(/"label":"Agent 1"/);
  }, 120_000);
});
