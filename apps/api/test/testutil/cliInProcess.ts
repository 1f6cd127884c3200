/**
 * Runs `tallyline` commands in the test's own process (the binary's start-up is slow on a busy
 * machine): a fresh commander program with the commands `register` adds, parsed from `args`, with
 * what they print captured. The one copy of this helper for the CLI tests; spawning the real
 * binary stays in each test.
 */
import { Command } from "commander";
import { vi } from "vitest";

/** What a command ended with: its exit code (`process.exitCode`, 0 when unset) and its printed lines. */
export interface CliResult {
  code: number;
  /** The `console.log` lines, joined with "\n". */
  stdout: string;
  /** The `console.error` lines, joined with "\n". */
  stderr: string;
}

/**
 * Parses `args` (without the program name) with the commands `register` adds to a new program
 * (`exitOverride`, commander's own error text silenced). `process.exitCode` is 0 during the run
 * and restored after. Rejects with what the command throws (a usage error, a refused input).
 */
export async function runInProcess(register: (program: Command) => void, args: string[]): Promise<CliResult> {
  const program = new Command("tallyline").exitOverride().configureOutput({ writeErr: () => undefined });
  register(program);
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, "log").mockImplementation((...a: unknown[]) => void out.push(a.join(" ")));
  const error = vi.spyOn(console, "error").mockImplementation((...a: unknown[]) => void err.push(a.join(" ")));
  const before = process.exitCode;
  process.exitCode = 0;
  try {
    await program.parseAsync(args, { from: "user" });
    return { code: Number(process.exitCode ?? 0), stdout: out.join("\n"), stderr: err.join("\n") };
  } finally {
    process.exitCode = before;
    log.mockRestore();
    error.mockRestore();
  }
}
