/**
 * A segment as a schedule's scope, and the optional public link (issue 15): schedules made over the
 * API, the scheduler on an injected clock, mail through a real SMTP server on 127.0.0.1 read back with
 * mailparser, public links opened without any credential. Data: the seeded demo (21 days to
 * 1999-02-07, Europe/Amsterdam); the bundle is the "Contact centre" category (fewer charts: faster).
 */
import { defaultRegistry } from "@tallyline/report-defs";
import { loadDemo } from "@tallyline/synth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schedulePublicLinks } from "../src/schedules/publicLink";
import { Scheduler } from "../src/schedules/scheduler";
import { ReportRunner } from "../src/services/reportRunner";
import { errorOf, json, type TestApp, testApp } from "./harness";
import { openLink } from "./links";
import { type Received, smtpServer } from "./testutil/smtp";

let t: TestApp;
let smtp: Awaited<ReturnType<typeof smtpServer>>;
const TZ = "Europe/Amsterdam";
const PERIOD = { from: "1999-02-01", to: "1999-02-07" };
const BUNDLE = { kind: "category", category: "Contact centre" };
const KPI = "contact_centre.conversations";
const LABEL = "Total conversations (assignments)";
/** The channel the schedule filters on and the language its segment keeps (the most common of each). */
let channel: string;
let language: string;
let segmentId: string;

beforeAll(async () => {
  t = await testApp([], TZ);
  await loadDemo(t.warehouse, { seed: 11, days: 21, end: "1999-02-07", timezone: TZ, scale: 5 });
  smtp = await smtpServer();
  const top = async (column: string) =>
    (
      await t.warehouse.query<{ v: string }>(
        `SELECT ${column} AS v FROM conversations WHERE ${column} IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`,
      )
    )[0]?.v as string;
  channel = await top("channel");
  language = await top("language");
  const res = await t.post("/api/v1/segments", { name: "Top language <b>", filters: { language: [language] } });
  expect(res.status).toBe(201);
  segmentId = (await json<{ id: string }>(res)).id;
}, 60_000);
afterAll(async () => {
  await smtp.close();
  await t.close();
});

const scheduler = () =>
  new Scheduler(
    {
      warehouse: t.warehouse,
      registry: defaultRegistry(),
      reports: new ReportRunner(t.warehouse),
      now: () => t.clock.now,
      publicLinks: schedulePublicLinks(
        { warehouse: t.warehouse, registry: defaultRegistry(), now: () => t.clock.now, defaultTimezone: TZ },
        "http://127.0.0.1:8787",
        t.links,
      ),
    },
    { smtpUrl: smtp.url, baseUrl: "http://127.0.0.1:8787", backoffMs: 1, sleep: async () => {} },
  );

