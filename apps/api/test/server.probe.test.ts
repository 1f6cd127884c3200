/**
 * The findings of the probe of the running server, each checked against a real server on
 * 127.0.0.1 over real sockets (startServer, as `tallyline serve` runs it, on an empty data folder).
 */

import { mkdtempSync, rmSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config";
import { type RunningServer, startServer } from "../src/server";

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One HTTP/1.1 request with full control of the headers (Host, Content-Length, local address). */
function send(
  url: string,
  options: {
    method?: string;
    path: string;
    headers?: Record<string, string>;
    body?: Buffer | string;
    localAddress?: string;
    chunks?: Buffer[];
  },
): Promise<Answer> {
  const u = new URL(url);
  return new Promise((ok, fail) => {
    let answer: Answer | undefined;
    const req = request(
      {
        host: u.hostname,
        port: u.port,
        path: options.path,
        method: options.method ?? "GET",
        headers: options.headers ?? {},
        ...(options.localAddress ? { localAddress: options.localAddress } : {}),
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (d: string) => {
          body += d;
        });
        res.on("end", () => {
          answer = { status: res.statusCode ?? 0, headers: res.headers, body };
          ok(answer);
        });
      },
    );
    // The server may close the connection while a refused body is still being written.
    req.on("socket", (socket) => socket.on("error", () => undefined));
    req.on("error", (e) => (answer ? ok(answer) : fail(e)));
    if (options.chunks) {
      const write = (i: number) => {
        if (i === options.chunks?.length) return req.end();
        req.write(options.chunks?.[i], () => write(i + 1));
      };
      write(0);
    } else req.end(options.body);
  });
}

let dir: string;
let server: RunningServer;
const logs: string[] = [];
let key: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tl-probe-"));
  server = await startServer(
    loadConfig({
      TALLYLINE_PORT: "0",
      TALLYLINE_DATA_DIR: dir,
      TALLYLINE_DEMO: "off",
      TALLYLINE_SIGNIN_LIMIT_ADDRESS: "3",
      TALLYLINE_SIGNIN_LIMIT_ACCOUNT: "100",
    }),
    (line) => logs.push(line),
  );
  key = (await server.security.accounts.createKey({ name: "probe", role: "admin" })).key;
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const health = async () => (await fetch(`${server.url}/api/v1/health`)).status;

