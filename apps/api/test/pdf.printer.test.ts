import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrintError, Printer } from "../src/pdf/printer";

/** A page server on 127.0.0.1 that records every request (URL and headers). */
async function pageServer(pages: Record<string, string>) {
  const seen: { url: string; headers: IncomingHttpHeaders }[] = [];
  const server: Server = createServer((req, res) => {
    seen.push({ url: req.url ?? "", headers: req.headers });
    const page = pages[req.url ?? ""];
    res.writeHead(page === undefined ? 404 : 200, { "content-type": "text/html; charset=utf-8" });
    res.end(page ?? "not found");
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const address = server.address();
  const origin = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  return { origin, seen, close: () => new Promise<void>((ok) => server.close(() => ok())) };
}

const GRANT = `tlp_${"A".repeat(43)}`;
let own: Awaited<ReturnType<typeof pageServer>>;
let other: Awaited<ReturnType<typeof pageServer>>;
let printer: Printer;

beforeAll(async () => {
  other = await pageServer({ "/leak": "x" });
  // The page names the other server only once it is known.
  const ready = `<!doctype html><html><body data-ready data-print-title="Title &lt;b&gt;" data-print-period="P1">
      <p>Hello printer</p><img src="${other.origin}/leak"><script>fetch("${other.origin}/leak").catch(() => {});</script></body></html>`;
  own = await pageServer({
    "/ready": ready,
    "/never": "<!doctype html><html><body><p>Never ready</p></body></html>",
    "/slow": `<!doctype html><html><body><p>Slow</p><script>setTimeout(() => document.body.setAttribute("data-ready", ""), 1500);</script></body></html>`,
  });
  printer = new Printer({ maxPages: 1, maxQueue: 0, timeoutMs: 20_000 });
  printer.setOrigin(own.origin);
  // Launched ahead, so the jobs' short time limits measure the pages, not Chromium's start.
  await printer.start();
});
afterAll(async () => {
  await printer?.close();
  await own?.close();
  await other?.close();
});

describe("Printer", () => {
  it("prints a ready page, sending the grant only to its own origin, never in a URL", async () => {
    const printed = await printer.print({ path: "/ready", grant: GRANT, paper: "A4", landscape: false });
    expect(printed.pdf.subarray(0, 5).toString()).toBe("%PDF-");
    expect(printed.title).toBe("Title <b>");
    expect(printed.period).toBe("P1");
    const mine = own.seen.filter((r) => r.url === "/ready");
    expect(mine.length).toBe(1);
    expect(mine[0]?.headers.authorization).toBe(`Bearer ${GRANT}`);
    expect(own.seen.every((r) => !r.url.includes("tlp_"))).toBe(true);
    // The image and the fetch to another origin were stopped in the browser.
    expect(other.seen).toEqual([]);
  });

  it("gives up on a page that never says it is ready: PrintError timeout", async () => {
    const short = new Printer({ timeoutMs: 3000 });
    short.setOrigin(own.origin);
    try {
      await short.start();
      const started = Date.now();
      const error = await short.print({ path: "/never", grant: GRANT, paper: "A4", landscape: false }).catch((e) => e);
      expect(error).toBeInstanceOf(PrintError);
      expect((error as PrintError).code).toBe("timeout");
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      await short.close();
    }
  });

  it("waits for the page's marker, not a fixed time, and refuses a job past its pages and queue: busy", async () => {
    const first = printer.print({ path: "/slow", grant: GRANT, paper: "A4", landscape: false });
    const second = await printer.print({ path: "/slow", grant: GRANT, paper: "A4", landscape: false }).catch((e) => e);
    expect((second as PrintError).code).toBe("busy");
    const started = Date.now();
    expect((await first).pdf.length).toBeGreaterThan(0);
    expect(Date.now() - started).toBeGreaterThan(500);
  });

  it("shares one browser between jobs, and refuses jobs once closed", async () => {
    expect(printer.launches).toBe(1);
    const closed = new Printer();
    closed.setOrigin(own.origin);
    await closed.close();
    const error = await closed.print({ path: "/ready", grant: GRANT, paper: "A4", landscape: false }).catch((e) => e);
    expect((error as PrintError).code).toBe("closed");
    expect(closed.launches).toBe(0);
  });

  it("names CHROMIUM_PATH when Chromium does not start", async () => {
    const missing = new Printer({ executablePath: "/nonexistent/chromium", timeoutMs: 5000 });
    missing.setOrigin(own.origin);
    try {
      const error = await missing
        .print({ path: "/ready", grant: GRANT, paper: "A4", landscape: false })
        .catch((e) => e);
      expect((error as PrintError).code).toBe("failed");
      expect((error as PrintError).message).toContain("CHROMIUM_PATH");
    } finally {
      await missing.close();
    }
  });
});
