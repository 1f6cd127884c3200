import type { AddressInfo } from "node:net";
import { type ServerType, serve } from "@hono/node-server";

/** Serves `app` on a real HTTP server on 127.0.0.1 (a free port): its URL and `close()`. */
export async function serveApp(app: { fetch: (request: Request, env?: unknown) => Response | Promise<Response> }) {
  const server: ServerType = await new Promise((ok) => {
    const s = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, () => ok(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}
