import { existsSync } from "node:fs";
import { join } from "node:path";
import { type ServerType, serve } from "@hono/node-server";
import { databaseContents } from "@tallyline/ingest";
import { defaultRegistry } from "@tallyline/report-defs";
import { type DemoOptions, loadDemo } from "@tallyline/synth";
import { Warehouse } from "@tallyline/warehouse";
import { createApp } from "./app";
import { createSecurity, type Security } from "./auth/security";
import { isLoopback } from "./auth/site";
import { type Config, databaseLine, databasePath } from "./config";
import type { Services } from "./env";
import { ImportJobs } from "./imports/jobs";
import { Links, PUBLIC_LIMITS } from "./links/links";
import { Printer } from "./pdf/printer";
import { schedulePublicLinks } from "./schedules/publicLink";
import { Scheduler } from "./schedules/scheduler";
import { narrativeSummaries } from "./schedules/summary";
import { ReportRunner, type ReportRunnerOptions } from "./services/reportRunner";

/** A started server: its URL and a close() that stops listening and closes the database. */
export interface RunningServer {
  readonly url: string;
  readonly warehouse: Warehouse;
  /** Accounts, allowed hosts, limits. */
  readonly security: Security;
  /** Prints this server's pages to PDF (Chromium starts on the first job). */
  readonly printer: Printer;
  /** Services of the app (warehouse, registry, clock, zone, reports). */
  readonly services: Services;
  close(): Promise<void>;
}

/**
 * Opens the database (`databasePath(config)`: this process then owns the file; its path is logged
 * first, as `ingest` names it), loads the demo data when `config.demo` is 'auto' and no written
 * table holds a row (an empty database: the demo never joins data of the user's own), and serves
 * the API and the dashboard on `config.host:config.port` (port 0 picks a free one). `options.demo`
 * (`tallyline demo`) loads the demo whatever `config.demo` says, and throws DemoRefusedError (the
 * database closed again) when the database holds data of the user's own; `options.demoOptions`
 * sizes the demo (tests load a small one). With no user yet it logs a one-time setup link (never a
 * password); listening beyond loopback without an https public URL, it logs a warning.
 */
export async function startServer(
  config: Config,
  log: (line: string) => void = console.log,
  options: { demo?: boolean; demoOptions?: DemoOptions } = {},
): Promise<RunningServer> {
  const path = databasePath(config);
  log(databaseLine(path));
  const warehouse = await Warehouse.open(path);
  try {
    const demo = options.demo || (config.demo === "auto" && !(await databaseContents(warehouse)).rows);
    if (demo) await loadDemoInto(warehouse, config, log, options.demoOptions);
    return await serveWarehouse(warehouse, config, log);
  } catch (error) {
    await warehouse.close();
    throw error;
  }
}

/**
 * Loads the demo data (packages/synth `loadDemo`, days in `config.timezone`; `options` as the
 * generator's) and logs one line of what arrived. Throws DemoRefusedError when the database holds
 * data of the user's own.
 */
export async function loadDemoInto(
  warehouse: Warehouse,
  config: Config,
  log: (line: string) => void,
  options: DemoOptions = {},
): Promise<void> {
  const summary = await loadDemo(warehouse, { timezone: config.timezone, ...options });
  const n = (table: string) => (summary.rowsByTable[table] ?? 0).toLocaleString("en-US");
  const days = summary.span ? `, ${summary.span.firstDay} to ${summary.span.lastDay}` : "";
  log(
    summary.status === "unchanged"
      ? "The demo data is loaded already."
      : `Loaded demo data in ${(summary.durationMs / 1000).toFixed(1)} s: ${n("calls")} calls, ${n("conversations")} conversations, ${n("messages")} messages${days}. Your first import replaces it; 'tallyline demo remove' removes it.`,
  );
}

