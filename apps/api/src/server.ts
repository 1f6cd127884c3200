import { type ServerType, serve } from "@hono/node-server";
import { defaultRegistry } from "@tallyline/report-defs";
import { loadDemo } from "@tallyline/synth";
import { Warehouse } from "@tallyline/warehouse";
import { createApp } from "./app";
import { type Config, databasePath } from "./config";
import { ReportRunner, type ReportRunnerOptions } from "./services/reportRunner";

/** A started server: its URL and a close() that stops listening and closes the database. */
export interface RunningServer {
  readonly url: string;
  readonly warehouse: Warehouse;
  close(): Promise<void>;
}

/**
 * Opens the database in `config.dataDir` (this process then owns the file), loads demo data when
 * the database has no calls and `config.demo` is 'auto', and serves the API and the dashboard on
 * `config.host:config.port` (port 0 picks a free one).
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
  const reports = new ReportRunner(warehouse, runnerOptions(config));
  warnOnSmallThreadpool(config, log);
  const app = createApp({
    services: { warehouse, registry: defaultRegistry(), now: Date.now, defaultTimezone: config.timezone, reports },
    webDist: config.webDist,
  });
  const server: ServerType = await new Promise((ok) => {
    const s = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, () => ok(s));
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const url = `http://${config.host}:${port}`;
  return {
    url,
    warehouse,
    close: async () => {
      await new Promise<void>((ok) => server.close(() => ok()));
      await reports.close();
      await warehouse.close();
    },
  };
}

/** The report runner's options from the configuration. */
export function runnerOptions(config: Config): ReportRunnerOptions {
  return {
    readConnections: config.readConnections,
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
