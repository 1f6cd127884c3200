import type { Browser } from "playwright-core";

/** Chromium's flags on these machines (../shared/STACK.md): headless, no sandbox, no network of its own. */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
] as const;

/** Paper sizes the printer knows, in millimetres (portrait). */
export const PAPER = { A4: { width: 210, height: 297 }, Letter: { width: 215.9, height: 279.4 } } as const;
export type Paper = keyof typeof PAPER;

/** Page margins in millimetres: room for the header (title, period) and the footer ("Page X of Y"). */
export const MARGINS_MM = { top: 16, bottom: 14, left: 12, right: 12 } as const;

const PX_PER_MM = 96 / 25.4;

/** One page to print. */
export interface PrintJob {
  /** A path of the app with its query (`/?category=operations&from=...`), already checked by pages.ts. */
  readonly path: string;
  /** The token of a print grant (pdf/grants.ts) the browser sends as `Authorization: Bearer`. */
  readonly grant: string;
  readonly paper: Paper;
  readonly landscape: boolean;
}

/** What the page said about itself when it was ready, and the PDF. */
export interface Printed {
  readonly pdf: Buffer;
  /** The page's `data-print-title` (e.g. "Tallyline · Operations"), or "Tallyline". */
  readonly title: string;
  /** The page's `data-print-period` (e.g. "1999-01-05 to 1999-02-03 (UTC)"), or "". */
  readonly period: string;
}

/** Options of {@link Printer}. */
export interface PrinterOptions {
  /** Chromium's executable (default `CHROMIUM_PATH`, else /usr/bin/chromium). */
  readonly executablePath?: string;
  /** Pages printed at once (default 2: each page is a renderer process of ~100 MB). */
  readonly maxPages?: number;
  /** Jobs that may wait for a page beyond those printing; one more is refused (default 8). */
  readonly maxQueue?: number;
  /** Time limit of one job from the moment it asks for a page, in ms (default 30,000). */
  readonly timeoutMs?: number;
}

/** Codes of {@link PrintError}: the queue is full, the job ran past its time, or Chromium/page failed. */
export type PrintErrorCode = "busy" | "timeout" | "failed" | "closed";

