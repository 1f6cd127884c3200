import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const repo = join(import.meta.dirname, "..");
const tsx = join(repo, "node_modules/.bin/tsx");
const main = join(repo, "apps/api/src/cli/main.ts");

/** A Tallyline server started as a real process on 127.0.0.1 over its own data folder. */
export interface Tallyline {
  readonly url: string;
  readonly dataDir: string;
  stop(): Promise<void>;
}

/** Runs the CLI (`tallyline ...`) to completion and returns its stdout. */
export async function tallyline(args: string[], env: Record<string, string> = {}): Promise<string> {
  const { stdout } = await promisify(execFile)(tsx, [main, ...args], {
    cwd: repo,
    env: { ...process.env, ...env },
    maxBuffer: 1 << 24,
  });
  return stdout;
}

/** A fresh, empty data folder. */
export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), "tl-e2e-"));
}

/**
 * Starts `tallyline serve` (or `tallyline demo`, which loads the demo first) on a free port over
 * `dataDir` and waits until it listens.
 */
export async function startTallyline(
  dataDir: string,
  env: Record<string, string> = {},
  command: "serve" | "demo" = "serve",
): Promise<Tallyline> {
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
    stop: async () => {
      const exited = new Promise((ok) => child.once("exit", ok));
      child.kill("SIGTERM");
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
