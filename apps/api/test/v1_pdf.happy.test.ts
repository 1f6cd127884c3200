import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// The dashboard's own number writer (the page prints what it shows), in the printer's locale.
import { formatValue } from "../../../packages/ui/src/format";
import { smallCallLog } from "./harness";
import { type PdfServer, pdfImages, pdfPages, pdfServer, pdfText } from "./pdfServer";

/** An agent whose name is markup: it must print as these very characters. */
const HOSTILE = "<img src=x onerror=alert(1)>";

/** Collapses runs of white space (pdftotext breaks lines where the page wrapped them). */
const flat = (text: string) => text.replace(/\s+/g, " ");

let s: PdfServer;
/** The first PDF's text as laid out: a KPI row's name, value and change on one line. */
let layout: string;
let calls: string;
beforeAll(async () => {
  // The small call log with agent CAROL renamed to markup (the counts stay those of the log).
  const tsv = readFileSync(smallCallLog, "utf8");
  calls = join(import.meta.dirname, "../../../node_modules/.cache/pdf-hostile-calls.tsv");
  execFileSync("mkdir", ["-p", join(calls, "..")]);
  writeFileSync(calls, tsv.replaceAll("CAROL", HOSTILE));
  // A generous time limit: this machine is shared and Chromium is slow under load.
  s = await pdfServer({ files: [calls], printer: { timeoutMs: 60_000 } });
  await s.printer.start();
});
afterAll(async () => {
  await s?.close();
});

interface Listed {
  items: { id: string; name: string; category: string; shape: string; measures: { definition: string }[] }[];
}

const period = { from: "1999-02-01", to: "1999-02-03" };

describe("POST /api/v1/pdf", () => {
  let pdf: Buffer;
  let text: string;
  let operations: Listed["items"];

  beforeAll(async () => {
    const list = (await (
      await fetch(`${s.url}/api/v1/platform/report/list`, { headers: { authorization: s.authorization } })
    ).json()) as Listed;
    operations = list.items.filter((r) => r.category === list.items[0]?.category);
    const res = await s.post("/api/v1/pdf", { page: "/area/operations", ...period });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("content-disposition")).toMatch(
      /^attachment; filename="tallyline-operations-1999-02-01-to-1999-02-03\.pdf"$/,
    );
    pdf = Buffer.from(await res.arrayBuffer());
    text = pdfText(pdf, s.dir);
    layout = flat(pdfText(pdf, s.dir, "layout", "-layout"));
  });

  it("prints the period, the time zone and the filters at the top", () => {
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const top = flat(text.slice(0, 1500));
    expect(top).toContain("Period 1999-02-01 to 1999-02-03 (compared with 1999-01-29 to 1999-01-31)");
    expect(top).toContain("Time zone UTC");
    expect(top).toContain("Filters None: all data");
  });

  it("prints every KPI value the page shows, equal to the API's result", async () => {
    const kpis = operations.filter((r) => r.shape === "kpi");
    expect(kpis.length).toBeGreaterThan(3);
    for (const report of kpis) {
      const res = await s.post(`/api/v1/report/${report.id}/fetch`, period);
      const result = (await res.json()) as { value: number | null };
      const def = (await (
        await fetch(`${s.url}/api/v1/platform/report/list`, { headers: { authorization: s.authorization } })
      ).json()) as { items: { id: string; measures: { format: Parameters<typeof formatValue>[1] }[] }[] };
      const format = def.items.find((d) => d.id === report.id)?.measures[0]?.format ?? "count";
      expect(layout, `${report.name} = ${result.value}`).toContain(
        `${report.name} ${formatValue(result.value, format, "en-US")}`,
      );
    }
  });

  it("prints the calls offered counted straight from the source file", () => {
    // Independent of the app: rows of the log dated 990201-990203.
    const rows = readFileSync(calls, "utf8").split("\n").slice(1).filter(Boolean);
    const offered = rows.filter((line) => /^99020[123]$/.test(line.split("\t")[5] ?? "")).length;
    expect(offered).toBe(9);
    expect(layout).toContain(`Calls offered ${offered} `);
  });

  it("prints every report's definitions, not hidden behind the i", () => {
    const flatText = flat(text);
    for (const report of operations) {
      for (const m of report.measures) expect(flatText, report.id).toContain(flat(m.definition).slice(0, 60));
    }
  });

  it("gives each section a page and numbers the pages 'Page X of Y'", () => {
    const pages = pdfPages(pdf, s.dir);
    // The key figures, the selected KPI's daily chart, then one page per other report.
    const sections = 2 + operations.filter((r) => r.shape !== "kpi").length;
    expect(pages).toBeGreaterThanOrEqual(sections);
    for (let p = 1; p <= pages; p++) expect(text).toContain(`Page ${p} of ${pages}`);
    expect(text).not.toContain(`Page ${pages + 1} of`);
    // The header of every page names the period.
    expect(text.split("1999-02-01 to 1999-02-03 (UTC)").length - 1).toBeGreaterThanOrEqual(pages);
  });

  it("draws charts as vectors: no raster image at all, the axis labels are text", () => {
    expect(pdfImages(pdf, s.dir)).toEqual([]);
    expect(text).toMatch(/Feb 1\s+Feb 2\s+Feb 3/);
  });

  it("prints an agent named with markup as that literal text", () => {
    expect(flat(text)).toContain(HOSTILE);
  });

  it("prints no navigation, buttons or menus", () => {
    for (const control of ["Download PDF", "Refresh", "Sign out", "Last 7 days", "All data"]) {
      expect(text).not.toContain(control);
    }
  });

  it("revokes the print grant when the job ends", () => {
    expect(s.security.printGrants.size).toBe(0);
  });
});

describe("POST /api/v1/pdf with a report id, periodDays, Letter and landscape", () => {
  it("prints the report's page with its chart, the days ending today, on landscape Letter", async () => {
    const res = await s.post("/api/v1/pdf", {
      reportId: "calls.answered",
      periodDays: 3,
      paper: "Letter",
      landscape: true,
    });
    expect(res.status, await res.clone().text()).toBe(200);
    const pdf = Buffer.from(await res.arrayBuffer());
    const text = pdfText(pdf, s.dir, "letter");
    // The API's today is 1999-02-03 (UTC): 3 days end there.
    expect(flat(text)).toContain("Period 1999-02-01 to 1999-02-03");
    expect(text).toContain("Calls answered per day");
    const info = execFileSync("pdfinfo", [join(s.dir, "letter.pdf")], { encoding: "utf8" });
    expect(info).toMatch(/Page size:\s+792 x 612 pts/);
  });

  it("chooses Letter for the en-US locale and A4 by default", async () => {
    const letter = await s.post("/api/v1/pdf", { page: "/", ...period, locale: "en-US" });
    expect(letter.status).toBe(200);
    writeFileSync(join(s.dir, "us.pdf"), Buffer.from(await letter.arrayBuffer()));
    expect(execFileSync("pdfinfo", [join(s.dir, "us.pdf")], { encoding: "utf8" })).toMatch(/612 x 792 pts/);
    const a4 = await s.post("/api/v1/pdf", { page: "/", ...period, locale: "de-DE" });
    writeFileSync(join(s.dir, "de.pdf"), Buffer.from(await a4.arrayBuffer()));
    expect(execFileSync("pdfinfo", [join(s.dir, "de.pdf")], { encoding: "utf8" })).toMatch(
      /595\.\d+ x 842\.\d+ pts \(A4\)/,
    );
  });

  it("launched one browser for every PDF of this file", () => {
    expect(s.printer.launches).toBe(1);
  });
});
