/**
 * `tallyline ingest --server URL --key KEY` against a real server process: the same summary and
 * issue lines as a local import, exit code 1 on a rejection; a plain `ingest` on the file the server
 * holds says so in one line that names --server.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { smallCallLog } from "./harness";
import { type ServerProcess, startServerProcess, tallyline } from "./testutil/process";

let dir: string;
let server: ServerProcess;
let key: string;
let db: string;
let bad: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tl-cli-remote-"));
  const data = join(dir, "data");
  db = join(data, "tallyline.duckdb");
  const made = await tallyline(["key", "create", "--name", "cli", "--role", "admin", "--db", db]);
  key = made.stdout.trim().split("\n").pop() ?? "";
  const lines = readFileSync(smallCallLog, "utf8").split("\n");
  lines[2] = (lines[2] ?? "").replace("990201", "990231");
  bad = join(dir, "bad.tsv");
  writeFileSync(bad, lines.join("\n"));
  server = await startServerProcess(data, { TALLYLINE_DEMO: "off" });
}, 90_000);
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** A summary line without its duration ("in 0.3 s"), which differs from run to run. */
const timeless = (line: string) => line.replace(/ in \d+\.\d s/, " in N s");

describe("tallyline ingest --server", () => {
  it("imports through the server and prints the local import's summary line", async () => {
    const remote = await tallyline(["ingest", smallCallLog, "--server", server.url, "--key", key]);
    expect(remote.code).toBe(0);
    const local = await tallyline(["ingest", smallCallLog, "--db", join(dir, "local.duckdb")]);
    const [, remoteLine] = remote.stdout.trim().split("\n");
    const [, localLine] = local.stdout.trim().split("\n");
    expect(remote.stdout.split("\n")[0]).toBe(`Server: ${server.url}`);
    expect(timeless(remoteLine ?? "")).toBe(timeless(localLine ?? ""));
    expect(remoteLine).toMatch(/calls-small\.tsv: imported .*13 calls/);
  }, 60_000);

  it("a rejected file: exit code 1 and the local import's issue lines (TALLYLINE_URL / TALLYLINE_KEY)", async () => {
    const remote = await tallyline(["ingest", bad], { TALLYLINE_URL: server.url, TALLYLINE_KEY: key });
    const local = await tallyline(["ingest", bad, "--db", join(dir, "local2.duckdb")]);
    expect(remote.code).toBe(1);
    expect(local.code).toBe(1);
    expect(remote.stderr).toBe(local.stderr);
    expect(remote.stderr).toContain('bad.tsv:3: column "date", value "990231": is not a calendar date');
  }, 60_000);

  it("without a key, or with a member key: one clear line and a non-zero exit", async () => {
    const none = await tallyline(["ingest", smallCallLog, "--server", server.url], { TALLYLINE_KEY: "" });
    expect(none.code).not.toBe(0);
    expect(none.stderr.trim()).toBe("tallyline: --server needs an admin API key: --key KEY or $TALLYLINE_KEY");
    const wrong = await tallyline(["ingest", smallCallLog, "--server", server.url, "--key", "tl_x_y"]);
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr.trim()).toMatch(/^tallyline: the server answered 401: /);
  }, 60_000);

  it("a plain ingest on the file the server holds says so in one line naming --server", async () => {
    const plain = await tallyline(["ingest", smallCallLog, "--db", db]);
    expect(plain.code).toBe(1);
    const lines = plain.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/is in use by another process.*'tallyline ingest --server URL --key KEY'/);
  }, 60_000);
});
