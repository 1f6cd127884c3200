/**
 * One chat log, many files: the sixteen tweets of the worked example (fixtures/mapped-chat/tweets.csv)
 * written as tsv, xlsx, a JSON array, NDJSON and nested JSON, and read with the sender given three
 * other ways (the company's handles, an author pattern, a condition), all give the very rows the csv
 * gives through mappings/twcs.json (every column of every table but import_id). The files are built
 * here from the csv's records, read with csv-parse directly.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Warehouse } from "@tallyline/warehouse";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importFile } from "../src/index";

const csv = join(import.meta.dirname, "fixtures/mapped-chat/tweets.csv");
const twcs = JSON.parse(readFileSync(join(import.meta.dirname, "../mappings/twcs.json"), "utf8"));
const tweets = parse(readFileSync(csv, "utf8"), { columns: true }) as Record<string, string>[];
const TABLES = ["campaigns", "conversations", "messages", "assignments", "agents", "contacts"];

let dir: string;
let expected: Record<string, unknown[]>;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tl-chat-formats-"));
  expected = await rowsOf(csv, twcs);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every row of every chat table (but import_id) after importing `file` with `mapping` into a new database. */
async function rowsOf(file: string, mapping: object): Promise<Record<string, unknown[]>> {
  const name = `${Math.random().toString(36).slice(2)}`;
  const mappingPath = join(dir, `${name}.json`);
  writeFileSync(mappingPath, JSON.stringify(mapping));
  const wh = await Warehouse.open(join(dir, `${name}.duckdb`));
  try {
    const s = await importFile(wh, file, { mapping: mappingPath });
    expect(s.status).toBe("imported");
    const out: Record<string, unknown[]> = {};
    for (const t of TABLES) out[t] = await wh.query(`SELECT * EXCLUDE (import_id) FROM ${t} ORDER BY ALL`);
    return out;
  } finally {
    await wh.close();
  }
}

const write = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

/** The tweets as JSON values: ids as numbers, inbound as a boolean, empty cells left out. */
const asJson = tweets.map((t) => ({
  tweet_id: Number(t.tweet_id),
  author_id: t.author_id,
  inbound: t.inbound === "True",
  created_at: t.created_at,
  text: t.text,
  ...(t.in_response_to_tweet_id ? { in_response_to_tweet_id: Number(t.in_response_to_tweet_id) } : {}),
}));
/** twcs.json for JSON values: booleans are read as the text true/false. */
const jsonMapping = (format: object) => ({
  ...twcs,
  format,
  campaign: { ...twcs.campaign, when: { column: "inbound", equals: "false" } },
  fields: { ...twcs.fields, sender: { column: "inbound", map: { true: "contact", false: "agent" } } },
});

describe("the same tweets in other files give the same rows", () => {
  it("the csv import is the worked example (16 messages, 5 conversations)", () => {
    expect(expected.messages).toHaveLength(16);
    expect(expected.conversations).toHaveLength(5);
    expect(expected.assignments).toHaveLength(5);
  });

  it("tsv", async () => {
    const tsv = [Object.keys(tweets[0] as object), ...tweets.map((t) => Object.values(t))].map((r) => r.join("\t"));
    const file = write("tweets.tsv", `${tsv.join("\n")}\n`);
    expect(await rowsOf(file, { ...twcs, format: { type: "tsv" } })).toEqual(expected);
  });

  it("xlsx, with a title row above the header", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Tweets");
    ws.addRow(["Support tweets, export of 2 November 2017"]);
    ws.addRow(Object.keys(tweets[0] as object));
    for (const t of tweets) ws.addRow(Object.values(t).map((v) => (v === "" ? null : v)));
    const file = join(dir, "tweets.xlsx");
    await wb.xlsx.writeFile(file);
    expect(await rowsOf(file, { ...twcs, format: { type: "xlsx", sheet: "Tweets", headerRow: 2 } })).toEqual(expected);
  });

  it("a JSON array (numbers for ids, booleans for inbound)", async () => {
    const file = write("tweets.json", JSON.stringify(asJson, null, 2));
    expect(await rowsOf(file, jsonMapping({ type: "json" }))).toEqual(expected);
  });

  it("NDJSON, with a blank line and CRLF line ends", async () => {
    const lines = asJson.map((t) => JSON.stringify(t));
    lines.splice(3, 0, "");
    const file = write("tweets.ndjson", `${lines.join("\r\n")}\r\n`);
    expect(await rowsOf(file, jsonMapping({ type: "ndjson" }))).toEqual(expected);
  });

  it("nested JSON: records under a key, values under nested and quoted keys", async () => {
    const doc = {
      exported: "2017-11-02",
      channel: { name: "twitter" },
      data: asJson.map(({ author_id, created_at, ...t }) => ({
        ...t,
        user: { id: author_id },
        "created at": created_at,
      })),
    };
    const file = write("nested.json", JSON.stringify(doc));
    const m = jsonMapping({ type: "json", records: "$.data[*]" });
    const fields = { ...m.fields, author: "user.id", sent_at: '["created at"]' };
    const campaign = { ...m.campaign, column: "user.id" };
    expect(await rowsOf(file, { ...m, fields, campaign })).toEqual(expected);
  });

  it("sender from the company's handles, from an author pattern, and from a condition", async () => {
    const variants = [
      { agentAuthors: ["AcmeHelp", "BoltBank"] },
      { agentAuthorPattern: "^[A-Za-z]" },
      { agentWhen: { column: "inbound", equals: "False" } },
    ];
    for (const sender of variants)
      expect(await rowsOf(csv, { ...twcs, fields: { ...twcs.fields, sender } }), JSON.stringify(sender)).toEqual(
        expected,
      );
  });

  it("the company's handles ignore case only with ignoreAuthorCase", async () => {
    const lower = { ...twcs, fields: { ...twcs.fields, sender: { agentAuthors: ["acmehelp", "BOLTBANK"] } } };
    const exact = await rowsOf(csv, lower);
    expect((exact.messages as { sender: string }[]).filter((m) => m.sender === "agent")).toHaveLength(0);
    const folded = await rowsOf(csv, { ...lower, ignoreAuthorCase: true });
    expect(folded.messages).toEqual(expected.messages);
  });
});
