/**
 * Bad input to the anonbank adapter: each file is rejected with an error naming file, line, column
 * and value, and the database is exactly as before (table checksums compared).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Warehouse } from "@tallyline/warehouse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IngestError, importFile } from "../src/index";
import { tableChecksums } from "./checksum";

const good = readFileSync(join(import.meta.dirname, "../../report-defs/test/fixtures/calls-small.tsv"), "utf8");
const lines = good.split("\r\n");
let dir: string;
let wh: Warehouse;
let before: Record<string, string>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tl-bad-"));
  wh = await Warehouse.open(join(dir, "t.duckdb"));
  await importFile(wh, join(import.meta.dirname, "../../report-defs/test/fixtures/calls-small.tsv"));
  before = await tableChecksums(wh);
  expect(before.calls).toMatch(/^13:/);
});
afterAll(async () => {
  await wh.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Writes `text` as `name`, imports it, and returns the IngestError it must raise. */
async function reject(name: string, text: string | Buffer): Promise<IngestError> {
  const path = join(dir, name);
  writeFileSync(path, text);
  const err = await importFile(wh, path, { source: name.startsWith("auto") ? "auto" : "anonbank" }).catch(
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(IngestError);
  expect(await tableChecksums(wh)).toEqual(before);
  return err as IngestError;
}

const replaceField = (lineNo: number, col: number, value: string) =>
  lines
    .map((l, i) =>
      i === lineNo - 1
        ? l
            .split("\t")
            .map((f, j) => (j === col ? value : f))
            .join("\t")
        : l,
    )
    .join("\r\n");

describe("rejected anonbank files leave the database unchanged", () => {
  it("wrong header: names line 1 and the missing column", async () => {
    const text = [lines[0]?.replace("q_time", "queue_time"), ...lines.slice(1)].join("\r\n");
    const e = await reject("wrong-header.tsv", text);
    expect(e.code).toBe("bad_header");
    expect(e.issues).toEqual([
      expect.objectContaining({ file: "wrong-header.tsv", line: 1, column: "column 12 (q_time)", value: "queue_time" }),
    ]);
    expect(e.message).toContain('wrong-header.tsv:1: column "column 12 (q_time)", value "queue_time"');
  });

  it("truncated row: names its line and the first missing column", async () => {
    const text = lines.map((l, i) => (i === 4 ? l.split("\t").slice(0, 9).join("\t") : l)).join("\r\n");
    const e = await reject("truncated.tsv", text);
    expect(e.code).toBe("bad_rows");
    expect(e.issues[0]).toMatchObject({ file: "truncated.tsv", line: 5, column: "q_start" });
    expect(e.issues[0]?.reason).toMatch(/truncated/);
  });

  it("file cut in the middle of its last row", async () => {
    const e = await reject("cut.tsv", good.slice(0, good.length - 40));
    expect(e.issues[0]).toMatchObject({ file: "cut.tsv", line: 14, column: "q_time" });
  });

  it("unparsable date: names line, column and value", async () => {
    const e = await reject("bad-date.tsv", replaceField(3, 5, "990231"));
    expect(e.issues).toEqual([
      { file: "bad-date.tsv", line: 3, column: "date", value: "990231", reason: "is not a calendar date" },
    ]);
    const e2 = await reject("bad-date2.tsv", replaceField(7, 5, "1999-02-02"));
    expect(e2.issues[0]).toMatchObject({
      line: 7,
      column: "date",
      value: "1999-02-02",
      reason: "is not a date YYMMDD",
    });
  });

  it("bad time, bad number and unknown outcome are all reported, in line order", async () => {
    let text = replaceField(2, 6, "25:00:00");
    text = text
      .split("\r\n")
      .map((l, i) =>
        i === 3
          ? l
              .split("\t")
              .map((f, j) => (j === 11 ? "abc" : j === 12 ? "TRANSFER" : f))
              .join("\t")
          : l,
      )
      .join("\r\n");
    const e = await reject("several.tsv", text);
    expect(e.issues.map((i) => [i.line, i.column, i.value])).toEqual([
      [2, "vru_entry", "25:00:00"],
      [4, "q_time", "abc"],
      [4, "outcome", "TRANSFER"],
    ]);
  });

  it("a binary file is refused as such", async () => {
    const e = await reject("binary.tsv", Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]));
    expect(e.code).toBe("unreadable");
    expect(e.issues[0]).toMatchObject({ line: 1, reason: expect.stringMatching(/binary/) });
  });

  it("empty files and header-only files", async () => {
    expect((await reject("empty.tsv", "")).code).toBe("empty");
    expect((await reject("auto-empty.tsv", "")).code).toBe("empty");
    expect((await reject("header-only.tsv", `${lines[0]}\r\n`)).code).toBe("empty");
  });

  it("an unknown format names what it saw", async () => {
    const e = await reject("auto-unknown.csv", "a,b,c\n1,2,3\n");
    expect(e.code).toBe("unknown_format");
    expect(e.message).toMatch(/auto-unknown\.csv.*line 1.*"a,b,c"/);
  });

  it("the database still takes a good file afterwards", async () => {
    const path = join(dir, "more.tsv");
    writeFileSync(path, [lines[0], lines[1]?.replace("AA0101\t1\t", "AA0199\t1\t")].join("\n"));
    const s = await importFile(wh, path);
    expect(s.rowsByTable.calls).toBe(1);
    const [row] = await wh.query("SELECT count(*) AS n FROM calls");
    expect(row?.n).toBe(14);
  });
});

