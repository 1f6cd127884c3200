/**
 * Exports of a narrative report (issue 14, seed 000 "Exporting Reports"): the PDF printed by the
 * server's Chromium from the report's page (`POST /api/v1/pdf` with `page: /reports/{id}`, read
 * back with pdftotext: the executive summary with its figures filled in, and the period), and the
 * CLI's `narrative show ID --format json --out FILE` (the stored report with its facts). Generated
 * data (packages/synth) with quality checks, over a real DuckDB file and a real HTTP server.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { importFile } from "@tallyline/ingest";
import { generateNarrative, type Narrative } from "@tallyline/narrative";
import { GENERATED_TABLES, generate, writeGenerated } from "@tallyline/synth";
import { Warehouse } from "@tallyline/warehouse";
import { Command } from "commander";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { registerNarrative } from "../src/cli/narrative";
import { type PdfServer, pdfServer, pdfText } from "./pdfServer";

/** Collapses runs of white space (pdftotext breaks lines where the page wrapped them). */
const flat = (text: string) => text.replace(/\s+/g, " ");

let s: PdfServer;
let report: Narrative;
let campaign = "";
beforeAll(async () => {
  s = await pdfServer({ files: [], printer: { timeoutMs: 60_000 } });
  const data = generate({ seed: 7, days: 20, end: "1999-02-02", timezone: "UTC", scale: 30 });
  await writeGenerated(s.dir, data);
  for (const f of GENERATED_TABLES) await importFile(s.warehouse, join(s.dir, `${f}.csv`), { source: "canonical" });
  campaign = String(
    (
      await s.warehouse.query<{ c: string }>(
        "SELECT c.campaign_id AS c FROM call_check_results r JOIN calls c USING (call_id) GROUP BY 1 ORDER BY count(*) DESC LIMIT 1",
      )
    )[0]?.c,
  );
  report = await generateNarrative({
    db: s.warehouse,
    execute: (sql, params) => s.warehouse.query(sql, params),
    scope: { kind: "campaign", ids: [campaign] },
    period: { from: "1999-01-20", to: "1999-02-02", timezone: "UTC" },
    author: { kind: "cli", id: null },
    ai: null,
    now: () => Date.parse("1999-02-03T12:00:00Z"),
  });
  await s.printer.start();
}, 180_000);
afterAll(async () => {
  await s?.close();
});

describe("narrative report as PDF", () => {
  it("prints the report page: the executive summary with its figures filled in, and the period", async () => {
    expect(report.status).toBe("done");
    const content = report.content;
    if (!content) throw new Error("no content");
    const res = await s.post("/api/v1/pdf", { page: `/reports/${report.id}` });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    const text = flat(pdfText(Buffer.from(await res.arrayBuffer()), s.dir));
    // The period as the page header and the printer's header write it.
    expect(text).toContain("1999-01-20 to 1999-02-02 (UTC)");
    // Every figure the summary refers to, as the facts format it (the prose itself is the filled text).
    const byId = new Map(content.facts.map((f) => [f.id, f]));
    // The templates are stored beside the filled prose: the facts the summary cites.
    const stored = await s.warehouse.query<{ t: string }>(
      "SELECT (sections->'templates'->'executiveSummary')::VARCHAR AS t FROM app_narratives WHERE narrative_id = $1",
      [report.id],
    );
    const cited = [...String(stored[0]?.t).matchAll(/\{\{fact:([a-z0-9_.]+)\}\}/g)].map((m) => m[1] as string);
    expect(cited.length).toBeGreaterThan(2);
    expect(cited).toContain("total_calls");
    for (const id of cited) {
      const fact = byId.get(id);
      expect(fact, id).toBeDefined();
      expect(text, id).toContain(flat(fact?.formatted ?? "?"));
    }
    // The total number of calls, counted independently in SQL over the same window and campaign.
    const [n] = await s.warehouse.query<{ n: number }>(
      `SELECT count(DISTINCT r.call_id)::INTEGER AS n FROM call_check_results r JOIN calls c USING (call_id)
       WHERE c.campaign_id = $1 AND c.started_at >= '1999-01-20' AND c.started_at < '1999-02-03'`,
      [campaign],
    );
    expect(byId.get("total_calls")?.value).toBe(n?.n);
    expect(text).toContain(Number(n?.n).toLocaleString("en-US"));
    // Each summary paragraph is in the PDF as filled.
    for (const p of content.sections.executiveSummary) expect(text).toContain(flat(p).slice(0, 60));
  }, 120_000);

  it("a report id that is not a UUID is not a printable page (400)", async () => {
    const res = await s.post("/api/v1/pdf", { page: "/reports/../admin" });
    expect(res.status).toBe(400);
  });
});

describe("tallyline narrative show --format json --out", () => {
  it("writes the stored report with its facts; pdf without --out is refused", async () => {
    const file = join(s.dir, "report.json");
    const dbFile = join(s.dir, "cli.duckdb");
    // A copy of the report in a database of its own (the server holds its file).
    const wh = await Warehouse.open(dbFile);
    for (const f of GENERATED_TABLES) await importFile(wh, join(s.dir, `${f}.csv`), { source: "canonical" });
    const n = await generateNarrative({
      db: wh,
      execute: (sql, params) => wh.query(sql, params),
      scope: { kind: "campaign", ids: [campaign] },
      period: { from: "1999-01-20", to: "1999-02-02", timezone: "UTC" },
      author: { kind: "cli", id: null },
      ai: null,
      now: () => Date.parse("1999-02-03T12:00:00Z"),
    });
    await wh.close();
    const program = new Command("tallyline").exitOverride().configureOutput({ writeErr: () => undefined });
    registerNarrative(program, (db) => Warehouse.open(db ?? ""));
    const out: string[] = [];
    const log = vi.spyOn(console, "log").mockImplementation((...a: unknown[]) => void out.push(a.join(" ")));
    try {
      await program.parseAsync(["narrative", "show", n.id, "--format", "json", "--out", file, "--db", dbFile], {
        from: "user",
      });
    } finally {
      log.mockRestore();
    }
    expect(out.join("\n")).toContain(`Wrote ${file}`);
    const written = JSON.parse(readFileSync(file, "utf8")) as Narrative;
    expect(written.id).toBe(n.id);
    expect(written.period).toEqual({ from: "1999-01-20", to: "1999-02-02", timezone: "UTC" });
    expect(written.content?.facts.find((f) => f.id === "total_calls")?.value).toBe(
      report.content?.facts.find((f) => f.id === "total_calls")?.value,
    );
    expect(written.content?.lines?.checks.length).toBeGreaterThan(0);
    await expect(
      program.parseAsync(["narrative", "show", n.id, "--format", "pdf", "--db", dbFile], { from: "user" }),
    ).rejects.toThrow(/needs --out/);
  }, 120_000);
});