/** A print job that did not give a PDF, with why (`code`) and the underlying error as `cause`. */
export class PrintError extends Error {
  override readonly name = "PrintError";
  constructor(
    readonly code: PrintErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * Prints pages of this server's own dashboard to PDF with a headless Chromium (playwright-core).
 *
 * - One browser, launched on the first job and reused (playwright-core itself is loaded then) (a crashed or closed browser is launched
 *   again on the next job); each job gets a fresh browser context (no cookies or storage shared
 *   between callers), closed in a `finally`.
 * - At most `maxPages` jobs print at once, `maxQueue` more wait; past that `PrintError("busy")`.
 * - The context reaches only the server's own origin (`setOrigin`, a loopback address): every
 *   other request is aborted, and the print grant's `Authorization` header is added only to
 *   requests to that origin.
 * - The page is loaded with print media emulated and a viewport as wide as the paper's printable
 *   width (so charts are drawn at the width they print at); the printer waits for the page's
 *   `[data-ready]` marker (set when every report on the page has drawn), never for a fixed sleep.
 *   Past `timeoutMs` from the job's start: `PrintError("timeout")`.
 * - `page.pdf()`: A4 or Letter, portrait or landscape, {@link MARGINS_MM}, a header with the
 *   page's title and period and a footer "Page X of Y" (text from the page is escaped).
 */
export class Printer {
  readonly #executablePath: string;
  readonly #maxPages: number;
  readonly #maxQueue: number;
  readonly #timeoutMs: number;
  #origin: string | undefined;
  #browser: Promise<Browser> | undefined;
  #active = 0;
  readonly #waiting: (() => void)[] = [];
  #closed = false;
  /** Browsers launched so far (tests check that one is shared). */
  launches = 0;

  constructor(options: PrinterOptions = {}) {
    this.#executablePath = options.executablePath ?? process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
    this.#maxPages = options.maxPages ?? 2;
    this.#maxQueue = options.maxQueue ?? 8;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
  }

  /** The time limit of one job in ms (a print grant lives no longer). */
  get timeoutMs(): number {
    return this.#timeoutMs;
  }

  /** Sets the origin the browser loads pages from: the server's own address (`http://127.0.0.1:PORT`). */
  setOrigin(origin: string): void {
    this.#origin = new URL(origin).origin;
  }

  /** True once an origin is set: the server listens and pages can be printed. */
  get ready(): boolean {
    return this.#origin !== undefined && !this.#closed;
  }

  /** Prints `job.path`; throws {@link PrintError} (busy, timeout, failed, closed). */
  async print(job: PrintJob): Promise<Printed> {
    const origin = this.#origin;
    if (!origin || this.#closed) throw new PrintError("closed", "The printer is not running");
    const deadline = Date.now() + this.#timeoutMs;
    await this.#acquire(deadline);
    try {
      return await this.#print(origin, job, deadline);
    } finally {
      this.#release();
    }
  }

  /**
   * Prints a self-contained HTML document (the scheduled mail's bundle: pdf/printer's header with
   * `title` and `period`, "Page X of Y"), with JavaScript off and every request refused: the
   * document must carry its images as `data:` URIs. Needs no origin (no app page is loaded).
   * Throws {@link PrintError} (busy, timeout, failed, closed).
   */
  async printHtml(
    html: string,
    job: { title: string; period: string; paper: Paper; landscape: boolean },
  ): Promise<Buffer> {
    if (this.#closed) throw new PrintError("closed", "The printer is not running");
    const deadline = Date.now() + this.#timeoutMs;
    await this.#acquire(deadline);
    const remaining = () => Math.max(1, deadline - Date.now());
    try {
      const browser = await this.#launch();
      const paper = PAPER[job.paper];
      const widthMm = (job.landscape ? paper.height : paper.width) - MARGINS_MM.left - MARGINS_MM.right;
      const context = await browser.newContext({
        viewport: { width: Math.floor(widthMm * PX_PER_MM), height: 1000 },
        javaScriptEnabled: false,
        acceptDownloads: false,
        serviceWorkers: "block",
      });
      try {
        await context.route("**/*", (route) => route.abort("blockedbyclient"));
        const page = await context.newPage();
        await page.emulateMedia({ media: "print" });
        await page.setContent(html, { waitUntil: "load", timeout: remaining() });
        return await withDeadline(page.pdf(this.#pdfOptions(job, job.title, job.period)), remaining());
      } finally {
        await context.close().catch(() => undefined);
      }
    } catch (error) {
      if (error instanceof PrintError) throw error;
      if (error instanceof Error && error.name === "TimeoutError")
        throw new PrintError("timeout", `The document did not print within ${this.#timeoutMs / 1000} s`, {
          cause: error,
        });
      throw new PrintError("failed", `Chromium could not print the document: ${(error as Error).message}`, {
        cause: error,
      });
    } finally {
      this.#release();
    }
  }

  /** page.pdf's options: paper, margins, background, the header (title, period) and the page-number footer. */
  #pdfOptions(job: { paper: Paper; landscape: boolean }, title: string, period: string) {
    return {
      format: job.paper,
      landscape: job.landscape,
      printBackground: true,
      margin: {
        top: `${MARGINS_MM.top}mm`,
        bottom: `${MARGINS_MM.bottom}mm`,
        left: `${MARGINS_MM.left}mm`,
        right: `${MARGINS_MM.right}mm`,
      },
      displayHeaderFooter: true,
      headerTemplate: headerTemplate(title, period),
      footerTemplate: FOOTER_TEMPLATE,
    };
  }

  /** Launches the browser now rather than on the first job (tests; a server may warm it up). Throws PrintError("failed"). */
  async start(): Promise<void> {
    if (this.#closed) throw new PrintError("closed", "The printer is not running");
    await this.#launch();
  }

  /** Closes the browser (waits for nothing else); later jobs get `PrintError("closed")`. */
  async close(): Promise<void> {
    this.#closed = true;
    const browser = this.#browser;
    this.#browser = undefined;
    if (browser) await (await browser.catch(() => undefined))?.close();
  }

  async #print(origin: string, job: PrintJob, deadline: number): Promise<Printed> {
    const remaining = () => Math.max(1, deadline - Date.now());
    const browser = await this.#launch();
    const paper = PAPER[job.paper];
    const widthMm = (job.landscape ? paper.height : paper.width) - MARGINS_MM.left - MARGINS_MM.right;
    const context = await browser.newContext({
      viewport: { width: Math.floor(widthMm * PX_PER_MM), height: 1000 },
      javaScriptEnabled: true,
      acceptDownloads: false,
      serviceWorkers: "block",
    });
    try {
      await context.route("**/*", (route) => {
        const request = route.request();
        if (new URL(request.url()).origin !== origin) return route.abort("blockedbyclient");
        return route.continue({ headers: { ...request.headers(), authorization: `Bearer ${job.grant}` } });
      });
      const page = await context.newPage();
      await page.emulateMedia({ media: "print" });
      await page.goto(`${origin}${job.path}`, { waitUntil: "domcontentloaded", timeout: remaining() });
      const ready = await page.waitForSelector("[data-ready]", { state: "attached", timeout: remaining() });
      const title = (await ready.getAttribute("data-print-title")) || "Tallyline";
      const period = (await ready.getAttribute("data-print-period")) ?? "";
      const pdf = await withDeadline(page.pdf(this.#pdfOptions(job, title, period)), remaining());
      return { pdf, title, period };
    } catch (error) {
      if (error instanceof PrintError) throw error;
      if (error instanceof Error && error.name === "TimeoutError") {
        throw new PrintError("timeout", `The page did not finish drawing within ${this.#timeoutMs / 1000} s`, {
          cause: error,
        });
      }
      throw new PrintError("failed", `Chromium could not print the page: ${(error as Error).message}`, {
        cause: error,
      });
    } finally {
      await context.close().catch(() => undefined);
    }
  }

  /** The shared browser, launched on first use (again after a crash). */
  #launch(): Promise<Browser> {
    if (!this.#browser) {
      this.launches++;
      // playwright-core is loaded on the first PDF only: a process that never prints never pays for it.
      const launching = import("playwright-core")
        .then(({ chromium }) => chromium.launch({ executablePath: this.#executablePath, args: [...CHROMIUM_ARGS] }))
        .then((browser) => {
          browser.on("disconnected", () => {
            if (this.#browser === launching) this.#browser = undefined;
          });
          return browser;
        });
      this.#browser = launching;
      launching.catch(() => {
        if (this.#browser === launching) this.#browser = undefined;
      });
    }
    return this.#browser.catch((error: unknown) => {
      throw new PrintError(
        "failed",
        `Chromium did not start from ${this.#executablePath} (set CHROMIUM_PATH): ${(error as Error).message}`,
        { cause: error },
      );
    });
  }

  async #acquire(deadline: number): Promise<void> {
    if (this.#active < this.#maxPages) {
      this.#active++;
      return;
    }
    if (this.#waiting.length >= this.#maxQueue) {
      throw new PrintError("busy", `${this.#maxPages + this.#maxQueue} PDFs are being printed or waiting`);
    }
    await new Promise<void>((ok, fail) => {
      const wake = () => {
        clearTimeout(timer);
        ok();
      };
      const timer = setTimeout(() => {
        const at = this.#waiting.indexOf(wake);
        if (at >= 0) this.#waiting.splice(at, 1);
        fail(new PrintError("timeout", `No printer was free within ${this.#timeoutMs / 1000} s`));
      }, deadline - Date.now());
      this.#waiting.push(wake);
    });
  }

  #release(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#active--;
  }
}

/** `promise`, or a TimeoutError after `ms`. */
function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, fail) => {
    timer = setTimeout(() => {
      const error = new Error(`timed out after ${ms} ms`);
      error.name = "TimeoutError";
      fail(error);
    }, ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** Escapes text for HTML (header templates are HTML; the page's title and period are data). */
export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch] ?? ch,
  );
}

const TEMPLATE_STYLE = "font-family:sans-serif;font-size:8px;color:#555;width:100%;margin:0 12mm;display:flex;";

/** The header of every PDF page: the page's title left, its period right (both escaped). */
export function headerTemplate(title: string, period: string): string {
  return `<div style="${TEMPLATE_STYLE}justify-content:space-between"><span>${escapeHtml(title)}</span><span>${escapeHtml(period)}</span></div>`;
}

/** The footer of every PDF page: "Page X of Y" (Chromium fills the two classes). */
export const FOOTER_TEMPLATE = `<div style="${TEMPLATE_STYLE}justify-content:flex-end"><span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`;