describe("--skip-invalid", () => {
  it("keeps the good rows, writes the bad ones with reasons beside the file, records a partial import", async () => {
    const d = mkdtempSync(join(tmpdir(), "tl-skip-"));
    const w = await Warehouse.open(join(d, "t.duckdb"));
    const path = join(d, "one-bad.tsv");
    writeFileSync(path, replaceField(3, 5, "990231"));
    const s = await importFile(w, path, { skipInvalid: true });
    expect(s).toMatchObject({ status: "partial", rejected: 1, rejectPath: `${path}.rejects.csv` });
    expect(readFileSync(`${path}.rejects.csv`, "utf8")).toBe(
      'file,line,column,value,reason\n"one-bad.tsv","3","date","990231","is not a calendar date"\n',
    );
    expect(await w.query("SELECT count(*) AS n FROM calls")).toEqual([{ n: 12 }]);
    expect(await w.query("SELECT status, json_extract(errors, '$.rejected')::INT AS rejected FROM imports")).toEqual([
      { status: "partial", rejected: 1 },
    ]);
    await w.close();
    rmSync(d, { recursive: true, force: true });
  });
});

describe("encodings", () => {
  it("reads bytes that are not UTF-8 as Windows-1252", async () => {
    const d = mkdtempSync(join(tmpdir(), "tl-enc-"));
    const w = await Warehouse.open(join(d, "t.duckdb"));
    const bytes = Buffer.from(good, "utf8");
    bytes[good.indexOf("ALICE")] = 0xc4; // Windows-1252 Ä
    const path = join(d, "cp1252.tsv");
    writeFileSync(path, bytes);
    await importFile(w, path);
    expect(await w.query("SELECT username FROM agents ORDER BY username")).toEqual([
      { username: "ALICE" },
      { username: "BOB" },
      { username: "CAROL" },
      { username: "ÄLICE" },
    ]);
    await w.close();
    rmSync(d, { recursive: true, force: true });
  });
});

describe("re-import", () => {
  it("importing the same file twice changes nothing", async () => {
    const d = mkdtempSync(join(tmpdir(), "tl-re-"));
    const w = await Warehouse.open(join(d, "t.duckdb"));
    const f = join(import.meta.dirname, "../../report-defs/test/fixtures/calls-small.tsv");
    expect((await importFile(w, f)).status).toBe("imported");
    const first = await tableChecksums(w);
    expect((await importFile(w, f)).status).toBe("unchanged");
    expect(await tableChecksums(w)).toEqual(first);
    // A renamed copy (same rows, different bytes) replaces the same keys: counts stay the same.
    const copy = join(d, "copy.tsv");
    writeFileSync(copy, `${good}\r\n`);
    expect((await importFile(w, copy)).status).toBe("imported");
    const [row] = await w.query("SELECT count(*) AS calls, count(DISTINCT import_id) AS imports FROM calls");
    expect(row).toEqual({ calls: 13, imports: 1 });
    await w.close();
    rmSync(d, { recursive: true, force: true });
  });
});
