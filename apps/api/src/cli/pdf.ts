/**
 * `tallyline pdf --page <path or report id> [--period-days N | --from D --to D] [--timezone TZ]
 * [--paper A4|Letter] [--landscape] [--segment ID] --out FILE [--db FILE]`: prints a dashboard
 * page to PDF. It starts the app in this process on a free loopback port over the database (never
 * loading the demo data), prints the page as the POST /api/v1/pdf route does, writes the file and
 * stops. The database must not be held by a running server (ask that server's API instead).
 */
import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Command } from "commander";
import type { Principal } from "../auth/accounts";
import { loadConfig } from "../config";
import { ApiError } from "../errors";
import { printablePath } from "../pdf/pages";
import { PdfRequest, pagePath, paperOf, printAs } from "../routes/v1_pdf";
import { Segments } from "../segments/segments";
import { startServer } from "../server";
import { dbPath } from "./database";

/** Options of `tallyline pdf`. */
export interface PdfCliOptions {
  page: string;
  out: string;
  from?: string;
  to?: string;
  periodDays?: number;
  timezone?: string;
  paper?: string;
  locale?: string;
  landscape?: boolean;
  segment?: string;
  db?: string;
}

/**
 * Who the command line prints as: an admin principal of this process only (the command has the
 * database file itself, so it may see everything); it exists in no table and as no key.
 */
const CLI_PRINCIPAL: Principal = {
  kind: "key",
  role: "admin",
  key: {
    id: "cli",
    name: "tallyline pdf (command line)",
    role: "admin",
    prefix: "",
    createdBy: null,
    createdAt: new Date(0).toISOString(),
    lastUsedAt: null,
    expiresAt: null,
    revokedAt: null,
  },
};

/**
 * Prints the page and writes `o.out`; returns the line to print (`Wrote FILE: N bytes, <period>`).
 * Throws Error with the reason: a refused request (the field and why), a database in use, Chromium
 * missing (CHROMIUM_PATH), a page that did not draw in time.
 */
export async function pdfFromCli(o: PdfCliOptions, log: (line: string) => void = () => {}): Promise<string> {
  const body = PdfRequest.safeParse({
    ...(o.page.startsWith("/") ? { page: o.page } : { reportId: o.page }),
    ...(o.from === undefined ? {} : { from: o.from }),
    ...(o.to === undefined ? {} : { to: o.to }),
    ...(o.periodDays === undefined ? {} : { periodDays: o.periodDays }),
    ...(o.segment === undefined ? {} : { segmentId: o.segment }),
    ...(o.paper === undefined ? {} : { paper: o.paper }),
    ...(o.locale === undefined ? {} : { locale: o.locale }),
    landscape: o.landscape ?? false,
  });
  if (!body.success) {
    const issue = body.error.issues[0];
    throw new Error(`${issue?.path.join(".") || "request"}: ${issue?.message}`);
  }
  // A page that cannot be printed is refused before the database is opened.
  if (body.data.page !== undefined) {
    const checked = printablePath(body.data.page);
    if ("error" in checked) throw new Error(checked.error);
  }
  const config = loadConfig({
    ...process.env,
    TALLYLINE_HOST: "127.0.0.1",
    TALLYLINE_PORT: "0",
    TALLYLINE_DEMO: "off",
    ...(o.timezone ? { TALLYLINE_TIMEZONE: o.timezone } : {}),
  });
  if (!existsSync(join(config.webDist, "index.html"))) {
    throw new Error(`The dashboard is not built in ${config.webDist}: run 'pnpm build' (or set TALLYLINE_WEB_DIST)`);
  }
  const server = await startServer({ ...config, db: dbPath(o.db) }, log);
  try {
    const { services, security, printer } = server;
    const path = await pagePath(services, new Segments(services.warehouse, services.now), body.data);
    const printed = await printAs(security.printGrants, printer, CLI_PRINCIPAL, {
      path,
      paper: body.data.paper ?? paperOf(body.data.locale),
      landscape: body.data.landscape,
    });
    await writeFile(o.out, printed.pdf);
    return `Wrote ${o.out}: ${printed.pdf.length.toLocaleString("en-US")} bytes, ${printed.title}, ${printed.period}`;
  } catch (error) {
    if (error instanceof ApiError) throw new Error(error.message, { cause: error });
    throw error;
  } finally {
    await server.close();
  }
}

/** Registers `pdf` on `program`. */
export function registerPdf(program: Command, positiveInt: (v: string) => number): void {
  program
    .command("pdf")
    .description("Print a dashboard page to PDF with Chromium (CHROMIUM_PATH, default /usr/bin/chromium)")
    .requiredOption("--page <page>", "a page path ('/?category=operations') or a report id (its category's page)")
    .requiredOption("--out <file>", "the PDF file to write")
    .option("--from <date>", "first day (YYYY-MM-DD), with --to")
    .option("--to <date>", "last day (YYYY-MM-DD), inclusive")
    .option("--period-days <n>", "the last N days ending today", positiveInt)
    .option("--timezone <tz>", "IANA zone of the days and reports (default $TALLYLINE_TIMEZONE or UTC)")
    .option("--segment <id>", "a saved segment's id")
    .option("--paper <paper>", "A4 or Letter (default: from --locale, else A4)")
    .option("--locale <locale>", "a BCP 47 locale choosing the paper (en-US: Letter)")
    .option("--landscape", "landscape pages")
    .option("--db <file>", "DuckDB file (default: $TALLYLINE_DATA_DIR/tallyline.duckdb)")
    .action(async (o: PdfCliOptions) => {
      try {
        console.log(await pdfFromCli(o));
      } catch (error) {
        console.error((error as Error).message);
        process.exitCode = 1;
      }
    });
}