/** Serves the API and the dashboard over an open warehouse; close() also closes the warehouse. */
async function serveWarehouse(
  warehouse: Warehouse,
  config: Config,
  log: (line: string) => void,
): Promise<RunningServer> {
  const security = createSecurity(warehouse, { access: config });
  // Uploads go beside the database file (`<db>.uploads/`, in the data folder by default).
  const imports = new ImportJobs(warehouse, {
    uploadDir: `${warehouse.path}.uploads`,
    limitBytes: config.uploadLimitMb * 1_048_576,
    reportTimezone: config.timezone,
    log: (m, e) => console.error(m, e),
    // No hook needed for the result cache: an import's COMMIT moves the warehouse's data version.
  });
  await imports.ready();
  const reports = new ReportRunner(warehouse, runnerOptions(config));
  warnOnSmallThreadpool(config, log);
  // Chromium starts on the first PDF, not now; it prints from this server's own loopback address.
  const printer = new Printer();
  const services: Services = {
    warehouse,
    registry: defaultRegistry(),
    now: Date.now,
    defaultTimezone: config.timezone,
    reports,
  };
  const links = new Links(services, { ...PUBLIC_LIMITS, viewsPerAddressPerMinute: config.publicViewLimit });
  let scheduler: Scheduler | null = null;
  const app = createApp({
    imports,
    services,
    webDist: config.webDist,
    security,
    links,
    pdf: { printer },
    scheduler: () => scheduler,
  });
  const server: ServerType = await new Promise((ok) => {
    const s = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, () => ok(s));
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const url = `http://${config.host}:${port}`;
  security.site.listening(config.host, port);
  // Without the built dashboard there is no page to print: the PDF route then answers 503.
  if (existsSync(join(config.webDist, "index.html"))) printer.setOrigin(security.site.listeningOrigin);
  if (!isLoopback(config.host) && !security.site.secure) {
    log(
      `Warning: listening on ${config.host} without TLS: passwords, session cookies and API keys cross the network in clear. Put Tallyline behind an https proxy and set TALLYLINE_PUBLIC_URL=https://...`,
    );
  }
  // Scheduled mail runs in this process, the one owner of the database file.
  scheduler = config.smtpUrl
    ? new Scheduler(
        {
          warehouse,
          registry: services.registry,
          reports,
          now: Date.now,
          printer,
          summary: narrativeSummaries(services, security.site.baseUrl),
          publicLinks: schedulePublicLinks(services, security.site.baseUrl),
        },
        {
          smtpUrl: config.smtpUrl,
          from: config.mailFrom,
          baseUrl: security.site.baseUrl,
          catchUpMs: config.mailCatchUpHours * 3_600_000,
        },
      )
    : null;
  scheduler?.start();
  if (!(await security.accounts.hasUsers())) {
    const token = await security.accounts.createSetupToken();
    log(
      `No account exists yet. Create the first admin within 24 hours at ${security.site.baseUrl}/setup#token=${token} (the link works once; a restart prints a new one), or stop the server and run 'tallyline user add --email you@example.com --role admin'.`,
    );
  }
  return {
    url,
    warehouse,
    security,
    printer,
    services,
    close: async () => {
      await new Promise<void>((ok) => server.close(() => ok()));
      await scheduler?.stop();
      await printer.close();
      await imports.idle();
      await reports.close();
      await security.accounts.flush();
      await links.flush();
      await warehouse.close();
    },
  };
}

/** The report runner's options from the configuration. */
export function runnerOptions(config: Config): ReportRunnerOptions {
  return {
    readConnections: config.readConnections,
    maxSlowReads: config.slowReads,
    queryTimeoutMs: config.queryTimeoutSecs * 1000,
    maxQueue: config.queryQueue,
    cacheBytes: config.cacheMb * 2 ** 20,
  };
}

/**
 * Every DuckDB statement holds one of libuv's threads while it runs (UV_THREADPOOL_SIZE, 4 unless
 * set before Node starts; it cannot be changed later). Reads on every connection at once would
 * leave none for the write connection and file I/O: say how to raise it.
 */
function warnOnSmallThreadpool(config: Config, log: (line: string) => void): void {
  const threads = Number(process.env.UV_THREADPOOL_SIZE) || 4;
  if (config.readConnections + 2 > threads) {
    log(
      `Note: TALLYLINE_READ_CONNECTIONS=${config.readConnections} with UV_THREADPOOL_SIZE=${threads}: reads can hold every thread that imports and file reads need; start Node with UV_THREADPOOL_SIZE=${config.readConnections + 4} or more.`,
    );
  }
}