describe("a real server on 127.0.0.1", () => {
  it("prints a one-time setup link on first start, never a password; the link creates the first admin once", async () => {
    const line = logs.find((l) => l.includes("/setup#token="));
    expect(line).toMatch(new RegExp(`at ${server.url}/setup#token=[A-Za-z0-9_-]{43} `));
    const token = /#token=([A-Za-z0-9_-]{43})/.exec(line ?? "")?.[1];
    const setup = () =>
      fetch(`${server.url}/api/v1/auth/setup`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ token, email: "first@example.com", password: "correct horse battery staple" }),
      });
    expect((await setup()).status).toBe(201);
    expect((await setup()).status).toBe(409);
    expect(logs.join("\n")).not.toMatch(/correct horse|password:/i);
  });

  it("250 different 10 MB bodies are refused with 413 and the server stays up, its memory bounded", async () => {
    const body = Buffer.alloc(10 * 1024 * 1024, 0x20);
    const rss = process.memoryUsage().rss;
    for (let i = 0; i < 250; i++) {
      body.write(`{"n":${i},"filters":{"queue":["`, 0);
      const a = await send(server.url, {
        method: "POST",
        path: "/api/v1/report/calls.offered/fetch",
        headers: {
          "content-type": "application/json",
          "content-length": String(body.length),
          authorization: `Bearer ${key}`,
        },
        body,
      });
      expect(a.status).toBe(413);
      if (i === 0) expect(JSON.parse(a.body)).toMatchObject({ error: { code: "payload_too_large" } });
    }
    // Before the limit each body was held whole (and kept by the plan cache): gigabytes. Now tens of MB at most.
    expect(process.memoryUsage().rss - rss).toBeLessThan(300 * 1024 * 1024);
    expect(await health()).toBe(200);
  }, 60_000);

  it("a streamed body without Content-Length is cut at the limit", async () => {
    const chunk = Buffer.alloc(256 * 1024, 0x20);
    const a = await send(server.url, {
      method: "POST",
      path: "/api/v1/report/calls.offered/fetch",
      headers: { "content-type": "application/json", "transfer-encoding": "chunked", authorization: `Bearer ${key}` },
      chunks: Array.from({ length: 40 }, () => chunk),
    });
    expect(a.status).toBe(413);
    expect(await health()).toBe(200);
  });

  it("refuses a Host the server does not answer to (DNS rebinding), on the API and the dashboard", async () => {
    const port = new URL(server.url).port;
    for (const path of ["/api/v1/health", "/api/v1/platform/report/list", "/"]) {
      const a = await send(server.url, {
        path,
        headers: { host: `rebind.evil.example:${port}`, authorization: `Bearer ${key}` },
      });
      expect(a.status).toBe(400);
      expect(JSON.parse(a.body)).toMatchObject({ error: { code: "host_not_allowed" } });
    }
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`]) {
      expect((await send(server.url, { path: "/api/v1/health", headers: { host } })).status).toBe(200);
    }
  });

  it("an empty body sent as application/json is the empty query", async () => {
    const a = await send(server.url, {
      method: "POST",
      path: "/api/v1/report/calls.offered/fetch",
      headers: { "content-type": "application/json", "content-length": "0", authorization: `Bearer ${key}` },
    });
    expect(a.status).toBe(200);
    expect(JSON.parse(a.body)).toMatchObject({ period: "last 30 days", value: 0 });
  });

  it("does not echo an unsafe x-request-id", async () => {
    const a = await send(server.url, {
      path: "/api/v1/health",
      headers: { "x-request-id": "<img src=x onerror=alert(1)>" },
    });
    expect(a.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("limits failed sign-ins per client address: 127.0.0.2 is stopped, 127.0.0.1 is not", async () => {
    const signIn = (localAddress: string) =>
      send(server.url, {
        method: "POST",
        path: "/api/v1/auth/sign-in",
        localAddress,
        headers: { "content-type": "application/json", host: new URL(server.url).host },
        body: JSON.stringify({ email: "first@example.com", password: "wrong password" }),
      });
    for (let i = 0; i < 3; i++) expect((await signIn("127.0.0.2")).status).toBe(401);
    const blocked = await signIn("127.0.0.2");
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers["retry-after"])).toBeGreaterThan(0);
    expect((await signIn("127.0.0.1")).status).toBe(401);
  });
});

describe("start-up warnings", () => {
  const start = async (env: Record<string, string>) => {
    const d = mkdtempSync(join(tmpdir(), "tl-warn-"));
    const lines: string[] = [];
    const s = await startServer(
      loadConfig({ TALLYLINE_PORT: "0", TALLYLINE_DATA_DIR: d, TALLYLINE_DEMO: "off", ...env }),
      (l) => lines.push(l),
    );
    await s.close();
    rmSync(d, { recursive: true, force: true });
    return lines;
  };

  it("warns when listening beyond loopback without TLS, not on loopback or behind an https public URL", async () => {
    expect(
      (await start({ TALLYLINE_HOST: "0.0.0.0" })).some((l) => /^Warning: listening on 0\.0\.0\.0 without TLS/.test(l)),
    ).toBe(true);
    expect((await start({})).some((l) => l.startsWith("Warning"))).toBe(false);
    const behindTls = await start({ TALLYLINE_HOST: "0.0.0.0", TALLYLINE_PUBLIC_URL: "https://reports.example.com" });
    expect(behindTls.some((l) => l.startsWith("Warning"))).toBe(false);
    // The setup link then uses the public URL.
    expect(behindTls.some((l) => l.includes("https://reports.example.com/setup#token="))).toBe(true);
  });
});
