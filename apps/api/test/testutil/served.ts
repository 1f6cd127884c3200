/**
 * The one way the HTTP test servers (http-harness.ts, liveServer.ts) build, authenticate and serve
 * the real app: security on the real warehouse with the pinned clock, a member API key, and a real
 * HTTP server on 127.0.0.1 (a free port) whose address the site answers to.
 */
import { type ServerType, serve } from "@hono/node-server";
import { defaultRegistry } from "@tallyline/report-defs";
import type { Warehouse } from "@tallyline/warehouse";
import { createApp } from "../../src/app";
import { createSecurity } from "../../src/auth/security";
import type { ReportRunner } from "../../src/services/reportRunner";
import { START } from "../harness";

/** Options of {@link serveApp}. */
export interface ServeAppOptions {
  /** The real warehouse: accounts, keys and sessions are checked on it. */
  readonly warehouse: Warehouse;
  /** The warehouse the routes use (default `warehouse`; a recording wrapper of it in http-harness.ts). */
  readonly routesWarehouse?: Warehouse;
  /** The report runner (default: the app's own one per warehouse). */
  readonly reports?: ReportRunner;
  /** Where the app and security log unexpected errors. */
  readonly log: (message: string, error: unknown) => void;
  /** Name of the member key the helpers send (shown in key lists). */
  readonly keyName: string;
}

/** A served app (see {@link serveApp}). */
export interface ServedApp {
  readonly app: ReturnType<typeof createApp>;
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** The `Authorization` header value (`Bearer <key>`) of a member API key. */
  readonly authorization: string;
  /** Closes the open connections and the server, then flushes the keys' last-used writes (the warehouse stays open). */
  close(): Promise<void>;
}

/**
 * Builds the real app (default registry, UTC default zone, `now` pinned to {@link START}, i.e.
 * 1999-02-03 12:00 UTC), creates a member API key (the API is closed to anonymous callers) and
 * serves the app on 127.0.0.1 on a free port.
 */
export async function serveApp(options: ServeAppOptions): Promise<ServedApp> {
  const now = () => START;
  const { warehouse, log } = options;
  const security = createSecurity(warehouse, { now, log });
  const app = createApp({
    services: {
      warehouse: options.routesWarehouse ?? warehouse,
      registry: defaultRegistry(),
      now,
      defaultTimezone: "UTC",
      ...(options.reports ? { reports: options.reports } : {}),
    },
    log,
    security,
  });
  const { key } = await security.accounts.createKey({ name: options.keyName, role: "member" });
  const server: ServerType = await new Promise((ok) => {
    const s = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, () => ok(s));
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  security.site.listening("127.0.0.1", port);
  return {
    app,
    url: `http://127.0.0.1:${port}`,
    authorization: `Bearer ${key}`,
    close: async () => {
      if ("closeAllConnections" in server) server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
      await security.accounts.flush();
    },
  };
}
