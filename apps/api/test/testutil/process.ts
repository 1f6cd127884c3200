/**
 * The real `tallyline` CLI and server as child processes (node itself with the tsx loader, not the
 * tsx wrapper, so that SIGKILL reaches the process that holds the database file). The one CLI-process
 * module of the node tests (apps/api/test) and the browser tests (e2e/server.ts); its name ends in
 * neither `.test.ts` nor `.spec.ts`, so neither vitest nor Playwright collects it.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { join } from "node:path";

const repo = join(import.meta.dirname, "../../../..");
const main = join(repo, "apps/api/src/cli/main.ts");

/**
 * Runs `tallyline args...` with `env` over this process's environment and `stdin` (default: nothing)
 * on its standard input; resolves with its stdout, stderr and exit code (never rejects on a non-zero code).
 */
export function tallyline(
  args: string[],
  env: Record<string, string> = {},
  stdin = "",
): Promise<{ stdout: string; stderr: string; code: number }> {
  return new Promise((ok) => {
    const child = execFile(
      process.execPath,
      ["--import", "tsx", main, ...args],
      { cwd: repo, env: { ...process.env, ...env }, maxBuffer: 1 << 24 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        ok({ stdout, stderr, code });
      },
    );
    child.stdin?.end(stdin);
  });
}

/** A server process: its URL, its output so far, and a kill. */
export interface ServerProcess {
  readonly url: string;
  readonly child: ChildProcess;
  output(): string;
  /** Stops it with `signal` (default SIGTERM) and waits for its exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Starts `tallyline <command> --port 0 --data-dir dataDir` (command `serve` by default, or `demo`)
 * with `env` over this process's environment (which decides TALLYLINE_DEMO: pass `off` for a server
 * that stays empty) and waits until it listens; rejects when it exits first or is not listening in 60 s.
 */
export async function startServerProcess(
  dataDir: string,
  env: Record<string, string> = {},
  command: "serve" | "demo" = "serve",
): Promise<ServerProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", main, command, "--port", "0", "--data-dir", dataDir], {
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
    child,
    output: () => output,
    stop: async (signal = "SIGTERM") => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((ok) => child.once("exit", ok));
      child.kill(signal);
      await exited;
    },
  };
}
