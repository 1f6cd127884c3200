/**
 * What the benches share to drive the real product: the `tallyline` CLI run as a child process
 * (same Node and tsx loader as the bench), an API key made with `tallyline key create`, and
 * `tallyline serve` started on 127.0.0.1 (port 0, no demo, no dashboard) and stopped with SIGTERM.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";

/** The CLI's entry point (apps/api/src/cli/main.ts). */
export const MAIN = resolve(import.meta.dirname, "../../apps/api/src/cli/main.ts");

/** Runs `tallyline <args>` to completion; its stdout. Throws when it exits with a non-zero code. */
export async function runCli(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const child = spawn(process.execPath, [...process.execArgv, MAIN, ...args], {
    env,
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  child.stdout?.on("data", (d) => {
    out += String(d);
  });
  const code = await new Promise<number | null>((ok) => child.once("exit", ok));
  if (code !== 0) throw new Error(`tallyline ${args.join(" ")} exited with ${code}`);
  return out;
}

/**
 * An API key made with `tallyline key create --name NAME --role ROLE --db DB` in a database no
 * server holds yet: the key (the last line of stdout). Throws when none is printed.
 */
export async function createKey(db: string, name: string, role: "member" | "admin"): Promise<string> {
  const key = (await runCli(["key", "create", "--name", name, "--role", role, "--db", db])).trim().split("\n").pop();
  if (!key) throw new Error("tallyline key create printed no key");
  return key;
}

/** A running `tallyline serve`: its base URL (`http://127.0.0.1:<port>`), process id and stop. */
export interface BenchServer {
  readonly url: string;
  readonly pid: number;
  /** Sends SIGTERM and waits for the process to exit (the server flushes and closes its database). */
  stop(): Promise<void>;
}

/**
 * Starts `tallyline serve` over `dataDir` (its `tallyline.duckdb`) on 127.0.0.1, a free port, no
 * demo data and no dashboard; `env` adds or overrides variables (TALLYLINE_TIMEZONE,
 * TALLYLINE_READ_CONNECTIONS, UV_THREADPOOL_SIZE...); `nodeArgs` go before the loader's (e.g.
 * `--cpu-prof`). Resolves once the server says where it listens; rejects if it exits first.
 */
export async function startServer(
  dataDir: string,
  env: Record<string, string> = {},
  nodeArgs: string[] = [],
): Promise<BenchServer> {
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, ...process.execArgv, MAIN, "serve"], {
    env: {
      ...process.env,
      TALLYLINE_DATA_DIR: dataDir,
      TALLYLINE_HOST: "127.0.0.1",
      TALLYLINE_PORT: "0",
      TALLYLINE_DEMO: "off",
      TALLYLINE_WEB_DIST: join(dataDir, "no-dashboard"),
      ...env,
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<void>((ok) => child.once("exit", () => ok()));
  const url = await new Promise<string>((ok, fail) => {
    child.once("exit", (code) => fail(new Error(`tallyline serve exited with ${code} before it listened`)));
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (line) => {
      const m = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(line);
      if (m?.[1]) ok(m[1]);
    });
  });
  return {
    url,
    pid: child.pid ?? 0,
    stop: async () => {
      child.kill("SIGTERM");
      await exited;
    },
  };
}
