/**
 * `tallyline user` and `tallyline key` against a real DuckDB file. Two runs go through the real
 * binary (the password on standard input; the key alone on the last line of stdout); the other
 * cases call the same commands in-process. The key the CLI prints works against a real server on
 * that file, and stops working once revoked.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Warehouse } from "@tallyline/warehouse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerAccounts } from "../src/cli/accounts";
import { loadConfig } from "../src/config";
import { startServer } from "../src/server";
import { runInProcess } from "./testutil/cliInProcess";
import { cliArgs } from "./testutil/process";

const repo = join(import.meta.dirname, "../../..");

/** Runs the real CLI with `stdin`; resolves with its exit code and output. */
function cli(args: string[], stdin = ""): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((ok) => {
    const child = execFile(process.execPath, [...cliArgs(), ...args], { cwd: repo }, (error, stdout, stderr) =>
      ok({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin?.end(stdin);
  });
}

/** Runs the same commands in this process; resolves with what they printed, or rejects with their error. */
const inProcess = async (args: string[]): Promise<string> =>
  (await runInProcess((program) => registerAccounts(program, (db) => Warehouse.open(db ?? "")), args)).stdout;

let dir: string;
let db: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "tl-cli-acc-"));
  db = join(dir, "tallyline.duckdb");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("tallyline user / key", () => {
  it("adds a user with the password from standard input, refuses bad and duplicate ones, and lists them", async () => {
    const add = await cli(
      ["user", "add", "--email", "Ana@Example.com", "--role", "admin", "--password-stdin", "--db", db],
      "correct horse battery staple\n",
    );
    expect(add).toMatchObject({ code: 0 });
    expect(add.stdout).toMatch(/^Added admin ana@example.com \(id [0-9a-f-]{36}\)\.\n$/);
    await expect(
      inProcess(["user", "add", "--email", "ana@example.com", "--role", "member", "--db", db]),
    ).rejects.toThrow(/--password-stdin/);
    await expect(inProcess(["user", "add", "--email", "not-an-email", "--role", "member", "--db", db])).rejects.toThrow(
      /must be an e-mail address/,
    );
    await expect(
      inProcess(["user", "add", "--email", "bo@example.com", "--role", "owner", "--db", db]),
    ).rejects.toThrow(/Allowed choices are admin, member/);
    const list = JSON.parse(await inProcess(["user", "list", "--json", "--db", db])) as {
      items: { email: string; role: string }[];
    };
    expect(list.items.map((u) => [u.email, u.role])).toEqual([["ana@example.com", "admin"]]);
    expect(await inProcess(["user", "list", "--db", db])).toMatch(
      /^EMAIL\s+ROLE\s+STATE\s+LAST SIGN-IN\s+ID\nana@example.com\s+admin\s+active\s+never /,
    );
  });

  it("creates a key printed alone on the last line, which a server on the file accepts until it is revoked", async () => {
    const made = await cli([
      "key",
      "create",
      "--name",
      "nightly export",
      "--role",
      "member",
      "--expires",
      "30",
      "--db",
      db,
    ]);
    expect(made.code).toBe(0);
    const lines = made.stdout.trimEnd().split("\n");
    const key = lines.at(-1) ?? "";
    expect(key).toMatch(/^tl_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    expect(lines.slice(0, -1).join("\n")).not.toContain(key.slice(16));

    const serve = async (run: (url: string) => Promise<void>) => {
      const server = await startServer(
        loadConfig({ TALLYLINE_PORT: "0", TALLYLINE_DATA_DIR: dir, TALLYLINE_DEMO: "off" }),
        () => undefined,
      );
      try {
        await run(server.url);
      } finally {
        await server.close();
      }
    };
    const list = (url: string) =>
      fetch(`${url}/api/v1/platform/report/list`, { headers: { authorization: `Bearer ${key}` } });
    await serve(async (url) => expect((await list(url)).status).toBe(200));

    expect(await inProcess(["key", "revoke", key.slice(3, 15), "--db", db])).toMatch(
      /^Revoked API key [0-9a-f]{12} "nightly export"\./,
    );
    expect(await inProcess(["key", "list", "--db", db])).toMatch(/nightly export\s+member\s+revoked /);
    await serve(async (url) => expect((await list(url)).status).toBe(401));

    await expect(inProcess(["key", "revoke", "0123456789ab", "--db", db])).rejects.toThrow(/No API key 0123456789ab/);
    await expect(
      inProcess(["key", "create", "--name", "x", "--role", "member", "--expires", "0", "--db", db]),
    ).rejects.toThrow(/whole number of days/);
  });
});