async function makeSchedule(body: Record<string, unknown>): Promise<string> {
  const res = await t.post("/api/v1/schedules", {
    timezone: TZ,
    name: "Segmented",
    bundle: BUNDLE,
    frequency: "weekly",
    weekday: 1,
    sendTime: "08:00",
    recipients: ["boss@example.com"],
    ...body,
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await json<{ id: string }>(res)).id;
}

/** The API's value of the KPI for the period and zone with `extra` (filters, segmentId). */
async function apiValue(extra: Record<string, unknown>): Promise<number> {
  const res = await t.post(`/api/v1/report/${KPI}/fetch`, { ...PERIOD, timezone: TZ, ...extra });
  expect(res.status).toBe(200);
  return (await json<{ value: number }>(res)).value;
}

/** The KPI's value as the mail's text writes it ("1,234" as 1234). */
function mailValue(m: Received): number {
  const line = (m.parsed.text ?? "").split("\n").find((l) => l.startsWith(`${LABEL}: `));
  expect(line, "the KPI's line in the mail").toBeDefined();
  return Number(
    (line as string)
      .slice(LABEL.length + 2)
      .split(" ")[0]
      ?.replaceAll(",", ""),
  );
}

/** Runs the schedule now for the fixed period; the outcome and the mails it sent. */
async function runNow(id: string) {
  const before = smtp.received.length;
  const outcome = await scheduler().runNow(id, { period: PERIOD });
  return { outcome, mails: smtp.received.slice(before) };
}

describe("a segment as a schedule's scope", () => {
  it("the mail's key figure is the API's with the same segmentId and filters, and differs from the unsegmented one", async () => {
    const id = await makeSchedule({
      filters: { channel: [channel] },
      segmentId,
      attachments: { csv: true, xlsx: true },
    });
    const shown = await json<{ segment: { id: string; name: string } | null }>(
      await t.request(`/api/v1/schedules/${id}`),
    );
    expect(shown.segment).toEqual({ id: segmentId, name: "Top language <b>" });
    const { outcome, mails } = await runNow(id);
    expect(outcome.status).toBe("sent");
    const m = mails[0] as Received;
    const inMail = mailValue(m);
    const withSegment = await apiValue({ filters: { channel: [channel] }, segmentId });
    // The same numbers by another road: the segment's filter written out by hand, no segment code.
    const byHand = await apiValue({ filters: { channel: [channel], language: [language] } });
    const without = await apiValue({ filters: { channel: [channel] } });
    expect(inMail).toBe(withSegment);
    expect(inMail).toBe(byHand);
    expect(inMail).toBeGreaterThan(0);
    expect(without).toBeGreaterThan(inMail);
    // Its name is printed (text as text, escaped in HTML) in the mail and in both files.
    expect(m.parsed.text).toContain("Segment: Top language <b>");
    expect(m.parsed.html).toContain("Segment: Top language &#60;b&#62;");
    expect(m.parsed.html).not.toContain("language <b>");
    const csv = m.parsed.attachments.find((a) => a.filename?.endsWith(".csv"));
    expect(csv?.content.toString("utf8")).toContain("Top language <b>");
    const xlsx = m.parsed.attachments.find((a) => a.filename?.endsWith(".xlsx"));
    expect(xlsx).toBeDefined();
  }, 60_000);

  it("a segment deleted after the schedule was made fails the run, naming it, and sends nothing", async () => {
    const seg = await json<{ id: string }>(
      await t.post("/api/v1/segments", { name: "Short-lived", filters: { language: [language] } }),
    );
    const id = await makeSchedule({ segmentId: seg.id });
    expect((await t.request(`/api/v1/segments/${seg.id}`, { method: "DELETE" })).status).toBe(204);
    const listed = await json<{ segment: { id: string; name: string | null } }>(
      await t.request(`/api/v1/schedules/${id}`),
    );
    expect(listed.segment).toEqual({ id: seg.id, name: null });
    const { outcome, mails } = await runNow(id);
    expect(outcome.status).toBe("failed");
    expect(outcome.answer).toContain(`segment ${seg.id} does not exist any more`);
    expect(mails).toHaveLength(0);
  }, 30_000);

  it("400 naming segmentId for an unknown segment, on create and on change; null clears it", async () => {
    const unknown = "5d1c3a8e-8f3b-4f4e-9a51-0c7b2f6d9e21";
    const res = await t.post("/api/v1/schedules", {
      timezone: TZ,
      name: "Bad",
      frequency: "daily",
      sendTime: "08:00",
      recipients: ["a@example.com"],
      segmentId: unknown,
    });
    const err = await errorOf(res);
    expect(err.status).toBe(400);
    expect(err.message).toContain(`segmentId: no segment ${unknown}`);
    const id = await makeSchedule({ segmentId });
    const patch = (body: unknown) =>
      t.request(`/api/v1/schedules/${id}`, {
        method: "PATCH",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    expect((await errorOf(await patch({ segmentId: unknown }))).status).toBe(400);
    expect((await errorOf(await patch({ segmentId: "not-a-uuid" }))).status).toBe(400);
    const cleared = await json<{ segment: unknown }>(await patch({ segmentId: null }));
    expect(cleared.segment).toBeNull();
  });
});

describe("the optional public link", () => {
  it("prints a public URL that opens without a session and shows the mail's figure; a second run makes a new link", async () => {
    const id = await makeSchedule({ filters: { channel: [channel] }, segmentId, publicLink: true });
    const first = await runNow(id);
    expect(first.outcome.status).toBe("sent");
    expect(first.outcome.warnings).toEqual([]);
    const m = first.mails[0] as Received;
    const url = /Public link: (http:\/\/127\.0\.0\.1:8787\/r\/([A-Za-z0-9_-]{43}))/.exec(m.parsed.text ?? "");
    expect(url, "the public link in the text part").not.toBeNull();
    const token = (url as RegExpExecArray)[2] as string;
    expect(m.parsed.html).toContain(`href="${(url as RegExpExecArray)[1]}"`);
    const res = await openLink(t, token);
    expect(res.status).toBe(200);
    // The link is the schedule's owner's (here the admin API key that made it), with the owner's role.
    const owner = (await json<{ owner: { kind: string; id: string } }>(await t.request(`/api/v1/schedules/${id}`)))
      .owner;
    const made = await t.warehouse.query<{ creator_kind: string; creator_id: string; creator_role: string }>(
      `SELECT l.creator_kind, l.creator_id, s.creator_role FROM app_links l JOIN app_snapshots s USING (snapshot_id)
       WHERE l.label LIKE 'Schedule "Segmented"%'`,
    );
    expect(made).toEqual([{ creator_kind: "key", creator_id: owner.id, creator_role: "admin" }]);
    expect(owner.kind).toBe("key");
    const doc = await json<{ reports: { reportId: string; result: { value?: number } }[] }>(res);
    const kpi = doc.reports.find((r) => r.reportId === KPI);
    expect(kpi?.result.value).toBe(mailValue(m));
    const second = await runNow(id);
    const token2 = /Public link: http:\/\/127\.0\.0\.1:8787\/r\/([A-Za-z0-9_-]{43})/.exec(
      (second.mails[0] as Received).parsed.text ?? "",
    )?.[1];
    expect(token2).toBeDefined();
    expect(token2).not.toBe(token);
    expect((await openLink(t, token2 as string)).status).toBe(200);
  }, 60_000);

  it("without the option the mail has no public link; when the link cannot be made the mail goes without it and the run warns", async () => {
    const off = await makeSchedule({});
    const plain = await runNow(off);
    expect(plain.mails[0]?.parsed.text).not.toContain("Public link");
    expect(plain.mails[0]?.parsed.text).not.toContain("{{");
    // The owner key revoked: no link is made in its name; the mail still goes.
    const key = await t.keyHeader("member");
    const res = await t.post(
      "/api/v1/schedules",
      {
        timezone: TZ,
        name: "Orphan",
        bundle: BUNDLE,
        frequency: "daily",
        sendTime: "08:00",
        recipients: ["x@example.com"],
        publicLink: true,
      },
      { "content-type": "application/json", authorization: key },
    );
    const id = (await json<{ id: string; owner: { id: string } }>(res)).id;
    const owner = (await json<{ owner: { id: string } }>(await t.request(`/api/v1/schedules/${id}`))).owner.id;
    await t.warehouse.run("UPDATE app_api_keys SET revoked_at = now() WHERE key_id = $1", [owner]);
    const run = await runNow(id);
    expect(run.outcome.status).toBe("sent");
    expect(run.outcome.warnings.join(" ")).toContain("no public link: the schedule's owner");
    expect(run.mails[0]?.parsed.text).not.toContain("Public link");
  }, 60_000);
});
