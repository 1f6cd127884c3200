/**
 * PDF of a public snapshot (issue 12): `POST /api/v1/pdf` with `page: /r/<token>` prints the
 * public page with Chromium. Figures hand-counted from the small call log: 9 calls offered on
 * 1999-02-01..03 (5 on 02-01, 4 on 02-02), 7 in queue PS, 1 in NE, 1 in NW.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PdfServer, pdfPages, pdfServer, pdfText } from "./pdfServer";

const flat = (text: string) => text.replace(/\s+/g, " ");
const period = { from: "1999-02-01", to: "1999-02-03" };

let s: PdfServer;
let token: string;
beforeAll(async () => {
  s = await pdfServer({ printer: { timeoutMs: 60_000 } });
  await s.printer.start();
  const made = await s.post("/api/v1/links", {
    label: "board",
    mode: "snapshot",
    title: "Board pack",
    queries: ["calls.offered", "calls.answered", "calls.by_queue"].map((reportId) => ({ reportId, query: period })),
  });
  expect(made.status, await made.clone().text()).toBe(201);
  token = ((await made.json()) as { token: string }).token;
});
afterAll(async () => {
  await s?.close();
});

describe("POST /api/v1/pdf of a public snapshot", () => {
  it("prints the stamp, the KPI values and the breakdowns; pages numbered", async () => {
    const res = await s.post("/api/v1/pdf", { page: `/r/${token}` });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("content-disposition")).toMatch(/filename="tallyline-board-pack-snapshot-of-1999-02-01/);
    const pdf = Buffer.from(await res.arrayBuffer());
    const text = flat(pdfText(pdf, s.dir, "snapshot"));
    const layout = flat(pdfText(pdf, s.dir, "snapshot-layout", "-layout"));
    // The header of every page: the page's title and its stamp.
    const stamp = "snapshot of 1999-02-01 to 1999-02-03 (UTC), taken 1999-02-03 12:00 UTC";
    const pages = pdfPages(pdf, s.dir, "snapshot");
    expect(text.split(stamp).length - 1).toBeGreaterThanOrEqual(pages);
    expect(text).toContain("Tallyline · Board pack");
    // KPI values (hand-counted) and the ranking by queue.
    expect(layout).toMatch(/Calls offered 9\b/);
    expect(text).toMatch(/PS 7 /);
    // Key figures, the chosen KPI's drill-down and the queue ranking: at least two pages, each numbered.
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(pages).toBeLessThanOrEqual(6);
    for (let p = 1; p <= pages; p++) expect(text).toContain(`Page ${p} of ${pages}`);
    expect(text).not.toContain(`Page ${pages + 1} of`);
    // A public page has no way into the app and no controls to print.
    for (const control of ["Sign out", "Download PDF", "Links"]) expect(text).not.toContain(control);
    expect(s.security.printGrants.size).toBe(0);
  });

  it("refuses a path under /r/ that is not a token (400, nothing printed)", async () => {
    for (const page of ["/r/short", `/r/${token}/x`, "/r/"]) {
      const res = await s.post("/api/v1/pdf", { page });
      expect(res.status, page).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/cannot be printed/);
    }
  });

  it("still needs a member: no credential is a 401", async () => {
    const res = await fetch(`${s.url}/api/v1/pdf`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ page: `/r/${token}` }),
    });
    expect(res.status).toBe(401);
  });
});
