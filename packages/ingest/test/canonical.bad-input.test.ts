/**
 * Bad canonical files: value problems name the physical line (CSV, NDJSON) or row number (Parquet),
 * the column and the value; header and structure problems reject the whole file; a rejected file
 * leaves the database exactly as before (table checksums), and --skip-invalid keeps the good rows.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Warehouse } from "@tallyline/warehouse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IngestError, importFile } from "../src/index";
import { tableChecksums } from "./checksum";

let dir: string;
let wh: Warehouse;
let before: Record<string, string>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tl-canonical-bad-"));
  wh = await Warehouse.open(join(dir, "t.duckdb"));
  await importFile(wh, join(import.meta.dirname, "fixtures/canonical/conversations.csv"));
  before = await tableChecksums(wh);
  expect(before.conversations).toMatch(/^3:/);
});
afterAll(async () => {
  await wh.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Writes `text` into a folder of its own as `name`, imports it, and returns the IngestError it must raise. */
async function reject(name: string, text: string | Buffer, folder: string, source = "auto"): Promise<IngestError> {
  const path = join(dir, folder);
  mkdirSync(path);
  writeFileSync(join(path, name), text);
  const err = await importFile(wh, join(path, name), { source }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(IngestError);
  expect(await tableChecksums(wh)).toEqual(before);
  return err as IngestError;
}

/** Line 1 header; line 2-3 one record with a quoted line break; line 4 bad; line 5 blank; line 6 bad; line 7 good. */
const BAD_VALUES = [
  "conversation_id,campaign_id,started_at,channel,message_count,visitor_identifier",
  'c1,camp,2024-03-05 09:00:00,chat,3,"two',
  'lines"',
  "c2,camp,2024-03-05T09:00:00Z,chat,x,",
  "",
  "c3,,2024-02-30 10:00:00,chat,1.5,",
  "c4,camp,2024-03-05 10:00:00,chat,4,",
].join("\r\n");

describe("value problems", () => {
  it("name the physical line (after a quoted line break and a blank line), column and value", async () => {
    const e = await reject("conversations.csv", BAD_VALUES, "values");
    expect(e.code).toBe("bad_rows");
    expect(e.issues).toEqual([
      { file: "conversations.csv", line: 4, column: "message_count", value: "x", reason: "is not a whole number" },
      { file: "conversations.csv", line: 6, column: "campaign_id", value: "", reason: "is required but empty" },
      {
        file: "conversations.csv",
        line: 6,
        column: "started_at",
        value: "2024-02-30 10:00:00",
        reason: "is not a timestamp 'YYYY-MM-DD HH:MM:SS[.fff]' (UTC, optionally ending in Z)",
      },
      { file: "conversations.csv", line: 6, column: "message_count", value: "1.5", reason: "is not a whole number" },
    ]);
    expect(e.message).toContain('conversations.csv:4: column "message_count", value "x": is not a whole number');
  });

  it("booleans, numbers and infinities", async () => {
    const text = [
      "conversation_id,campaign_id,started_at,channel,blocked,duration_secs",
      "c1,camp,2024-03-05 09:00:00,chat,yes,1",
      "c2,camp,infinity,chat,true,nan",
    ].join("\n");
    const e = await reject("conversations.csv", text, "types");
    expect(e.issues.map((i) => [i.line, i.column, i.value, i.reason])).toEqual([
      [2, "blocked", "yes", "is not true or false"],
      [3, "started_at", "infinity", "is not a timestamp 'YYYY-MM-DD HH:MM:SS[.fff]' (UTC, optionally ending in Z)"],
      [3, "duration_secs", "nan", "is not a finite number"],
    ]);
  });

  it("NDJSON: the line is the physical line; a missing required key is empty", async () => {
    const text = [
      '{"conversation_id":"n1","campaign_id":"camp","started_at":"2024-03-05 09:00:00","channel":"chat"}',
      "",
      '{"conversation_id":"n2","started_at":"2024-03-05 09:00:00","channel":"chat","message_count":2.5}',
    ].join("\n");
    const e = await reject("conversations.ndjson", text, "ndjson-values");
    expect(e.issues.map((i) => [i.line, i.column, i.value, i.reason])).toEqual([
      [3, "campaign_id", "", "is required but empty"],
      [3, "message_count", "2.5", "is not a whole number"],
    ]);
  });

  it("NDJSON: an escaped NUL (\\u0000) in a value is refused like a NUL byte in CSV", async () => {
    const text = ['{"check_id":"q1","name":"Greeting"}', '{"check_id":"q2","name":"Veri\\u0000fy"}'].join("\n");
    const e = await reject("quality_checks.ndjson", text, "ndjson-nul");
    expect(e.issues.map((i) => [i.line, i.column, i.value])).toEqual([[2, "name", "Veri\\0fy"]]);
    expect(e.issues[0]?.reason).toMatch(/NUL/);
  });

  it("Parquet: the line is the row number", async () => {
    const parquet = join(dir, "conversations.parquet");
    await wh.run(`COPY (SELECT * FROM (VALUES ('p1', 'camp', TIMESTAMP '2024-03-05 09:00:00', 'chat', '3'),
                                             ('p2', 'camp', TIMESTAMP '2024-03-05 09:00:00', 'chat', 'many'))
                        AS t(conversation_id, campaign_id, started_at, channel, message_count))
                  TO '${parquet}' (FORMAT parquet)`);
    const e = await reject("conversations.parquet", readFileSync(parquet), "parquet");
    expect(e.issues).toEqual([
      {
        file: "conversations.parquet",
        line: 2,
        column: "message_count",
        value: "many",
        reason: "is not a whole number",
      },
    ]);
  });

  it("--skip-invalid keeps the good rows and writes the problems beside the file", async () => {
    const d = mkdtempSync(join(tmpdir(), "tl-canonical-skip-"));
    const w = await Warehouse.open(join(d, "t.duckdb"));
    const path = join(d, "conversations.csv");
    writeFileSync(path, BAD_VALUES);
    const s = await importFile(w, path, { skipInvalid: true });
    expect(s).toMatchObject({ status: "partial", rejected: 4, rowsByTable: { conversations: 2 } });
    expect(await w.query("SELECT conversation_id, visitor_identifier FROM conversations ORDER BY 1")).toEqual([
      { conversation_id: "c1", visitor_identifier: "two\r\nlines" },
      { conversation_id: "c4", visitor_identifier: null },
    ]);
    expect(readFileSync(`${path}.rejects.csv`, "utf8").split("\n")[1]).toBe(
      '"conversations.csv","4","message_count","x","is not a whole number"',
    );
    await w.close();
    rmSync(d, { recursive: true, force: true });
  });
});

describe("header problems reject the file", () => {
  it("an unknown column, a missing required one and a repeated one, all on line 1", async () => {
    const e = await reject(
      "conversations.csv",
      "conversation_id,campaign,started_at,channel,channel\nc1,camp,2024-03-05 09:00:00,chat,chat\n",
      "header",
    );
    expect(e.code).toBe("bad_header");
    expect(e.issues).toEqual([
      {
        file: "conversations.csv",
        line: 1,
        column: "campaign",
        value: "campaign",
        reason: "is not a column of conversations (see docs/canonical-format.md)",
      },
      { file: "conversations.csv", line: 1, column: "channel", value: "channel", reason: "is named twice" },
      {
        file: "conversations.csv",
        line: 1,
        column: "campaign_id",
        value: "",
        reason: "is required in conversations but the header does not have it",
      },
    ]);
  });

  it("NDJSON: an unknown key is named on the first line that has it", async () => {
    const text = [
      '{"conversation_id":"n1","campaign_id":"camp","started_at":"2024-03-05 09:00:00","channel":"chat"}',
      '{"conversation_id":"n2","campaign_id":"camp","started_at":"2024-03-05 09:00:00","channel":"chat","colour":"red"}',
    ].join("\n");
    const e = await reject("conversations.jsonl", text, "ndjson-header");
    expect(e.code).toBe("bad_header");
    expect(e.issues).toEqual([
      {
        file: "conversations.jsonl",
        line: 2,
        column: "colour",
        value: "colour",
        reason: "is not a column of conversations (see docs/canonical-format.md)",
      },
    ]);
  });
});

describe("broken structure rejects the file", () => {
  it("CSV: a row with an extra field and an unclosed quote, by physical line", async () => {
    const text = [
      "conversation_id,campaign_id,started_at,channel",
      'c1,camp,2024-03-05 09:00:00,"chat',
      'room"',
      "c2,camp,2024-03-05 09:00:00,chat,extra",
      'c3,camp,2024-03-05 09:00:00,"chat',
    ].join("\n");
    const e = await reject("conversations.csv", text, "structure");
    expect(e.code).toBe("bad_rows");
    expect(e.issues.map((i) => [i.line, i.reason])).toEqual([
      [4, "the row has more fields than the header"],
      [5, "a quote is not closed, or text follows a closing quote"],
    ]);
  });

  it("NDJSON: a line that is not a JSON object", async () => {
    const text = '{"conversation_id":"n1"}\n[1, 2]\nnot json\n';
    const e = await reject("conversations.ndjson", text, "ndjson-structure");
    expect(e.issues.map((i) => [i.line, i.value, i.reason])).toEqual([
      [2, "[1, 2]", "is not a JSON object"],
      [3, "not json", "is not a JSON object"],
    ]);
  });

  it("not Parquet, empty files and header-only files", async () => {
    expect((await reject("conversations.parquet", "not parquet at all", "not-parquet")).code).toBe("unknown_format");
    const e = await reject("conversations.parquet", "not parquet at all", "not-parquet-named", "canonical");
    expect(e.issues).toEqual([
      { file: "conversations.parquet", line: 1, column: "-", value: "", reason: "is not a Parquet file" },
    ]);
    expect((await reject("conversations.csv", "", "empty")).code).toBe("empty");
    expect(
      (await reject("conversations.csv", "conversation_id,campaign_id,started_at,channel\n", "header-only")).code,
    ).toBe("empty");
  });
});
