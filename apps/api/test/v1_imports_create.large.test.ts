/**
 * The upload path at size: a canonical messages file of TALLYLINE_TEST_UPLOAD_MB (default 100) MB
 * uploaded over HTTP imports with progress; and the real server process killed with SIGKILL in the
 * middle of that import restarts with the database exactly as it was before it.
 */
import { mkdtempSync, openAsBlob, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Warehouse } from "@tallyline/warehouse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tableChecksums } from "../../../packages/ingest/test/checksum";
import type { ImportView } from "../src/imports/history";
import { smallCallLog } from "./harness";
import { type ImportServer, importServer } from "./testutil/imports";
import { type ServerProcess, startServerProcess, tallyline } from "./testutil/process";

const MB = Number(process.env.TALLYLINE_TEST_UPLOAD_MB ?? "100");
/** Bytes per row of the generated file, about (`m1234567,c123456,5,2026-01-01 00:00:00,contact`). */
const ROWS = Math.round((MB * 1_048_576) / 48);
let dir: string;
let big: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tl-upload-big-"));
  big = join(dir, "messages.csv");
  const wh = await Warehouse.open(":memory:");
  await wh.run(
    `COPY (SELECT 'm' || i AS message_id, 'c' || (i // 10) AS conversation_id, i % 10 + 1 AS seq,
            TIMESTAMP '2026-01-01 00:00:00' + to_seconds(i % 5000000) AS sent_at, 'contact' AS sender
          FROM range(${ROWS}) t(i)) TO '${big}' (HEADER, DELIMITER ',')`,
  );
  await wh.close();
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe(`a ${MB} MB upload`, () => {
  let s: ImportServer;
  beforeAll(async () => {
    s = await importServer({ limitBytes: (MB + 10) * 1_048_576 });
  });
  afterAll(() => s.close());

  it("imports over HTTP with progress", async () => {
    expect(statSync(big).size).toBeGreaterThan(MB * 0.9 * 1_048_576);
    const res = await s.upload({ path: big, fields: { source: "canonical" } });
    expect(res.status).toBe(202);
    const { import: job } = (await res.json()) as { import: ImportView };
    const { import: done, seen } = await s.waitDone(job.id);
    const trace = seen.map((v) => `${v.status}/${v.phase}/${v.fraction}`).join(" ");
    expect(done.errors, trace).toBe(null);
    expect(done, trace).toMatchObject({ status: "imported", rows: ROWS, phase: "done" });
    expect(await s.warehouse.query("SELECT count(*)::INTEGER AS n FROM messages")).toEqual([{ n: ROWS }]);
    // Progress was seen while it ran: a writing phase, fractions never going back.
    const writing = seen.filter((v) => v.phase === "writing").map((v) => v.fraction ?? 0);
    expect(writing.length, trace).toBeGreaterThan(0);
    expect(writing, trace).toEqual([...writing].sort((a, b) => a - b));
    expect(s.leftovers()).toEqual([]);
  }, 120_000);
});

describe("the server killed mid-import", () => {
  let server: ServerProcess | undefined;
  afterAll(() => server?.stop("SIGKILL"));

  it("restarts with the database as it was before that import", async () => {
    const folder = join(dir, "server");
    const db = join(folder, "tallyline.duckdb");
    expect((await tallyline(["ingest", smallCallLog, "--db", db])).code).toBe(0);
    const made = await tallyline(["key", "create", "--name", "crash test", "--role", "admin", "--db", db]);
    const authorization = `Bearer ${made.stdout.trim().split("\n").pop()}`;
    // Every table but the app_ ones: the server's start and the key's use write those (a setup
    // token, the key's last-used time) outside the import.
    const data = async (wh: Warehouse) =>
      Object.fromEntries(Object.entries(await tableChecksums(wh)).filter(([t]) => !t.includes('"app_')));
    const before = await (async () => {
      const wh = await Warehouse.open(db);
      const sums = await data(wh);
      await wh.close();
      return sums;
    })();
    expect(Object.keys(before)).toContain("messages");
    server = await startServerProcess(folder, { TALLYLINE_DEMO: "off" });
    const form = new FormData();
    form.append("source", "canonical");
    form.append("file", await openAsBlob(big), "messages.csv");
    const res = await fetch(`${server.url}/api/v1/imports`, { method: "POST", headers: { authorization }, body: form });
    expect(res.status).toBe(202);
    const { import: job } = (await res.json()) as { import: ImportView };
    // Wait until rows are going in, then kill.
    for (;;) {
      const r = (await (
        await fetch(`${server.url}/api/v1/imports/${job.id}`, { headers: { authorization } })
      ).json()) as {
        import: ImportView;
      };
      expect(["queued", "running"]).toContain(r.import.status);
      if (r.import.phase === "writing") break;
      await new Promise((ok) => setTimeout(ok, 20));
    }
    await server.stop("SIGKILL");

    const wh = await Warehouse.open(db); // replays or discards the WAL, as the next start does
    expect(await data(wh)).toEqual(before);
    expect(await wh.query("SELECT count(*)::INTEGER AS n FROM messages")).toEqual([{ n: 0 }]);
    await wh.close();
    // The restarted server: the killed import is not in the history, its upload is gone.
    server = await startServerProcess(folder, { TALLYLINE_DEMO: "off" });
    const list = (await (await fetch(`${server.url}/api/v1/imports`, { headers: { authorization } })).json()) as {
      items: ImportView[];
    };
    expect(list.items.map((i) => i.file)).toEqual(["calls-small.tsv"]);
    expect(readdirSync(`${db}.uploads`)).toEqual([]);
    await server.stop();
    server = undefined;
  }, 120_000);
});
