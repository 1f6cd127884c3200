import { type ServerType, serve } from "@hono/node-server";
import { defaultRegistry } from "@tallyline/report-defs";
import { loadDemo } from "@tallyline/synth";
import { Warehouse } from "@tallyline/warehouse";
import { createApp } from "./app";
import { createSecurity, type Security } from "./auth/security";
import { isLoopback } from "./auth/site";
import { type Config, databasePath } from "./config";

/** A started server: its URL and a close() that stops listening and closes the database. */
export interface RunningServer {
  readonly url: string;
  readonly warehouse: Warehouse;
  /** Accounts, allowed hosts, limits. */
  readonly security: Security;
  close(): Promise<void>;
}

/**
 * Opens the database in `config.dataDir` (this process then owns the file), loads demo data when
 * the database has no calls and `config.demo` is 'auto', and serves the API and the dashboard on
 * `config.host:config.port` (port 0 picks a free one). With no user yet it logs a one-time setup
 * link (never a password); listening beyond loopback without an https public URL, it logs a warning.
 */
export async function startServer(config: Config, log: (line: string) => void = console.log): Promise<RunningServer> {
  const warehouse = await Warehouse.open(databasePath(config));
  if (config.demo === "auto") {
    const [row] = await warehouse.query<{ n: number }>("SELECT count(*) AS n FROM calls");
    if (row?.n === 0) {
      const summary = await loadDemo(warehouse, { timezone: config.timezone });
      const n = (table: string) => (summary.rowsByTable[table] ?? 0).toLocaleString("en-US");
      log(
        `Loaded demo data in ${(summary.durationMs / 1000).toFixed(1)} s: ${n("calls")} calls, ${n("conversations")} conversations, ${n("messages")} messages (the database had no calls).`,
      );
    }
  }
  const security = createSecurity(warehouse, { access: config });
  const app = createApp({
    services: { warehouse, registry: defaultRegistry(), now: Date.now, defaultTimezone: config.timezone },
    webDist: config.webDist,
    security,
  });
  const server: ServerType = await new Promise((ok) => {
    const s = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, () => ok(s));
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const url = `http://${config.host}:${port}`;
  security.site.listening(config.host, port);
  if (!isLoopback(config.host) && !security.site.secure) {
    log(
      `Warning: listening on ${config.host} without TLS: passwords, session cookies and API keys cross the network in clear. Put Tallyline behind an https proxy and set TALLYLINE_PUBLIC_URL=https://...`,
    );
  }
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
    close: async () => {
      await new Promise<void>((ok) => server.close(() => ok()));
      await security.accounts.flush();
      await warehouse.close();
    },
  };
}
