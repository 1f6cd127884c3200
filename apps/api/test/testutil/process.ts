/**
 * The real `tallyline` CLI and server as child processes (node itself, not a wrapper, so that
 * SIGKILL reaches the process that holds the database file). The one CLI-process module of the node
 * tests (apps/api/test) and the browser tests (e2e/server.ts); its name ends in neither `.test.ts`
 * nor `.spec.ts`, so neither vitest nor Playwright collects it.
 *
 * The process runs the compiled CLI (apps/api/dist/cli.mjs, apps/api/scripts/build-cli.mjs) when
 * it is built and fresh (the node tests' globalSetup builds it once, test/globalSetup.ts; the browser
 * tests' `pnpm test:browser` builds it), else main.ts through the tsx loader; TL_TEST_CLI=tsx forces
 * the TypeScript source. Starting Node on JavaScript costs a fraction of transpiling the import graph.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { CLI, cliFresh, MAIN, REPO } from "../../scripts/build-cli.mjs";

const repo = REPO;

/** Which CLI the processes run: the compiled file, or the TypeScript source through tsx. */
export type CliKind = "compiled" | "tsx";

let kind: CliKind | undefined;
/** The CLI this process's children run (decided once: compiled when fresh and TL_TEST_CLI is not `tsx`). */
export function cliKind(): CliKind {
  kind ??= process.env.TL_TEST_CLI !== "tsx" && cliFresh() ? "compiled" : "tsx";
  return kind;
}

/**
 * Node's arguments that run the CLI, before the command's own: `--enable-source-maps
 * apps/api/dist/cli.mjs` (compiled) or `--import tsx apps/api/src/cli/main.ts` (`kind`, default {@link cliKind}).
 * Spawn them with `process.execPath`.
 */
export function cliArgs(which: CliKind = cliKind()): string[] {
  return which === "compiled" ? ["--enable-source-maps", CLI] : ["--import", "tsx", MAIN];
}

/**
 * Runs `tallyline args...` with `env` over this process's environment and `stdin` (default: nothing)
 * on its standard input, with the CLI `which` (default {@link cliKind}); resolves with its stdout, stderr
 * and exit code (never rejects on a non-zero code).
 */
export function tallyline(
  args: string[],
  env: Record<string, string> = {},
  stdin = "",
  which: CliKind = cliKind(),
): Promise<{ stdout: string; stderr: string; code: number }> {
  return new Promise((ok) => {
    const child = execFile(
      process.execPath,
      [...cliArgs(which), ...args],
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
  const child = spawn(process.execPath, [...cliArgs(), command, "--port", "0", "--data-dir", dataDir], {
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
