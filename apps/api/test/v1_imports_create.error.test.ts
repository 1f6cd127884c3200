import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { IngestError, importFile } from "@tallyline/ingest";
import { Warehouse } from "@tallyline/warehouse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tableChecksums } from "../../../packages/ingest/test/checksum";
import { smallCallLog } from "./harness";
import { type ImportServer, importServer } from "./testutil/imports";

let s: ImportServer;
let small: ImportServer;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tl-imports-bad-"));
  s = await importServer();
  small = await importServer({ limitBytes: 4096 });
});
afterAll(async () => {
  await s.close();
  await small.close();
  rmSync(dir, { recursive: true, force: true });
});

interface ErrorJson {
  error: { code: string; message: string; details?: { path?: string } };
}

describe("POST /api/v1/imports errors", () => {
  it("a bad file is rejected with the CLI's errors and leaves every table as it was", async () => {
    // Two dates that are not calendar dates (lines 3 and 7 of the file).
    const lines = readFileSync(smallCallLog, "utf8").split("\n");
    lines[2] = (lines[2] ?? "").replace("990201", "990231");
    lines[6] = (lines[6] ?? "").replace(/\t99\d{4}\t/, "\t991332\t");
    const bad = join(dir, "bad-calls.tsv");
    writeFileSync(bad, lines.join("\n"));
    // The CLI's import (importFile) on a fresh database: the expected error list.
    const fresh = await Warehouse.open(join(dir, "fresh.duckdb"));
    const cli = await importFile(fresh, bad, { timezone: "UTC" }).catch((e: unknown) => e);
    await fresh.close();
    expect(cli).toBeInstanceOf(IngestError);
    const expected = cli as IngestError;
    expect(expected.issues.map((i) => [i.line, i.column])).toEqual([
      [3, "date"],
      [7, "date"],
    ]);

    // Every table but the app_ ones (the key's last-used time moves with each request).
    const data = async () =>
      Object.fromEntries(Object.entries(await tableChecksums(s.warehouse)).filter(([t]) => !t.includes('"app_')));
    const before = await data();
    expect(Object.keys(before)).toContain("calls");
    const res = await s.upload({ path: bad });
    expect(res.status).toBe(202);
    const { import: job } = (await res.json()) as { import: { id: string } };
    const { import: done } = await s.waitDone(job.id);
    expect(done.status).toBe("rejected");
    expect(done.errors).toEqual({ code: expected.code, message: expected.message, issues: expected.issues });
    expect(done.errors?.issues.map((i) => [i.file, i.line])).toEqual(
      expected.issues.map((i) => ["bad-calls.tsv", i.line]),
    );
    expect(await data()).toEqual(before);
    expect(s.leftovers()).toEqual([]);
    // The detail keeps the errors, and the history lists the rejected upload.
    const list = (await (await s.get("/api/v1/imports")).json()) as { items: { id: string; status: string }[] };
    expect(list.items.find((i) => i.id === job.id)?.status).toBe("rejected");
  });

  it("an upload over the limit gets 413 with the one error body and leaves no temp file", async () => {
    const res = await small.upload({ text: "x".repeat(10_000), name: "big.csv" });
    expect(res.status).toBe(413);
    const body = (await res.json()) as ErrorJson;
    expect(body.error.code).toBe("payload_too_large");
    expect(body.error.message).toMatch(/4096 bytes/);
    expect(small.leftovers()).toEqual([]);
    expect(small.jobs.jobs()).toEqual([]);
  });

  it("a streamed upload without Content-Length is cut at the limit: 413, no temp file", async () => {
    const boundary = "----tallyline-test";
    const enc = new TextEncoder();
    const head = enc.encode(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="chunked.csv"\r\nContent-Type: text/csv\r\n\r\n`,
    );
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(head);
        else if (sent < 40) controller.enqueue(enc.encode("y".repeat(1000)));
        else {
          controller.enqueue(enc.encode(`\r\n--${boundary}--\r\n`));
          controller.close();
        }
        sent++;
      },
    });
    const res = await fetch(`${small.url}/api/v1/imports`, {
      method: "POST",
      headers: { authorization: small.admin, "content-type": `multipart/form-data; boundary=${boundary}` },
      body,
      duplex: "half",
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(((await res.json()) as ErrorJson).error.code).toBe("payload_too_large");
    expect(small.leftovers()).toEqual([]);
  });

  it("a body that is not multipart is refused with 415", async () => {
    const res = await fetch(`${s.url}/api/v1/imports`, {
      method: "POST",
      headers: { authorization: s.admin, "content-type": "application/json" },
      body: JSON.stringify({ file: "calls.csv" }),
    });
    expect(res.status).toBe(415);
    expect(((await res.json()) as ErrorJson).error.code).toBe("unsupported_media_type");
  });

  it("refuses a missing file part, unknown fields, an unknown mapping and a bad source with 400 and the field", async () => {
    const form = new FormData();
    form.append("source", "auto");
    const noFile = await fetch(`${s.url}/api/v1/imports`, {
      method: "POST",
      headers: { authorization: s.admin },
      body: form,
    });
    expect(noFile.status).toBe(400);
    expect(((await noFile.json()) as ErrorJson).error.details?.path).toBe("file");
    const cases: [Record<string, string>, string][] = [
      [{ owner: "me" }, "owner"],
      [{ mapping: "../../etc/passwd" }, "mapping"],
      [{ mapping: "no-such-mapping" }, "mapping"],
      [{ source: "'; DROP TABLE calls; --" }, "source"],
    ];
    for (const [fields, path] of cases) {
      const res = await s.upload({ path: smallCallLog, fields });
      expect({ fields, status: res.status }).toEqual({ fields, status: 400 });
      expect(((await res.json()) as ErrorJson).error.details?.path).toBe(path);
    }
    expect(s.leftovers()).toEqual([]);
  });

  it("an unknown adapter id is rejected by the import with the CLI's message", async () => {
    const res = await s.upload({
      text: readFileSync(smallCallLog, "utf8").replace("ALICE", "ALICIA"),
      fields: { source: "nosuchformat" },
    });
    const { import: job } = (await res.json()) as { import: { id: string } };
    const { import: done } = await s.waitDone(job.id);
    expect(done.status).toBe("rejected");
    expect(done.errors?.message).toMatch(/nosuchformat/);
  });

  it("an unknown import id is 404, a malformed one 400", async () => {
    expect((await s.get("/api/v1/imports/0b7c0c8e-0000-4000-8000-000000000000")).status).toBe(404);
    expect((await s.get("/api/v1/imports/..%2F..%2Fetc")).status).toBe(400);
  });
});
