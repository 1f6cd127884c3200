import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "@playwright/test";
import { tallyline as run, startServerProcess } from "../apps/api/test/testutil/process";

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

/**
 * Runs the CLI (`tallyline ...`) to completion, `stdin` on its standard input, and returns its stdout;
 * throws (with its stderr) when it exits with a non-zero code.
 */
export async function tallyline(args: string[], env: Record<string, string> = {}, stdin?: string): Promise<string> {
  const { stdout, stderr, code } = await run(args, env, stdin);
  if (code !== 0) throw new Error(`tallyline ${args.join(" ")} exited with ${code}:\n${stderr}`);
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
  const server = await startServerProcess(dataDir, env, command);
  return {
    url: server.url,
    dataDir,
    admin: ADMIN,
    output: server.output,
    stop: async () => {
      await server.stop();
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
