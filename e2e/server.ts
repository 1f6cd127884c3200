import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { Page } from "@playwright/test";

const repo = join(import.meta.dirname, "..");
const tsx = join(repo, "node_modules/.bin/tsx");
const main = join(repo, "apps/api/src/cli/main.ts");

/** A Tallyline server started as a real process on 127.0.0.1 over its own data folder. */
export interface Tallyline {
  readonly url: string;
  readonly dataDir: string;
  /** The admin made with `tallyline user add` before the start (unless `admin: false`). */
  readonly admin: { email: string; password: string };
  /** Everything the server has printed so far (its setup link on a first start). */
  output(): string;
  stop(): Promise<void>;
}

/** The e2e admin's credentials. */
export const ADMIN = { email: "admin@example.com", password: "e2e admin password" } as const;

/** Runs the CLI (`tallyline ...`) to completion, `stdin` on its standard input, and returns its stdout. */
export async function tallyline(args: string[], env: Record<string, string> = {}, stdin?: string): Promise<string> {
  const run = promisify(execFile)(tsx, [main, ...args], {
    cwd: repo,
    env: { ...process.env, ...env },
    maxBuffer: 1 << 24,
  });
  run.child.stdin?.end(stdin ?? "");
  const { stdout } = await run;
  return stdout;
}

/** A fresh, empty data folder. */
export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), "tl-e2e-"));
}

/**
 * Starts `tallyline serve` (or `tallyline demo`, which loads the demo first) on a free port over
 * `dataDir` and waits until it listens (`options.command`, default serve). First adds the admin {@link ADMIN} with `tallyline user add`,
 * unless `options.admin` is false (a true first start, which prints a setup link).
 */
export async function startTallyline(
  dataDir: string,
  env: Record<string, string> = {},
  options: { admin?: boolean; command?: "serve" | "demo" } = {},
): Promise<Tallyline> {
  const command = options.command ?? "serve";
  if (options.admin !== false) {
    await tallyline(
      [
        "user",
        "add",
        "--email",
        ADMIN.email,
        "--role",
        "admin",
        "--password-stdin",
        "--db",
        join(dataDir, "tallyline.duckdb"),
      ],
      env,
      `${ADMIN.password}\n`,
    );
  }
  const child: ChildProcess = spawn(tsx, [main, command, "--port", "0", "--data-dir", dataDir], {
    cwd: repo,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`server did not start in 60 s:\n${output}`)), 60_000);
    const onData = (b: Buffer) => {
      output += b.toString();
      const m = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (m?.[1]) {
        clearTimeout(timer);
        ok(m[1]);
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => fail(new Error(`server exited with ${code}:\n${output}`)));
  });
  return {
    url,
    dataDir,
    admin: ADMIN,
    output: () => output,
    stop: async () => {
      const exited = new Promise((ok) => child.once("exit", ok));
      child.kill("SIGTERM");
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Signs the browser context of `page` in as `who` through the real sign-in route (the session
 * cookie then goes with every page and `page.request` call).
 */
export async function signIn(
  page: Page,
  server: Tallyline,
  who: { email: string; password: string } = server.admin,
): Promise<void> {
  const res = await page.request.post(`${server.url}/api/v1/auth/sign-in`, {
    data: who,
    headers: { origin: server.url },
  });
  if (res.status() !== 200) throw new Error(`sign-in answered ${res.status()}: ${await res.text()}`);
}

/** Headers of a cookie-authenticated write from the dashboard's origin (CSRF defence). */
export function browserWrite(server: Tallyline): Record<string, string> {
  return { origin: server.url, "x-tallyline-csrf": "1" };
}
